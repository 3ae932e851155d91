/**
 * "Analyze this email" in real Chromium. Native menus cannot be clicked by automation, so the click
 * is dispatched inside the service worker (chrome.contextMenus.onClicked.dispatch) with the info a
 * real click carries. A dispatched click grants no activeTab, so the page lives on a host Veil has
 * access to at install (a Zendesk help-center page, where no site adapter runs), served by route().
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { FIXTURE_CORPORA } from '../support/paths';

// Evaluated inside the extension's service worker, where the chrome.* API exists.
declare const chrome: any;

const SMIME = readFileSync(join(FIXTURE_CORPORA, 'thunderbird-comm-central/mail/test/browser/smime/data/alice.env.eml'), 'utf8');
const RELAY = readFileSync(join(FIXTURE_CORPORA, 'firefox-relay/emails/tests/fixtures/emperor_norton_expected.email'), 'utf8');
const HOST = 'acme.zendesk.com';
const PAGE = `https://${HOST}/hc/en-us/articles/360001`;
const MENU_ID = 'veil-analyze';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const HTML = `<!doctype html><html><head><title>Article</title></head><body>
<h1>How to read the original</h1>
<pre id="raw">${escape(SMIME)}</pre>
<p><a id="same" href="/attachments/relay.eml">relay.eml</a> <a id="cross" href="https://files.example.net/relay.eml">elsewhere</a></p>
</body></html>`;

describe('context menu in Chromium', () => {
  let ext: LaunchedExtension;
  let tabId: number;

  beforeAll(async () => {
    ext = await launchExtension();
    await ext.context.route(`https://${HOST}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/attachments/relay.eml') return route.fulfill({ status: 200, contentType: 'message/rfc822', body: RELAY });
      if (url.pathname.startsWith('/hc/')) return route.fulfill({ status: 200, contentType: 'text/html', body: HTML });
      return route.fulfill({ status: 404, body: '' });
    });
    // Anything else would be a leak: answer it (so the test does not hang) and let the log catch it.
    await ext.context.route('https://files.example.net/**', (route) => route.fulfill({ status: 200, body: RELAY }));
  });
  afterAll(async () => {
    await ext?.close();
  });

  async function clickMenu(info: Record<string, unknown>): Promise<void> {
    await ext.worker.evaluate(
      async ({ info, pageUrl, menuItemId }) => {
        const [tab] = await chrome.tabs.query({ url: pageUrl });
        chrome.contextMenus.onClicked.dispatch({ menuItemId, pageUrl, frameId: 0, editable: false, ...info }, tab);
      },
      { info, pageUrl: PAGE, menuItemId: MENU_ID },
    );
  }

  async function tabState(): Promise<any> {
    return ext.worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key] ?? null, `tab:${tabId}`);
  }

  async function waitForEntry(key: string): Promise<any> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const entry = (await tabState())?.entries?.find((e: any) => e.key === key);
      if (entry && (entry.analysis || entry.error)) return entry;
      if (Date.now() > deadline) throw new Error(`no entry ${key}: ${JSON.stringify(await tabState())}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('registers "Analyze this email" on install', async () => {
    // Menus exist only once onInstalled ran: poll. update() succeeds only for an existing item.
    const exists = (id: string) =>
      ext.worker.evaluate(
        (id) =>
          new Promise<boolean>((resolve) => {
            chrome.contextMenus.update(id, {}, () => resolve(!chrome.runtime.lastError));
          }),
        id,
      );
    const deadline = Date.now() + 10_000;
    while (!(await exists(MENU_ID)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await exists(MENU_ID)).toBe(true);
    expect(await exists('no-such-item')).toBe(false);
  });

  it('selection: analyses the selected source with its line breaks and shows it in the popup', async () => {
    const page = await ext.context.newPage();
    await page.goto(PAGE);
    tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, PAGE);
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('raw')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    // What Chrome puts in selectionText: whitespace collapsed, so the source's line breaks are gone.
    await clickMenu({ selectionText: SMIME.replace(/\s+/g, ' ').trim() });
    const entry = await waitForEntry('selection');
    expect(entry.analysis.verdict).toBe('smime-encrypted');
    expect((await tabState()).focus).toBe('selection');
    // The entry is stored before the toolbar badge and title are set (record(), then updateBadge()):
    // on a loaded machine the test can look in between, so it waits for them.
    const action = async (): Promise<{ badge: string; title: string }> => ({
      badge: await ext.worker.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId),
      title: await ext.worker.evaluate((tabId) => chrome.action.getTitle({ tabId }), tabId),
    });
    let shown = await action();
    for (const deadline = Date.now() + 5_000; !/protected or masked/.test(shown.title) && Date.now() < deadline; shown = await action()) await new Promise((r) => setTimeout(r, 100));
    expect(Number(shown.badge)).toBeGreaterThanOrEqual(1);
    expect(shown.title).toMatch(/protected or masked/);

    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await popup.locator('article.analysis').waitFor();
    expect(await popup.locator('article.analysis').getAttribute('data-verdict')).toBe('smime-encrypted');
    await saveScreenshot(popup, 'popup-context-menu-selection');
    await popup.close();
    await page.close();
  });

  it('link: reads a same-origin .eml inside the page; a link to another site is refused without a request', async () => {
    const page = await ext.context.newPage();
    await page.goto(PAGE);
    tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, PAGE);

    await clickMenu({ linkUrl: `https://${HOST}/attachments/relay.eml` });
    const same = await waitForEntry(`link:https://${HOST}/attachments/relay.eml`);
    expect(same.analysis.verdict).toBe('relay-masked');
    expect(same.label).toBe('relay.eml');
    expect(ext.requests.all.some((r) => r.url === `https://${HOST}/attachments/relay.eml`)).toBe(true);

    await clickMenu({ linkUrl: 'https://files.example.net/relay.eml' });
    const cross = await waitForEntry('link:https://files.example.net/relay.eml');
    expect(cross.analysis).toBeUndefined();
    expect(cross.error).toMatch(/another site/);

    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await popup.getByRole('alert').waitFor();
    expect(await popup.getByRole('alert').textContent()).toMatch(/could not be read because the link points to another site/);
    await popup.close();
    await page.close();
  });

  it('keeps the tab’s results when the service worker is stopped and restarted (no state in variables)', async () => {
    const page = await ext.context.newPage();
    await page.goto(PAGE);
    tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, PAGE);
    await clickMenu({ linkUrl: `https://${HOST}/attachments/relay.eml` });
    await waitForEntry(`link:https://${HOST}/attachments/relay.eml`);

    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    // The context menu focused its entry: the popup opens straight on its explanation.
    await popup.locator('article.analysis').waitFor();
    const before = await popup.locator('article.analysis').getAttribute('data-verdict');
    // Stop the worker as Chrome does when it idles; CDP reports the version's runningStatus.
    const cdp = await ext.context.newCDPSession(popup);
    const stopped = new Promise<void>((resolve) =>
      cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
        if (e.versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${ext.extensionId}/`) && v.runningStatus === 'stopped')) resolve();
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
    await popup.close();

    // Opening the popup again sends getTabState, which wakes a fresh worker.
    const again = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await again.locator('article.analysis').waitFor();
    const after = await again.locator('article.analysis').getAttribute('data-verdict');
    expect(before).toBe('relay-masked');
    expect(after).toBe(before);
    await again.close();
    await page.close();
  });

  it('sent nothing anywhere but the page’s own host', () => {
    expect(ext.requests.hosts()).toEqual([HOST]);
  });
});
