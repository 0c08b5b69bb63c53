import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { t, networkName, offsetAt, dateTime } from '../i18n.js';
import { Problem, Toast, useDebounced, navigate, NetworkChip, Count } from '../ui.jsx';

const ZONES = (() => { try { return Intl.supportedValuesOf('timeZone'); } catch { return ['UTC', 'Europe/Paris', 'Europe/London', 'America/New_York']; } })();

/** The body the API receives, for the dry run and for the real create alike. */
function body(s) {
  const b = { text: s.text, accountIds: s.accountIds };
  const variants = Object.fromEntries(Object.entries(s.variants).filter(([n, v]) => v !== null && s.networks.includes(n)));
  if (Object.keys(variants).length) b.variants = variants;
  const media = s.media.filter((m) => m.url.trim());
  if (media.length) b.media = media.map((m) => ({ url: m.url.trim(), altText: m.altText }));
  if (s.thread) b.thread = true;
  if (s.firstComment.trim()) b.firstComment = { text: s.firstComment };
  if (s.when === 'later') b.local = { dateTime: s.dateTime, timezone: s.zone };
  return b;
}

function Preview({ network, text, check, account, media }) {
  return (
    <article class={`preview net-${network}`} aria-label={t('compose.previewOf', { network: networkName(network) })}>
      <header><NetworkChip network={network} /> <span class="muted small">{account ? account.handle : ''}</span></header>
      <p class="preview-text">{text || <span class="muted">{t('compose.emptyPreview')}</span>}</p>
      {media.length > 0 && <p class="muted small">{t('compose.mediaCount', { n: media.length })}</p>}
      <footer><Count check={check} /></footer>
    </article>
  );
}

