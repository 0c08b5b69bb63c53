import { useEffect, useRef, useState } from 'preact/hooks';
import { api, missingRoute } from '../api.js';
import { t, ago, dateTime, networkName } from '../i18n.js';
import { usePoll, navigate, Count, Chip, SentimentBadge, NetworkChip, Problem, Toast, useDebounced, initials, authorName } from '../ui.jsx';

const STATES = ['open', 'answered', 'resolved', 'ignored'];
const FLAGS = ['needs_reply', 'negative', 'toxic', 'watchlist'];
const SENTIMENTS = ['NEGATIVE', 'MIXED', 'NEUTRAL', 'POSITIVE'];
const NETWORKS = ['mastodon', 'bluesky', 'x', 'linkedin', 'facebook', 'instagram', 'local'];
const POLL_MS = 20000;

const typing = (e) => /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.target.isContentEditable;
const flagTypes = (c) => (c.flags || []).map((f) => (f.type || '').toLowerCase());
/** The flags worth a chip: a NEGATIVE flag only repeats the sentiment badge beside it. */
const shownFlags = (c) => flagTypes(c).filter((f) => !(f === 'negative' && (c.sentiment || '').toLowerCase() === 'negative'));

/** Filters the server does not apply (older servers ignore state/assignee) are applied here too, on the page read. */
function matches(c, f) {
  if (f.state && c.state && c.state !== f.state) return false;
  if (f.assignee && c.assignee !== undefined && (c.assignee || '') !== f.assignee) return false;
  if (f.needsReply && c.state === undefined && !flagTypes(c).includes('needs_reply')) return false;
  return true;
}

function Filters({ filters, set, accounts }) {
  const field = (name, label, options, render) => (
    <label class="filter">
      <span>{label}</span>
      <select value={filters[name] || ''} onChange={(e) => set({ ...filters, [name]: e.currentTarget.value })}>
        <option value="">{t('filter.any')}</option>
        {options.map((o) => <option value={o}>{render(o)}</option>)}
      </select>
    </label>
  );
  const networks = accounts && accounts.length ? [...new Set(accounts.map((a) => a.network))] : NETWORKS;
  const active = ['state', 'flag', 'sentiment', 'network', 'assignee', 'needsReply'].filter((k) => filters[k]).length;
  const [open] = useState(() => !window.matchMedia || !window.matchMedia('(max-width: 760px)').matches);
  return (
    <details class="filters-box" open={open}>
    <summary>{t('filter.label')}{active ? ` (${active})` : ''}</summary>
    <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filter.label')}>
      {field('state', t('filter.state'), STATES, (s) => t(`state.${s}`))}
      {field('flag', t('filter.flag'), FLAGS, (f) => t(`flag.${f}`))}
      {field('sentiment', t('filter.sentiment'), SENTIMENTS, (s) => t(`sentiment.${s.toLowerCase()}`))}
      {field('network', t('filter.network'), networks, networkName)}
      <label class="filter">
        <span>{t('filter.assignee')}</span>
        <input value={filters.assignee || ''} placeholder={t('filter.anyone')}
          onChange={(e) => set({ ...filters, assignee: e.currentTarget.value.trim() })} />
      </label>
      <label class="filter check">
        <input type="checkbox" checked={!!filters.needsReply} onChange={(e) => set({ ...filters, needsReply: e.currentTarget.checked })} />
        <span>{t('filter.needsReply')}</span>
      </label>
      <label class="filter">
        <span>{t('filter.order')}</span>
        <select value={filters.order || 'newest'} onChange={(e) => set({ ...filters, order: e.currentTarget.value })}>
          <option value="newest">{t('order.newest')}</option>
          <option value="oldest-open">{t('order.oldestOpen')}</option>
        </select>
      </label>
    </form>
    </details>
  );
}

