/**
 * Accessibility of the popup in real Chromium on a badged Zendesk ticket: a keyboard-only path (Tab
 * order, Enter and Space on list entries and buttons, a visible focus ring, focus moved to each new
 * view's heading), accessible names that carry the verdict, and the COMPUTED contrast of every verdict
 * chip against the background it is painted on, in the light and the dark scheme (WCAG AA 4.5:1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESK_ORIGIN, routeDesk, ticketFromMessages } from '../../scripts/demo/desk.mjs';
import { launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';
import { contrastRatio } from '../support/contrast';
import { ui } from '../../src/core/i18n/ui';

// Evaluated inside the extension's service worker, where the chrome.* API exists.
declare const chrome: any;

const ORDER = [SAMPLES.smime, SAMPLES.pgp, SAMPLES.relay, SAMPLES.plain];
const TICKET = ticketFromMessages({ id: 555, firstId: 55500, messages: ORDER.map(sampleBytes) });
const URL_ = `${DESK_ORIGIN}/agent/tickets/555`;
const VERDICTS = ['smime-encrypted', 'pgp-encrypted', 'portal-encrypted', 'attachment-encrypted', 'relay-masked', 'smime-signed', 'pgp-signed', 'plain', 'error'];

/** What has focus: its tag, class, id and whether a focus ring is painted (outline or box-shadow). */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const s = getComputedStyle(el);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    return { tag: el.tagName.toLowerCase(), cls: el.className, id: el.id, key: el.getAttribute('data-key'), name: el.getAttribute('aria-label') ?? el.textContent ?? '', ring };
  });
}

