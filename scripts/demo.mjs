// The local demo help desk (`npm start` runs this when a display exists): Chromium with the built
// extension, a Zendesk-shaped ticket per bundled sample at https://acme.zendesk.com/agent/tickets/…,
// all served in-process by context.route() — nothing goes to the network.
//   node scripts/demo.mjs                    open the desk in a window (close it to finish)
//   node scripts/demo.mjs --check [PNG]      headless: wait for every badge, print the verdicts,
//                                            save a screenshot (default test-results/demo-desk.png)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { DESK_ORIGIN, routeDesk, sampleTickets } from './demo/desk.mjs';

const check = process.argv.includes('--check');
const shot = resolve(process.argv[process.argv.indexOf('--check') + 1]?.endsWith('.png') ? process.argv[process.argv.indexOf('--check') + 1] : 'test-results/demo-desk.png');
const dist = resolve('dist');
const userDataDir = mkdtempSync(join(tmpdir(), 'veil-demo-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: check,
  ignoreDefaultArgs: ['--disable-extensions'],
  args: [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`, '--no-first-run', ...(check ? ['--no-sandbox'] : [])],
  viewport: check ? { width: 1280, height: 900 } : null,
});
// Anything not served by the desk is refused: the demo works offline and proves nothing leaves.
await context.route(/^https?:\/\//, (route) => route.abort('blockedbyclient'));
const tickets = sampleTickets(resolve('samples'));
await routeDesk(context, { tickets });
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`${DESK_ORIGIN}/agent/tickets/1001`);

if (check) {
  const emails = tickets[0].comments.filter((c) => c.channel === 'email');
  await page.waitForFunction((n) => document.querySelectorAll('[data-veil-verdict]').length >= n, emails.length, { timeout: 60_000 });
  for (const c of emails) {
    const verdict = await page.getAttribute(`[data-e2e-comment="${c.id}"] [data-veil-badge]`, 'data-veil-verdict');
    console.log(`${verdict?.padEnd(22)} ${c.body}`);
  }
  mkdirSync(dirname(shot), { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`screenshot: ${shot}`);
  await context.close();
} else {
  console.log(`Demo help desk: ${DESK_ORIGIN}/agent/tickets/1001 (close the browser window to finish)`);
  await new Promise((done) => context.on('close', done));
}
rmSync(userDataDir, { recursive: true, force: true });
