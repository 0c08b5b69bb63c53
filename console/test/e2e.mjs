// End-to-end tests of the console in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
// never a browser download) against a running local runtime with real data created through the API and signed
// webhooks. Run by infrastructure/local's ConsoleEndToEndTest (mvn verify), which starts the runtime on a free port
// with a fresh data folder and passes CM_BASE_URL and CM_SINK_DIR. Exits non-zero on the first failed check.
//
// Covers: triage and reply to a comment (the local sink network receives exactly one reply), compose with a limit
// error shown, reschedule a post, switch to French, the digest preview's chart visible, axe-core on every screen
// (0 serious or critical violations), the console at 375 px wide; writes a screenshot of each screen to
// docs/screenshots/.
import { chromium } from 'playwright-core';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const base = process.env.CM_BASE_URL;
const sink = process.env.CM_SINK_DIR;
const shots = process.env.CM_SCREENSHOTS || join(root, 'docs', 'screenshots');
const chromiumPath = process.env.CM_CHROMIUM || '/usr/bin/chromium';
if (!base || !sink) { console.error('e2e: CM_BASE_URL and CM_SINK_DIR are required'); process.exit(2); }
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BRAND = 'acme';
const ZONE = 'Europe/Paris';

let checks = 0;
function ok(cond, what) {
  if (!cond) throw new Error(`FAILED: ${what}`);
  checks++;
  console.log(`  ok ${checks} - ${what}`);
}

async function http(method, path, body, headers = {}) {
  const res = await fetch(base + path, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}
async function expect(method, path, body, ...statuses) {
  const r = await http(method, path, body);
  if (!statuses.includes(r.status)) throw new Error(`${method} ${path} answered ${r.status}: ${r.text.slice(0, 300)}`);
  return r.json;
}
const idle = () => http('GET', '/_local/idle?timeout=30');
const sinkFiles = () => (existsSync(sink) ? readdirSync(sink, { recursive: true }).filter((f) => String(f).endsWith('.json')) : []);

async function fireAll() {
  const status = await expect('GET', '/_local/status', undefined, 200);
  const fns = [...new Set(status.schedules.map((s) => s.function))].filter((f) => !/digest/i.test(f));
  for (const fn of fns) await http('POST', `/_local/schedules/${fn}/fire`);
  await idle();
}

async function webhook(secret, body) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = 'sha256=' + createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex');
  const r = await http('POST', `/webhooks/generic/${BRAND}`, raw, { 'x-cm-timestamp': ts, 'x-cm-signature': sig });
  if (![200, 201, 202].includes(r.status)) throw new Error(`webhook answered ${r.status}: ${r.text}`);
}

