/**
 * The service worker. Every listener is registered synchronously at top level, so an event that
 * wakes a stopped worker finds its listener; no state lives in variables (STYLE.md rules 6–7):
 * per-tab results and the analysis cache are in storage.session, settings in storage.local.
 */
import browser from 'webextension-polyfill';
import { currentLang } from './analyze-cached';
import { updateBadge } from './action-badge';
import { createMenu, onMenuClicked } from './context-menu';
import { onPermissionsAdded, syncDesks } from './desks';
import { onMessage } from './router';
import { removeTab, updateTab } from './tab-state';

browser.runtime.onInstalled.addListener(() => {
  void createMenu();
  // An update drops the desks' registered content script in both browsers; the granted origins stay.
  void syncDesks().catch(() => undefined);
});

// A restart keeps registered scripts, but the stored list of desks stays the truth.
browser.runtime.onStartup.addListener(() => {
  void syncDesks().catch(() => undefined);
});

// The agent allowed an origin (maybe from the popup, which the prompt closed), or took one back in
// the browser's own settings: the registration follows.
browser.permissions.onAdded.addListener(() => {
  void onPermissionsAdded().catch(() => undefined);
});
browser.permissions.onRemoved.addListener(() => {
  void syncDesks().catch(() => undefined);
});

// The organisation changed its policy (desks it sets for every agent).
browser.storage.onChanged.addListener((_changes, area) => {
  if (area === 'managed') void syncDesks().catch(() => undefined);
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
