// The console's only way to the server: the management API (openapi.yaml), same origin. In AWS every call carries
// the Cognito ID token (auth.js); on the local runtime there is no sign-in (loopback only).
import { token, signIn } from './auth.js';

let base = '';
export function setApiBase(url) { base = (url || '').replace(/\/$/, ''); }

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.error;
    this.field = body && body.field;
    this.body = body;
  }
}

export async function call(method, path, { body, query, headers = {}, text = false } = {}) {
  const q = query ? '?' + new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString() : '';
  const h = { ...headers };
  const t = await token();
  if (t) h.authorization = `Bearer ${t}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(base + path + (q === '?' ? '' : q), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { error: 'network', message: e.message || 'network error' });
  }
  if (res.status === 401 && t !== null) { signIn(); }
  const type = res.headers.get('content-type') || '';
  const payload = text ? await res.text() : type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof payload === 'object' ? payload : { message: String(payload).slice(0, 200) });
  return payload;
}

const b = (brand) => `/v1/brands/${encodeURIComponent(brand)}`;
const e = encodeURIComponent;

export const api = {
  brands: () => call('GET', '/v1/brands', { query: { limit: 100 } }),
  brand: (brand) => call('GET', b(brand)),
  settings: (brand, body) => call('PUT', `${b(brand)}/settings`, { body }),
  accounts: (brand) => call('GET', `${b(brand)}/accounts`),
  reconnect: (brand, id, credentials) => call('PUT', `${b(brand)}/accounts/${e(id)}/credentials`, { body: { credentials } }),
  comments: (brand, query) => call('GET', `${b(brand)}/comments`, { query }),
  comment: (brand, id) => call('GET', `${b(brand)}/comments/${e(id)}`),
  patchComment: (brand, id, version, body) => call('PATCH', `${b(brand)}/comments/${e(id)}`, { body, headers: version == null ? {} : { 'if-match': String(version) } }),
  reply: (brand, id, body, key) => call('POST', `${b(brand)}/comments/${e(id)}/replies`, { body, headers: { 'idempotency-key': key } }),
  hide: (brand, id, hidden) => call('POST', `${b(brand)}/comments/${e(id)}/${hidden ? 'hide' : 'unhide'}`),
  savedReplies: (brand) => call('GET', `${b(brand)}/saved-replies`),
  stats: (brand) => call('GET', `${b(brand)}/stats`),
  posts: (brand, query) => call('GET', `${b(brand)}/posts`, { query }),
  post: (brand, id) => call('GET', `${b(brand)}/posts/${e(id)}`),
  createPost: (brand, body) => call('POST', `${b(brand)}/posts`, { body }),
  validatePost: (brand, body) => call('POST', `${b(brand)}/posts`, { body, query: { dryRun: 'true' } }),
  patchPost: (brand, id, body) => call('PATCH', `${b(brand)}/posts/${e(id)}`, { body }),
  cancelPost: (brand, id) => call('DELETE', `${b(brand)}/posts/${e(id)}`),
  publishing: (brand, body) => call('PUT', `${b(brand)}/publishing`, { body }),
  publishingState: (brand) => call('GET', `${b(brand)}/publishing`),
  crises: (brand) => call('GET', `${b(brand)}/crises`, { query: { hours: 24 } }),
  subscriptions: (brand) => call('GET', `${b(brand)}/subscriptions`),
  subscribe: (brand, body) => call('POST', `${b(brand)}/subscriptions`, { body }),
  unsubscribe: (brand, id) => call('DELETE', `${b(brand)}/subscriptions/${e(id)}`),
  digestPreview: (brand, cadence, at) => call('GET', `${b(brand)}/digest/preview`, { query: { cadence, at }, text: true }),
};

/** A route the server does not have yet (404 naming no brand, or 405): the screen says so instead of failing. */
export function missingRoute(err) {
  return err instanceof ApiError && (err.status === 405 || (err.status === 404 && /^no (local endpoint|route) /.test(err.message || '')));
}
