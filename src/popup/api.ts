/**
 * Everything the popup needs from the extension, behind one interface so the UI tests hand it a
 * fake (no browser in jsdom) and the popup itself stays plain rendering.
 */
import browser from 'webextension-polyfill';
import type { Analysis, Lang } from '../core';
import type { TabState } from '../messaging/protocol';
import { sendToBackground } from '../messaging/send';
import { tabKey } from '../background/tab-state';
import { chooseLang } from '../shared/locale';
import { loadSettings } from '../shared/settings';
import { deskOriginOf } from '../shared/desks';
import { deskClient, type DesksApi } from '../shared/desk-client';

export interface PopupApi {
  lang(): Promise<Lang>;
  /** The tab the popup was opened on; null on pages no extension may read. */
  activeTabId(): Promise<number | null>;
  getTabState(tabId: number): Promise<TabState | null>;
  /** `encoding: 'base64'`: `raw` is a dropped binary file (an Outlook .msg) in base64. */
  analyzeText(raw: string, lang: Lang, encoding?: 'base64'): Promise<Analysis>;
  scanTab(tabId: number): Promise<{ injected: boolean }>;
  /** Calls back whenever the tab's state changes (results arrive one by one); returns an unsubscribe. */
  watchTab(tabId: number, cb: (state: TabState | null) => void): () => void;
  copy(text: string): Promise<void>;
  openOptions(): void;
  /** The extension's version, for the diagnostics report. */
  version?(): string;
  /** The tab's web origin (http or https), or null (the browser shows it only after a click on Veil's button). */
  tabOrigin?(tabId: number): Promise<string | null>;
  /** The agent's desk domains ("Use Veil on this site"). */
  desks?: DesksApi;
}

export const browserApi: PopupApi = {
  async lang() {
    return chooseLang((await loadSettings()).lang, browser.i18n.getUILanguage());
  },
  async activeTabId() {
    // `?tab=<id>`: the popup opened as a page for a given tab (browser tests drive it this way,
    // since a toolbar popup cannot be opened by automation). Only reads our own storage.
    const asked = new URLSearchParams(location.search).get('tab');
    if (asked && /^\d{1,10}$/.test(asked)) return Number(asked);
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return typeof tab?.id === 'number' && tab.id >= 0 ? tab.id : null;
  },
  getTabState: (tabId) => sendToBackground('getTabState', { tabId }),
  analyzeText: (raw, lang, encoding) => sendToBackground('analyzeText', encoding ? { raw, lang, encoding } : { raw, lang }),
  scanTab: (tabId) => sendToBackground('scanTab', { tabId }),
  watchTab(tabId, cb) {
    const key = tabKey(tabId);
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && key in changes) cb((changes[key].newValue as TabState | undefined) ?? null);
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  },
  copy: (text) => navigator.clipboard.writeText(text),
  openOptions() {
    void browser.runtime.openOptionsPage();
  },
  version: () => browser.runtime.getManifest().version,
  async tabOrigin(tabId) {
    const tab = await browser.tabs.get(tabId);
    return tab.url ? deskOriginOf(tab.url) : null;
  },
  desks: deskClient,
};
