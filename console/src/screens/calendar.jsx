import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { t, time, dateTime, dayTitle, dayKey, partsIn, offsetAt, networkName } from '../i18n.js';
import { usePoll, navigate, StatusChip, NetworkChip, Problem, Dialog, Toast } from '../ui.jsx';

const DAY = 86400000;
const ATTENTION = ['FAILED', 'UNCONFIRMED', 'PARTIALLY_PUBLISHED'];

/** Noon UTC of a YYYY-MM-DD date: a safe anchor for day arithmetic whatever the zone. */
const anchor = (key) => new Date(`${key}T12:00:00Z`);
const addDays = (key, n) => new Date(anchor(key).getTime() + n * DAY).toISOString().slice(0, 10);
const mondayOf = (key) => addDays(key, -((anchor(key).getUTCDay() + 6) % 7));

export function localInput(iso, zone) {
  const p = partsIn(new Date(iso), zone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

function PostCard({ post, zone, onOpen }) {
  return (
    <li>
      <button class={`post-card st-${post.status.toLowerCase()}`} onClick={() => onOpen(post.id)} data-post={post.id}>
        <span class="post-time">{time(post.publishAt, zone)}</span>
        <span class="post-text">{post.text}</span>
        <span class="post-targets">
          {post.targets.map((tg) => <span class={`tdot st-${tg.status.toLowerCase()}`} title={`${networkName(tg.network)}: ${t(`status.${tg.status.toLowerCase()}`)}`}>{networkName(tg.network)}</span>)}
        </span>
        <span class="sr-only">{t(`status.${post.status.toLowerCase()}`)}</span>
      </button>
    </li>
  );
}

function PostDialog({ brand, id, zone, onClose, onChanged, toast }) {
  const [post, setPost] = useState(null);
  const [error, setError] = useState(null);
  const [text, setText] = useState('');
  const [when, setWhen] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () => api.post(brand, id).then((p) => { setPost(p); setText(p.text); setWhen(localInput(p.publishAt, p.timezone || zone)); })
    .catch(setError);
  useEffect(() => { load(); }, [id]);
  const postZone = (post && post.timezone) || zone;
  const editable = post && post.status === 'SCHEDULED';
  const run = async (fn, done) => {
    setBusy(true); setError(null);
    try { await fn(); toast(done); onChanged(); await load(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const offset = when ? offsetAt(new Date(`${when}:00Z`), postZone) : '';
  return (
    <Dialog title={t('post.title')} onClose={onClose} wide>
      {!post && !error && <p>{t('loading')}</p>}
      <Problem error={error} what={t('what.editing')} />
      {post && (
        <div class="post-detail">
          <p><StatusChip status={post.status} /> <span class="muted">{dateTime(post.publishAt, postZone)} ({postZone})</span></p>
          <h3>{t('post.targets')}</h3>
          <ul class="plain targets">
            {post.targets.map((tg) => (
              <li><NetworkChip network={tg.network} /> <StatusChip status={tg.status} />
                {tg.remoteUrl && <> <a href={tg.remoteUrl} target="_blank" rel="noopener noreferrer">{t('post.remote')}</a></>}
                {tg.lastError && <span class="muted small"> {tg.lastError}</span>}</li>
            ))}
          </ul>
          {editable ? (
            <>
              <form onSubmit={(e) => { e.preventDefault(); run(() => api.patchPost(brand, id, { text }), t('done.saved')); }}>
                <label for="post-text" class="h3">{t('post.text')}</label>
                <textarea id="post-text" rows="4" value={text} onInput={(e) => setText(e.currentTarget.value)} />
                <button class="btn" disabled={busy || text === post.text}>{t('post.save')}</button>
              </form>
              <form onSubmit={(e) => { e.preventDefault(); run(() => api.patchPost(brand, id, { local: { dateTime: when, timezone: postZone } }), t('done.rescheduled')); }}>
                <label for="post-when" class="h3">{t('post.reschedule')}</label>
                <div class="inline">
                  <input id="post-when" type="datetime-local" value={when} onInput={(e) => setWhen(e.currentTarget.value)} />
                  <span class="muted small">{postZone} {offset && `(UTC${offset})`}</span>
                  <button class="btn" disabled={busy}>{t('post.move')}</button>
                </div>
              </form>
              <div class="danger-zone">
                <button class="btn danger" disabled={busy} onClick={() => { if (confirm(t('post.cancelConfirm'))) run(() => api.cancelPost(brand, id), t('done.cancelled')); }}>{t('post.cancel')}</button>
              </div>
            </>
          ) : <p class="muted">{t('post.locked')}</p>}
        </div>
      )}
    </Dialog>
  );
}

export function Calendar({ brand, brandInfo, publishing, selected, reloadBrand }) {
  const zone = (brandInfo && brandInfo.timezone) || 'UTC';
  const today = dayKey(new Date(), zone);
  const [mode, setMode] = useState('week');
  const [start, setStart] = useState(mondayOf(today));
  const [toast, setToast] = useState('');
  const [pauseError, setPauseError] = useState(null);
  const [paused, setPaused] = useState(null);
  useEffect(() => { setPaused(publishing ? !!publishing.paused : null); }, [publishing]);
  const days = mode === 'week' ? [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(start, i)) : [start];
  const from = new Date(anchor(days[0]).getTime() - 1.5 * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
  const to = new Date(anchor(days[days.length - 1]).getTime() + 1.5 * DAY).toISOString().replace(/\.\d+Z$/, 'Z');
  const list = usePoll(() => api.posts(brand, { from, to }), [brand, from, to], 30000);
  const posts = ((list.data && list.data.items) || []).slice().sort((a, b) => a.publishAt.localeCompare(b.publishAt));
  const byDay = {};
  posts.forEach((p) => { const k = dayKey(new Date(p.publishAt), zone); (byDay[k] = byDay[k] || []).push(p); });
  const attention = posts.filter((p) => ATTENTION.includes(p.status));
  const move = (n) => setStart(addDays(start, n * (mode === 'week' ? 7 : 1)));
  const open = (id) => navigate({ view: 'calendar', post: id });
  const togglePause = async () => {
    setPauseError(null);
    const next = !paused;
    try {
      const r = await api.publishing(brand, next ? { paused: true, reason: t('paused.reasonDefault') } : { paused: false });
      setPaused(r && typeof r.paused === 'boolean' ? r.paused : next);
      setToast(next ? t('done.paused') : t('done.resumed'));
      reloadBrand();
    } catch (e) { setPauseError(e); }
  };
  return (
    <section class="calendar" aria-labelledby="cal-title">
      <div class="pane-head wrap">
        <h1 id="cal-title">{t('calendar.title')}</h1>
        <span class="muted small">{t('calendar.zone', { zone, offset: offsetAt(new Date(), zone) })}</span>
        <div class="spacer" />
        <div class="inline" role="group" aria-label={t('calendar.navigate')}>
          <button class="btn" onClick={() => move(-1)} aria-label={t('calendar.prev')}>‹</button>
          <button class="btn" onClick={() => setStart(mode === 'week' ? mondayOf(today) : today)}>{t('calendar.today')}</button>
          <button class="btn" onClick={() => move(1)} aria-label={t('calendar.next')}>›</button>
          <select value={mode} aria-label={t('calendar.mode')} onChange={(e) => { const m = e.currentTarget.value; setMode(m); setStart(m === 'week' ? mondayOf(start) : (start <= today && today <= addDays(start, 6) ? today : start)); }}>
            <option value="week">{t('calendar.week')}</option>
            <option value="day">{t('calendar.day')}</option>
          </select>
        </div>
        <button class={`btn${paused ? ' primary' : ''}`} onClick={togglePause} aria-pressed={!!paused}>{paused ? t('calendar.resume') : t('calendar.pause')}</button>
      </div>
      <Problem error={pauseError} what={t('what.pause')} />
      <Problem error={list.error} />
      <div class={`days ${mode}`}>
        {days.map((k) => (
          <section class={`day${k === today ? ' today' : ''}`} aria-label={dayTitle(anchor(k), 'UTC')}>
            <h2 class="day-title">{dayTitle(anchor(k), 'UTC')}{k === today && <span class="sr-only"> ({t('calendar.today')})</span>}</h2>
            <ul class="plain">
              {(byDay[k] || []).map((p) => <PostCard post={p} zone={zone} onOpen={open} />)}
            </ul>
            {!(byDay[k] || []).length && <p class="muted small nothing">{t('calendar.nothing')}</p>}
          </section>
        ))}
      </div>
      <p class="legend small" aria-hidden="true">
        {['scheduled', 'published', 'unconfirmed', 'failed', 'cancelled'].map((k) => <span class={`lg st-${k}`}>{t(`status.${k}`)}</span>)}
      </p>
      <section class="queue" aria-labelledby="queue-title">
        <h2 id="queue-title">{t('queue.title')}</h2>
        {attention.length === 0 ? <p class="muted">{t('queue.clear')}</p> : (
          <ul class="plain">
            {attention.map((p) => (
              <li class="queue-item"><StatusChip status={p.status} /> <button class="link" onClick={() => open(p.id)}>{p.text.slice(0, 80)}</button>
                <span class="muted small"> {dateTime(p.publishAt, zone)}</span>
                {p.targets.filter((tg) => tg.lastError).map((tg) => <span class="muted small"> · {networkName(tg.network)}: {tg.lastError}</span>)}</li>
            ))}
          </ul>
        )}
      </section>
      {selected && <PostDialog brand={brand} id={selected} zone={zone} onClose={() => navigate({ view: 'calendar', post: '' })} onChanged={list.reload} toast={setToast} />}
      <Toast message={toast} onDone={() => setToast('')} />
    </section>
  );
}
