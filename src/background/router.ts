/**
 * The background's runtime.onMessage listener: content-script messages only from our own content
 * scripts in a tab, page messages only from our own extension pages (STYLE.md rule 6).
 */
import browser from 'webextension-polyfill';
import type { ContentToBackground, PageToBackground } from '../messaging/protocol';
import { createRouter } from '../messaging/receive';
import { isOwnContentScript, isOwnExtensionPage } from '../messaging/sender-guards';
import { CONTENT_MESSAGES, handlers } from './handlers';

export const onMessage = createRouter<ContentToBackground & PageToBackground>(handlers, (type, sender) =>
  CONTENT_MESSAGES.has(type as string)
    ? isOwnContentScript(sender, browser.runtime) && !isOwnExtensionPage(sender, browser.runtime)
    : isOwnExtensionPage(sender, browser.runtime),
);
