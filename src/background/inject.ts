/// <reference types="@crxjs/vite-plugin/client" />
/**
 * Code the background runs in a tab through `scripting.executeScript` (activeTab or the declared
 * hosts). Each function is self-contained (it is serialised into the page's isolated world), reads
 * only, and never sends anything anywhere but back to us.
 */
import browser from 'webextension-polyfill';
// The on-demand content script (generic adapter: <pre>, <textarea>, selection, .eml links) as one
// self-contained IIFE file: `?script&iife` needs no web_accessible_resources entry, unlike the ESM
// loader, so no page can probe for the extension's files.
// Imported through a glob so the build stays green while src/content/on-demand.ts is being written
// (an empty match leaves the file undefined and the injection reports 'no-access').
import { MessageError } from '../messaging/protocol';

const found = import.meta.glob<string>('../content/on-demand.ts', { query: '?script&iife', import: 'default', eager: true });
export const ON_DEMAND_FILE: string | undefined = Object.values(found)[0];

/** Injects the on-demand content script in the tab's top frame. */
export async function injectOnDemand(tabId: number): Promise<void> {
  const onDemand = ON_DEMAND_FILE;
  if (!onDemand) throw new MessageError('no-access', 'the on-demand content script is missing from this build');
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: [onDemand] });
  } catch (e) {
    throw new MessageError('no-access', e instanceof Error ? e.message : String(e));
  }
}

/** The selection as the page holds it (contextMenus' selectionText collapses line breaks). */
export async function readSelection(tabId: number, frameId?: number): Promise<string> {
  try {
    const [res] = await browser.scripting.executeScript({
      target: frameId !== undefined && frameId > 0 ? { tabId, frameIds: [frameId] } : { tabId },
      func: () => {
        const sel = globalThis.getSelection?.();
        const active = document.activeElement;
        // A selection inside a <textarea> is not part of getSelection() in every browser.
        if (active instanceof HTMLTextAreaElement && active.selectionEnd > active.selectionStart) {
          return active.value.slice(active.selectionStart, active.selectionEnd);
        }
        return sel ? sel.toString() : '';
      },
    });
    return typeof res?.result === 'string' ? res.result : '';
  } catch {
    return '';
  }
}

export type LinkRead = { ok: true; text: string } | { ok: false; reason: 'cross-origin' | 'too-large' | 'http' | 'network'; detail?: string };

/**
 * Reads a linked .eml from inside the page, ONLY when the link is on the page's own origin: the
 * request then goes where the page itself would go, with the page's own session. A link to another
 * site is refused (nothing leaves the page's host), and the agent is told to download and drop it.
 */
export async function readSameOriginLink(tabId: number, url: string, maxBytes: number): Promise<LinkRead> {
  try {
    const [res] = await browser.scripting.executeScript({
      target: { tabId },
      args: [url, maxBytes],
      func: async (href: string, max: number) => {
        let target: URL;
        try {
          target = new URL(href, location.href);
        } catch {
          return { ok: false, reason: 'cross-origin' };
        }
        if (target.origin !== location.origin) return { ok: false, reason: 'cross-origin' };
        try {
          const r = await fetch(target.href, { credentials: 'same-origin', redirect: 'error' });
          if (!r.ok) return { ok: false, reason: 'http', detail: String(r.status) };
          const len = Number(r.headers.get('content-length') ?? '0');
          if (len > max) return { ok: false, reason: 'too-large' };
          const text = await r.text();
          if (text.length > max) return { ok: false, reason: 'too-large' };
          return { ok: true, text };
        } catch (e) {
          return { ok: false, reason: 'network', detail: String(e) };
        }
      },
    });
    return (res?.result as LinkRead | undefined) ?? { ok: false, reason: 'network' };
  } catch (e) {
    throw new MessageError('no-access', e instanceof Error ? e.message : String(e));
  }
}
