import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { usePoll, Problem, Toast } from '../ui.jsx';

function Subscriptions({ brand, brandInfo }) {
  const subs = usePoll(() => api.subscriptions(brand), [brand], 0);
  const [form, setForm] = useState({ email: '', cadence: 'daily', hour: 8, weekday: 'monday' });
  const [error, setError] = useState(null);
  const add = async (e) => {
    e.preventDefault();
    setError(null);
    const body = { email: form.email.trim(), cadence: form.cadence, hour: Number(form.hour) };
    if (form.cadence === 'weekly') body.weekday = form.weekday;
    try { await api.subscribe(brand, body); setForm({ ...form, email: '' }); subs.reload(); } catch (err) { setError(err); }
  };
  const items = ((subs.data && subs.data.items) || []).filter((s) => s.active);
  return (
    <section class="card" aria-labelledby="subs-title">
      <h2 id="subs-title">{t('digest.subscribers')}</h2>
      {items.length === 0 ? <p class="muted">{t('digest.noSubscribers')}</p> : (
        <ul class="plain">
          {items.map((s) => (
            <li class="sub-item"><span>{s.email} · {t(`digest.${s.cadence}`)} {s.weekday ? t(`weekday.${s.weekday}`) : ''} {String(s.hour).padStart(2, '0')}:00 ({s.timezone})</span>
          <button class="btn ghost" onClick={() => api.unsubscribe(brand, s.id).then(subs.reload)}>{t('digest.remove')}</button></li>
          ))}
        </ul>
      )}
      <form class="inline wrap" onSubmit={add}>
        <label><span class="sr-only">{t('digest.email')}</span><input type="email" required placeholder={t('digest.email')} aria-label={t('digest.email')} value={form.email} onInput={(e) => setForm({ ...form, email: e.currentTarget.value })} /></label>
        <label><span class="sr-only">{t('digest.cadence')}</span><select aria-label={t('digest.cadence')} value={form.cadence} onChange={(e) => setForm({ ...form, cadence: e.currentTarget.value })}>
          <option value="daily">{t('digest.daily')}</option><option value="weekly">{t('digest.weekly')}</option></select></label>
        {form.cadence === 'weekly' && <label><span class="sr-only">{t('digest.weekday')}</span><select aria-label={t('digest.weekday')} value={form.weekday} onChange={(e) => setForm({ ...form, weekday: e.currentTarget.value })}>
          {['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => <option value={d}>{t(`weekday.${d}`)}</option>)}</select></label>}
        <label><span class="sr-only">{t('digest.hour')}</span><select aria-label={t('digest.hour')} value={form.hour} onChange={(e) => setForm({ ...form, hour: e.currentTarget.value })}>
          {Array.from({ length: 24 }, (_, h) => <option value={h}>{String(h).padStart(2, '0')}:00</option>)}</select></label>
        <button class="btn" type="submit">{t('digest.add')}</button>
      </form>
      <p class="muted small">{t('digest.zoneNote', { zone: (brandInfo && brandInfo.timezone) || '' })}</p>
      <Problem error={error || subs.error} />
    </section>
  );
}

export function Digest({ brand, brandInfo }) {
  const [cadence, setCadence] = useState('daily');
  const [which, setWhich] = useState('next');
  // A digest covers the days before its send date: "next" is tomorrow's (today so far), "last" the one sent today.
  const at = () => new Date(Date.now() + (which === 'next' ? 86400000 : 0)).toISOString().replace(/\.\d+Z$/, 'Z');
  const preview = usePoll(() => api.digestPreview(brand, cadence, at()), [brand, cadence, which], 0);
  const [toast, setToast] = useState('');
  return (
    <section class="digest" aria-labelledby="digest-title">
      <div class="pane-head wrap">
        <h1 id="digest-title">{t('digest.title')}</h1>
        <div class="spacer" />
        <div class="inline" role="group" aria-label={t('digest.cadence')}>
          {['daily', 'weekly'].map((c) => <button class={`btn${cadence === c ? ' primary' : ''}`} aria-pressed={cadence === c} onClick={() => setCadence(c)}>{t(`digest.${c}`)}</button>)}
          <select aria-label={t('digest.which')} value={which} onChange={(e) => setWhich(e.currentTarget.value)}>
            <option value="next">{t('digest.next')}</option>
            <option value="last">{t('digest.last')}</option>
          </select>
          <button class="btn ghost" onClick={() => { preview.reload(); setToast(t('digest.refreshed')); }}>{t('digest.refresh')}</button>
        </div>
      </div>
      <Problem error={preview.error} />
      {preview.data && (
        // The preview is the e-mail as sent (chart inline as a data: URI): shown sandboxed, no script can run in it.
        <iframe class="digest-frame" title={t('digest.frame')} sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" srcdoc={preview.data}
          onLoad={(e) => { const f = e.currentTarget; try { f.style.height = `${f.contentDocument.documentElement.scrollHeight + 16}px`; } catch { /* keeps the CSS height */ } }} />
      )}
      <Subscriptions brand={brand} brandInfo={brandInfo} />
      <Toast message={toast} onDone={() => setToast('')} />
    </section>
  );
}
