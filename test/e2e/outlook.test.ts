/**
 * Outlook items (.msg) in the popup of the built extension in real Chromium: a built IPM.Note.SMIME
 * item (openssl, random keys) picked as a file is read as bytes and explained with the recipients
 * openssl names; a real Outlook file (test/fixtures/msg) is explained as one. Nothing goes to the
 * network.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { FIXTURES } from '../support/paths';
import { makeCa, makeUser, tempPki, type Pki } from '../support/openssl';
import { encryptedItem } from '../support/outlook-items';
import { ui } from '../../src/core/i18n/ui';

// Evaluated inside the extension's service worker, where the chrome.* API exists.
declare const chrome: any;

describe('Outlook .msg in the popup (Chromium)', () => {
  let ext: LaunchedExtension;
  let pki: Pki;
  beforeAll(async () => {
    pki = tempPki();
    ext = await launchExtension();
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { lang: 'en' } }));
  }, 60_000);
  afterAll(async () => {
    await ext?.close();
    pki?.cleanup();
  });

  async function pick(page: Page, name: string, buffer: Buffer) {
    await page.getByText(ui('en', 'popup.pasteTitle')).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/vnd.ms-outlook', buffer });
    await page.locator('article.analysis').waitFor({ timeout: 20_000 });
  }

  it('explains a picked IPM.Note.SMIME item: encrypted, to the keys openssl names', async () => {
    const ca = makeCa(pki);
    const alice = makeUser(pki, ca);
    const bob = makeUser(pki, ca, { type: 'ec' });
    const built = encryptedItem(pki, [alice, bob]);
    const page = await ext.openPage('src/popup/index.html');
    await pick(page, 'Contract.msg', Buffer.from(built.msg));
    expect(await page.locator('article.analysis').getAttribute('data-verdict')).toBe('smime-encrypted');
    const technical = (await page.locator('section[data-section="technical"]').textContent()) ?? '';
    for (const r of built.recipients) expect(technical).toContain('serial' in r ? r.serial : '');
    const what = (await page.locator('section[data-section="what"]').textContent()) ?? '';
    expect(what).toMatch(/Outlook file \(\.msg\)/);
    await saveScreenshot(page, 'popup-outlook-smime');
    await page.close();
  }, 60_000);

  it('explains a real Outlook file dropped on the popup as one, with what Outlook kept', async () => {
    const page = await ext.openPage('src/popup/index.html');
    await pick(page, 'attachmentFiles.msg', readFileSync(join(FIXTURES, 'msg/attachmentFiles.msg')));
    expect(await page.locator('article.analysis').getAttribute('data-verdict')).toBe('plain');
    expect(await page.locator('section[data-section="what"]').textContent()).toMatch(/mail headers that Outlook kept/);
    await page.close();
    expect(ext.requests.hosts()).toEqual([]);
  });
});
