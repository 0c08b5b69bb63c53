import { useEffect, useRef, useState, useCallback } from 'preact/hooks';
import { t, networkName } from './i18n.js';
import { missingRoute } from './api.js';

export const VIEWS = ['inbox', 'calendar', 'compose', 'accounts', 'settings', 'digest'];

export function readLocation() {
  const q = new URLSearchParams(location.search);
  const view = VIEWS.includes(q.get('view')) ? q.get('view') : 'inbox';
  return { brand: q.get('brand') || '', view, comment: q.get('comment') || '', post: q.get('post') || '' };
}

/** Moves the console to another screen, brand, comment or post; the address bar is the state (deep links). */
export function navigate(next, replace = false) {
  const s = { ...readLocation(), ...next };
  const q = new URLSearchParams();
  if (s.brand) q.set('brand', s.brand);
  if (s.view && s.view !== 'inbox') q.set('view', s.view);
  if (s.comment && s.view === 'inbox') q.set('comment', s.comment);
  if (s.post && s.view === 'calendar') q.set('post', s.post);
  history[replace ? 'replaceState' : 'pushState'](null, '', location.pathname + (q.toString() ? `?${q}` : ''));
  window.dispatchEvent(new Event('cm:navigate'));
}

/**
 * Loads now, then again every `every` ms while the tab is visible (a hidden tab polls nothing, and a visible one
 * catches up at once); after an error it waits twice as long each time, up to ten minutes. Polite to a shared API.
 */
export function usePoll(load, deps, every) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const timer = useRef(null);
  const delay = useRef(every);
  const alive = useRef(true);
  const run = useCallback(async () => {
    clearTimeout(timer.current);
    try {
      const data = await load();
      if (!alive.current) return;
      delay.current = every;
      setState({ data, error: null, loading: false });
    } catch (error) {
      if (!alive.current) return;
      delay.current = Math.min(delay.current * 2, 600000);
      setState((s) => ({ data: s.data, error, loading: false }));
    }
    if (every && alive.current && document.visibilityState === 'visible') timer.current = setTimeout(run, delay.current);
  }, deps);
  useEffect(() => {
    alive.current = true;
    setState((s) => ({ ...s, loading: true }));
    run();
    const onVisible = () => { if (document.visibilityState === 'visible') run(); else clearTimeout(timer.current); };
    document.addEventListener('visibilitychange', onVisible);
    return () => { alive.current = false; clearTimeout(timer.current); document.removeEventListener('visibilitychange', onVisible); };
  }, deps);
  return { ...state, reload: run };
}

export const Chip = ({ kind = '', children, title }) => <span class={`chip ${kind}`} title={title}>{children}</span>;

export function SentimentBadge({ value }) {
  if (!value) return <Chip kind="s-none">{t('sentiment.unscored')}</Chip>;
  const v = value.toLowerCase();
  return <Chip kind={`s-${v}`}><span class="dot" aria-hidden="true" />{t(`sentiment.${v}`)}</Chip>;
}

export const NetworkChip = ({ network }) => <Chip kind={`net net-${network}`}>{networkName(network)}</Chip>;

export function StatusChip({ status }) {
  const s = (status || '').toLowerCase();
  return <Chip kind={`st st-${s}`}>{t(`status.${s}`)}</Chip>;
}

/** An API failure, said plainly; a route this server does not have yet says that instead. */
export function Problem({ error, what }) {
  if (!error) return null;
  if (missingRoute(error)) return <p class="notice" role="status">{t('degraded', { what: what || '' })}</p>;
  return <p class="notice error" role="alert">{error.message}{error.field ? ` (${error.field})` : ''}</p>;
}

export function Dialog({ title, onClose, children, wide }) {
  const ref = useRef(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d && d.open && d.close();
  }, []);
  return (
    <dialog ref={ref} class={`dialog${wide ? ' wide' : ''}`} aria-labelledby="dialog-title" onClose={onClose} onCancel={onClose}>
      <div class="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button class="btn ghost icon" onClick={onClose} aria-label={t('close')}>×</button>
      </div>
      {children}
    </dialog>
  );
}

export function Toast({ message, onDone }) {
  useEffect(() => { if (message) { const id = setTimeout(onDone, 4000); return () => clearTimeout(id); } }, [message]);
  return <div class="toast-region" role="status" aria-live="polite">{message && <div class="toast">{message}</div>}</div>;
}

export function useDebounced(value, ms) {
  const [v, setV] = useState(value);
  useEffect(() => { const id = setTimeout(() => setV(value), ms); return () => clearTimeout(id); }, [value, ms]);
  return v;
}

export const initials = (author) => ((author && (author.name || author.handle)) || '?').replace(/^@/, '').slice(0, 1).toUpperCase();
export const authorName = (author) => (author ? author.name || (author.handle ? `@${author.handle}` : t('someone')) : t('someone'));

/** "123 / 280" with the network's unit, as the API measured it (posts dry run). */
export function Count({ check, id }) {
  return (
    <span id={id} class={`count${check && !check.ok ? ' over' : ''}`} aria-live="polite">
      {check && <><strong>{check.length} / {check.limit}</strong> <span class="unit">{unitText(check.unit)}</span></>}
    </span>
  );
}

/** The API names units in English; the common ones read in the console's language. */
function unitText(unit) {
  const known = { 'weighted characters (URLs count 23, emoji and CJK 2)': 'unit.x', graphemes: 'unit.graphemes',
    'characters (URLs count 23)': 'unit.mastodon', characters: 'unit.characters', 'UTF-8 bytes': 'unit.bytes' };
  return known[unit] ? t(known[unit]) : unit;
}