/** The story a community manager finds in the morning: posts out and planned, comments of every kind, a crisis. */
async function seed() {
  const brand = await expect('POST', '/v1/brands', { id: BRAND, name: 'Acme Coffee', timezone: ZONE, language: 'en' }, 201);
  const sinkAccount = await expect('POST', `/v1/brands/${BRAND}/accounts`, { network: 'local', handle: 'acme-sink', externalId: 'acme-sink', credentials: {} }, 201);
  const x = await expect('POST', `/v1/brands/${BRAND}/accounts`, { network: 'x', handle: '@acmecoffee', credentials: { accessToken: 'e2e-not-a-real-token' } }, 201);
  await expect('PUT', `/v1/brands/${BRAND}/settings`, { watchlist: ['Guji', 'refund'], alertEmails: ['team@acme.example'], autoHideToxic: false, crisis: { minNegative: 4 } }, 200);
  await expect('POST', `/v1/brands/${BRAND}/subscriptions`, { email: 'team@acme.example', cadence: 'daily', hour: 8 }, 201);
  await expect('POST', `/v1/brands/${BRAND}/saved-replies`, { name: 'Late order: apology and DM', language: 'en', text: 'So sorry, {author}! We have sent you a DM to sort out your order today.' }, 201);
  const guji = await expect('POST', `/v1/brands/${BRAND}/posts`, { text: 'Our autumn single-origin is here: Ethiopian Guji, notes of peach and jasmine. #coffee', accountIds: [sinkAccount.id] }, 201);
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  const planned = await expect('POST', `/v1/brands/${BRAND}/posts`, { text: 'Latte art workshop on Saturday at 10, seats are limited! ☕', accountIds: [sinkAccount.id], local: { dateTime: `${tomorrow}T10:00`, timezone: ZONE } }, 201);
  const later = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10);
  await expect('POST', `/v1/brands/${BRAND}/posts`, { text: 'Nouveau : atelier dégustation jeudi, inscrivez-vous !', accountIds: [sinkAccount.id], local: { dateTime: `${later}T17:30`, timezone: ZONE } }, 201);
  await fireAll();
  const texts = [
    ['ana.b', 'Ana', 'Love the new Guji roast, it is fantastic! Thank you!'],
    ['jo', 'Jo', 'What time do you open on Sunday?'],
    ['marc_l', 'Marc', "Super atelier, merci beaucoup, j'adore ce café !"],
    ['tom99', 'Tom', 'Terrible coffee, awful and disgusting. Total scam.'],
    ['lise', 'Lise', "Commande jamais reçue, service horrible, c'est une arnaque !"],
    ['b.w', 'Ben', 'Third time my order is late. Terrible, I hate this.'],
    ['nina', 'Nina', 'Awful customer service, nobody answers. Very disappointed.'],
    ['paul.m', 'Paul', 'Nul, café infect et livraison catastrophique. Très déçu.'],
    ['sam', 'Sam', 'Worst purchase ever, bad quality, horrible taste. Refund please.'],
    ['zoe', 'Zoé', "Horrible expérience, remboursez-moi, c'est honteux."],
    ['dan', 'Dan', 'Terrible, the bag was broken and the coffee is awful.'],
    ['eva', 'Eva', 'Disappointed and angry: awful, slow, terrible support.'],
    ['hugo', 'Hugo', 'Service client nul, produit horrible, je suis furieux.'],
    ['ivy', 'Ivy', 'Scam! Awful! I will never buy again, terrible.'],
    ['k.ray', 'Kay', 'My order #4821 never arrived. Worst service ever, I want a refund now.'],
  ];
  // Yesterday's quieter traffic, two hours back and beyond the inbox's first page of 50.
  for (let i = 0; i < 40; i++) {
    await webhook(brand.webhookSecret, { network: 'local', externalId: `e2e-old-${i}`, accountExternalId: 'acme-sink',
      author: { id: `user-fan${i}`, handle: `fan${i}`, name: `Fan ${i}` }, text: `Thanks for the quick delivery, lovely beans (${i})`,
      createdAt: new Date(Date.now() - 2 * 3600000 - i * 60000).toISOString(), permalink: `https://social.example/@fan${i}/${i}` });
  }
  // Thread context: a reply to one of those comments, and a comment on the post we published above.
  await webhook(brand.webhookSecret, { network: 'local', externalId: 'e2e-reply-to-fan39', accountExternalId: 'acme-sink',
    inReplyTo: 'e2e-old-39', author: { id: 'user-rita', handle: 'rita', name: 'Rita' }, text: 'Same here, is there a decaf version too?',
    createdAt: new Date(Date.now() - 2 * 3600000 - 38 * 60000 - 30000).toISOString(), permalink: 'https://social.example/@rita/1' });
  const gujiRemote = ((await expect('GET', `/v1/brands/${BRAND}/posts/${guji.id}`, undefined, 200)).targets || [])
    .map((x) => x.remoteId).find(Boolean);
  if (!gujiRemote) throw new Error('the published post has no remote id on the local network');
  await webhook(brand.webhookSecret, { network: 'local', externalId: 'e2e-on-guji', accountExternalId: 'acme-sink',
    inReplyTo: gujiRemote, author: { id: 'user-omar', handle: 'omar', name: 'Omar' }, text: 'Ordered two bags of the Guji already.',
    createdAt: new Date(Date.now() - 2 * 3600000 - 38 * 60000 - 40000).toISOString(), permalink: 'https://social.example/@omar/1' });
  await webhook(brand.webhookSecret, { network: 'local', externalId: 'e2e-kay-earlier', accountExternalId: 'acme-sink',
    author: { id: 'user-k.ray', handle: 'k.ray', name: 'Kay' }, text: 'Where is my order #4821? Still nothing after a week.',
    createdAt: new Date(Date.now() - 2 * 3600000 + 60000).toISOString(), permalink: 'https://social.example/@k.ray/earlier' });
  // Within about a minute, so an hour boundary never splits the surge below the crisis rule's minimum.
  const t0 = Date.now() - texts.length * 5000;
  for (let i = 0; i < texts.length; i++) {
    const [handle, name, text] = texts[i];
    await webhook(brand.webhookSecret, { network: 'local', externalId: `e2e-${i}`, accountExternalId: 'acme-sink',
      author: { id: `user-${handle}`, handle, name }, text, createdAt: new Date(t0 + i * 5000).toISOString(),
      permalink: `https://social.example/@${handle}/${i}` });
  }
  await idle();
  return { brand, sinkAccount, x, planned };
}

