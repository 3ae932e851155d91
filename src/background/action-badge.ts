/**
 * The toolbar badge: how many messages on the tab are protected or masked (any verdict but
 * `plain` and `error`), with a localized title. Per tab, so switching tabs shows each tab's count.
 */
import browser from 'webextension-polyfill';
import type { Lang } from '../core';
import { ui, uiCount } from '../core/i18n/ui';
import type { TabState } from '../messaging/protocol';

export function protectedCount(state: TabState | null): number {
  if (!state) return 0;
  return state.entries.filter((e) => e.analysis && e.analysis.verdict !== 'plain' && e.analysis.verdict !== 'error').length;
}

export async function updateBadge(tabId: number, state: TabState | null, lang: Lang): Promise<void> {
  const count = protectedCount(state);
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: '#3c3a8f' });
    await browser.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
    await browser.action.setTitle({ tabId, title: count > 0 ? uiCount(lang, 'badge.title', count) : ui(lang, 'badge.titleNone') });
  } catch {
    // The tab closed meanwhile: nothing to show.
  }
}
