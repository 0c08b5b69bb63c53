// Sign-in for the console in AWS: Amazon Cognito's managed login with the authorization code grant and PKCE
// (RFC 7636), no client secret in the browser. config.json (served next to the app) says which mode applies:
// {"auth":"none"} on the local runtime, {"auth":"cognito", domain, clientId, apiBase} in AWS (docs/CONSOLE.md).
let config = { auth: 'none', apiBase: '' };
const KEY = 'cm.console.tokens';

export async function loadConfig() {
  try {
    const res = await fetch('./config.json', { cache: 'no-store' });
    if (res.ok) config = { ...config, ...(await res.json()) };
  } catch { /* no config: local mode */ }
  if (config.auth === 'cognito') await finishSignIn();
  return config;
}

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const redirectUri = () => location.origin + location.pathname;

export async function signIn() {
  if (config.auth !== 'cognito') return;
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('cm.pkce', JSON.stringify({ verifier, state, back: location.search }));
  const q = new URLSearchParams({ response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(),
    scope: 'openid email', state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(`https://${config.domain}/oauth2/authorize?${q}`);
}

async function finishSignIn() {
  const q = new URLSearchParams(location.search);
  const code = q.get('code');
  const pkce = JSON.parse(sessionStorage.getItem('cm.pkce') || 'null');
  if (!code || !pkce || q.get('state') !== pkce.state) return;
  sessionStorage.removeItem('cm.pkce');
  const res = await fetch(`https://${config.domain}/oauth2/token`, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code,
      redirect_uri: redirectUri(), code_verifier: pkce.verifier }) });
  if (res.ok) store(await res.json());
  history.replaceState(null, '', location.pathname + (pkce.back || ''));
}

function store(t) {
  const now = Date.now();
  const old = JSON.parse(sessionStorage.getItem(KEY) || '{}');
  sessionStorage.setItem(KEY, JSON.stringify({ id: t.id_token, refresh: t.refresh_token || old.refresh,
    expires: now + (t.expires_in || 3600) * 1000 - 60_000 }));
}

/** The ID token for the API, refreshed when it is about to expire; null without sign-in (local). */
export async function token() {
  if (config.auth !== 'cognito') return null;
  const t = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  if (t && t.expires > Date.now()) return t.id;
  if (t && t.refresh) {
    const res = await fetch(`https://${config.domain}/oauth2/token`, { method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: config.clientId, refresh_token: t.refresh }) });
    if (res.ok) { store(await res.json()); return JSON.parse(sessionStorage.getItem(KEY)).id; }
  }
  await signIn();
  return '';
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  if (config.auth === 'cognito') {
    location.assign(`https://${config.domain}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri() })}`);
  }
}

export const authMode = () => config.auth;
