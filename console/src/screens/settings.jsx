import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { Problem, Toast } from '../ui.jsx';

const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);

export function Settings({ brand, brandInfo, reloadBrand }) {
  const [form, setForm] = useState(null);
  const [error, setError] = useState(null);
  const [toast, setToast] = useState('');
  useEffect(() => {
    if (!brandInfo) return;
    const s = brandInfo.settings || {};
    const c = s.crisis || {};
    setForm({ watchlist: (s.watchlist || []).join('\n'), alertEmails: (s.alertEmails || []).join('\n'), alertWebhookUrl: s.alertWebhookUrl || '',
      autoHideToxic: !!s.autoHideToxic, minNegative: c.minNegative ?? 10, k: c.k ?? 3, baselineHours: c.baselineHours ?? 168,
      minShare: c.minShare ?? 0.6, cooldownMinutes: c.cooldownMinutes ?? 180 });
  }, [brandInfo]);
  if (!form) return <p>{t('loading')}</p>;
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await api.settings(brand, {
        watchlist: lines(form.watchlist), alertEmails: lines(form.alertEmails), alertWebhookUrl: form.alertWebhookUrl.trim() || null,
        autoHideToxic: form.autoHideToxic,
        crisis: { minNegative: Number(form.minNegative), k: Number(form.k), baselineHours: Number(form.baselineHours),
          minShare: Number(form.minShare), cooldownMinutes: Number(form.cooldownMinutes) },
      });
      setToast(t('done.saved'));
      reloadBrand();
    } catch (err) { setError(err); }
  };
  const num = (k, label, hint, step = '1') => (
    <label><span>{label}</span><input type="number" step={step} value={form[k]} onInput={set(k)} aria-describedby={`${k}-hint`} />
      <span id={`${k}-hint`} class="muted small">{hint}</span></label>
  );
  return (
    <section class="settings" aria-labelledby="set-title">
      <div class="pane-head"><h1 id="set-title">{t('settings.title')}</h1></div>
      <form class="settings-form" onSubmit={submit}>
        <section class="card">
          <h2>{t('settings.watch')}</h2>
          <label for="watchlist">{t('settings.watchHelp')}</label>
          <textarea id="watchlist" rows="4" value={form.watchlist} onInput={set('watchlist')} />
        </section>
        <section class="card">
          <h2>{t('settings.alerts')}</h2>
          <label for="alert-emails">{t('settings.emails')}</label>
          <textarea id="alert-emails" rows="3" value={form.alertEmails} onInput={set('alertEmails')} />
          <label for="webhook">{t('settings.webhook')}</label>
          <input id="webhook" type="url" value={form.alertWebhookUrl} onInput={set('alertWebhookUrl')} placeholder="https://hooks.slack.com/services/…" />
        </section>
        <section class="card">
          <h2>{t('settings.crisis')}</h2>
          <p class="muted small">{t('settings.crisisHelp')}</p>
          <div class="grid-2">
            {num('minNegative', t('crisis.minNegative'), t('crisis.minNegativeHint'))}
            {num('k', t('crisis.k'), t('crisis.kHint'), '0.1')}
            {num('baselineHours', t('crisis.baselineHours'), t('crisis.baselineHoursHint'))}
            {num('minShare', t('crisis.minShare'), t('crisis.minShareHint'), '0.05')}
            {num('cooldownMinutes', t('crisis.cooldown'), t('crisis.cooldownHint'))}
          </div>
        </section>
        <section class="card">
          <h2>{t('settings.autoHide')}</h2>
          <label class="check"><input type="checkbox" checked={form.autoHideToxic} onChange={set('autoHideToxic')} /><span>{t('settings.autoHideHelp')}</span></label>
        </section>
        <Problem error={error} />
        <div class="form-foot"><button class="btn primary" type="submit">{t('settings.save')}</button></div>
      </form>
      <Toast message={toast} onDone={() => setToast('')} />
    </section>
  );
}
