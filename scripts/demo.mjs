// The local demo help desk (`npm start` runs this when a display exists): Chromium with the built
// extension, a Zendesk-shaped ticket per bundled sample at https://acme.zendesk.com/agent/tickets/…,
// all served in-process by context.route() — nothing goes to the network.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { DESK_ORIGIN, routeDesk, sampleTickets } from './demo/desk.mjs';

const dist = resolve('dist');
const userDataDir = mkdtempSync(join(tmpdir(), 'veil-demo-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: false,
  ignoreDefaultArgs: ['--disable-extensions'],
  args: [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`, '--no-first-run'],
  viewport: null,
});
// Anything not served by the desk is refused: the demo works offline and proves nothing leaves.
await context.route(/^https?:\/\//, (route) => route.abort('blockedbyclient'));
await routeDesk(context, { tickets: sampleTickets(resolve('samples')) });
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`${DESK_ORIGIN}/agent/tickets/1001`);
console.log(`Demo help desk: ${DESK_ORIGIN}/agent/tickets/1001 (close the browser window to finish)`);
await new Promise((done) => context.on('close', done));
rmSync(userDataDir, { recursive: true, force: true });