function Row({ c, selected, onOpen }) {
  const flags = shownFlags(c);
  return (
    <li>
      <button class={`row${selected ? ' selected' : ''}${c.state && c.state !== 'open' ? ' done' : ''}`} aria-current={selected ? 'true' : undefined}
        onClick={() => onOpen(c.id)} data-comment={c.id}>
        <span class={`avatar net-${c.network}`} aria-hidden="true">{initials(c.author)}</span>
        <span class="row-body">
          <span class="row-head">
            <strong class="author">{authorName(c.author)}</strong>
            <span class="muted small">{networkName(c.network)} · <time datetime={c.createdAt}>{ago(c.createdAt)}</time></span>
          </span>
          <span class="excerpt">{c.text}</span>
          <span class="row-tags">
            <SentimentBadge value={c.sentiment} />
            {flags.map((f) => <Chip kind={`flag flag-${f}`}>{t(`flag.${f}`)}</Chip>)}
            {c.state && c.state !== 'open' && <Chip kind={`state state-${c.state}`}>{t(`state.${c.state}`)}</Chip>}
            {c.visibility === 'hidden' && <Chip kind="hidden">{t('visibility.hidden')}</Chip>}
            {c.assignee && <Chip kind="assignee">@{c.assignee}</Chip>}
          </span>
        </span>
      </button>
    </li>
  );
}

function ReplyBox({ brand, comment, savedReplies, onSent, replyRef }) {
  const [text, setText] = useState('');
  const [saved, setSaved] = useState('');
  const [check, setCheck] = useState(null);
  const [error, setError] = useState(null);
  const [sending, setSending] = useState(false);
  const key = useRef(crypto.randomUUID());
  const debounced = useDebounced(text, 250);
  useEffect(() => { setText(''); setSaved(''); setCheck(null); setError(null); key.current = crypto.randomUUID(); }, [comment.id]);
  useEffect(() => {
    if (!debounced) { setCheck(null); return; }
    let live = true;
    // The network's rule, measured by the API itself (posts dry run), never re-implemented here.
    api.validatePost(brand, { text: debounced, networks: [comment.network] })
      .then((r) => live && setCheck((r.checks || [])[0] || null)).catch(() => live && setCheck(null));
    return () => { live = false; };
  }, [debounced, comment.network]);
  const pick = (id) => {
    setSaved(id);
    const s = (savedReplies || []).find((x) => x.id === id);
    if (s) setText(s.text);
  };
  const over = check && !check.ok;
  const send = async (e) => {
    e.preventDefault();
    if (!text.trim() || over || sending) return;
    setSending(true); setError(null);
    try {
      const body = { text };
      if (saved) body.savedReplyId = saved;
      await api.reply(brand, comment.id, body, key.current);
      key.current = crypto.randomUUID();
      setText(''); setSaved('');
      onSent();
    } catch (err) { setError(err); } finally { setSending(false); }
  };
  return (
    <form class="reply" onSubmit={send}>
      <div class="reply-head">
        <label for="reply-text" class="h3">{t('reply.title', { network: networkName(comment.network) })}</label>
        {savedReplies && savedReplies.length > 0 && (
          <label class="saved">
            <span class="sr-only">{t('reply.saved')}</span>
            <select value={saved} onChange={(e) => pick(e.currentTarget.value)} aria-label={t('reply.saved')}>
              <option value="">{t('reply.saved')}</option>
              {savedReplies.map((s) => <option value={s.id}>{s.name}{s.language ? ` (${s.language})` : ''}</option>)}
            </select>
          </label>
        )}
      </div>
      <textarea id="reply-text" ref={replyRef} rows="3" value={text} onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => { if (e.key === 'Escape') e.currentTarget.blur(); if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) send(e); }}
        placeholder={t('reply.placeholder')} aria-describedby="reply-count" />
      <div class="reply-foot">
        <Count check={check} id="reply-count" />
        <button class="btn primary" type="submit" disabled={!text.trim() || over || sending}>{sending ? t('reply.sending') : t('reply.send')}</button>
      </div>
      <Problem error={error} what={t('what.replies')} />
    </form>
  );
}

