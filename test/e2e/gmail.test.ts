/**
 * The built extension on Gmail at its real host: a "Show original" page (raw text in
 * pre#raw_message_text) and a thread whose messages' originals are fetched same-origin from the
 * Show original URL. Pages are built to the real structure (test/fixtures/pages/gmail) and served by
 * context.route(); messages are real ones from ../shared/corpora.
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
  'msg-f:1784452413784348280': sampleBytes(SAMPLES.relay),
  'msg-f:1111111111111111111': sampleBytes(SAMPLES.smime),
};

function serveGmail(route: Route): Promise<void> {
  const url = new URL(route.request().url());
  const html = (body: string, status = 200) => route.fulfill({ status, contentType: 'text/html; charset=utf-8', body });
  if (url.searchParams.get('view') === 'om') {
    const raw = ORIGINALS[url.searchParams.get('permmsgid') ?? ''];
    return raw ? html(showOriginalHtml(raw.toString('utf8'))) : html('<html><body>Temporary Error (500)</body></html>', 500);
  }
  if (url.pathname === '/mail/u/1/') return html(pageHtml('gmail', 'thread.html'));
  if (url.pathname === '/mail/') return html(pageHtml('gmail', 'thread-legacy.html'));
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

  it('legacy ids are converted; a message whose original cannot be had gets an error badge', async () => {
    const page = await ext.context.newPage();
    await page.goto('https://mail.google.com/mail/#inbox/18c3a60412345678');
    expect(await verdictAt(page, '[data-legacy-message-id="18c3a60412345678"] [data-veil-verdict]')).toBe(SAMPLES.relay.verdict);
    expect(await verdictAt(page, '[data-legacy-message-id="not-hex-zz"] [data-veil-verdict]')).toBe('error');
    const title = await page.evaluate(() => document.querySelector('[data-legacy-message-id="not-hex-zz"] [data-veil-badge]')?.getAttribute('data-veil-state'));
    expect(title).toBe('error');
    await page.close();
  });

  it('sent no request to any host but mail.google.com, and fetched originals with the page’s ik', () => {
    expect(ext.requests.hosts()).toEqual(['mail.google.com']);
    const om = ext.requests.all.filter((r) => r.url.includes('view=om')).map((r) => r.url);
    expect(om).toContain('https://mail.google.com/mail/u/1/?ik=1a2b3c4d5e&view=om&permmsgid=msg-f%3A1784452331383280801');
    expect(om).toContain('https://mail.google.com/mail/?ik=0f9e8d7c6b&view=om&permmsgid=msg-f%3A1784452413784348280');
  });
});
