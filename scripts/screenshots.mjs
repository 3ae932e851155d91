// `npm run screenshots`: the store screenshots (1280×800 PNG, what the Chrome Web Store takes and
// addons.mozilla.org accepts) in English and Spanish, from the local demo help desk that `npm start`
// opens (scripts/demo/): the badges on a ticket, the explanation panel, and the toolbar popup.
// Needs the built extension (npm run build) and Chromium; run it under the shared lock when other
// browser jobs may run (`flock /tmp/veil-heavy.lock npm run screenshots`). Writes store/screenshots/<lang>/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { DESK_ORIGIN, routeDesk, ticketFromMessages } from './demo/desk.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'store/screenshots');
const SIZE = { width: 1280, height: 800 };

/** The demo ticket: what a support queue meets, from the bundled samples (samples/README.md). */
const SAMPLES = ['smime-encrypted.eml', 'firefox-relay-reply.eml', 'proofpoint-secure-message.eml', 'plain-with-tls.eml', 'pgp-mime-encrypted.eml'];
/** The help desk's own words (the ticket's subject and the agent's note) in the screenshot's language. */
const DESK_TEXT = {
  en: { subject: 'Invoice 4711: customer cannot read our answers', note: 'Customer writes from several addresses. Check before replying.' },
  es: { subject: 'Factura 4711: el cliente no puede leer nuestras respuestas', note: 'El cliente escribe desde varias direcciones. Revisar antes de responder.' },
};
const ticketFor = (lang) => ticketFromMessages({ id: 4821, ...DESK_TEXT[lang], messages: SAMPLES.map((f) => readFileSync(join(ROOT, 'samples', f))) });

async function shoot(lang) {
  const ticket = ticketFor(lang);
  const userDataDir = mkdtempSync(join(tmpdir(), 'veil-shots-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [`--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`, '--no-sandbox', '--disable-gpu', '--no-first-run', `--lang=${lang}`],
    locale: lang,
    viewport: SIZE,
    deviceScaleFactor: 1,
  });
  try {
    // Offline: anything the desk does not serve is refused.
    await context.route(/^https?:\/\//, (route) => route.abort('blockedbyclient'));
    await routeDesk(context, { tickets: [ticket] });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const extensionId = new URL(worker.url()).host;
    await worker.evaluate((l) => globalThis.chrome.storage.local.set({ settings: { lang: l } }), lang);

    const desk = context.pages()[0] ?? (await context.newPage());
    await desk.goto(`${DESK_ORIGIN}/agent/tickets/${ticket.id}`);
    await desk.waitForFunction((n) => document.querySelectorAll('[data-veil-verdict]').length >= n, SAMPLES.length, { timeout: 60_000 });
    await desk.waitForTimeout(500);
    const dir = join(OUT, lang);
    mkdirSync(dir, { recursive: true });
    await desk.screenshot({ path: join(dir, '1-badges.png') });

    // The panel: the S/MIME message's badge, clicked as an agent would.
    await desk.locator('[data-veil-verdict="smime-encrypted"]').first().click();
    await desk.locator('[data-veil-panel]').waitFor({ timeout: 20_000 });
    await desk.waitForTimeout(400);
    await desk.screenshot({ path: join(dir, '2-panel.png') });
    await desk.keyboard.press('Escape');

    // The popup, as the toolbar opens it for this tab, on the relay message; laid over the desk.
    const tabId = await worker.evaluate(async (url) => (await globalThis.chrome.tabs.query({ url }))[0].id, desk.url());
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 400, height: 760 });
    await popup.goto(`chrome-extension://${extensionId}/src/popup/index.html?tab=${tabId}`);
    await popup.locator('.entries').waitFor({ timeout: 20_000 });
    const list = await popup.screenshot({ clip: { x: 0, y: 0, width: 400, height: 760 } });
    await popup.locator('.entries button', { has: popup.locator('.chip[data-verdict="relay-masked"]') }).click();
    await popup.locator('article.analysis').waitFor();
    await popup.waitForTimeout(300);
    const relay = await popup.screenshot({ clip: { x: 0, y: 0, width: 400, height: 760 } });
    await popup.close();
    const backdrop = await desk.screenshot();
    await compose(context, join(dir, '3-popup.png'), backdrop, [list, relay]);
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** The desk, dimmed, with the popup's two views side by side where the toolbar would open them. */
async function compose(context, path, backdrop, shots) {
  const page = await context.newPage();
  await page.setViewportSize(SIZE);
  const img = (b) => `data:image/png;base64,${b.toString('base64')}`;
  const popups = shots.map((s) => `<img class="popup" src="${img(s)}" alt="">`).join('');
  await page.setContent(
    `<!doctype html><style>
      body{margin:0;width:${SIZE.width}px;height:${SIZE.height}px;overflow:hidden;position:relative;font:14px system-ui}
      .desk{position:absolute;inset:0;width:100%;filter:brightness(.55) blur(1px)}
      .row{position:absolute;top:20px;right:28px;display:flex;gap:24px}
      .popup{width:400px;height:760px;border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.55);background:#fff}
    </style><img class="desk" src="${img(backdrop)}" alt=""><div class="row">${popups}</div>`,
  );
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  writeFileSync(path, await page.screenshot());
  await page.close();
}

for (const lang of ['en', 'es']) {
  await shoot(lang);
  console.log(`store/screenshots/${lang}/: 1-badges.png 2-panel.png 3-popup.png`);
}
