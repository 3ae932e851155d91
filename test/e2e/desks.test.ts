/**
 * The agent's own desk domains in real Chromium (issue 12): a host-mapped Zendesk at
 * https://support.example.com/agent/tickets/123 and a Zammad at https://zammad.example.org/#ticket/zoom/7,
 * both served by context.route(). Nothing runs there at install; once the browser grants the origin
 * and the agent adds it in the options page, the registered content script badges the open tab and
 * every new one, with the adapter the page shows (Zendesk by its agent app, Zammad by its app), and
 * no request goes anywhere but the desk's own origin. Removing a desk unregisters the script and
 * gives the permission back.
 *
 * The grant: headless Chromium cannot answer the prompt permissions.request opens, so the test grants
 * the host as Chromium's own UI does (chrome://extensions › Site access › add a site, grantHost);
 * permissions.request then resolves true at once and the options page's flow runs unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { deskResponse, ticketFromMessages } from '../../scripts/demo/desk.mjs';
import { grantHost, launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';
import { TICKET7_VERDICTS, zammadResponse } from '../support/zammad-api';
import { ui } from '../../src/core/i18n/ui';

// Evaluated inside the extension's service worker, where the chrome.* API exists.
declare const chrome: any;

const DESK = 'https://support.example.com';
const ZAMMAD = 'https://zammad.example.org';
const ORDER = [SAMPLES.smime, SAMPLES.pgp, SAMPLES.relay, SAMPLES.plain];
const TICKET = ticketFromMessages({ id: 123, firstId: 12300, messages: ORDER.map(sampleBytes), note: 'Asked the customer to resend without encryption.' });

async function zendeskVerdicts(page: Page): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const [i] of ORDER.entries()) {
    const host = page.locator(`[data-e2e-comment="${12300 + i * 2}"] [data-veil-verdict]`);
    await host.waitFor({ state: 'attached', timeout: 20_000 });
    out.push(await host.getAttribute('data-veil-verdict'));
  }
  return out;
}

async function zammadVerdicts(page: Page): Promise<Record<string, string | null>> {
  await page.locator('.ticket-article-item[data-id="76"] [data-veil-verdict]').waitFor({ state: 'attached', timeout: 20_000 });
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('#content_permanent_Ticket-7 .ticket-article-item')].map((el) => [
        el.getAttribute('data-id'),
        el.querySelector('[data-veil-verdict]')?.getAttribute('data-veil-verdict') ?? null,
      ]),
    ),
  );
}

/** The options page's own flow: type the address, click "Use Veil on this site", read the line it shows. */
async function addInOptions(ext: LaunchedExtension, address: string): Promise<string> {
  const options = await ext.openPage('src/options/index.html');
  await options.locator('#o-desk').fill(address);
  await options.getByRole('button', { name: ui('en', 'options.deskAdd'), exact: true }).click();
  const line = options.locator('[data-desk-line]');
  await line.filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 });
  const text = (await line.textContent()) ?? '';
  await saveScreenshot(options, `options-desk-${new URL(address.includes('://') ? address : `https://${address}`).hostname}`);
  await options.close();
  return text;
}

