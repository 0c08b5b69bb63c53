import { render } from 'preact';
import { useEffect, useState, useCallback } from 'preact/hooks';
import { api, setApiBase, missingRoute } from './api.js';
import { loadConfig, authMode, signOut } from './auth.js';
import { t, language, setLanguage, onLanguage, dateTime, networkName } from './i18n.js';
import { usePoll, navigate, readLocation, VIEWS } from './ui.jsx';
import { Inbox } from './screens/inbox.jsx';
import { Calendar } from './screens/calendar.jsx';
import { Composer } from './screens/composer.jsx';
import { Accounts } from './screens/accounts.jsx';
import { Settings } from './screens/settings.jsx';
import { Digest } from './screens/digest.jsx';

function BrandPicker({ brand, brands, onPick }) {
  const [typed, setTyped] = useState('');
  if (brands && brands.length) {
    return (
      <label class="brand-picker">
        <span class="sr-only">{t('brand.pick')}</span>
        <select value={brand} onChange={(e) => onPick(e.currentTarget.value)} aria-label={t('brand.pick')}>
          {!brand && <option value="">{t('brand.pick')}</option>}
          {brands.map((b) => <option value={b.id}>{b.name} ({b.id})</option>)}
        </select>
      </label>
    );
  }
  return (
    <form class="brand-picker" onSubmit={(e) => { e.preventDefault(); if (typed.trim()) onPick(typed.trim()); }}>
      <label for="brand-id" class="sr-only">{t('brand.id')}</label>
      <input id="brand-id" placeholder={brand || t('brand.id')} value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
      <button type="submit" class="btn">{t('brand.open')}</button>
    </form>
  );
}

function Banners({ brand, brandInfo, accounts, publishing, go }) {
  const crises = usePoll(() => api.crises(brand).catch((e) => (missingRoute(e) ? null : Promise.reject(e))), [brand], 60000);
  const failed = usePoll(() => api.posts(brand, { status: 'FAILED' }).catch(() => null), [brand], 60000);
  const open = crises.data && crises.data.items ? crises.data.items.filter((c) => c.open) : [];
  const reconnect = (accounts || []).filter((a) => a.status === 'NEEDS_RECONNECT');
  const failedPosts = failed.data && failed.data.items ? failed.data.items : [];
  const paused = publishing && publishing.paused;
  const zone = brandInfo && brandInfo.timezone;
  return (
    <div class="banners">
      {open.map((c) => (
        <div class="banner crisis" role="alert">
          <strong>{t('crisis.title')}</strong>{' '}
          {t('crisis.body', { negative: c.negative, total: c.total, time: dateTime(c.detectedAt, zone) })}{' '}
          <button class="link" onClick={() => go({ view: 'inbox', comment: '' }, { sentiment: 'NEGATIVE' })}>{t('crisis.look')}</button>
        </div>
      ))}
      {reconnect.length > 0 && (
        <div class="banner warn" role="status">
          <strong>{t('reconnect.title')}</strong>{' '}
          {t('reconnect.body', { accounts: reconnect.map((a) => `${networkName(a.network)} ${a.handle}`).join(', ') })}{' '}
          <button class="link" onClick={() => go({ view: 'accounts' })}>{t('reconnect.go')}</button>
        </div>
      )}
      {failedPosts.length > 0 && (
        <div class="banner warn" role="status">
          <strong>{t('failed.title', { n: failedPosts.length })}</strong>{' '}
          <button class="link" onClick={() => go({ view: 'calendar' })}>{t('failed.go')}</button>
        </div>
      )}
      {paused && (
        <div class="banner info" role="status"><strong>{t('paused.title')}</strong> {publishing.reason || ''}{publishing.held ? ` ${t('paused.held', { n: publishing.held })}` : ''}{' '}
          <button class="link" onClick={() => go({ view: 'calendar' })}>{t('paused.go')}</button></div>
      )}
    </div>
  );
}

