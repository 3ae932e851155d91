/**
 * "Analyze this email" in the context menu (created in onInstalled; menus persist, listeners don't,
 * so onClicked is registered at top level in index.ts).
 *   selection → the selected text, read from the page (line breaks kept) and analysed here;
 *   link      → the linked .eml, read from inside the page only when it is on the page's own origin;
 *   page      → the on-demand content script runs the page's adapter (pre, textarea, .eml links).
 * The result is shown in the popup where action.openPopup() works, else in the in-page panel.
 */
import browser, { type Menus, type Tabs } from 'webextension-polyfill';
import { MAX_RAW_BYTES, type Analysis } from '../core';
import { ui } from '../core/i18n/ui';
import { sendToTab } from '../messaging/send';
import { analyzeCached, currentLang } from './analyze-cached';
import { updateBadge } from './action-badge';
import { injectOnDemand, readSameOriginLink, readSelection } from './inject';
import { LINK_KEY_PREFIX, SELECTION_KEY, readTab, updateTab, withEntry } from './tab-state';

export const MENU_ID = 'veil-analyze';
export { SELECTION_KEY, LINK_KEY_PREFIX } from './tab-state';

export async function createMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  await new Promise<void>((resolve) => {
    browser.contextMenus.create(
      {
        id: MENU_ID,
        title: browser.i18n.getMessage('menuAnalyze') || 'Analyze this email',
        contexts: ['selection', 'link', 'page'],
      },
      () => resolve(),
    );
  });
}

async function show(tabId: number, analysis: Analysis | null): Promise<void> {
  try {
    await browser.action.openPopup();
    return;
  } catch {
    // Not supported here (older Chromium, no focused window): fall back to the in-page panel.
  }
  if (!analysis) return;
  try {
    await sendToTab(tabId, 'showPanel', { analysis });
  } catch {
    // No content script in this tab yet: inject the on-demand one (it hosts the panel), then retry.
    try {
      await injectOnDemand(tabId);
      await sendToTab(tabId, 'showPanel', { analysis });
    } catch {
      /* The result is in the tab's state and the toolbar badge; the popup shows it when opened. */
    }
  }
}

async function record(tabId: number, url: string, key: string, label: string | undefined, raw: string | null, error?: string) {
  const session = browser.storage.session;
  let analysis: Analysis | null = null;
  let hash: string | undefined;
  if (raw !== null) ({ analysis, hash } = await analyzeCached(raw));
  const state = await updateTab(session, tabId, (cur) => {
    const next = withEntry(cur, url, cur?.site || 'on-demand', analysis ? { key, label, hash, analysis } : { key, label, error });
    return { ...next, focus: key };
  });
  await updateBadge(tabId, state, analysis?.explanation.lang ?? (await currentLang()));
  return analysis;
}

/** Why a linked .eml could not be read; the popup shows it after "… could not be read because". */
function linkError(reason: string, lang: Parameters<typeof ui>[0]): string {
  if (reason === 'cross-origin') return ui(lang, 'menu.linkCrossOrigin');
  if (reason === 'too-large') return ui(lang, 'popup.tooLarge', { max: Math.round(MAX_RAW_BYTES / 1048576) });
  return ui(lang, 'menu.linkFailed');
}

/**
 * The file name at the end of a link, for the popup's list. A link is page text: a malformed escape
 * ("%E0%A4%A") or an unparsable URL must cost the label, never the analysis (decodeURIComponent
 * and new URL both throw).
 */
export function linkLabel(link: string, base: string): string | undefined {
  let name: string;
  try {
    name = new URL(link, base || undefined).pathname.split('/').pop() || '';
  } catch {
    return undefined;
  }
  try {
    return decodeURIComponent(name) || undefined;
  } catch {
    return name || undefined;
  }
}

export async function onMenuClicked(info: Menus.OnClickData, tab: Tabs.Tab | undefined): Promise<void> {
  if (info.menuItemId !== MENU_ID || typeof tab?.id !== 'number' || tab.id < 0) return;
  const tabId = tab.id;
  const url = tab.url ?? info.pageUrl ?? '';
  if (info.selectionText) {
    const text = (await readSelection(tabId, info.frameId)) || info.selectionText;
    const analysis = await record(tabId, url, SELECTION_KEY, undefined, text.length <= MAX_RAW_BYTES ? text : null, 'too-large');
    await show(tabId, analysis);
    return;
  }
  if (info.linkUrl) {
    const key = `${LINK_KEY_PREFIX}${info.linkUrl.slice(0, 250)}`;
    const label = linkLabel(info.linkUrl, url);
    const read = await readSameOriginLink(tabId, info.linkUrl, MAX_RAW_BYTES).catch(() => ({ ok: false as const, reason: 'network' as const }));
    const lang = await currentLang();
    const analysis = await record(tabId, url, key, label, read.ok ? read.text : null, read.ok ? undefined : linkError(read.reason, lang));
    await show(tabId, analysis);
    return;
  }
  await injectOnDemand(tabId).catch(() => undefined);
  const state = await readTab(browser.storage.session, tabId);
  await show(tabId, state?.entries.at(-1)?.analysis ?? null);
}
