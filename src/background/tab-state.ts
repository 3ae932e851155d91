/**
 * Per-tab state in storage.session under `tab:<tabId>` (STYLE.md rule 7: the worker may be stopped
 * at any moment, so nothing lives in variables). A thin adapter over an injected storage area so the
 * unit tests can hand it an in-memory fake.
 *
 * Several comments of one ticket are analysed at once, so updates are read-modify-write under a
 * Web Lock per tab (navigator.locks exists in service workers and extension pages); without it two
 * concurrent updates could each drop the other's entry.
 */
import type { FoundEntry, PageDiagnostics, TabState } from '../messaging/protocol';

export interface SessionArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export const tabKey = (tabId: number): string => `tab:${tabId}`;

/** Most entries kept per tab: a very long thread still fits in storage.session's quota. */
export const MAX_ENTRIES = 200;

interface LockManagerLike {
  request<T>(name: string, cb: () => Promise<T>): Promise<T>;
}

export function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return locks ? locks.request(name, fn) : fn();
}

function isTabState(v: unknown): v is TabState {
  return typeof v === 'object' && v !== null && Array.isArray((v as TabState).entries);
}

export async function readTab(area: SessionArea, tabId: number): Promise<TabState | null> {
  const key = tabKey(tabId);
  const got = await area.get(key);
  return isTabState(got[key]) ? got[key] : null;
}

/** Applies `change` to the tab's state under the tab's lock; `null` removes it. Returns the result. */
export function updateTab(
  area: SessionArea,
  tabId: number,
  change: (current: TabState | null) => TabState | null,
): Promise<TabState | null> {
  const key = tabKey(tabId);
  return withLock(key, async () => {
    const next = change(await readTab(area, tabId));
    if (next) await area.set({ [key]: next });
    else await area.remove(key);
    return next;
  });
}

export function removeTab(area: SessionArea, tabId: number): Promise<void> {
  return area.remove(tabKey(tabId));
}

/** Entries the context menu records (not a content script's): the selection and read links. */
export const SELECTION_KEY = 'selection';
export const LINK_KEY_PREFIX = 'link:';
export function isOnDemandKey(key: string): boolean {
  return key === SELECTION_KEY || key.startsWith(LINK_KEY_PREFIX);
}

export function emptyState(url: string, site: string, now = Date.now()): TabState {
  return { url, site, entries: [], updatedAt: now };
}

/**
 * Adds or replaces one entry (same key = same message). A state recorded for another URL belongs to
 * the page the tab showed before: it is dropped, so a navigation never mixes two pages' messages.
 */
export function withEntry(current: TabState | null, url: string, site: string, entry: FoundEntry, now = Date.now()): TabState {
  const base = current && current.url === url ? current : emptyState(url, site, now);
  const entries = base.entries.filter((e) => e.key !== entry.key);
  entries.push(entry);
  return { ...base, site: base.site || site, entries: entries.slice(-MAX_ENTRIES), updatedAt: now };
}

/** Replaces the page's diagnostics; a state of another URL is dropped as withEntry does. */
export function withDiagnostics(current: TabState | null, url: string, site: string, diagnostics: PageDiagnostics, now = Date.now()): TabState {
  const base = current && current.url === url ? current : emptyState(url, site, now);
  return { ...base, site: base.site || site, diagnostics, updatedAt: now };
}
