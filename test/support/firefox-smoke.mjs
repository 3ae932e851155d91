// Firefox ESR smoke run over WebDriver BiDi (no extra dependency): starts Firefox headless with a
// fresh profile, installs dist-firefox/ as a temporary add-on (webExtension.install), opens the
// popup page at a fixed moz-extension UUID (pref extensions.webextensions.uuids), pastes a raw
// message; then opens a Zendesk-shaped ticket served by a local HTTPS server at the real-looking
// host acme.zendesk.com (pref network.dns.localDomains; a throwaway self-signed certificate,
// accepted through the acceptInsecureCerts capability). The page sets a session cookie
// (SameSite=Strict: the strictest a desk's session cookie could be); the server records, for every
// raw .eml read, whether that cookie came with it and which Origin / Referer / Sec-Fetch-Site the
// request carried, and answers 401 without the cookie. Then the agent's own desk domain: the same
// desk at support.example.com (a host-mapped Zendesk) is added in the options page by a real click
// (WebDriver BiDi input actions: Firefox grants optional permissions only from a user gesture;
// the prompt itself is switched off by extensions.webextOptionalPermissionPrompts), and its ticket
// must then be badged by the content script registered for it.
// Prints {verdict, headline, chip, desk: {...}, deskDomain: {...}} as JSON on stdout.
// Usage: node --experimental-websocket firefox-smoke.mjs <firefox> <dist-firefox> <eml> <gecko-id>
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { deskResponse, ticketFromMessages } from '../../scripts/demo/desk.mjs';

const [firefox, dist, emlPath, geckoId] = process.argv.slice(2);
const raw = readFileSync(emlPath, 'utf8');
const uuid = randomUUID();
const profile = mkdtempSync(join(tmpdir(), 'veil-ff-'));

// The desk: one ticket whose only comment is the message, served with a session cookie.
const DESK_HOST = 'acme.zendesk.com';
const OWN_HOST = 'support.example.com';
const session = randomBytes(12).toString('hex');
const ticket = ticketFromMessages({ id: 123, firstId: 12300, messages: [readFileSync(emlPath)] });
const emlReads = [];
const hostsAsked = new Set();
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${DESK_HOST}`, '-addext', `subjectAltName=DNS:${DESK_HOST},DNS:${OWN_HOST}`, '-keyout', join(profile, 'desk.key'), '-out', join(profile, 'desk.crt')], { stdio: 'ignore' });
const desk = createServer({ key: readFileSync(join(profile, 'desk.key')), cert: readFileSync(join(profile, 'desk.crt')) }, (req, res) => {
  const url = new URL(req.url ?? '/', `https://${req.headers.host}`);
  hostsAsked.add(url.hostname);
  const cookie = (req.headers.cookie ?? '').split(/;\s*/).includes(`_zendesk_session=${session}`);
  const headers = {};
  if (url.pathname.startsWith('/agent/')) headers['set-cookie'] = `_zendesk_session=${session}; Path=/; Secure; HttpOnly; SameSite=Strict`;
  if (/^\/audits\/\d+\/email\.eml$/.test(url.pathname)) {
    emlReads.push({ cookie, origin: req.headers.origin ?? null, secFetchSite: req.headers['sec-fetch-site'] ?? null, referer: req.headers.referer ?? null, accept: req.headers.accept ?? null });
    if (!cookie) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      return res.end('sign in');
    }
  }
  const r = deskResponse(url, { tickets: [ticket], origin: url.origin, shape: 'workspace' });
  res.writeHead(r.status, { ...headers, 'content-type': r.contentType });
  res.end(r.body);
});
await new Promise((r) => desk.listen(0, '127.0.0.1', r));
const deskPort = desk.address().port;

writeFileSync(
  join(profile, 'user.js'),
  [
    `user_pref("extensions.webextensions.uuids", ${JSON.stringify(JSON.stringify({ [geckoId]: uuid }))});`,
    // acme.zendesk.com resolves to this machine, where the desk above listens.
    `user_pref("network.dns.localDomains", "${DESK_HOST},${OWN_HOST}");`,
    // permissions.request is granted without a prompt (Firefox's own tests do this); it still
    // demands a user gesture, which the click below is.
    'user_pref("extensions.webextOptionalPermissionPrompts", false);',
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
    'user_pref("app.update.disabledForTesting", true);',
    'user_pref("browser.startup.homepage_override.mstone", "ignore");',
    'user_pref("network.captive-portal-service.enabled", false);',
    'user_pref("extensions.getAddons.cache.enabled", false);',
    'user_pref("browser.safebrowsing.update.enabled", false);',
    '',
  ].join('\n'),
);

