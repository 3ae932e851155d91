/**
 * Typed one-shot senders (no long-lived ports: an MV3 service worker may stop at any time).
 * They unwrap the receiver's `Result<T>`: resolve with the value, or throw a `MessageError` with
 * the receiver's code ('untrusted-sender', 'too-large', ...).
 */
import browser from 'webextension-polyfill';
import {
  MessageError,
  type BackgroundToContent,
  type ContentToBackground,
  type PageToBackground,
  type RequestOf,
  type ResponseOf,
  type Result,
} from './protocol';

function unwrap<T>(res: unknown): T {
  const r = res as Result<T> | undefined;
  if (!r || typeof r !== 'object' || typeof r.ok !== 'boolean') {
    // No listener answered (runtime.sendMessage resolves undefined): nobody handles this message.
    throw new MessageError('no-receiver', 'no receiver answered');
  }
  if (r.ok) return r.value;
  throw new MessageError(r.error.code, r.error.message);
}

/** From a content script or an extension page to the background. */
export async function sendToBackground<P extends ContentToBackground & PageToBackground, K extends keyof P & string>(
  type: K,
  data: RequestOf<P, K>,
): Promise<ResponseOf<P, K>> {
  return unwrap<ResponseOf<P, K>>(await browser.runtime.sendMessage({ type, data }));
}

/** From the background to our content script in one tab (top frame). */
export async function sendToTab<K extends keyof BackgroundToContent & string>(
  tabId: number,
  type: K,
  data: RequestOf<BackgroundToContent, K>,
): Promise<ResponseOf<BackgroundToContent, K>> {
  let res: unknown;
  try {
    res = await browser.tabs.sendMessage(tabId, { type, data }, { frameId: 0 });
  } catch (e) {
    // "Could not establish connection. Receiving end does not exist.": no content script there.
    throw new MessageError('no-receiver', e instanceof Error ? e.message : String(e));
  }
  return unwrap<ResponseOf<BackgroundToContent, K>>(res);
}
