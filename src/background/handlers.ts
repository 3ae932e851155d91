/**
 * The background's message handlers, one per message of the protocol (STYLE.md rule 5). The router
 * has already checked the sender; handlers check the payload (types, lengths, MAX_RAW_BYTES).
 */
import browser from 'webextension-polyfill';
import { MAX_RAW_BYTES, type Lang } from '../core';
import { sendToTab } from '../messaging/send';
import { MessageError, type ContentToBackground, type Handlers, type PageToBackground } from '../messaging/protocol';
import type { Runtime } from 'webextension-polyfill';
import { analyzeCached, currentLang } from './analyze-cached';
import { updateBadge } from './action-badge';
import { injectOnDemand } from './inject';
import { cleanDiagnostics } from './diagnostics';
import { addDesk, expectDesk, listDesks, removeDesk } from './desks';
import { emptyState, isOnDemandKey, readTab, updateTab, withDiagnostics, withEntry } from './tab-state';

const MAX_KEY = 300;
const MAX_LABEL = 300;
const MAX_ERROR = 1000;

/**
 * A string field of a request, shortened to `max` when longer. Page text (a 300-character display
 * name in a label, a long error) must never cost the result: a result refused for its size leaves
 * the badge in error and the message out of the popup's list. Keys are identifiers, so a long one
 * keeps a hash of the whole to stay distinct.
 */
function str(v: unknown, name: string, max: number, optional = false): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new MessageError('bad-request', `${name} must be a string`);
  return v.length > max ? shorten(v, max) : v;
}

function keyOf(v: unknown): string {
  if (typeof v !== 'string') throw new MessageError('bad-request', 'key must be a string');
  return v.length > MAX_KEY ? `${v.slice(0, MAX_KEY - 12)}#${fnv1a(v)}` : v;
}

