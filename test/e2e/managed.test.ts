/**
 * Managed settings through Chromium's own enterprise policy (issue 12): a policy file in
 * /etc/chromium/policies/managed/ (where Debian's Chromium reads managed policies on Linux) sets, in
 * its "3rdparty" → "extensions" → "<id>" part, the language, the support addresses and a desk for
 * this build of Veil. storage.managed gets them (checked against public/managed_schema.json), the
 * analysis speaks the organisation's language, and the options page shows them read-only.
 *
 * The file names only this build's extension id (its unpacked path), so no other Chromium or
 * extension on the machine is affected, and it is removed afterwards. It needs root (or a writable
 * /etc/chromium/policies/managed); otherwise the test is skipped and test/ext/desks.test.ts covers the
 * same logic through a fake storage.managed.
 */
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_ORIGIN, routeDesk, ticketFromMessages } from '../../scripts/demo/desk.mjs';
import { launchExtension, saveScreenshot, unpackedExtensionId, type LaunchedExtension } from '../support/extension';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';
import { ui } from '../../src/core/i18n/ui';

declare const chrome: any;

const POLICY_DIR = '/etc/chromium/policies/managed';

function canWritePolicies(): boolean {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const writable = canWritePolicies();
const ZAMMAD = 'https://zammad.example.org';
const POLICY = { lang: 'es', writtenTo: ['help@acme.example'], authservIds: ['mx.acme.example'], desks: [ZAMMAD, 'not a url'], sites: { gmail: false } };

describe.skipIf(!writable)('managed settings from a Chromium enterprise policy', () => {
  const id = unpackedExtensionId();
  const file = join(POLICY_DIR, `veil-e2e-${id}.json`);
  let ext: LaunchedExtension;
  beforeAll(async () => {
    writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [id]: POLICY } } }));
    ext = await launchExtension();
    expect(ext.extensionId).toBe(id);
    await routeDesk(ext.context, { tickets: [ticketFromMessages({ id: 123, firstId: 12300, messages: [sampleBytes(SAMPLES.relay)] })] });
  });
  afterAll(async () => {
    await ext?.close();
    rmSync(file, { force: true });
  });

  it('storage.managed holds the policy, as the schema allows it', async () => {
    let managed: Record<string, unknown> = {};
    for (let i = 0; i < 50 && !managed.lang; i++) {
      managed = await ext.worker.evaluate(() => chrome.storage.managed.get(null));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(managed).toEqual(POLICY);
  });

  it('the analysis speaks the organisation’s language', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${DESK_ORIGIN}/agent/tickets/123`);
    await page.locator('[data-e2e-comment="12300"] [data-veil-verdict]').waitFor({ state: 'attached', timeout: 20_000 });
    const tabId = await ext.worker.evaluate(async (u) => (await chrome.tabs.query({ url: `${u}/*` }))[0].id, DESK_ORIGIN);
    const state = await ext.worker.evaluate(async (t) => (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`], tabId);
    expect(state.entries[0].analysis.explanation.lang).toBe('es');
    await page.close();
  });

  it('the options page shows the managed values read-only, with a line saying so, and the organisation’s desk waiting for one click', async () => {
    const options = await ext.openPage('src/options/index.html');
    await options.locator('h1').filter({ hasText: ui('es', 'options.title') }).waitFor();
    expect(await options.locator('.managed').first().textContent()).toBe(ui('es', 'options.managedIntro'));
    expect(await options.locator('#o-lang-select').isDisabled()).toBe(true);
    expect(await options.locator('#o-written').inputValue()).toBe('help@acme.example');
    expect(await options.locator('#o-written').getAttribute('readonly')).not.toBeNull();
    expect(await options.locator('#o-authserv').inputValue()).toBe('mx.acme.example');
    const desk = options.locator(`[data-desk="${ZAMMAD}"]`);
    await desk.waitFor();
    expect(await desk.textContent()).toContain(ui('es', 'options.deskNotAllowed'));
    expect(await desk.textContent()).toContain(ui('es', 'options.managed'));
    expect(await desk.getByRole('button', { name: ui('es', 'options.removeItem', { item: ZAMMAD }) }).count()).toBe(0);
    expect(await desk.getByRole('button', { name: ui('es', 'options.deskAllowItem', { item: ZAMMAD }) }).count()).toBe(1);
    await saveScreenshot(options, 'options-managed');
    await options.close();
  });
});
