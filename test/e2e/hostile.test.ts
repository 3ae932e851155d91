/**
 * Hostile mail in real Chromium (issue 11): script-looking names, bidi overrides, line separators and
 * 100,000-character names and domains, on a Zendesk-shaped ticket. In the badge, the in-page panel
 * and the popup: nothing executes, the layout holds (bounding boxes stay inside the viewport and the
 * popup's width), mail-derived text is inert, and the popup's paste box is always there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { DESK_ORIGIN, routeDesk, ticketFromMessages } from '../../scripts/demo/desk.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { buildZip } from '../support/file-builders';

// Evaluated inside the extension's service worker, where the chrome.* API exists.
declare const chrome: any;

const b = (s: string) => `=?utf-8?b?${Buffer.from(s).toString('base64')}?=`;
const SCRIPTY = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const LONG = 'W'.repeat(100_000);
const ZIP = Buffer.from(buildZip([{ name: 'a.txt', data: randomBytes(64), encrypted: true }])).toString('base64');

let minute = 0;
function mail(from: string, subject: string, attachment?: string): Buffer {
  // Distinct times, as real comments have: the adapter may place badges by time.
  const date = `Tue, 01 Dec 2026 10:${String(minute++ * 7).padStart(2, '0')}:00 +0000`;
  const head = [`From: ${from}`, 'To: support@acme.example', `Subject: ${subject}`, `Date: ${date}`, `Message-ID: <${randomBytes(6).toString('hex')}@example.com>`, 'MIME-Version: 1.0'];
  if (!attachment) return Buffer.from([...head, 'Content-Type: text/plain', '', 'hello', ''].join('\r\n'));
  return Buffer.from(
    [...head, 'Content-Type: multipart/mixed; boundary=zz', '', '--zz', 'Content-Type: text/plain', '', 'see attached', '--zz',
      `Content-Type: application/zip; name="${b(attachment)}"`, `Content-Disposition: attachment; filename="${b(attachment)}"`, 'Content-Transfer-Encoding: base64', '', ZIP, '--zz--', ''].join('\r\n'),
  );
}

const MESSAGES = [
  // Script-looking display name and subject.
  mail(`${b(SCRIPTY)} <alice@example.com>`, b(`${SCRIPTY} </bdi></p><b>bold</b>`)),
  // Bidi override and line separator in the file name, the subject and the display name.
  mail(`${b('Support\u202e maeT')} <help@example.com>`, b('Invoice\u2028Pay now \u202egpj.exe'), 'invoice\u202egpj.zip'),
  // 100,000-character display name, domain label and subject.
  mail(`"${LONG}" <x@${'d'.repeat(100_000)}.example>`, LONG),
];
const TICKET = ticketFromMessages({ id: 911, firstId: 91100, messages: MESSAGES });

/** The ticket page itself grows with 100,000-character comments: capture the viewport only. */
async function viewportShot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

async function noOverflow(page: Page): Promise<{ scroll: number; client: number }> {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
}

describe('hostile analyses in the badge, the panel and the popup', () => {
  let ext: LaunchedExtension;
  let page: Page;
  beforeAll(async () => {
    ext = await launchExtension();
    await routeDesk(ext.context, { tickets: [TICKET] });
    page = await ext.context.newPage();
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.goto(`${DESK_ORIGIN}/agent/tickets/911`);
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('badges every hostile message, each badge a small box, and nothing runs', async () => {
    const want = ['plain', 'attachment-encrypted', 'plain'];
    for (const [i, verdict] of want.entries()) {
      const host = page.locator(`[data-e2e-comment="${91100 + i * 2}"] [data-veil-verdict]`);
      await host.waitFor({ state: 'attached', timeout: 30_000 });
      expect(await host.getAttribute('data-veil-verdict')).toBe(verdict);
      const box = (await host.boundingBox())!;
      expect(box.width, `badge ${i}`).toBeLessThan(320);
      expect(box.height, `badge ${i}`).toBeLessThan(48);
    }
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    await viewportShot(page, 'hostile-ticket-badged');
  });

  it('opens the panel for each: inside the viewport, mail text inert, nothing runs', async () => {
    for (let i = 0; i < MESSAGES.length; i++) {
      await page.locator(`[data-e2e-comment="${91100 + i * 2}"] [data-veil-badge]`).click();
      const panel = page.locator('[data-veil-panel]');
      await panel.waitFor({ state: 'visible' });
      // The panel's shadow root is closed: measure its host, which the panel fills.
      const box = (await panel.boundingBox())!;
      expect(box.x, `panel ${i}`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `panel ${i}`).toBeLessThanOrEqual(1000);
      expect(box.height, `panel ${i}`).toBeLessThanOrEqual(700);
      if (i === 1) await viewportShot(page, 'hostile-panel-bidi');
      if (i === 2) await viewportShot(page, 'hostile-panel-long');
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
    }
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  });

  it('lists and explains them in the popup: no overflow, escapes shown, <bdi> around mail values, paste box always there', async () => {
    const tabId: number = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, `${DESK_ORIGIN}/agent/tickets/911`);
    const popup = await ext.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(ext.url(`src/popup/index.html?tab=${tabId}`));
    await popup.locator('.entries').waitFor();
    expect(await popup.locator('.entries li').count()).toBe(3);
    const paste = popup.locator('.paste textarea');
    expect(await paste.isVisible()).toBe(true);
    const pasteBox = (await paste.boundingBox())!;
    expect(pasteBox.x + pasteBox.width).toBeLessThanOrEqual(400);
    let o = await noOverflow(popup);
    expect(o.scroll, 'list view overflows sideways').toBeLessThanOrEqual(o.client);
    for (const entry of await popup.locator('.entries li').all()) {
      const box = (await entry.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(400);
      // A 100,000-character name is cut: the entry stays a few lines, a fraction of the popup.
      expect(box.height).toBeLessThan(400);
    }
    await saveScreenshot(popup, 'hostile-popup-list');

    for (let i = 0; i < 3; i++) {
      await popup.locator('.entries button').nth(i).click();
      await popup.locator('article.analysis').waitFor();
      o = await noOverflow(popup);
      expect(o.scroll, `entry ${i} overflows sideways`).toBeLessThanOrEqual(o.client);
      const text = (await popup.locator('article.analysis').innerText()) ?? '';
      expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u2028\u0007]/);
      if (i === 1) {
        expect(text).toContain('invoice‹U+202E›gpj.zip');
        expect(await popup.locator('.subject bdi').textContent()).toContain('‹U+2028›');
        await saveScreenshot(popup, 'hostile-popup-bidi');
      }
      if (i === 2) {
        expect((await popup.locator('.subject bdi').textContent())!.length).toBeLessThanOrEqual(300);
        await saveScreenshot(popup, 'hostile-popup-long');
      }
      expect(await popup.locator('article.analysis img, article.analysis script, article.analysis b').count()).toBe(0);
      await popup.locator('button.back').click();
      await popup.locator('.entries').waitFor();
      expect(await popup.locator('.paste textarea').isVisible()).toBe(true);
    }
    expect(await popup.evaluate(() => (window as any).__pwned)).toBeUndefined();
    await popup.close();
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(ext.requests.hosts()).toEqual([new URL(DESK_ORIGIN).host]);
  });
});
