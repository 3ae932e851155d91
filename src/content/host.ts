/**
 * What the declared content script and the on-demand one share: one runner per tab, reachable from
 * both (content scripts of one extension share an isolated world, so a global there is invisible to
 * the page), and the receiver of BackgroundToContent messages with its sender check.
 */
import browser from 'webextension-polyfill';
import type { Analysis } from '../core/types';
import type { BackgroundToContent, Handlers } from '../messaging/protocol';
import { createRouter } from '../messaging/receive';
import { openPanel } from './badge/panel';
import { pageLang } from './lang';
import type { Runner } from './run-adapter';

export interface ContentHost {
  runner: Runner;
  showPanel(analysis: Analysis): void;
}

const KEY = '__veilContentHost';

export function existingHost(): ContentHost | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as ContentHost | undefined;
}

export function installHost(runner: Runner): ContentHost {
  const lang = pageLang();
  const host: ContentHost = {
    runner,
    showPanel: (analysis) => openPanel(document, analysis, lang, document.activeElement as HTMLElement | null),
  };
  (globalThis as Record<string, unknown>)[KEY] = host;
  const handlers = {
    async rescan() {
      const found = await runner.scan();
      return { found };
    },
    showPanel({ analysis }) {
      if (!analysis || typeof analysis !== 'object') throw new Error('no analysis');
      host.showPanel(analysis);
    },
  } satisfies Handlers<BackgroundToContent>;
  // Only the background may drive us: our extension id, and no tab (a content script's messages
  // carry the tab they come from).
  browser.runtime.onMessage.addListener(
    createRouter<BackgroundToContent>(handlers, (_type, sender) => sender.id === browser.runtime.id && sender.tab === undefined),
  );
  return host;
}
