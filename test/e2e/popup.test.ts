/**
 * The popup page in real Chromium with the built extension: a pasted real S/MIME message and a real
 * relay message (../shared/corpora, by path) are analysed and explained, in English and Spanish;
 * the options' language is honoured; nothing goes to the network. Screenshots → test-results/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { FIXTURE_CORPORA } from '../support/paths';
import { ui, uiCount } from '../../src/core/i18n/ui';
import { DESK_ORIGIN, routeDesk, ticketFromMessages } from '../../scripts/demo/desk.mjs';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';

// Evaluated inside the extension's service worker, where the chrome.* API exists.
declare const chrome: any;

const SMIME = readFileSync(join(FIXTURE_CORPORA, 'thunderbird-comm-central/mail/test/browser/smime/data/alice.env.eml'), 'utf8');
const RELAY = readFileSync(join(FIXTURE_CORPORA, 'firefox-relay/emails/tests/fixtures/emperor_norton_expected.email'), 'utf8');

describe('popup in Chromium', () => {
  let ext: LaunchedExtension;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  async function setLang(lang: 'en' | 'es') {
    await ext.worker.evaluate((l) => chrome.storage.local.set({ settings: { lang: l } }), lang);
  }

  async function paste(page: Page, raw: string) {
    await page.getByRole('textbox').fill(raw);
    await page.locator('button.primary', { hasText: /^(Analyze|Analizar)$/ }).click();
    await page.locator('article.analysis').waitFor({ timeout: 20_000 });
  }

  it('explains a pasted S/MIME message in English', async () => {
    await setLang('en');
    const page = await ext.openPage('src/popup/index.html');
    await page.getByText(ui('en', 'popup.pasteTitle')).waitFor();
    await paste(page, SMIME);
    const article = page.locator('article.analysis');
    expect(await article.getAttribute('data-verdict')).toBe('smime-encrypted');
    expect(await article.locator('.chip').textContent()).toBe(ui('en', 'verdict.smime-encrypted'));
    expect((await page.locator('h2.headline').textContent())?.length).toBeGreaterThan(10);
    expect(await page.locator('section.section').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await saveScreenshot(page, 'popup-smime-en');
    await page.close();
  });

  it('explains a pasted relay message in Spanish (language from the options)', async () => {
    await setLang('es');
    const page = await ext.openPage('src/popup/index.html');
    await page.getByText(ui('es', 'popup.pasteTitle')).waitFor();
    await paste(page, RELAY);
    const article = page.locator('article.analysis');
    expect(await article.getAttribute('data-verdict')).toBe('relay-masked');
    expect(await article.locator('.chip').textContent()).toBe(ui('es', 'verdict.relay-masked'));
    const headline = (await page.locator('h2.headline').textContent()) ?? '';
    expect(headline).toMatch(/[áéíóúñ]|remitente|mensaje/i);
    await saveScreenshot(page, 'popup-relay-es');

    // Back to the list with the keyboard: the back button is reachable and moves focus to the list heading.
    await page.locator('button.back').focus();
    await page.keyboard.press('Enter');
    await page.locator('#veil-found').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('veil-found');
    await page.close();
  });

  it('explains the S/MIME message in Spanish too, readable in dark mode', async () => {
    await setLang('es');
    const page = await ext.context.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(ext.url('src/popup/index.html'));
    await paste(page, SMIME);
    expect(await page.locator('article.analysis').getAttribute('data-verdict')).toBe('smime-encrypted');
    expect(await page.locator('article.analysis .chip').textContent()).toBe(ui('es', 'verdict.smime-encrypted'));
    const colors = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return { bg: s.backgroundColor, fg: s.color };
    });
    expect(colors.bg).not.toBe('rgb(255, 255, 255)');
    await saveScreenshot(page, 'popup-smime-es-dark');
    await page.close();
  });

  it('says what to do when nothing is pasted, and made no network request', async () => {
    await setLang('en');
    const page = await ext.openPage('src/popup/index.html');
    await page.locator('button.primary', { hasText: /^Analyze$/ }).click();
    expect(await page.getByRole('alert').textContent()).toBe(ui('en', 'popup.pasteEmpty'));
    await page.close();
    expect(ext.requests.hosts()).toEqual([]);
  });
});

describe('popup on a badged Zendesk ticket', () => {
  const ORDER = [SAMPLES.smime, SAMPLES.pgp, SAMPLES.relay, SAMPLES.plain];
  const TICKET = ticketFromMessages({ id: 321, firstId: 32100, messages: ORDER.map(sampleBytes) });
  let ext: LaunchedExtension;
  beforeAll(async () => {
    ext = await launchExtension();
    await routeDesk(ext.context, { tickets: [TICKET] });
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('lists every message of the tab with its chip, counts the protected ones on the toolbar, and explains one', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${DESK_ORIGIN}/agent/tickets/321`);
    await page.locator('[data-veil-verdict]').nth(ORDER.length - 1).waitFor({ state: 'attached', timeout: 20_000 });
    const tabId: number = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, `${DESK_ORIGIN}/agent/tickets/321`);

    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await popup.locator('.entries').waitFor();
    const chips = await popup.locator('.entries .chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    expect([...chips].sort()).toEqual(ORDER.map((s) => s.verdict).sort());
    const protectedCount = ORDER.filter((s) => !['plain', 'error'].includes(s.verdict)).length;
    expect(await ext.worker.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId)).toBe(String(protectedCount));
    expect(await ext.worker.evaluate((tabId) => chrome.action.getTitle({ tabId }), tabId)).toBe(uiCount('en', 'badge.title', protectedCount));
    await saveScreenshot(popup, 'popup-zendesk-ticket-list');

    // Keyboard: Tab to the relay entry's button and open it with Enter.
    const relay = popup.locator('.entries button', { has: popup.locator('.chip[data-verdict="relay-masked"]') });
    await relay.focus();
    await popup.keyboard.press('Enter');
    await popup.locator('article.analysis').waitFor();
    expect(await popup.locator('article.analysis').getAttribute('data-verdict')).toBe('relay-masked');
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('veil-headline');
    await saveScreenshot(popup, 'popup-zendesk-ticket-relay');
    await popup.close();
    await page.close();
    expect(ext.requests.hosts()).toEqual([new URL(DESK_ORIGIN).host]);
  });
});
