/**
 * Issue 9 in real Chromium: the same ticket (four email comments — S/MIME, OpenPGP, a relay reply,
 * a plain one — and an internal note between the first two) served in every Zendesk page shape of
 * test/fixtures/pages/zendesk, each on its own desk host: Agent Workspace without ids (badges by
 * time), with id="comment-{audit_id}", the older div[data-comment-id] interface, and a page that
 * offers no anchor at all. Every email comment must be badged right or listed in the popup with the
 * reason, no badge may land on the note, and no request may go to any host but the page's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { routeDesk, SHAPES, ticketFromMessages, type DeskShape } from '../../scripts/demo/desk.mjs';
import { launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';
import { ui } from '../../src/core/i18n/ui';

// Evaluated inside the extension's service worker, where the chrome.* API exists.
declare const chrome: any;

const ORDER = [SAMPLES.smime, SAMPLES.pgp, SAMPLES.relay, SAMPLES.plain];
const TICKET = ticketFromMessages({ id: 123, firstId: 12300, messages: ORDER.map(sampleBytes), note: 'Asked the customer to resend without encryption.' });
const EMAIL_IDS = ORDER.map((_, i) => 12300 + i * 2);
const NOTE_ID = 12301;
const HOST: Record<DeskShape, string> = {
  workspace: 'ws.zendesk.com',
  'workspace-audit-ids': 'audit.zendesk.com',
  classic: 'classic.zendesk.com',
  unplaceable: 'noanchor.zendesk.com',
};
/** How each shape's badges are placed (what the popup's diagnostics must say). */
const PLACED_BY: Record<DeskShape, string | null> = { workspace: 'time', 'workspace-audit-ids': 'audit-id', classic: 'comment-id', unplaceable: null };

interface TabState {
  entries: { key: string; analysis?: { verdict: string }; reason?: string }[];
  diagnostics?: { shape: string; listed?: number; withRaw?: number; messages: { key: string; placement?: string; unplaced?: string }[] };
}

async function tabState(ext: LaunchedExtension, url: string): Promise<{ tabId: number; state: TabState | null }> {
  return ext.worker.evaluate(async (u) => {
    const [tab] = await chrome.tabs.query({ url: u });
    const key = `tab:${tab.id}`;
    return { tabId: tab.id, state: (await chrome.storage.session.get(key))[key] ?? null };
  }, url);
}

/** The tab's state once `done` holds (the page renders late and messages are read one by one). */
async function settled(ext: LaunchedExtension, url: string, done: (s: TabState) => boolean): Promise<{ tabId: number; state: TabState }> {
  for (let i = 0; i < 300; i++) {
    const got = await tabState(ext, url);
    if (got.state && done(got.state)) return got as { tabId: number; state: TabState };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the tab state of ${url} never settled: ${JSON.stringify((await tabState(ext, url)).state)}`);
}

describe('every Zendesk page shape', () => {
  let ext: LaunchedExtension;
  beforeAll(async () => {
    ext = await launchExtension();
    for (const shape of SHAPES) await routeDesk(ext.context, { tickets: [TICKET], origin: `https://${HOST[shape]}`, shape });
  });
  afterAll(async () => {
    await ext?.close();
  });

  it.each(SHAPES)('%s: every email comment badged right or listed with the reason, none on the note, nothing off the host', async (shape) => {
    const page: Page = await ext.context.newPage();
    const hosts = new Set<string>();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol === 'http:' || u.protocol === 'https:') hosts.add(u.host);
    });
    const url = `https://${HOST[shape]}/agent/tickets/123`;
    await page.goto(url);
    await page.locator(`[data-e2e-comment="${EMAIL_IDS.at(-1)}"]`).waitFor({ state: 'attached', timeout: 20_000 });

    // The API is the truth: all four are read and analysed, placed or not.
    const expected = PLACED_BY[shape];
    const { state } = await settled(
      ext,
      url,
      (st) =>
        st.entries.filter((e) => e.analysis).length === ORDER.length &&
        st.diagnostics?.messages.length === ORDER.length &&
        st.diagnostics.messages.every((m) => (expected ? m.placement === expected : m.unplaced === 'counts-differ')),
    );
    const verdictOf = Object.fromEntries(state.entries.map((e) => [e.key, e.analysis?.verdict]));
    expect(EMAIL_IDS.map((id) => verdictOf[`zendesk:123:${id}`])).toEqual(ORDER.map((s) => s.verdict));
    expect(state.diagnostics).toMatchObject({ listed: 5, withRaw: 4 });

    if (expected) {
      for (const [i, id] of EMAIL_IDS.entries()) {
        const host = page.locator(`[data-e2e-comment="${id}"] [data-veil-verdict]`);
        await host.waitFor({ state: 'attached', timeout: 20_000 });
        expect(await host.getAttribute('data-veil-verdict'), `${shape} ${ORDER[i]!.path}`).toBe(ORDER[i]!.verdict);
      }
      expect(await page.locator('[data-veil-badge]').count()).toBe(ORDER.length);
    } else {
      expect(await page.locator('[data-veil-badge]').count()).toBe(0);
    }
    expect(await page.locator(`[data-e2e-comment="${NOTE_ID}"] [data-veil-badge]`).count()).toBe(0);
    await saveScreenshot(page, `zendesk-shape-${shape}`);

    // The popup lists all four with their chips, and says what it found and where the badges went.
    const { tabId } = await tabState(ext, url);
    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await popup.locator('details.diag').waitFor();
    const chips = await popup.locator('.entries .chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    expect(chips).toEqual(ORDER.map((s) => s.verdict));
    const diag = await popup.locator('.diag-lines li').allTextContents();
    expect(diag).toContain(ui('en', 'popup.diag.listed', { site: 'Zendesk', listed: 5, withRaw: 4, placed: PLACED_BY[shape] ? 4 : 0 }));
    const where = await popup.locator('.entries .entry-where').allTextContents();
    expect(where).toEqual(PLACED_BY[shape] ? [] : ORDER.map(() => ui('en', 'popup.notPlaced', { reason: ui('en', 'popup.unplaced.counts-differ') })));
    await saveScreenshot(popup, `popup-zendesk-shape-${shape}`);
    await popup.close();
    await page.close();

    expect([...hosts]).toEqual([HOST[shape]]);
  });

  it('says it in the agent’s language (Spanish) on the page that offers no anchor', async () => {
    await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { lang: 'es' } }));
    const url = `https://${HOST.unplaceable}/agent/tickets/123`;
    const page = await ext.context.newPage();
    await page.goto(url);
    const { tabId } = await settled(ext, url, (st) => st.entries.length === ORDER.length && !!st.diagnostics?.messages.every((m) => m.unplaced === 'counts-differ'));
    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await popup.locator('details.diag').waitFor();
    expect(await popup.locator('details.diag summary').textContent()).toBe(ui('es', 'popup.diag.title'));
    expect(await popup.locator('.entries .entry-where').first().textContent()).toBe(ui('es', 'popup.notPlaced', { reason: ui('es', 'popup.unplaced.counts-differ') }));
    await popup.close();
    await page.close();
    await ext.worker.evaluate(() => chrome.storage.local.remove('settings'));
  });

  it('sent no request to any host but the desks’ own', () => {
    expect(ext.requests.hosts()).toEqual(Object.values(HOST).sort());
  });
});
