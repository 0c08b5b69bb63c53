import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { t, networkName, dateTime } from '../i18n.js';
import { NetworkChip, Problem, Toast, Chip } from '../ui.jsx';

/** The credential keys each network takes (openapi.yaml, POST .../accounts); the new token goes to PUT .../credentials. */
const KEYS = {
  mastodon: ['accessToken'], bluesky: ['identifier', 'appPassword'], x: ['accessToken', 'refreshToken'],
  linkedin: ['accessToken', 'refreshToken'], facebook: ['pageAccessToken'], instagram: ['accessToken'], local: [],
};

function Reconnect({ brand, account, onDone }) {
  const [values, setValues] = useState({});
  const [error, setError] = useState(null);
  const keys = KEYS[account.network] || ['accessToken'];
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    const credentials = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim()));
    try { await api.reconnect(brand, account.id, credentials); onDone(); } catch (err) { setError(err); }
  };
  return (
    <form class="reconnect" onSubmit={submit}>
      <p class="small">{t(`reconnect.how.${account.network}`)}</p>
      {keys.map((k) => (
        <label><span>{t(`cred.${k}`)}</span>
          <input type="password" autocomplete="off" value={values[k] || ''} onInput={(e) => setValues({ ...values, [k]: e.currentTarget.value })} /></label>
      ))}
      <button class="btn primary" type="submit">{t('reconnect.submit')}</button>
      <Problem error={error} />
    </form>
  );
}

export function Accounts({ brand, brandInfo, accounts, reloadBrand }) {
  const [open, setOpen] = useState('');
  const [toast, setToast] = useState('');
  const zone = brandInfo && brandInfo.timezone;
  const list = accounts || [];
  const byNetwork = {};
  list.forEach((a) => { (byNetwork[a.network] = byNetwork[a.network] || []).push(a); });
  return (
    <section class="accounts" aria-labelledby="acc-title">
      <div class="pane-head"><h1 id="acc-title">{t('accounts.title')}</h1>
        <span class="muted small">{t('accounts.count', { n: list.length })}</span></div>
      {accounts && list.length === 0 && <p class="empty">{t('accounts.none')}</p>}
      <div class="cards">
        {Object.entries(byNetwork).map(([network, items]) => (
          <section class="card" aria-labelledby={`net-${network}`}>
            <h2 id={`net-${network}`}><NetworkChip network={network} /></h2>
            <ul class="plain">
              {items.map((a) => (
                <li class="account">
                  <div class="account-line">
                    <strong>{a.handle}</strong>
                    <Chip kind={`acc acc-${a.status.toLowerCase()}`}>{t(`account.${a.status.toLowerCase()}`)}</Chip>
                  </div>
                  <p class="muted small">{a.baseUrl ? `${a.baseUrl} · ` : ''}{t('accounts.since', { when: dateTime(a.createdAt, zone) })}</p>
                  {a.status === 'NEEDS_RECONNECT' && <p class="small warn-text">{t('accounts.reconnectWhy')}</p>}
                  {a.network !== 'local' && (
                    open === a.id
                      ? <Reconnect brand={brand} account={a} onDone={() => { setOpen(''); setToast(t('done.reconnected')); reloadBrand(); }} />
                      : <button class={`btn${a.status === 'NEEDS_RECONNECT' ? ' primary' : ''}`} onClick={() => setOpen(a.id)}>
                          {a.status === 'NEEDS_RECONNECT' ? t('accounts.reconnect') : t('accounts.renew')}</button>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p class="muted small">{t('accounts.add')}</p>
      <Toast message={toast} onDone={() => setToast('')} />
    </section>
  );
}