function Detail({ brand, summary, zone, onChanged, savedReplies, replyRef, back, toast, related }) {
  const [detail, setDetail] = useState(null);
  const [error, setError] = useState(null);
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [actionError, setActionError] = useState(null);
  const load = () => api.comment(brand, summary.id).then((d) => { setDetail(d); setError(null); setAssignee(d.assignee || ''); })
    .catch((e) => { setDetail(null); setError(e); });
  useEffect(() => { setDetail(null); setActionError(null); setNote(''); load(); }, [summary.id]);
  // A reply on its way is followed until it is out (or refused), every 3 s, then the comment stops polling.
  const inFlight = detail && (detail.replies || []).some((r) => !['PUBLISHED', 'FAILED', 'DELETED', 'CANCELLED', 'UNCONFIRMED', 'NEEDS_RECONNECT'].includes(r.status));
  useEffect(() => {
    if (!inFlight) return undefined;
    const id = setTimeout(load, 3000);
    return () => clearTimeout(id);
  }, [inFlight, detail]);
  const c = detail || summary;
  const act = async (fn, done) => {
    setActionError(null);
    try { await fn(); if (done) toast(done); await load(); onChanged(); } catch (e) {
      if (e.status === 409) { toast(t('stale')); await load(); } else setActionError(e);
    }
  };
  // A reply going out changes the comment (answered) behind our back: a 409 on a stale version re-reads the comment
  // and applies the same change once more on the fresh version, since "resolve" or "assign" still means the same.
  const patch = (body, done) => act(async () => {
    try {
      await api.patchComment(brand, c.id, detail && detail.version, body);
    } catch (e) {
      if (e.status !== 409) throw e;
      const fresh = await api.comment(brand, c.id);
      await api.patchComment(brand, c.id, fresh.version, body);
    }
  }, done);
  const degraded = error && missingRoute(error);
  const replies = (detail && detail.replies) || [];
  const notes = (detail && detail.notes) || [];
  // The thread the API resolved (docs/API.md, "thread"): our post the comment is on, the comment it answers.
  const thread = (detail && detail.thread && !Array.isArray(detail.thread) && detail.thread) || {};
  const post = thread.post;
  const parent = thread.parent;
  const postUrl = post && /^https?:\/\//i.test(post.url || '') ? post.url : null;
  return (
    <article class="detail" aria-labelledby="detail-title">
      <button class="btn ghost back" onClick={back}>← {t('inbox.back')}</button>
      <header class="detail-head">
        <span class={`avatar big net-${c.network}`} aria-hidden="true">{initials(c.author)}</span>
        <div>
          <h2 id="detail-title">{authorName(c.author)} {c.author && c.author.handle && <span class="muted small">@{c.author.handle}</span>}</h2>
          <p class="muted small"><NetworkChip network={c.network} /> <time datetime={c.createdAt}>{dateTime(c.createdAt, zone)}</time>
            {c.editedAt && <> · {t('comment.edited')}</>}
            {' · '}<a href={`?brand=${encodeURIComponent(brand)}&comment=${encodeURIComponent(c.id)}`}>{t('comment.link')}</a>
            {c.permalink && <> · <a href={c.permalink} target="_blank" rel="noopener noreferrer">{t('comment.open', { network: networkName(c.network) })}</a></>}
          </p>
        </div>
      </header>
      {(post || parent) && (
        <ol class="thread" aria-label={t('comment.thread')}>
          {post && <li class="thread-post"><span class="muted small">{t('comment.onPost')}</span>
            {post.text && <p>{post.text}</p>}
            {postUrl && <a class="small" href={postUrl} target="_blank" rel="noopener noreferrer">{t('comment.openPost', { network: networkName(c.network) })}</a>}</li>}
          {parent && <li class="thread-parent"><span class="muted small">{t('comment.inReplyTo')}</span>{' '}
            <strong>{authorName(parent.author)}</strong>{parent.receivedAt && <> <span class="muted small">{dateTime(parent.receivedAt, zone)}</span></>}
            <p>{parent.text}</p>
            {parent.id && <a class="small" href={`?brand=${encodeURIComponent(brand)}&comment=${encodeURIComponent(parent.id)}`}
              onClick={(e) => { e.preventDefault(); navigate({ view: 'inbox', comment: parent.id }); }}>{t('comment.openParent')}</a>}</li>}
        </ol>
      )}
      {related.length > 0 && (
        <details class="related">
          <summary>{t('comment.samePerson', { n: related.length })}</summary>
          <ul class="plain">
            {related.map((r) => <li><a href={`?brand=${encodeURIComponent(brand)}&comment=${encodeURIComponent(r.id)}`}
              onClick={(e) => { e.preventDefault(); navigate({ view: 'inbox', comment: r.id }); }}>{r.text}</a>
              <span class="muted small"> · {dateTime(r.createdAt, zone)}</span></li>)}
          </ul>
        </details>
      )}
      <blockquote class={`comment-text${c.visibility === 'hidden' ? ' is-hidden' : ''}`}>{c.text}</blockquote>
      <div class="row-tags">
        <SentimentBadge value={c.sentiment} />
        {c.scores && c.sentiment && <span class="muted small">{t('comment.score', { score: Math.round(100 * (c.scores[c.sentiment.toLowerCase()] || c.scores[c.sentiment] || 0)) })}</span>}
        {(c.flags || []).map((f) => <Chip kind={`flag flag-${(f.type || '').toLowerCase()}`} title={(f.labels || []).join(', ')}>{t(`flag.${(f.type || '').toLowerCase()}`)}{f.severity === 'HIGH' ? ' !' : ''}</Chip>)}
        {c.state && <Chip kind={`state state-${c.state}`}>{t(`state.${c.state}`)}</Chip>}
        {(c.kind === 'mention' || c.kind === 'quote') && <Chip kind="kind">{t(`kind.${c.kind}`)}</Chip>}
        {c.visibility && c.visibility !== 'visible' && <Chip kind="hidden">{t(`visibility.${c.visibility}`)}</Chip>}
      </div>
      {degraded && <p class="notice" role="status">{t('degraded', { what: t('what.inbox') })}</p>}
      {error && !degraded && <Problem error={error} />}
      {detail && (
        <>
          <div class="actions" role="group" aria-label={t('comment.actions')}>
            {c.state !== 'resolved' && <button class="btn primary" onClick={() => patch({ state: 'resolved' }, t('done.resolved'))}>{t('action.resolve')} <kbd>e</kbd></button>}
            {c.state !== 'ignored' && <button class="btn" onClick={() => patch({ state: 'ignored' }, t('done.ignored'))}>{t('action.ignore')}</button>}
            {c.state && c.state !== 'open' && <button class="btn" onClick={() => patch({ state: 'open' }, t('done.reopened'))}>{t('action.reopen')}</button>}
            {c.visibility === 'hidden'
              ? <button class="btn" onClick={() => act(() => api.hide(brand, c.id, false), t('done.unhidden'))}>{t('action.unhide')}</button>
              : <button class="btn" onClick={() => act(() => api.hide(brand, c.id, true), t('done.hidden'))}>{t('action.hide')}</button>}
          </div>
          <Problem error={actionError} />
          <ReplyBox brand={brand} comment={c} savedReplies={savedReplies} replyRef={replyRef} onSent={() => { toast(t('done.replied')); load(); onChanged(); }} />
          {replies.length > 0 && (
            <section class="sub">
              <h3>{t('comment.replies')}</h3>
              <ul class="plain">
                {replies.map((r) => (
                  <li class="reply-item"><p>{r.text}</p>
                    <span class="muted small"><Chip kind={`st st-${(r.status || '').toLowerCase()}`}>{t(`status.${r.status === 'SCHEDULED' ? 'queued' : (r.status || '').toLowerCase()}`)}</Chip> {dateTime(r.createdAt || r.publishedAt, zone)}
                      {r.remoteUrl && <> · <a href={r.remoteUrl} target="_blank" rel="noopener noreferrer">{t('open')}</a></>}
                      {(r.error || r.lastError) && <> · {r.error || r.lastError}</>}</span></li>
                ))}
              </ul>
            </section>
          )}
          <section class="sub two">
            <form onSubmit={(e) => { e.preventDefault(); patch({ assignee: assignee.trim() || null }, t('done.assigned')); }}>
              <label for="assignee" class="h3">{t('comment.assignee')}</label>
              <div class="inline">
                <input id="assignee" value={assignee} onInput={(e) => setAssignee(e.currentTarget.value)} placeholder={t('comment.assigneeHint')} />
                <button class="btn" type="submit">{t('action.assign')}</button>
              </div>
            </form>
            <form onSubmit={(e) => { e.preventDefault(); if (note.trim()) { patch({ note: note.trim() }, t('done.noted')); setNote(''); } }}>
              <label for="note" class="h3">{t('comment.note')}</label>
              <div class="inline">
                <input id="note" value={note} onInput={(e) => setNote(e.currentTarget.value)} placeholder={t('comment.noteHint')} />
                <button class="btn" type="submit">{t('action.note')}</button>
              </div>
            </form>
          </section>
          {notes.length > 0 && (
            <ul class="plain notes" aria-label={t('comment.notes')}>
              {notes.map((n) => <li><span class="muted small">{n.by ? `${n.by} · ` : ''}{dateTime(n.at, zone)}</span><p>{n.text}</p></li>)}
            </ul>
          )}
        </>
      )}
    </article>
  );
}

