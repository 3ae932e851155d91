/**
 * "Scan this page" on pages no site adapter reads: a raw message in a <pre>, headers pasted in a
 * <textarea>, links to .eml files. Served by context.route() on a Zendesk help-center host (the
 * extension has host access there, so the scan can be started without the activeTab gesture a test
 * cannot make); the generic adapter runs once, on request, and reads only the page's own origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { pageHtml } from '../support/pages';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';

// Evaluated inside the extension's pages and service worker, where the chrome.* API exists.
declare const chrome: any;

const HC = 'https://acme.zendesk.com/hc/en-us';

describe('any page, on demand', () => {
  let ext: LaunchedExtension;
  let extPage: Page;
  beforeAll(async () => {
    ext = await launchExtension();
    await ext.context.route('https://acme.zendesk.com/**', (route) => {
      const url = new URL(route.request().url());
      const html = (name: string) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: pageHtml('generic', name) });
      if (url.pathname === '/hc/en-us/raw') return html('raw-in-pre.html');
      if (url.pathname === '/hc/en-us/check') return html('raw-in-textarea.html');
      if (url.pathname === '/hc/en-us/files/') return html('eml-link.html');
      if (url.pathname === '/hc/en-us/files/original.eml') return route.fulfill({ contentType: 'message/rfc822', body: sampleBytes(SAMPLES.smime) });
      if (url.pathname === '/download' && url.searchParams.get('id') === '78') return route.fulfill({ contentType: 'message/rfc822', body: sampleBytes(SAMPLES.relay) });
      return route.fulfill({ status: 404, body: '' });
    });
    extPage = await ext.openPage('src/popup/index.html');
  });
  afterAll(async () => {
    await ext?.close();
  });

  async function open(path: string): Promise<{ page: Page; tabId: number }> {
    const page = await ext.context.newPage();
    await page.goto(`${HC}${path}`);
    const tabId = await ext.worker.evaluate(async (url: string) => (await chrome.tabs.query({ url }))[0]?.id, `${HC}${path}`);
    expect(typeof tabId).toBe('number');
    return { page, tabId };
  }

  /** The popup's "Scan this page" (PageToBackground.scanTab), sent from an extension page. */
  const scan = (tabId: number) => extPage.evaluate((id: number) => chrome.runtime.sendMessage({ type: 'scanTab', data: { tabId: id } }), tabId);

  it('nothing is badged until a scan is asked for; then the raw message in a <pre> is', async () => {
    const { page, tabId } = await open('/raw');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-veil-badge]').count()).toBe(0);
    const res = await scan(tabId);
    expect(res).toMatchObject({ ok: true });
    const host = page.locator('[data-veil-badge]');
    await host.first().waitFor({ state: 'attached' });
    expect(await host.count()).toBe(1);
    // Just before the message's <pre>, not before the code sample.
    expect(await page.evaluate(() => document.querySelector('[data-veil-badge]')?.nextElementSibling?.textContent?.includes('Return-Path'))).toBe(true);
    await page.waitForFunction(() => document.querySelector('[data-veil-badge]')?.hasAttribute('data-veil-verdict'));
    expect(await host.getAttribute('data-veil-verdict')).toBe('plain');
    await saveScreenshot(page, 'generic-pre-badged');
    await page.close();
  });

  it('reads pasted headers from a <textarea>', async () => {
    const { page, tabId } = await open('/check');
    await scan(tabId);
    await page.waitForFunction(() => document.querySelector('[data-veil-badge]')?.hasAttribute('data-veil-verdict'));
    expect(await page.locator('[data-veil-badge]').count()).toBe(1);
    expect(await page.locator('#src').evaluate((t) => (t.previousElementSibling as HTMLElement).hasAttribute('data-veil-badge'))).toBe(true);
    await page.close();
  });

  it('the injected on-demand script reads same-origin .eml links and skips the one on another host', async () => {
    const { page, tabId } = await open('/files/');
    await ext.worker.evaluate((id: number) => chrome.scripting.executeScript({ target: { tabId: id }, files: ['src/content/on-demand.js'] }), tabId);
    await page.waitForFunction(() => document.querySelectorAll('[data-veil-verdict]').length === 2, undefined, { timeout: 20_000 });
    const verdicts = await page.evaluate(() =>
      [...document.querySelectorAll('[data-veil-badge]')].map((b) => [b.previousElementSibling?.getAttribute('href'), b.getAttribute('data-veil-verdict')]),
    );
    expect(verdicts).toEqual([
      ['original.eml', SAMPLES.smime.verdict],
      ['/download?id=78', SAMPLES.relay.verdict],
    ]);
    await page.close();
  });

  it('sent no request to any host but the page’s own', () => {
    expect(ext.requests.hosts()).toEqual(['acme.zendesk.com']);
    expect(ext.requests.all.some((r) => r.url.includes('cdn.example.net'))).toBe(false);
  });
});
