/**
 * What the declared content script and the on-demand one share: the runners of this tab, reachable
 * from both (content scripts of one extension share an isolated world, so a global there is
 * invisible to the page), "scan this page", and the receiver of BackgroundToContent messages with
 * its sender check.
 */
import browser from 'webextension-polyfill';
import type { Analysis } from '../core/types';
import { generic } from '../adapters/generic';
import { pickPageAdapter } from '../adapters/registry';
import type { SiteAdapter } from '../adapters/types';
import type { BackgroundToContent, Handlers } from '../messaging/protocol';
import { createRouter } from '../messaging/receive';
import { openPanel } from './badge/panel';
import { backgroundBridge } from './bridge';
import { pageLang } from './lang';
import { runAdapter, type Runner } from './run-adapter';

export interface ContentHost {
  /** The declared (or registered) script's runner, and the one-shot one once a scan was asked for on this page. */
  runners: Runner[];
  /** Whether a declared or registered content script runs here (it watches the page by itself). */
  declared: boolean;
  /**
   * "Scan this page": the running script's adapter when one reads this page; else, once, the
   * adapter the page shows itself to be (a host-mapped Zendesk or a Zammad not added as a desk:
   * read once through activeTab), else the generic one.
   */
  rescan(): Promise<number>;
  showPanel(analysis: Analysis): void;
}

const KEY = '__veilContentHost';

export function existingHost(): ContentHost | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as ContentHost | undefined;
}

/** An adapter run once, without an observer: no content script of Veil's watches this page. */
function startOnce(adapter: SiteAdapter): Runner {
  return runAdapter({
    doc: document,
    pick: () => adapter,
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
    if (runner) {
      existing.runners.push(runner);
      existing.declared = true;
    }
    return existing;
  }
  const lang = pageLang();
  let onceRunner: Runner | undefined;
  const host: ContentHost = {
    runners: runner ? [runner] : [],
    declared: runner !== undefined,
    async rescan() {
      const site = pickPageAdapter(new URL(location.href), document);
      if (!onceRunner && (!site || !host.declared)) host.runners.push((onceRunner = startOnce(site ?? generic)));
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