async function axe(page, screen) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) console.log(`    axe ${v.impact}: ${v.id} ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  ok(bad.length === 0, `axe-core: no serious or critical violation on ${screen}`);
}

async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

async function noHorizontalScroll(page, screen) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  ok(w <= 376, `${screen} fits 375 px (scroll width ${w})`);
}

/**
 * Which wave-2 routes this server has (the inbox and publishing routes land from other branches): a route the server
 * lacks answers 405 or "no route". With CM_E2E_REQUIRE_ALL=1 a missing one fails the run.
 */
async function probe() {
  const anyComment = (await expect('GET', `/v1/brands/${BRAND}/comments?limit=1`, undefined, 200)).items[0];
  const missing = (r) => r.status === 405 || (r.status === 404 && /no route/.test(r.text));
  const has = {
    inbox: !missing(await http('GET', `/v1/brands/${BRAND}/comments/${anyComment.id}`)),
    patchPost: !missing(await http('PATCH', `/v1/brands/${BRAND}/posts/none`, {})),
  };
  for (const [k, v] of Object.entries(has)) {
    if (!v) {
      if (process.env.CM_E2E_REQUIRE_ALL === '1') throw new Error(`FAILED: the server lacks the ${k} routes`);
      console.log(`  SKIPPED: the server lacks the ${k} routes; the console shows its degraded message there`);
    }
  }
  return has;
}

/** Reply (live count from the API; exactly one reply reaches the local network), then triage with the keyboard. */
async function triageAndReply(page, commentId) {
  const before = sinkFiles().length;
  await page.keyboard.press('r');
  ok(await page.evaluate(() => document.activeElement && document.activeElement.id === 'reply-text'), 'r focuses the reply box');
  await page.locator('.reply select').selectOption({ label: 'Late order: apology and DM (en)' });
  ok((await page.locator('#reply-text').inputValue()).startsWith('So sorry, {author}!'), 'a saved reply fills the reply box');
  await page.locator('#reply-text').press('End');
  await page.keyboard.type(' Order #4821.');
  await page.locator('#reply-count', { hasText: '/' }).waitFor();
  ok(/\d+ \/ \d+/.test(await page.locator('#reply-count').innerText()), 'the reply box counts against the network limit');
  const send = page.locator('.reply button[type=submit]');
  await send.click();
  await send.click({ timeout: 500 }).catch(() => {}); // a second click must not make a second reply
  await page.locator('.toast').waitFor();
  await idle();
  let replies = sinkFiles().length - before;
  for (let i = 0; i < 20 && replies < 1; i++) { await fireAll(); await page.waitForTimeout(500); replies = sinkFiles().length - before; }
  await fireAll();
  replies = sinkFiles().length - before;
  ok(replies === 1, `the local network received exactly one reply (got ${replies})`);
  const sent = sinkFiles().map((f) => readFileSync(join(sink, String(f)), 'utf8')).find((x) => x.includes('Order #4821.')) || '';
  ok(/So sorry, [^{]+! We have sent you a DM/.test(sent) && !sent.includes('{author}'), 'the reply went out with its placeholder filled');
  await page.locator('.reply-item', { hasText: 'Published' }).waitFor({ timeout: 25000 });
  await page.locator('#reply-text').press('Escape').catch(() => {});
  ok(true, 'the comment shows its reply as published, without a reload');
  await page.waitForTimeout(4200); // the toast fades
  await shot(page, 'inbox-replied');

  await page.locator('.detail .actions .btn.primary').waitFor();
  await page.locator('#reply-text').press('Escape');
  await page.keyboard.press('e');
  await page.locator('.toast', { hasText: 'Resolved.' }).waitFor();
  await page.waitForTimeout(500);
  const comment = await expect('GET', `/v1/brands/${BRAND}/comments/${commentId}`, undefined, 200);
  ok(comment.state === 'resolved', `e resolves the comment (state ${comment.state})`);
  await page.keyboard.press('j');
  await page.waitForFunction((id) => !location.search.includes(id), commentId);
  ok(true, 'j moves to the next comment');
}

async function reschedule(page, data) {
  const moved = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10) + 'T11:15';
  await page.locator('#post-when').fill(moved);
  await page.locator('.dialog button', { hasText: /^Move$/ }).click();
  await page.locator('.toast', { hasText: 'Rescheduled' }).waitFor();
  const post = await expect('GET', `/v1/brands/${BRAND}/posts/${data.planned.id}`, undefined, 200);
  ok(post.publishAt.startsWith(moved), `the post is rescheduled to ${moved} local time (${post.publishAt})`);
}

/**
 * The screens above ran with CSP bypassed (axe-core is injected inline). Here a second fresh browser runs the console
 * under the Content-Security-Policy it is served with, and no resource or inline style it needs is refused.
 */
async function underItsOwnCsp() {
  console.log('content security policy');
  const profile = mkdtempSync(join(tmpdir(), 'cm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 820 },
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(`${base}/console/?brand=${BRAND}`);
    await page.locator('.row').first().click();
    await page.locator('.detail .actions').waitFor();
    await page.goto(`${base}/console/?brand=${BRAND}&view=digest`);
    const chart = page.frameLocator('.digest-frame').locator('img[src^="data:image/png"]');
    await chart.waitFor({ timeout: 20000 });
    ok(await chart.evaluate((img) => img.complete && img.naturalWidth > 0), 'under its own CSP the digest chart still shows');
    const violations = await page.evaluate(() => window.__csp);
    ok(violations.length === 0, `no Content-Security-Policy violation${violations.length ? ': ' + violations.join('; ') : ''}`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  mkdirSync(shots, { recursive: true });
  const data = await seed();
  const has = await probe();
  const profile = mkdtempSync(join(tmpdir(), 'cm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/Paris',
    bypassCSP: true, // axe-core is injected as an inline script; the console itself runs under its own CSP
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const url = (q = '') => `${base}/console/?brand=${BRAND}${q}`;

    console.log('inbox');
    await page.goto(url());
    await page.locator('.row').first().waitFor();
    ok(await page.locator('.row').count() === 50, 'the deep link opens the brand inbox with its first page of 50 comments');
    await page.locator('.more button').click();
    await page.locator('.row').nth(55).waitFor();
    ok(await page.locator('.row').count() === 58 && await page.locator('.more button').count() === 0, 'Older comments reads the rest with the cursor');
    await page.locator('.row', { hasText: 'is there a decaf version too?' }).click();
    await page.locator('.detail .thread-parent').waitFor({ timeout: 10000 });
    const replyId = new URL(page.url()).searchParams.get('comment');
    ok(await page.locator('.detail .thread-parent', { hasText: 'Thanks for the quick delivery, lovely beans (39)' }).isVisible()
      && await page.locator('.detail .thread-parent', { hasText: 'Fan 39' }).isVisible(), 'a reply shows the text and author of the comment it answers');
    await axe(page, 'the inbox detail with its thread');
    await page.locator('.row', { hasText: 'Ordered two bags of the Guji already.' }).click();
    await page.locator('.detail .thread-post').waitFor({ timeout: 10000 });
    ok(await page.locator('.detail .thread-post', { hasText: 'Our autumn single-origin is here' }).isVisible()
      && await page.locator('.detail .thread-parent').count() === 0, 'a comment on our post shows the post, and no parent');
    ok(await page.locator('.row .s-negative').count() > 0, 'negative comments carry a sentiment badge');
    await page.locator('.banner.crisis').waitFor({ timeout: 15000 });
    ok(true, 'the crisis banner is shown');
    await page.locator('.row', { hasText: 'My order #4821 never arrived' }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('.detail h2').waitFor();
    ok(/comment=/.test(page.url()), 'a comment has its own link');
    ok((await page.locator('.detail .related summary').innerText()).includes('(1)'), 'the detail shows the earlier comment of the same person');
    const commentId = new URL(page.url()).searchParams.get('comment');
    if (has.inbox) await page.locator('.detail .actions').waitFor({ timeout: 10000 });
    else await page.locator('.detail .notice').waitFor();
    await shot(page, 'inbox');
    await axe(page, 'the inbox');
    if (has.inbox) await triageAndReply(page, commentId);

    console.log('calendar');
    await page.goto(url('&view=calendar'));
    await page.locator('.post-card').first().waitFor();
    await shot(page, 'calendar');
    await axe(page, 'the calendar');
    await page.locator(`[data-post="${data.planned.id}"]`).click();
    await page.locator('#post-when').waitFor();
    await axe(page, 'the post dialog');
    if (has.patchPost) await reschedule(page, data);
    await shot(page, 'post');
    await page.keyboard.press('Escape');
    await page.locator('button', { hasText: 'Pause publishing' }).click();
    await page.locator('.banner.info', { hasText: 'Publishing is paused.' }).waitFor();
    ok((await expect('GET', `/v1/brands/${BRAND}/publishing`, undefined, 200)).paused === true, 'Pause publishing pauses the brand');
    await page.locator('button', { hasText: 'Resume publishing' }).click();
    await page.locator('.toast', { hasText: 'Publishing resumed.' }).waitFor();
    ok((await expect('GET', `/v1/brands/${BRAND}/publishing`, undefined, 200)).paused === false, 'and Resume resumes it');

    console.log('composer');
    await page.goto(url('&view=compose'));
    await page.locator('.accounts-pick label', { hasText: '@acmecoffee' }).click();
    await page.locator('#compose-text').fill('Our Guji roast is back. '.repeat(14));
    await page.locator('#compose-problem .notice.error', { hasText: 'x: the text is' }).waitFor();
    const problem = await page.locator('#compose-problem').innerText();
    ok(/x: the text is \d+ weighted characters/.test(problem), `the composer shows the API's limit error (${problem.trim()})`);
    ok(await page.locator('.preview .count.over').count() === 1, 'the X preview shows its count over the limit');
    ok(await page.locator('.compose-form button[type=submit]').isDisabled(), 'the post cannot be sent while it breaks a limit');
    await shot(page, 'composer');
    await axe(page, 'the composer');

    console.log('accounts, settings');
    await page.goto(url('&view=accounts'));
    await page.locator('.account').first().waitFor();
    await shot(page, 'accounts');
    await axe(page, 'the accounts');
    await page.goto(url('&view=settings'));
    await page.locator('#watchlist').waitFor();
    ok((await page.locator('#watchlist').inputValue()).includes('Guji'), 'the settings show the watch-list');
    await shot(page, 'settings');
    await axe(page, 'the settings');

    console.log('digest');
    await page.goto(url('&view=digest'));
    await page.locator('.digest-frame').waitFor();
    const chart = page.frameLocator('.digest-frame').locator('img[src^="data:image/png"]');
    await chart.waitFor({ timeout: 20000 });
    const width = await chart.evaluate((img) => img.complete && img.naturalWidth);
    ok(width > 0, `the digest chart is visible inline (${width} px wide)`);
    await chart.scrollIntoViewIfNeeded();
    await shot(page, 'digest');
    await axe(page, 'the digest');

    console.log('french');
    await page.goto(url());
    await page.locator('.lang-btn', { hasText: 'FR' }).click();
    await page.locator('nav a', { hasText: 'Boîte de réception' }).waitFor();
    ok(await page.evaluate(() => document.documentElement.lang) === 'fr', 'the page is in French (lang="fr")');
    ok((await page.locator('#inbox-title').innerText()) === 'Boîte de réception', 'the inbox title is French');
    await page.locator('.row').first().click();
    await page.locator('.detail h2').waitFor();
    await shot(page, 'inbox-fr');
    await axe(page, 'the French inbox');
    await page.goto(url(`&comment=${encodeURIComponent(replyId)}`));
    await page.locator('.detail .thread-parent', { hasText: 'En réponse à' }).waitFor({ timeout: 10000 });
    ok(await page.locator('.detail .thread-parent', { hasText: 'lovely beans (39)' }).isVisible(), 'the thread reads in French too (En réponse à)');
    await page.locator('.lang-btn', { hasText: 'EN' }).click();

    console.log('375 px');
    const phone = await context.newPage();
    phone.on('pageerror', (e) => errors.push(e.message));
    await phone.setViewportSize({ width: 375, height: 780 });
    await phone.goto(url());
    await phone.locator('.row').first().waitFor();
    await noHorizontalScroll(phone, 'the inbox');
    await axe(phone, 'the inbox at 375 px');
    await shot(phone, 'mobile-inbox');
    await phone.locator('.row').first().click();
    await phone.locator('.detail .back').waitFor();
    await noHorizontalScroll(phone, 'a comment');
    await shot(phone, 'mobile-comment');
    for (const view of ['calendar', 'compose', 'accounts', 'settings', 'digest']) {
      await phone.goto(url(`&view=${view}`));
      await phone.locator('main h1').waitFor();
      await phone.waitForTimeout(300);
      await noHorizontalScroll(phone, `the ${view} screen`);
    }
    await axe(phone, 'the digest at 375 px');
    ok(errors.length === 0, `no script error in the page${errors.length ? ': ' + errors.join('; ') : ''}`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  await underItsOwnCsp();
  console.log(`e2e: ${checks} checks passed`);
}

main().catch((e) => { console.error(e.stack || e.message); process.exit(1); });