const minutes = (m) => (m == null ? '–' : m < 60 ? t('stats.min', { n: Math.round(m) }) : m < 1440 ? t('stats.h', { n: Math.round(m / 60) }) : t('stats.d', { n: Math.round(m / 1440) }));

/** The team's pace at a glance (GET …/stats): open backlog, its oldest, how fast replies go out. */
function StatsLine({ brand }) {
  const stats = usePoll(() => api.stats(brand).catch(() => null), [brand], 60000);
  const s = stats.data;
  if (!s || !s.backlog) return null;
  const all = (s.responseTimes && s.responseTimes.all) || {};
  const oldest = s.backlog.oldestReceivedAt ? (Date.now() - new Date(s.backlog.oldestReceivedAt).getTime()) / 60000 : null;
  return (
    <p class="stats small" aria-label={t('stats.label')}>
      <span><strong>{s.backlog.open}</strong> {t('stats.open')}</span>
      {oldest != null && <span>{t('stats.oldest', { age: minutes(oldest) })}</span>}
      {all.replies > 0 && <span>{t('stats.median', { median: minutes(all.medianMinutes), p90: minutes(all.p90Minutes) })}</span>}
    </p>
  );
}

export function Inbox({ brand, brandInfo, accounts, selected, preset }) {
  const [filters, setFilters] = useState({ order: 'newest', ...(preset || {}) });
  const [toast, setToast] = useState('');
  const replyRef = useRef(null);
  useEffect(() => { if (preset) setFilters((f) => ({ ...f, ...preset })); }, [preset]);
  const query = {
    limit: 50, flag: filters.flag, sentiment: filters.sentiment, network: filters.network, needsReply: filters.needsReply ? 'true' : undefined,
    state: filters.order === 'oldest-open' ? 'open' : filters.state, assignee: filters.assignee,
  };
  const list = usePoll(() => api.comments(brand, query), [brand, JSON.stringify(query)], POLL_MS);
  // Older pages, read on demand with the API's cursor; polling refreshes the first page only.
  const [more, setMore] = useState({ items: [], cursor: undefined, loading: false, error: null });
  useEffect(() => setMore({ items: [], cursor: undefined, loading: false, error: null }), [brand, JSON.stringify(query)]);
  const nextCursor = more.cursor !== undefined ? more.cursor : list.data && list.data.cursor;
  const loadMore = async () => {
    setMore((m) => ({ ...m, loading: true, error: null }));
    try {
      const page = await api.comments(brand, { ...query, cursor: nextCursor });
      setMore((m) => ({ items: [...m.items, ...(page.items || [])], cursor: page.cursor || null, loading: false, error: null }));
    } catch (error) { setMore((m) => ({ ...m, loading: false, error })); }
  };
  const saved = usePoll(() => api.savedReplies(brand).then((r) => r.items || []).catch(() => []), [brand], 0);
  const firstPage = (list.data && list.data.items) || [];
  const seen = new Set(firstPage.map((c) => c.id));
  let items = [...firstPage, ...more.items.filter((c) => !seen.has(c.id))].filter((c) => matches(c, { ...filters, state: query.state }));
  // The API lists by its index (newest first, or oldest first on the state index): the order asked is applied here.
  items = [...items].sort((a, b) => (filters.order === 'oldest-open' ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
  const zone = brandInfo && brandInfo.timezone;
  const current = items.find((c) => c.id === selected) || null;
  const open = (id) => navigate({ view: 'inbox', comment: id });
  const [linked, setLinked] = useState(null);
  useEffect(() => {
    // A deep link to a comment beyond the first page (or filtered out) still opens it.
    if (selected && !current && list.data) api.comment(brand, selected).then(setLinked).catch(() => setLinked(null));
    else setLinked(null);
  }, [selected, !!current, !!list.data]);
  const shown = current || (linked && linked.id === selected ? linked : null);

  useEffect(() => {
    const onKey = (e) => {
      if (typing(e) || e.metaKey || e.ctrlKey || e.altKey) return;
      const i = items.findIndex((c) => c.id === selected);
      if (e.key === 'j' || e.key === 'ArrowDown') { e.preventDefault(); const n = items[Math.min(i + 1, items.length - 1)]; if (n) open(n.id); }
      else if (e.key === 'k' || e.key === 'ArrowUp') { e.preventDefault(); const n = items[Math.max(i - 1, 0)]; if (n) open(n.id); }
      else if (e.key === 'r' && shown && replyRef.current) { e.preventDefault(); replyRef.current.focus(); }
      else if (e.key === 'e' && shown) {
        e.preventDefault();
        const btn = document.querySelector('.detail .actions .btn.primary');
        if (btn) btn.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  useEffect(() => {
    const el = selected && document.querySelector(`[data-comment="${CSS.escape(selected)}"]`);
    if (el) el.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <section class={`inbox${shown ? ' has-detail' : ''}`} aria-labelledby="inbox-title">
      <div class="list-pane">
        <div class="pane-head">
          <h1 id="inbox-title">{t('inbox.title')}</h1>
          <span class="muted small" aria-live="polite">{list.loading && !list.data ? t('loading') : t('inbox.count', { n: items.length })}</span>
        </div>
        <StatsLine brand={brand} />
        <Filters filters={filters} set={setFilters} accounts={accounts} />
        <p class="muted small keys">{t('inbox.keys')}</p>
        <Problem error={list.error} />
        {list.data && items.length === 0 && <p class="empty">{t('inbox.empty')}</p>}
        <ul class="rows" aria-label={t('inbox.list')}>
          {items.map((c) => <Row c={c} selected={c.id === selected} onOpen={open} />)}
        </ul>
        {nextCursor && <div class="more"><button class="btn" onClick={loadMore} disabled={more.loading}>{more.loading ? t('loading') : t('inbox.more')}</button></div>}
        <Problem error={more.error} />
      </div>
      <div class="detail-pane">
        {shown ? <Detail brand={brand} summary={shown} zone={zone} savedReplies={saved.data} replyRef={replyRef}
          related={items.filter((x) => x.id !== shown.id && x.author && shown.author && x.author.id === shown.author.id && x.network === shown.network).slice(0, 5)}
          onChanged={list.reload} back={() => navigate({ view: 'inbox', comment: '' })} toast={setToast} />
          : <p class="empty detail-empty">{t('inbox.pick')}</p>}
      </div>
      <Toast message={toast} onDone={() => setToast('')} />
    </section>
  );
}
