/**
 * The built extension on Gmail at its real host, in every page shape of test/fixtures/pages/gmail:
 * a "Show original" page (raw text in pre#raw_message_text), a thread whose originals are fetched
 * same-origin from the Show original URL with the page's ik, an older thread of hex ids (th=, ik
 * from the _GM_setData boot script), and a delegated mailbox (/mail/b/{token}/u/0/) with a reply
 * just sent that Gmail syncs only on the third ask. Served by context.route(); messages are real
 * ones from ../shared/corpora.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { showOriginalHtml } from '../support/gmail-pages';
import { pageHtml } from '../support/pages';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';

const ORIGINALS: Record<string, Buffer> = {
  'msg-f:1784452331383280801': sampleBytes(SAMPLES.pgp),
  'msg-a:r-5532167731853309823': sampleBytes(SAMPLES.plain),
  'th:18c3a60412345678': sampleBytes(SAMPLES.relay),
  'msg-f:1111111111111111111': sampleBytes(SAMPLES.smime),
  'msg-f:1784460000000000001': sampleBytes(SAMPLES.smime),
  'msg-a:r-8812003344556677889': sampleBytes(SAMPLES.relay),
};
/** The reply just sent in the delegated mailbox: Gmail has it only from the third ask on. */
const UNSYNCED = 'msg-a:r-8812003344556677889';
let unsyncedAsks = 0;

function serveGmail(route: Route): Promise<void> {
  const url = new URL(route.request().url());
  const html = (body: string, status = 200) => route.fulfill({ status, contentType: 'text/html; charset=utf-8', body });
  if (url.searchParams.get('view') === 'om') {
    const id = url.searchParams.get('permmsgid') ?? `th:${url.searchParams.get('th')}`;
    if (id === UNSYNCED && ++unsyncedAsks < 3) return html('<html><body>Temporary Error (404)</body></html>', 404);
    const raw = ORIGINALS[id];
    return raw ? html(showOriginalHtml(raw.toString('utf8'))) : html('<html><body>Temporary Error (500)</body></html>', 500);
  }
  if (url.pathname === '/mail/u/1/') return html(pageHtml('gmail', 'thread.html'));
  if (url.pathname === '/mail/') return html(pageHtml('gmail', 'thread-legacy.html'));
  if (url.pathname === '/mail/b/AGs3mZxQ7b/u/0/') return html(pageHtml('gmail', 'thread-delegated.html'));
  return route.fulfill({ status: 404, body: '' });
}

async function verdictAt(page: Page, selector: string): Promise<string | null> {
  const host = page.locator(selector);
  await host.waitFor({ state: 'attached', timeout: 20_000 });
  return host.getAttribute('data-veil-verdict');
}

describe('Gmail', () => {
  let ext: LaunchedExtension;
  beforeAll(async () => {
    ext = await launchExtension();
    await ext.context.route('https://mail.google.com/**', serveGmail);
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('badges the Show original page from its raw text', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://mail.google.com/mail/u/0/?ik=1a2b3c4d5e&view=om&permmsgid=msg-f:1111111111111111111');
    // The badge host sits right before the <pre>, outside it: the raw text stays as it was.
    expect(await verdictAt(page, 'pre#raw_message_text ~ [data-veil-verdict], [data-veil-verdict]:has(+ pre#raw_message_text)')).toBe(
      SAMPLES.smime.verdict,
    );
    expect(await page.locator('pre#raw_message_text [data-veil-badge]').count()).toBe(0);
    await saveScreenshot(page, 'gmail-show-original-badged');
    await page.close();
  });

  it('badges each message of a thread from its original, fetched on the same origin', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://mail.google.com/mail/u/1/#inbox/FMfcgzQXJWvBkTzL');
    expect(await verdictAt(page, '[data-message-id="#msg-f:1784452331383280801"] h3.iw [data-veil-verdict]')).toBe(SAMPLES.pgp.verdict);
    expect(await verdictAt(page, '[data-message-id="#msg-a:r-5532167731853309823"] h3.iw [data-veil-verdict]')).toBe('plain');
    await saveScreenshot(page, 'gmail-thread-badged');
    await page.close();
  });

  it('legacy hex ids are read with th=; a message whose original cannot be had gets an error badge', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://mail.google.com/mail/#inbox/18c3a60412345678');
    expect(await verdictAt(page, '[data-legacy-message-id="18c3a60412345678"] [data-veil-verdict]')).toBe(SAMPLES.relay.verdict);
    expect(await verdictAt(page, '[data-legacy-message-id="not-hex-zz"] [data-veil-verdict]')).toBe('error');
    const title = await page.evaluate(() => document.querySelector('[data-legacy-message-id="not-hex-zz"] [data-veil-badge]')?.getAttribute('data-veil-state'));
    expect(title).toBe('error');
    await page.close();
  });

  it('a delegated mailbox: originals on its own base path; a reply just sent is read once Gmail has it, never shown as an error', async () => {
    const page = await ext.context.newPage();
    const states: string[] = [];
    await page.exposeFunction('veilState', (s: string) => states.push(s));
    await page.goto('https://mail.google.com/mail/b/AGs3mZxQ7b/u/0/#inbox/FMfcgzQXKdvpLmWnRtBs');
    // Record every state the reply's badge goes through.
    await page.evaluate(() => {
      const seen = new MutationObserver(() => {
        const b = document.querySelector('[data-message-id="#msg-a:r-8812003344556677889"] [data-veil-badge]');
        if (b) (window as unknown as { veilState(s: string): void }).veilState(b.getAttribute('data-veil-state') ?? '');
      });
      seen.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    expect(await verdictAt(page, '[data-message-id="#msg-f:1784460000000000001"] h3.iw [data-veil-verdict]')).toBe(SAMPLES.smime.verdict);
    const reply = page.locator('[data-message-id="#msg-a:r-8812003344556677889"] h3.iw [data-veil-verdict]');
    await reply.waitFor({ state: 'attached', timeout: 30_000 });
    expect(await reply.getAttribute('data-veil-verdict')).toBe(SAMPLES.relay.verdict);
    expect(unsyncedAsks).toBe(3);
    expect(states).not.toContain('error');
    await page.close();
  });

  it('sent no request to any host but mail.google.com, and fetched originals with the page’s ik on its base path', () => {
    expect(ext.requests.hosts()).toEqual(['mail.google.com']);
    const om = ext.requests.all.filter((r) => r.url.includes('view=om')).map((r) => r.url);
    expect(om).toContain('https://mail.google.com/mail/u/1/?ik=1a2b3c4d5e&view=om&permmsgid=msg-f%3A1784452331383280801');
    expect(om).toContain('https://mail.google.com/mail/?ik=0f9e8d7c6b&view=om&th=18c3a60412345678');
    expect(om).toContain('https://mail.google.com/mail/b/AGs3mZxQ7b/u/0/?ik=7c6b5a4d3e&view=om&permmsgid=msg-a%3Ar-8812003344556677889');
  });
});
