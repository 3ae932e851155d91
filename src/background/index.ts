/**
 * The service worker. Every listener is registered synchronously at top level, so an event that
 * wakes a stopped worker finds its listener; no state lives in variables (STYLE.md rules 6–7):
 * per-tab results and the analysis cache are in storage.session, settings in storage.local.
 */
import browser from 'webextension-polyfill';
import { currentLang } from './analyze-cached';
import { updateBadge } from './action-badge';
import { createMenu, onMenuClicked } from './context-menu';
import { onMessage } from './router';
import { removeTab, updateTab } from './tab-state';

browser.runtime.onInstalled.addListener(() => {
  void createMenu();
});

browser.runtime.onMessage.addListener(onMessage);

browser.contextMenus.onClicked.addListener((info, tab) => {
  void onMenuClicked(info, tab).catch(() => undefined);
});

browser.tabs.onRemoved.addListener((tabId) => {
  void removeTab(browser.storage.session, tabId);
});

// A navigation to another page makes the tab's entries stale. Content scripts also send resetTab on
// single-page-app navigation; analyzeRaw for a new URL starts a fresh state by itself, so the order
// in which these arrive does not matter.
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.url === undefined) return;
  void (async () => {
    let dropped = false;
    await updateTab(browser.storage.session, tabId, (cur) => {
      dropped = cur !== null && cur.url !== change.url;
      return dropped ? null : cur;
    });
    if (dropped) await updateBadge(tabId, null, await currentLang());
  })();
});
