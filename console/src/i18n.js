// English and French. Every string the console shows comes from here; dates and numbers go through Intl in the
// brand's time zone, so a French community manager reads "mar. 1 déc., 09:00" and an English one "Tue, Dec 1, 09:00".
import { en, fr } from './messages.js';

const dictionaries = { en, fr };
let lang = pick();
const listeners = new Set();

function pick() {
  const saved = typeof localStorage !== 'undefined' && localStorage.getItem('cm.lang');
  if (saved === 'en' || saved === 'fr') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export const language = () => lang;
export function setLanguage(l) {
  if (l !== 'en' && l !== 'fr') return;
  lang = l;
  localStorage.setItem('cm.lang', l);
  document.documentElement.lang = l;
  listeners.forEach((f) => f(l));
}
export const onLanguage = (f) => { listeners.add(f); return () => listeners.delete(f); };

/** The message for key, with {name} placeholders filled; the English text when French lacks it. */
export function t(key, params) {
  let s = dictionaries[lang][key] ?? en[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m));
  return s;
}

const locale = () => (lang === 'fr' ? 'fr-FR' : 'en-GB');
const fmt = (opts, zone) => new Intl.DateTimeFormat(locale(), { ...opts, timeZone: zone || undefined });

export function dateTime(iso, zone) {
  if (!iso) return '';
  return fmt({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }, zone).format(new Date(iso));
}
export const time = (iso, zone) => (iso ? fmt({ hour: '2-digit', minute: '2-digit' }, zone).format(new Date(iso)) : '');
export const dayTitle = (date, zone) => fmt({ weekday: 'short', day: 'numeric', month: 'short' }, zone).format(date);
export const longDay = (date, zone) => fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }, zone).format(date);
export const number = (n) => new Intl.NumberFormat(locale()).format(n);

export function ago(iso) {
  if (!iso) return '';
  const s = (new Date(iso).getTime() - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto', style: 'short' });
  const a = Math.abs(s);
  if (a < 60) return rtf.format(Math.round(s), 'second');
  if (a < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (a < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86400), 'day');
}

/** The UTC offset a zone has at an instant, like "+01:00" (from Intl, not from a copy of the zone rules). */
export function offsetAt(date, zone) {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(date)
      .find((p) => p.type === 'timeZoneName');
    const v = part ? part.value.replace('GMT', '') : '';
    return v === '' ? '+00:00' : v;
  } catch { return ''; }
}

/** Year, month, day, hour, minute of an instant in a zone. */
export function partsIn(date, zone) {
  const p = {};
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(date).forEach((x) => { p[x.type] = x.value; });
  return p;
}
export const dayKey = (date, zone) => { const p = partsIn(date, zone); return `${p.year}-${p.month}-${p.day}`; };
export const networkName = (n) => ({ mastodon: 'Mastodon', bluesky: 'Bluesky', x: 'X', linkedin: 'LinkedIn', facebook: 'Facebook', instagram: 'Instagram', local: 'Local' }[n] || n);
