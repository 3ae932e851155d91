/**
 * The built extension on a Zendesk-shaped agent workspace at the real host name: the page, its
 * comments API and each comment's raw .eml are served by context.route(); the messages are real
 * ones from ../shared/corpora. Every email comment must get the badge of its verdict, the internal
 * note none, a ticket switch without reload must badge the new ticket, and no request may leave
 * acme.zendesk.com.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESK_ORIGIN, routeDesk, ticketFromMessages } from '../../scripts/demo/desk.mjs';
import { launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';

const ORDER = [SAMPLES.smime, SAMPLES.pgp, SAMPLES.relay, SAMPLES.plain];
// Ticket 123: the four messages as email comments 12300, 12302, ...; an internal note 12301.
const T123 = ticketFromMessages({ id: 123, firstId: 12300, messages: ORDER.map(sampleBytes), note: 'Asked the customer to resend without encryption.' });
// Ticket 124: a relayed message, then the plain one.
const T124 = ticketFromMessages({ id: 124, firstId: 12400, messages: [SAMPLES.relay, SAMPLES.plain].map(sampleBytes) });

// Evaluated inside the extension's service worker, where the chrome.* API exists.
declare const chrome: any;

async function badgeOf(page: Page, commentId: number): Promise<string | null> {
  const host = page.locator(`[data-e2e-comment="${commentId}"] [data-veil-verdict]`);
  await host.waitFor({ state: 'attached', timeout: 20_000 });
  return host.getAttribute('data-veil-verdict');
}

describe('Zendesk agent workspace', () => {
  let ext: LaunchedExtension;
  let page: Page;
  beforeAll(async () => {
    ext = await launchExtension();
    // Pagination on: 2 comments per page, so the content script must follow next_page.
    await routeDesk(ext.context, { tickets: [T123, T124], perPage: 2 });
    page = await ext.context.newPage();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('badges every email comment with its verdict, and the internal note not at all', async () => {
    await page.goto(`${DESK_ORIGIN}/agent/tickets/123`);
    const got: Record<number, string | null> = {};
    for (const [i, s] of ORDER.entries()) {
      got[12300 + i * 2] = await badgeOf(page, 12300 + i * 2);
      expect(got[12300 + i * 2], s.path).toBe(s.verdict);
    }
    expect(got[12306]).toBe('plain');
    expect(await page.locator('[data-e2e-comment="12301"] [data-veil-badge]').count()).toBe(0);
    expect(await page.locator('[data-veil-badge]').count()).toBe(4);
    // The badge sits in the sender line; the comment's own text is untouched.
    const sender = page.locator('[data-e2e-comment="12300"] [data-test-id="omni-log-item-sender"]');
    expect(await sender.locator('[data-veil-badge]').count()).toBe(1);
    expect(await page.locator('[data-e2e-comment="12300"] [data-test-id="omni-log-item-message"]').textContent()).toBe(
      T123.comments[0]!.body,
    );
    await saveScreenshot(page, 'zendesk-ticket-badged');
    // Readable in dark mode too (the badge follows prefers-color-scheme, as the host page does).
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'zendesk-ticket-badged-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('opens the explanation panel from a badge with the keyboard and closes it with Escape', async () => {
    const badge = page.locator('[data-e2e-comment="12304"] [data-veil-badge]');
    await badge.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('[data-veil-panel]');
    await panel.waitFor({ state: 'visible' });
    await saveScreenshot(page, 'zendesk-ticket-panel');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
  });

  it('follows the single-page app to another ticket', async () => {
    await page.click('a[data-ticket-link="124"]');
    expect(new URL(page.url()).pathname).toBe('/agent/tickets/124');
    expect(await badgeOf(page, 12400)).toBe(SAMPLES.relay.verdict);
    expect(await badgeOf(page, 12402)).toBe('plain');
    expect(await page.locator('[data-veil-badge]').count()).toBe(2);
    // And back: the first ticket is badged again.
    await page.goBack();
    expect(await badgeOf(page, 12302)).toBe(SAMPLES.pgp.verdict);
    await page.locator('[data-side-conversations-anchor-id="123"] [data-veil-verdict]').nth(3).waitFor({ state: 'attached' });
    expect(await page.locator('[data-veil-badge]').count()).toBe(4);
  });

  it('puts no badge on a site the agent switched off in the options', async () => {
    await ext.worker.evaluate(() =>
      chrome.storage.local.set({ settings: { sites: { zendesk: false, gmail: true } } }),
    );
    const off = await ext.context.newPage();
    await off.goto(`${DESK_ORIGIN}/agent/tickets/124`);
    await off.locator('[data-e2e-comment="12400"]').waitFor({ state: 'attached' });
    // Give a running content script every chance to badge, then check it did not.
    await off.waitForTimeout(2500);
    expect(await off.locator('[data-veil-badge]').count()).toBe(0);
    await off.close();
    await ext.worker.evaluate(() => chrome.storage.local.remove('settings'));
  });

  it('sent no request to any host but the page’s own', () => {
    expect(ext.requests.hosts()).toEqual(['acme.zendesk.com']);
    const paths = ext.requests.all.map((r) => new URL(r.url).pathname);
    expect(paths).toContain('/api/v2/tickets/123/comments.json');
    expect(paths).toContain('/audits/123000/email.eml');
    expect(ext.requests.all.some((r) => r.url.includes('comments.json?page=2'))).toBe(true);
  });
});