describe('popup accessibility', () => {
  let ext: LaunchedExtension;
  let tabId: number;
  beforeAll(async () => {
    ext = await launchExtension();
    await routeDesk(ext.context, { tickets: [TICKET] });
    const page = await ext.context.newPage();
    await page.goto(URL_);
    await page.locator('[data-veil-verdict]').nth(ORDER.length - 1).waitFor({ state: 'attached', timeout: 20_000 });
    tabId = await ext.worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0].id, URL_);
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('can be used with the keyboard alone, with a visible focus ring on every stop', async () => {
    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await popup.locator('.entries').waitFor();
    // The list view puts focus on its heading (not a tab stop itself).
    expect((await focused(popup))?.id).toBe('veil-found');
    const keys = await popup.locator('.entries button').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    expect(keys).toHaveLength(ORDER.length);
    const chips = await popup.locator('.entries .chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    // Tab visits the entries in order, each with a focus ring and a name that says its verdict.
    for (const key of keys) {
      await popup.keyboard.press('Tab');
      const f = await focused(popup);
      expect(f?.key).toBe(key);
      expect(f?.ring, `focus ring on ${key}`).toBe(true);
      expect(f?.name).toMatch(new RegExp(ORDER.map((s) => ui('en', `verdict.${s.verdict}` as Parameters<typeof ui>[1]).replace('/', '\\/')).join('|')));
    }
    // Then "Scan this page", the (closed: nothing went wrong) page diagnostics, then the paste box's text area.
    await popup.keyboard.press('Tab');
    expect((await focused(popup))?.name).toBe(ui('en', 'popup.scan'));
    await popup.keyboard.press('Tab');
    const diag = await focused(popup);
    expect(diag?.tag).toBe('summary');
    expect(diag?.name).toBe(ui('en', 'popup.diag.title'));
    expect(diag?.ring, 'focus ring on the diagnostics summary').toBe(true);
    await popup.keyboard.press('Tab');
    expect((await focused(popup))?.id).toBe('veil-raw');
    // Back up to the first entry; Shift+Tab once more reaches Settings in the header.
    for (let i = 0; i < ORDER.length + 2; i++) await popup.keyboard.press('Shift+Tab');
    expect((await focused(popup))?.key).toBe(keys[0]);
    await popup.keyboard.press('Shift+Tab');
    expect((await focused(popup))?.name).toBe(ui('en', 'popup.options'));
    await popup.keyboard.press('Tab');

    // Space opens an entry; focus lands on the explanation's headline.
    await popup.keyboard.press('Space');
    await popup.locator('article.analysis').waitFor();
    expect((await focused(popup))?.id).toBe('veil-headline');
    // Tab reaches the explanation's controls (copy buttons, evidence toggles); Enter on a summary opens it.
    let opened = false;
    for (let i = 0; i < 12 && !opened; i++) {
      await popup.keyboard.press('Tab');
      const f = await focused(popup);
      expect(f?.ring, `focus ring on ${f?.tag}.${f?.cls}`).toBe(true);
      if (f?.tag === 'summary') {
        await popup.keyboard.press('Enter');
        opened = await popup.evaluate(() => (document.activeElement?.parentElement as HTMLDetailsElement).open);
      }
    }
    expect(opened).toBe(true);
    await saveScreenshot(popup, 'popup-keyboard-explanation');
    // Shift+Tab back to "Back to the list"; Enter returns to the list with focus on its heading.
    let back = false;
    for (let i = 0; i < 20 && !back; i++) {
      await popup.keyboard.press('Shift+Tab');
      back = (await focused(popup))?.cls === 'back';
    }
    expect(back).toBe(true);
    await popup.keyboard.press('Enter');
    await popup.locator('.entries').waitFor();
    expect((await focused(popup))?.id).toBe('veil-found');
    // Enter on the second entry opens that one.
    await popup.keyboard.press('Tab');
    await popup.keyboard.press('Tab');
    await popup.keyboard.press('Enter');
    await popup.locator('article.analysis').waitFor();
    expect(await popup.locator('article.analysis').getAttribute('data-verdict')).toBe(chips[1]);
    await popup.close();
  });

  it('has landmarks, labelled regions and a live status region', async () => {
    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await popup.locator('.entries').waitFor();
    expect(await popup.getByRole('main').count()).toBe(1);
    expect(await popup.getByRole('region', { name: ui('en', 'popup.onThisPage') }).count()).toBe(1);
    expect(await popup.getByRole('region', { name: ui('en', 'popup.pasteTitle') }).count()).toBe(1);
    expect(await popup.getByRole('textbox', { name: ui('en', 'popup.pasteLabel') }).count()).toBe(1);
    expect(await popup.locator('[role="status"][aria-live="polite"]').count()).toBeGreaterThan(0);
    for (const s of ORDER) {
      const name = ui('en', `verdict.${s.verdict}` as Parameters<typeof ui>[1]);
      expect(await popup.getByRole('button', { name: new RegExp(`\\(${name.replace('/', '\\/')}\\)$`) }).count(), s.verdict).toBeGreaterThan(0);
    }
    await popup.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: every verdict chip's computed colour has ≥ 4.5:1 against what it is painted on`, async () => {
      const popup = await ext.context.newPage();
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.goto(ext.url(`src/popup/index.html?tab=${tabId}`));
      await popup.locator('.entries').waitFor();
      // The ticket's own chips, plus one of each remaining verdict added beside them (same rules apply).
      const measured = await popup.evaluate((verdicts) => {
        const list = document.querySelector('.entries')!;
        for (const v of verdicts) {
          const chip = document.createElement('span');
          chip.className = 'chip';
          chip.setAttribute('data-verdict', v);
          chip.textContent = v;
          const li = document.createElement('li');
          li.append(chip);
          list.append(li);
        }
        const bgOf = (el: Element | null): string => {
          for (let e = el; e; e = e.parentElement) {
            const bg = getComputedStyle(e).backgroundColor;
            if (bg && !/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
          }
          return getComputedStyle(document.documentElement).backgroundColor;
        };
        return [...document.querySelectorAll('.chip')].map((c) => ({ verdict: c.getAttribute('data-verdict')!, fg: getComputedStyle(c).color, bg: bgOf(c) }));
      }, VERDICTS);
      expect(new Set(measured.map((m) => m.verdict))).toEqual(new Set(VERDICTS));
      if (scheme === 'dark') expect(measured[0]!.bg).not.toBe('rgb(255, 255, 255)');
      for (const m of measured) expect(contrastRatio(m.fg, m.bg), `${scheme} ${m.verdict}: ${m.fg} on ${m.bg}`).toBeGreaterThanOrEqual(4.5);
      await saveScreenshot(popup, `popup-chips-${scheme}`);
      await popup.close();
    });
  }

  it('made no request outside the page’s own host', () => {
    expect(ext.requests.hosts()).toEqual([new URL(DESK_ORIGIN).host]);
  });
});