const POPUP = `moz-extension://${uuid}/src/popup/index.html`;
// BiDi refuses to navigate a content tab to a moz-extension: URL; with system access the test opens
// it from the browser window (chrome scope) instead, as a click on the toolbar would.
const proc = spawn(firefox, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0', '--remote-allow-system-access'], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
const fail = (msg) => {
  console.log(JSON.stringify({ error: String(msg) }));
  proc.kill('SIGKILL');
  desk.close();
  rmSync(profile, { recursive: true, force: true });
  process.exit(1);
};
setTimeout(() => fail('timeout'), 100_000).unref();

const wsUrl = await new Promise((resolve) => {
  let buf = '';
  const on = (d) => {
    buf += d;
    const m = /WebDriver BiDi listening on (ws:\/\/[^\s]+)/.exec(buf);
    if (m) resolve(m[1]);
  };
  proc.stderr.on('data', on);
  proc.stdout.on('data', on);
});

const ws = new WebSocket(`${wsUrl}/session`);
await new Promise((r, j) => {
  ws.onopen = r;
  ws.onerror = j;
});
let next = 1;
const pending = new Map();
ws.onmessage = (ev) => {
  const msg = JSON.parse(ev.data);
  if (msg.id && pending.has(msg.id)) {
    const { resolve, reject } = pending.get(msg.id);
    pending.delete(msg.id);
    if (msg.type === 'error') reject(new Error(`${msg.error}: ${msg.message}`));
    else resolve(msg.result);
  }
};
const send = (method, params) =>
  new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params }));
  });

