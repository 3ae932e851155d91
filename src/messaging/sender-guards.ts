/**
 * Who may send what (STYLE.md rule 6). `sender` is stamped by the browser; message fields are only
 * claims. Content scripts report the web page's URL in sender.url, so a page URL can never pass
 * `isOwnExtensionPage`; our content scripts always arrive with a tab.
 */
import type { Runtime } from 'webextension-polyfill';

export interface RuntimeIdentity {
  id: string;
  getURL(path: string): string;
}

/** One of our content scripts, running in a tab. */
export function isOwnContentScript(sender: Runtime.MessageSender, rt: RuntimeIdentity): boolean {
  return sender.id === rt.id && typeof sender.tab?.id === 'number' && sender.tab.id >= 0;
}

/** One of our extension pages (popup, options; also when opened in a tab). */
export function isOwnExtensionPage(sender: Runtime.MessageSender, rt: RuntimeIdentity): boolean {
  const base = rt.getURL('');
  return sender.id === rt.id && typeof sender.url === 'string' && base !== '' && sender.url.startsWith(base);
}
