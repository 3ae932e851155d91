// Firefox ESR smoke run over WebDriver BiDi (no extra dependency): starts Firefox headless with a
// fresh profile, installs dist-firefox/ as a temporary add-on (webExtension.install), opens the
// popup page at a fixed moz-extension UUID (pref extensions.webextensions.uuids), pastes a raw
// message and prints {verdict, headline, chip} as JSON on stdout.
// Usage: node --experimental-websocket firefox-smoke.mjs <firefox> <dist-firefox> <eml> <gecko-id>
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

const [firefox, dist, emlPath, geckoId] = process.argv.slice(2);
const raw = readFileSync(emlPath, 'utf8');
const uuid = randomUUID();
const profile = mkdtempSync(join(tmpdir(), 'veil-ff-'));
writeFileSync(
  join(profile, 'user.js'),
  [
    `user_pref("extensions.webextensions.uuids", ${JSON.stringify(JSON.stringify({ [geckoId]: uuid }))});`,
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
  rmSync(profile, { recursive: true, force: true });
  process.exit(1);
};
setTimeout(() => fail('timeout'), 90_000).unref();

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
  await send('session.new', { capabilities: {} });
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
  console.log(JSON.stringify({ extension, ...JSON.parse(res.result.value) }));
  await send('browser.close', {}).catch(() => undefined);
} catch (e) {
  fail(e);
}
proc.kill('SIGTERM');
rmSync(profile, { recursive: true, force: true });
process.exit(0);