export function Composer({ brand, brandInfo, accounts }) {
  const zone0 = (brandInfo && brandInfo.timezone) || 'UTC';
  const [s, setS] = useState({ text: '', accountIds: [], networks: [], variants: {}, media: [], thread: false, firstComment: '', when: 'now', dateTime: '', zone: zone0 });
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState('');
  useEffect(() => { setS((x) => ({ ...x, zone: zone0 })); }, [zone0]);
  const usable = (accounts || []).filter((a) => a.status !== 'DISABLED');
  const update = (patch) => setS((x) => {
    const n = { ...x, ...patch };
    n.networks = [...new Set(usable.filter((a) => n.accountIds.includes(a.id)).map((a) => a.network))];
    return n;
  });
  const debounced = useDebounced(JSON.stringify(body(s)), 300);
  useEffect(() => {
    if (!s.text.trim() && !s.accountIds.length) { setResult(null); return; }
    let live = true;
    // The API validates and measures (POST .../posts?dryRun=true): the console holds no copy of the rules.
    api.validatePost(brand, JSON.parse(debounced)).then((r) => { if (live) { setResult(r); setError(null); } })
      .catch((e) => { if (live) { setResult(null); setError(e); } });
    return () => { live = false; };
  }, [debounced, brand]);
  const checks = Object.fromEntries(((result && result.checks) || []).map((c) => [c.network, c]));
  // Nothing typed yet is not an error worth a red box.
  const problem = result && !result.valid && s.text.trim() ? result.error : null;
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const post = await api.createPost(brand, body(s));
      setToast(t('done.scheduled'));
      setS({ text: '', accountIds: [], networks: [], variants: {}, media: [], thread: false, firstComment: '', when: 'now', dateTime: '', zone: zone0 });
      setResult(null);
      navigate({ view: 'calendar', post: post.id });
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const res = result && result.timeResolution;
  const offset = s.when === 'later' && s.dateTime ? offsetAt(new Date(`${s.dateTime}:00Z`), s.zone) : '';
  const fieldError = (f) => problem && problem.field && (problem.field === f || problem.field.startsWith(`${f}.`) || problem.field.startsWith(`${f}[`));
  return (
    <section class="composer" aria-labelledby="compose-title">
      <div class="pane-head"><h1 id="compose-title">{t('compose.title')}</h1></div>
      <div class="compose-grid">
        <form class="compose-form" onSubmit={submit} noValidate>
          <fieldset>
            <legend>{t('compose.accounts')}</legend>
            {usable.length === 0 && <p class="muted">{t('compose.noAccounts')}</p>}
            <div class="accounts-pick">
              {usable.map((a) => (
                <label class="check">
                  <input type="checkbox" checked={s.accountIds.includes(a.id)}
                    onChange={(e) => update({ accountIds: e.currentTarget.checked ? [...s.accountIds, a.id] : s.accountIds.filter((x) => x !== a.id) })} />
                  <span>{networkName(a.network)} · {a.handle}{a.status === 'NEEDS_RECONNECT' ? ` (${t('account.needsReconnect')})` : ''}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <label for="compose-text" class="h3">{t('compose.text')}</label>
          <textarea id="compose-text" rows="6" value={s.text} aria-invalid={fieldError('text') ? 'true' : undefined}
            aria-describedby="compose-problem" onInput={(e) => update({ text: e.currentTarget.value })} placeholder={t('compose.placeholder')} />
          <div id="compose-problem" aria-live="polite">
            {problem && <p class="notice error" role="alert">{problem.message}{problem.field ? ` (${problem.field})` : ''}</p>}
          </div>
          {s.networks.length > 0 && (
            <fieldset>
              <legend>{t('compose.variants')}</legend>
              {s.networks.map((n) => (
                <div class="variant">
                  <label class="check">
                    <input type="checkbox" checked={s.variants[n] != null}
                      onChange={(e) => update({ variants: { ...s.variants, [n]: e.currentTarget.checked ? s.text : null } })} />
                    <span>{t('compose.variantFor', { network: networkName(n) })}</span>
                  </label>
                  {s.variants[n] != null && (
                    <textarea rows="3" aria-label={t('compose.variantFor', { network: networkName(n) })} value={s.variants[n]}
                      aria-invalid={fieldError(`variants.${n}`) ? 'true' : undefined}
                      onInput={(e) => update({ variants: { ...s.variants, [n]: e.currentTarget.value } })} />
                  )}
                </div>
              ))}
            </fieldset>
          )}
          <fieldset>
            <legend>{t('compose.media')}</legend>
            {s.media.map((m, i) => (
              <div class="media-row">
                <label><span>{t('compose.mediaUrl')}</span>
                  <input type="url" value={m.url} onInput={(e) => update({ media: s.media.map((x, j) => (j === i ? { ...x, url: e.currentTarget.value } : x)) })} /></label>
                <label><span>{t('compose.altText')}</span>
                  <input value={m.altText} onInput={(e) => update({ media: s.media.map((x, j) => (j === i ? { ...x, altText: e.currentTarget.value } : x)) })} /></label>
                <button type="button" class="btn ghost" onClick={() => update({ media: s.media.filter((_, j) => j !== i) })}>{t('compose.remove')}</button>
              </div>
            ))}
            {s.media.length < 4 && <button type="button" class="btn" onClick={() => update({ media: [...s.media, { url: '', altText: '' }] })}>{t('compose.addMedia')}</button>}
          </fieldset>
          <fieldset>
            <legend>{t('compose.extras')}</legend>
            <label class="check"><input type="checkbox" checked={s.thread} onChange={(e) => update({ thread: e.currentTarget.checked })} /><span>{t('compose.thread')}</span></label>
            <label for="first-comment">{t('compose.firstComment')}</label>
            <textarea id="first-comment" rows="2" value={s.firstComment} onInput={(e) => update({ firstComment: e.currentTarget.value })} />
          </fieldset>
          <fieldset>
            <legend>{t('compose.when')}</legend>
            <label class="check"><input type="radio" name="when" checked={s.when === 'now'} onChange={() => update({ when: 'now' })} /><span>{t('compose.now')}</span></label>
            <label class="check"><input type="radio" name="when" checked={s.when === 'later'} onChange={() => update({ when: 'later' })} /><span>{t('compose.later')}</span></label>
            {s.when === 'later' && (
              <div class="inline wrap">
                <label><span class="sr-only">{t('compose.localTime')}</span>
                  <input type="datetime-local" aria-label={t('compose.localTime')} value={s.dateTime} onInput={(e) => update({ dateTime: e.currentTarget.value })} /></label>
                <label><span class="sr-only">{t('compose.zone')}</span>
                  <select aria-label={t('compose.zone')} value={s.zone} onChange={(e) => update({ zone: e.currentTarget.value })}>
                    {ZONES.map((z) => <option value={z}>{z}</option>)}
                  </select></label>
                {offset && <span class="muted small">UTC{offset}</span>}
              </div>
            )}
            {res && res.rule && <p class="notice" role="status">{t(`dst.${res.rule}`, { message: res.message, resolved: dateTime(res.resolved, s.zone) })}</p>}
            {result && result.valid && result.post && <p class="muted small">{t('compose.willPublish', { when: dateTime(result.post.publishAt, s.zone), zone: s.zone })}</p>}
          </fieldset>
          <Problem error={error} />
          <div class="form-foot">
            <button class="btn primary" type="submit" disabled={busy || !result || !result.valid}>{s.when === 'now' ? t('compose.publishNow') : t('compose.schedule')}</button>
          </div>
        </form>
        <aside class="previews" aria-label={t('compose.previews')}>
          <h2>{t('compose.previews')}</h2>
          {s.networks.length === 0 && <p class="muted">{t('compose.pickAccounts')}</p>}
          {s.networks.map((n) => <Preview network={n} text={s.variants[n] != null ? s.variants[n] : s.text} check={checks[n]}
            account={usable.find((a) => a.network === n && s.accountIds.includes(a.id))} media={s.media.filter((m) => m.url)} />)}
        </aside>
      </div>
      <Toast message={toast} onDone={() => setToast('')} />
    </section>
  );
}
