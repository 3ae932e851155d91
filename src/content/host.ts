/**
 * What the declared content script and the on-demand one share: the runners of this tab, reachable
 * from both (content scripts of one extension share an isolated world, so a global there is
 * invisible to the page), "scan this page", and the receiver of BackgroundToContent messages with
 * its sender check.
 */
import browser from 'webextension-polyfill';
import type { Analysis } from '../core/types';
import { generic } from '../adapters/generic';
import { pickSiteAdapter } from '../adapters/registry';
import type { BackgroundToContent, Handlers } from '../messaging/protocol';
import { createRouter } from '../messaging/receive';
import { openPanel } from './badge/panel';
import { backgroundBridge } from './bridge';
import { pageLang } from './lang';
import { runAdapter, type Runner } from './run-adapter';

export interface ContentHost {
  /** The declared script's runner, and the generic one once a scan was asked for on this page. */
  runners: Runner[];
  /** "Scan this page": the site adapter when one reads this page, else the generic one, once. */
  rescan(): Promise<number>;
  showPanel(analysis: Analysis): void;
}

const KEY = '__veilContentHost';

export function existingHost(): ContentHost | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as ContentHost | undefined;
}

/** The generic adapter run once, without an observer: Veil was not made for this page. */
function startGeneric(): Runner {
  return runAdapter({
    doc: document,
    pick: () => generic,
    bridge: backgroundBridge,
    lang: pageLang(),
    signal: new AbortController().signal,
    observe: false,
  });
}

/** Sets up this tab's host once; `runner` is the declared script's (absent when injected on demand). */
export function installHost(runner?: Runner): ContentHost {
  const existing = existingHost();
  if (existing) {
    if (runner) existing.runners.push(runner);
    return existing;
  }
  const lang = pageLang();
  let genericRunner: Runner | undefined;
  const host: ContentHost = {
    runners: runner ? [runner] : [],
    async rescan() {
      if (!pickSiteAdapter(new URL(location.href)) && !genericRunner) host.runners.push((genericRunner = startGeneric()));
      const counts = await Promise.all(host.runners.map((r) => r.scan()));
      await Promise.all(host.runners.map((r) => r.idle()));
      return counts.reduce((a, b) => a + b, 0);
    },
    showPanel: (analysis) => openPanel(document, analysis, lang, document.activeElement as HTMLElement | null),
  };
  (globalThis as Record<string, unknown>)[KEY] = host;
  const handlers = {
    async rescan() {
      return { found: await host.rescan() };
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