describe('the agent’s own desk domains (host-mapped Zendesk, Zammad) in Chromium', () => {
  let ext: LaunchedExtension;
  beforeAll(async () => {
    ext = await launchExtension();
    await ext.context.route(`${DESK}/**`, (route) => route.fulfill(deskResponse(new URL(route.request().url()), { tickets: [TICKET], origin: DESK, shape: 'workspace' })));
    await ext.context.route(`${ZAMMAD}/**`, (route) => route.fulfill(zammadResponse(new URL(route.request().url()))));
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('does nothing on a desk the agent has not added: no access at install, no script, no request', async () => {
    expect(await ext.worker.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), DESK)).toBe(false);
    expect(await ext.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    const page = await ext.context.newPage();
    await page.goto(`${DESK}/agent/tickets/123`);
    await page.locator('[data-e2e-comment="12306"]').waitFor({ state: 'attached' });
    await page.waitForTimeout(2500);
    expect(await page.locator('[data-veil-badge]').count()).toBe(0);
    await page.close();
    // The page's own requests only: Veil asked the API nothing.
    expect(ext.requests.all.filter((r) => r.url.includes('/email.eml'))).toEqual([]);
  });

  it('host-mapped Zendesk: once granted and added, the open tab and every new one are badged', async () => {
    const open = await ext.context.newPage();
    await open.goto(`${DESK}/agent/tickets/123`);
    await open.locator('[data-e2e-comment="12306"]').waitFor({ state: 'attached' });

    await grantHost(ext, `${DESK}/*`);
    expect(await addInOptions(ext, 'support.example.com/agent/tickets/123')).toBe(ui('en', 'desk.added', { origin: DESK }));
    expect(await ext.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toMatchObject([
      { id: 'veil-desks', js: ['src/content/index.js'], matches: [`${DESK}/*`], persistAcrossSessions: true },
    ]);

    // The tab that was already open gets the script at once; no reload needed.
    expect(await zendeskVerdicts(open)).toEqual(ORDER.map((s) => s.verdict));
    expect(await open.locator('[data-e2e-comment="12301"] [data-veil-badge]').count()).toBe(0);
    await saveScreenshot(open, 'desk-host-mapped-zendesk');
    await open.close();

    const fresh = await ext.context.newPage();
    await fresh.goto(`${DESK}/agent/tickets/123`);
    expect(await zendeskVerdicts(fresh)).toEqual(ORDER.map((s) => s.verdict));
    expect(await fresh.locator('[data-veil-badge]').count()).toBe(ORDER.length);
    await fresh.close();
  });

  it('Zammad: badges each email article by its id, none on the internal note; the popup lists and diagnoses them', async () => {
    await grantHost(ext, `${ZAMMAD}/*`);
    expect(await addInOptions(ext, ZAMMAD)).toBe(ui('en', 'desk.added', { origin: ZAMMAD }));
    const page = await ext.context.newPage();
    await page.goto(`${ZAMMAD}/#ticket/zoom/7`);
    expect(await zammadVerdicts(page)).toEqual({ '71': TICKET7_VERDICTS[71], '72': null, '73': TICKET7_VERDICTS[73], '74': TICKET7_VERDICTS[74], '75': 'plain', '76': 'plain' });
    expect(await page.locator('#content_permanent_Ticket-3 [data-veil-badge]').count()).toBe(0);
    await saveScreenshot(page, 'desk-zammad');

    const tabId = await ext.worker.evaluate(async (u) => (await chrome.tabs.query({ url: `${u}/*` }))[0].id, ZAMMAD);
    let state: any = null;
    for (let i = 0; i < 200 && !(state?.entries?.length === 6 && state.entries.every((e: any) => e.analysis)); i++) {
      state = await ext.worker.evaluate(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`], tabId);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state.diagnostics).toMatchObject({ site: 'zammad', shape: 'zammad-zoom', thread: '7', listed: 7, withRaw: 6 });
    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await popup.locator('details.diag').waitFor();
    const chips = await popup.locator('.entries .chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    expect(chips).toEqual([71, 73, 74, 75, 76, 77].map((id) => TICKET7_VERDICTS[id]));
    const diag = await popup.locator('.diag-lines li').allTextContents();
    expect(diag).toContain(ui('en', 'popup.diag.recognised', { site: 'Zammad', shape: ui('en', 'popup.shape.zammad-zoom') }));
    expect(diag).toContain(ui('en', 'popup.diag.listed', { site: 'Zammad', listed: 7, withRaw: 6, placed: 5 }));
    expect(await popup.locator('.entries .entry-where').allTextContents()).toEqual([ui('en', 'popup.notPlaced', { reason: ui('en', 'popup.unplaced.not-shown') })]);
    // On a desk Veil already reads, the popup offers nothing more.
    expect(await popup.locator('.desk-offer').count()).toBe(0);
    await saveScreenshot(popup, 'popup-desk-zammad');
    await popup.close();
    await page.close();

    // The new desktop view of the same desk: badges on article#article-{id}, not on the "load more" row.
    const desktop = await ext.context.newPage();
    await desktop.goto(`${ZAMMAD}/desktop/tickets/7`);
    await desktop.locator('#article-76 [data-veil-verdict]').waitFor({ state: 'attached', timeout: 20_000 });
    const badges = await desktop.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('section[role="feed"] > article')].map((a) => [a.id, a.querySelector('[data-veil-verdict]')?.getAttribute('data-veil-verdict') ?? null])),
    );
    expect(badges).toEqual({
      'article-71': TICKET7_VERDICTS[71],
      'article-more': null,
      'article-72': null,
      'article-73': TICKET7_VERDICTS[73],
      'article-74': TICKET7_VERDICTS[74],
      'article-75': 'plain',
      'article-76': 'plain',
    });
    await saveScreenshot(desktop, 'desk-zammad-desktop-view');
    await desktop.close();
  });

  it('removing a desk unregisters its script and gives the browser’s permission back', async () => {
    const options = await ext.openPage('src/options/index.html');
    const row = options.locator(`[data-desk="${ZAMMAD}"]`);
    await row.getByRole('button', { name: ui('en', 'options.removeItem', { item: ZAMMAD }) }).click();
    await options.locator('[data-desk-line]').filter({ hasText: ui('en', 'desk.removed', { origin: ZAMMAD }) }).waitFor();
    await options.close();
    expect(await ext.worker.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), ZAMMAD)).toBe(false);
    expect((await ext.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()))[0].matches).toEqual([`${DESK}/*`]);
    const page = await ext.context.newPage();
    await page.goto(`${ZAMMAD}/#ticket/zoom/7`);
    await page.locator('.ticket-article-item[data-id="76"]').waitFor({ state: 'attached' });
    await page.waitForTimeout(2500);
    expect(await page.locator('[data-veil-badge]').count()).toBe(0);
    await page.close();
  });

  it('sent no request to any host but the desks’ own', () => {
    expect(ext.requests.hosts()).toEqual(['support.example.com', 'zammad.example.org']);
    const paths = ext.requests.all.map((r) => new URL(r.url).pathname);
    expect(paths).toContain('/api/v2/tickets/123/comments.json');
    expect(paths).toContain('/api/v1/ticket_articles/by_ticket/7');
    expect(paths).toContain('/api/v1/ticket_article_plain/71');
  });
});
