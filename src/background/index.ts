/**
 * The service worker: runs the pure core on raw messages sent by our content scripts and pages.
 * Listeners are registered synchronously at top level; no state lives in variables (STYLE.md rule 7).
 */
import browser from 'webextension-polyfill';
import { analyze, resolveLang, MAX_RAW_BYTES } from '../core';
import type { ContentToBackground, Envelope, PageToBackground, Result } from '../messaging/protocol';

const MENU_ID = 'veil-analyze';

browser.runtime.onInstalled.addListener(() => {
  void browser.contextMenus.removeAll().then(() =>
    browser.contextMenus.create({
      id: MENU_ID,
      title: browser.i18n.getMessage('menuAnalyze'),
      contexts: ['page', 'selection', 'link'],
    }),
  );
});

function isOwnPage(sender: browser.Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL(''));
}

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender): Promise<Result<unknown>> | undefined => {
  const msg = message as Envelope<ContentToBackground & PageToBackground>;
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return undefined;
  if (sender.id !== browser.runtime.id) return Promise.resolve({ ok: false, error: { code: 'untrusted-sender', message: 'unknown sender' } });
  const lang = resolveLang(browser.i18n.getUILanguage());
  if (msg.type === 'analyzeText' && isOwnPage(sender)) {
    const raw = String(msg.data?.raw ?? '');
    if (raw.length > MAX_RAW_BYTES) return Promise.resolve({ ok: false, error: { code: 'too-large', message: 'message too large' } });
    return analyze(raw, { lang }).then((value) => ({ ok: true, value }));
  }
  if (msg.type === 'analyzeRaw' && sender.tab?.id !== undefined) {
    const raw = String(msg.data?.raw ?? '');
    if (raw.length > MAX_RAW_BYTES) return Promise.resolve({ ok: false, error: { code: 'too-large', message: 'message too large' } });
    return analyze(raw, { lang }).then((value) => ({ ok: true, value }));
  }
  return Promise.resolve({ ok: false, error: { code: 'unknown-message', message: `unknown message ${String(msg.type)}` } });
});