function shorten(s: string, max: number): string {
  let cut = s.slice(0, max - 1);
  // Never leave half a surrogate pair at the cut.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** FNV-1a, 32 bits, as 8 hex digits: enough to keep two long keys of one page apart. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A dropped binary file, base64-encoded by the popup: its bytes, within MAX_RAW_BYTES. */
export function checkBase64(v: unknown): Uint8Array {
  if (typeof v !== 'string') throw new MessageError('bad-request', 'raw must be a string');
  if (v.length > Math.ceil(MAX_RAW_BYTES / 3) * 4 + 4) throw new MessageError('too-large', `the file is larger than ${MAX_RAW_BYTES} bytes`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new MessageError('bad-request', 'raw is not base64');
  let bin: string;
  try {
    bin = atob(v);
  } catch {
    throw new MessageError('bad-request', 'raw is not base64');
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The raw message: a string within MAX_RAW_BYTES (UTF-8 bytes, counted only when it could matter). */
export function checkRaw(v: unknown): string {
  if (typeof v !== 'string') throw new MessageError('bad-request', 'raw must be a string');
  const tooLarge = v.length > MAX_RAW_BYTES || (v.length * 3 > MAX_RAW_BYTES && new TextEncoder().encode(v).length > MAX_RAW_BYTES);
  if (tooLarge) throw new MessageError('too-large', `the message is larger than ${MAX_RAW_BYTES} bytes`);
  return v;
}

function tabOf(sender: Runtime.MessageSender): number {
  const id = sender.tab?.id;
  if (typeof id !== 'number') throw new MessageError('untrusted-sender', 'no tab');
  return id;
}

function pageUrl(sender: Runtime.MessageSender): string {
  return sender.url ?? sender.tab?.url ?? '';
}

function tabIdOf(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new MessageError('bad-request', 'tabId must be a tab id');
  return v;
}

async function refreshBadge(tabId: number, lang?: Lang): Promise<void> {
  await updateBadge(tabId, await readTab(browser.storage.session, tabId), lang ?? (await currentLang()));
}

export const contentHandlers = {
  async analyzeRaw(req, sender) {
    const tabId = tabOf(sender);
    const key = keyOf(req.key);
    const label = str(req.label, 'label', MAX_LABEL, true);
    const site = str(req.site, 'site', 40)!;
    const raw = checkRaw(req.raw);
    const { analysis, hash } = await analyzeCached(raw);
    const url = pageUrl(sender);
    const state = await updateTab(browser.storage.session, tabId, (cur) => withEntry(cur, url, site, { key, label, hash, analysis }));
    await updateBadge(tabId, state, analysis.explanation.lang);
    return analysis;
  },
  async reportError(req, sender) {
    const tabId = tabOf(sender);
    const key = keyOf(req.key);
    const label = str(req.label, 'label', MAX_LABEL, true);
    const site = str(req.site, 'site', 40)!;
    const message = str(req.message, 'message', MAX_ERROR)!;
    const code = str(req.code, 'code', 40, true);
    const url = pageUrl(sender);
    const entry = { key, label, error: message, ...(code !== undefined && /^[a-z][a-z-]*$/.test(code) && { reason: code }) };
    await updateTab(browser.storage.session, tabId, (cur) => withEntry(cur, url, site, entry));
    await refreshBadge(tabId);
  },
  async reportPage(req, sender) {
    const tabId = tabOf(sender);
    const site = str(req.site, 'site', 40)!;
    const diagnostics = cleanDiagnostics(req.diagnostics, site);
    const url = pageUrl(sender);
    await updateTab(browser.storage.session, tabId, (cur) => withDiagnostics(cur, url, site, diagnostics));
  },
  async resetTab(req, sender) {
    const tabId = tabOf(sender);
    const url = str(req.url, 'url', 8192)!;
    const site = str(req.site, 'site', 40)!;
    // A content script resets when it starts on a page and on each SPA navigation. For the same
    // URL, keep what the context menu recorded meanwhile (selection, links): it may have arrived
    // just before this reset, and it still belongs to the page.
    await updateTab(browser.storage.session, tabId, (cur) => {
      const fresh = emptyState(url, site);
      if (!cur || cur.url !== url) return fresh;
      const kept = cur.entries.filter((e) => isOnDemandKey(e.key));
      return { ...fresh, entries: kept, focus: kept.some((e) => e.key === cur.focus) ? cur.focus : undefined };
    });
    await refreshBadge(tabId);
  },
} satisfies Handlers<ContentToBackground>;

export const pageHandlers = {
  async getTabState(req) {
    return readTab(browser.storage.session, tabIdOf(req.tabId));
  },
  async analyzeText(req) {
    if (req.encoding !== undefined && req.encoding !== 'base64') throw new MessageError('bad-request', 'unknown encoding');
    const raw = req.encoding === 'base64' ? checkBase64(req.raw) : checkRaw(req.raw);
    const lang = req.lang === 'en' || req.lang === 'es' ? req.lang : undefined;
    return (await analyzeCached(raw, lang)).analysis;
  },
  async scanTab(req) {
    const tabId = tabIdOf(req.tabId);
    try {
      // The declared content script is there (Zendesk, Gmail): ask it to look again.
      await sendToTab(tabId, 'rescan', {});
      return { injected: false };
    } catch (e) {
      if (!(e instanceof MessageError) || e.code !== 'no-receiver') throw e;
    }
    await injectOnDemand(tabId);
    return { injected: true };
  },
  listDesks: () => listDesks(),
  expectDesk: (req) => expectDesk(req.origin),
  addDesk: (req) => addDesk(req.origin),
  removeDesk: (req) => removeDesk(req.origin),
} satisfies Handlers<PageToBackground>;

export const handlers = { ...contentHandlers, ...pageHandlers } satisfies Handlers<ContentToBackground & PageToBackground>;

export const CONTENT_MESSAGES: ReadonlySet<string> = new Set(Object.keys(contentHandlers));
