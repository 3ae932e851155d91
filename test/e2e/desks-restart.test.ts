/**
 * What survives what, measured in Chromium (issue 12): a desk added once must keep working after a
 * browser restart and after an extension update, with no click. Chromium keeps registered content
 * scripts across restarts (persistAcrossSessions) but drops them on an update (crbug.com/1343367),
 * while the granted origin stays; Veil registers them again from its stored list on
 * runtime.onInstalled and onStartup. The extension is loaded from a copy of dist/ so the test can
 * raise its version between two launches of the same profile, which Chromium treats as an update.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskResponse, ticketFromMessages } from '../../scripts/demo/desk.mjs';
import { DIST, grantHost, launchExtension, type LaunchedExtension } from '../support/extension';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';
import { ui } from '../../src/core/i18n/ui';

declare const chrome: any;

const DESK = 'https://support.example.com';
const TICKET = ticketFromMessages({ id: 123, firstId: 12300, messages: [sampleBytes(SAMPLES.smime), sampleBytes(SAMPLES.relay)] });

describe('a desk survives a browser restart and an extension update (Chromium)', () => {
  const work = mkdtempSync(join(tmpdir(), 'veil-restart-'));
  const dist = join(work, 'dist');
  const profile = join(work, 'profile');
  let ext: LaunchedExtension | undefined;

  async function launch(): Promise<LaunchedExtension> {
    ext = await launchExtension({ dist, userDataDir: profile });
    await ext.context.route(`${DESK}/**`, (route) => route.fulfill(deskResponse(new URL(route.request().url()), { tickets: [TICKET], origin: DESK })));
    return ext;
  }

  /** The desk's registration, once the extension has started (Chromium restores or Veil re-registers it within a few seconds). */
  async function registration(e: LaunchedExtension): Promise<string[][]> {
    let got: string[][] = [];
    for (let i = 0; i < 100 && got.length === 0; i++) {
      got = (await e.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).map((s: any) => s.matches);
      if (got.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    return got;
  }

  async function badged(e: LaunchedExtension): Promise<(string | null)[]> {
    const page = await e.context.newPage();
    await page.goto(`${DESK}/agent/tickets/123`);
    const out: (string | null)[] = [];
    for (const id of [12300, 12302]) {
      const host = page.locator(`[data-e2e-comment="${id}"] [data-veil-verdict]`);
      await host.waitFor({ state: 'attached', timeout: 20_000 });
      out.push(await host.getAttribute('data-veil-verdict'));
    }
    await page.close();
    return out;
  }

  beforeAll(() => {
    cpSync(DIST, dist, { recursive: true });
  });
  afterAll(async () => {
    await ext?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** One launch of the profile, closed whatever happens (a second launch needs the profile free). */
  async function session(body: (e: LaunchedExtension) => Promise<void>): Promise<void> {
    const e = await launch();
    try {
      await body(e);
    } finally {
      await e.close();
      ext = undefined;
    }
  }

  it('added once in the options page', () =>
    session(async (e) => {
      await grantHost(e, `${DESK}/*`);
      const options = await e.openPage('src/options/index.html');
      await options.locator('#o-desk').fill(DESK);
      await options.getByRole('button', { name: ui('en', 'options.deskAdd'), exact: true }).click();
      await options.locator('[data-desk-line]').filter({ hasText: ui('en', 'desk.added', { origin: DESK }) }).waitFor();
      expect(await badged(e)).toEqual([SAMPLES.smime.verdict, SAMPLES.relay.verdict]);
    }));

  it('after a browser restart: still registered, still badged', () =>
    session(async (e) => {
      expect(await registration(e)).toEqual([[`${DESK}/*`]]);
      expect(await badged(e)).toEqual([SAMPLES.smime.verdict, SAMPLES.relay.verdict]);
    }));

  it('after an extension update (a new version of the same extension): registered again by itself, badged', async () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
    manifest.version = manifest.version.replace(/\d+$/, (n: string) => String(Number(n) + 1));
    writeFileSync(join(dist, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await session(async (e) => {
      expect(await e.worker.evaluate(() => chrome.runtime.getManifest().version)).toBe(manifest.version);
      expect(await e.worker.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), DESK)).toBe(true);
      expect(await registration(e)).toEqual([[`${DESK}/*`]]);
      expect(await badged(e)).toEqual([SAMPLES.smime.verdict, SAMPLES.relay.verdict]);
    });
  });
});