try {
  await send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
  const { extension } = await send('webExtension.install', { extensionData: { type: 'path', path: dist } });
  const { contexts } = await send('browsingContext.getTree', {});
  const context = (contexts.find((c) => c.url.startsWith('moz-extension:')) ?? contexts[0]).context;
  if (process.env.VEIL_DEBUG) console.error(JSON.stringify(contexts));
  const chrome = await send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const win = chrome.contexts[0].context;
  await send('script.evaluate', {
    target: { context: win },
    awaitPromise: false,
    expression: `gBrowser.selectedBrowser.loadURI(Services.io.newURI(${JSON.stringify(POPUP)}), { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); 1`,
  });
  await new Promise((r) => setTimeout(r, 1500));
  const res = await send('script.callFunction', {
    target: { context },
    awaitPromise: true,
    arguments: [{ type: 'string', value: raw }],
    functionDeclaration: String(async (text) => {
      const until = async (f) => {
        for (let i = 0; i < 100; i++) {
          const v = f();
          if (v) return v;
          await new Promise((r) => setTimeout(r, 100));
        }
        return null;
      };
      const ta = await until(() => document.querySelector('textarea'));
      if (!ta) return JSON.stringify({ error: 'popup did not render', href: location.href, body: document.documentElement.outerHTML.slice(0, 300) });
      ta.value = text;
      ta.dispatchEvent(new Event('input', { bubbles: true }));
      // Let preact re-render with the new value before the click reads it.
      await new Promise((r) => setTimeout(r, 300));
      const btn = [...document.querySelectorAll('button.primary')].find((b) => /^(Analyze|Analizar)$/.test(b.textContent.trim()));
      btn.click();
      const art = await until(() => document.querySelector('article.analysis') || document.querySelector('[role=alert]'));
      return JSON.stringify({
        verdict: art?.getAttribute('data-verdict') ?? null,
        headline: document.querySelector('h2.headline')?.textContent ?? null,
        chip: art?.querySelector('.chip')?.textContent ?? null,
        alert: document.querySelector('[role=alert]')?.textContent ?? null,
      });
    }),
  });
  const popupResult = JSON.parse(res.result.value);

  // The ticket in a content tab: Veil's content script reads the comment's raw .eml same-origin.
  const { context: tab } = await send('browsingContext.create', { type: 'tab' });
  await send('browsingContext.navigate', { context: tab, url: `https://${DESK_HOST}:${deskPort}/agent/tickets/123`, wait: 'complete' });
  const badge = await send('script.evaluate', {
    target: { context: tab },
    awaitPromise: true,
    expression: `(async () => {
      for (let i = 0; i < 200; i++) {
        const b = document.querySelector('[data-veil-verdict]');
        if (b && b.getAttribute('data-veil-state') !== 'loading') return JSON.stringify({ verdict: b.getAttribute('data-veil-verdict'), state: b.getAttribute('data-veil-state') });
        await new Promise((r) => setTimeout(r, 100));
      }
      return JSON.stringify({ verdict: null, articles: document.querySelectorAll('article').length });
    })()`,
  });
  const deskResult = { ...JSON.parse(badge.result.value), emlReads: [...emlReads], hostsAsked: [...hostsAsked] };

  // The agent's own desk domain, added in the options page with a real click.
  const ownOrigin = `https://${OWN_HOST}:${deskPort}`;
  const OPTIONS = `moz-extension://${uuid}/src/options/index.html`;
  await send('script.evaluate', {
    target: { context: win },
    awaitPromise: false,
    expression: `gBrowser.selectedBrowser.loadURI(Services.io.newURI(${JSON.stringify(OPTIONS)}), { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); 1`,
  });
  await new Promise((r) => setTimeout(r, 1500));
  const optionsContext = (await send('browsingContext.getTree', {})).contexts.find((c) => c.url.startsWith(OPTIONS))?.context;
  if (!optionsContext) throw new Error('the options page did not open');
  const typed = await send('script.callFunction', {
    target: { context: optionsContext },
    awaitPromise: true,
    arguments: [{ type: 'string', value: ownOrigin }],
    functionDeclaration: String(async (address) => {
      for (let i = 0; i < 100 && !document.querySelector('#o-desk'); i++) await new Promise((r) => setTimeout(r, 100));
      const input = document.querySelector('#o-desk');
      input.value = address;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 300));
      // A click from script is no user gesture: Firefox refuses permissions.request for it.
      const button = input.nextElementSibling;
      button.click();
      await new Promise((r) => setTimeout(r, 500));
      // In view, so the real click below can reach it.
      button.scrollIntoView({ block: 'center' });
      return button;
    }),
  });
  const scriptClickLine = (
    await send('script.evaluate', { target: { context: optionsContext }, awaitPromise: false, expression: `document.querySelector('[data-desk-line]').textContent` })
  ).result.value;
  await send('input.performActions', {
    context: optionsContext,
    actions: [
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId: typed.result.sharedId } } },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ],
  });
  const line = await send('script.evaluate', {
    target: { context: optionsContext },
    awaitPromise: true,
    expression: `(async () => {
      for (let i = 0; i < 100; i++) {
        const t = document.querySelector('[data-desk-line]').textContent;
        if (t && t !== ${JSON.stringify(scriptClickLine)}) return t;
        await new Promise((r) => setTimeout(r, 100));
      }
      return document.querySelector('[data-desk-line]').textContent;
    })()`,
  });
  emlReads.length = 0;
  hostsAsked.clear();
  const { context: own } = await send('browsingContext.create', { type: 'tab' });
  await send('browsingContext.navigate', { context: own, url: `${ownOrigin}/agent/tickets/123`, wait: 'complete' });
  const ownBadge = await send('script.evaluate', {
    target: { context: own },
    awaitPromise: true,
    expression: `(async () => {
      for (let i = 0; i < 200; i++) {
        const b = document.querySelector('[data-veil-verdict]');
        if (b && b.getAttribute('data-veil-state') !== 'loading') return b.getAttribute('data-veil-verdict');
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    })()`,
  });
  const deskDomain = { scriptClickLine, line: line.result.value, verdict: ownBadge.result.value, emlReads: emlReads.length, hostsAsked: [...hostsAsked] };
  console.log(JSON.stringify({ extension, ...popupResult, desk: deskResult, deskDomain }));
  await send('browser.close', {}).catch(() => undefined);
} catch (e) {
  fail(e);
}
proc.kill('SIGTERM');
desk.close();
rmSync(profile, { recursive: true, force: true });
process.exit(0);