function App({ config }) {
  const [loc, setLoc] = useState(readLocation());
  const [, setLang] = useState(language());
  const [brands, setBrands] = useState(null);
  const [brandInfo, setBrandInfo] = useState(null);
  const [brandError, setBrandError] = useState(null);
  const [accounts, setAccounts] = useState(null);
  const [publishing, setPublishing] = useState(null);
  const [inboxPreset, setInboxPreset] = useState(null);

  useEffect(() => {
    const f = () => setLoc(readLocation());
    window.addEventListener('popstate', f);
    window.addEventListener('cm:navigate', f);
    const off = onLanguage(setLang);
    return () => { window.removeEventListener('popstate', f); window.removeEventListener('cm:navigate', f); off(); };
  }, []);

  useEffect(() => {
    api.brands().then((r) => {
      const items = (r && r.items) || [];
      setBrands(items);
      if (!readLocation().brand && items.length) navigate({ brand: items[0].id }, true);
    }).catch(() => setBrands([]));
  }, []);

  const reloadBrand = useCallback(() => {
    if (!loc.brand) return;
    api.brand(loc.brand).then((b) => { setBrandInfo(b); setBrandError(null); }).catch((e) => { setBrandInfo(null); setBrandError(e); });
    api.accounts(loc.brand).then((r) => setAccounts(r.items || [])).catch(() => setAccounts([]));
    api.publishingState(loc.brand).then(setPublishing).catch(() => setPublishing(null));
  }, [loc.brand]);
  useEffect(() => { setBrandInfo(null); setAccounts(null); reloadBrand(); }, [loc.brand]);

  useEffect(() => {
    document.title = `${brandInfo ? brandInfo.name + ' · ' : ''}${t(`nav.${loc.view}`)} · cm-autopilot`;
  });

  const go = (next, preset) => { if (preset) setInboxPreset(preset); navigate(next); };
  const common = { brand: loc.brand, brandInfo, accounts, publishing, reloadBrand, go };

  let screen;
  if (!loc.brand) {
    screen = <section class="empty-state"><h1>{t('welcome.title')}</h1><p>{t('welcome.body')}</p></section>;
  } else if (brandError) {
    screen = <section class="empty-state"><h1>{t('brand.missing', { brand: loc.brand })}</h1><p>{brandError.message}</p></section>;
  } else if (loc.view === 'inbox') {
    screen = <Inbox {...common} selected={loc.comment} preset={inboxPreset} />;
  } else if (loc.view === 'calendar') {
    screen = <Calendar {...common} selected={loc.post} />;
  } else if (loc.view === 'compose') {
    screen = <Composer {...common} />;
  } else if (loc.view === 'accounts') {
    screen = <Accounts {...common} />;
  } else if (loc.view === 'settings') {
    screen = <Settings {...common} />;
  } else {
    screen = <Digest {...common} />;
  }

  return (
    <div class="shell">
      <a class="skip" href="#main">{t('skip')}</a>
      <header class="top">
        <div class="top-row">
          <span class="logo" aria-hidden="true">cm</span>
          <span class="product">cm-autopilot</span>
          <BrandPicker brand={loc.brand} brands={brands} onPick={(id) => navigate({ brand: id, view: loc.view, comment: '', post: '' })} />
          <div class="spacer" />
          <div class="lang" role="group" aria-label={t('lang.label')}>
            {['en', 'fr'].map((l) => (
              <button class={`lang-btn${language() === l ? ' on' : ''}`} aria-pressed={language() === l} lang={l}
                onClick={() => setLanguage(l)}>{l.toUpperCase()}</button>
            ))}
          </div>
          {authMode() === 'cognito' && <button class="btn ghost" onClick={signOut}>{t('signout')}</button>}
        </div>
        <nav aria-label={t('nav.label')}>
          <ul class="tabs">
            {VIEWS.map((v) => (
              <li><a href={`?brand=${encodeURIComponent(loc.brand)}${v === 'inbox' ? '' : `&view=${v}`}`} aria-current={loc.view === v ? 'page' : undefined}
                onClick={(e) => { e.preventDefault(); navigate({ view: v, comment: '', post: '' }); }}>{t(`nav.${v}`)}</a></li>
            ))}
          </ul>
        </nav>
      </header>
      {loc.brand && !brandError && <Banners brand={loc.brand} brandInfo={brandInfo} accounts={accounts} publishing={publishing} go={go} />}
      <main id="main" tabindex="-1">{screen}</main>
    </div>
  );
}

loadConfig().then((config) => {
  setApiBase(config.apiBase);
  document.documentElement.lang = language();
  const mount = document.getElementById('app');
  mount.textContent = '';
  render(<App config={config} />, mount);
});
