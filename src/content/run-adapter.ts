/**
 * The content runtime: owns the lifecycle, the adapters only read (STYLE.md 2.4, rule 8).
 *
 * - ONE debounced MutationObserver for the script's lifetime. Each batch first checks whether the
 *   URL changed (a single-page app switching tickets changes the DOM too), then rescans. No polling.
 * - One AbortController per page (URL): a navigation aborts every read of the previous page,
 *   removes its badges and tells the background to forget the tab's entries (resetTab).
 * - Messages are deduped by key; each is read and analysed once per page, placed on the page or
 *   not (a message the site lists but the page offers no place for is still read, analysed and
 *   listed in the popup); a badge dropped by a re-render of the page is put back from the stored
 *   result without a new request.
 * - After each scan, what the adapter recognised (PageDiagnostics) goes to the background, only
 *   when it changed: one write per change of the page, not one per message.
 */
import type { Analysis, Lang } from '../core/types';
import { ui } from '../core/i18n/ui';
import { RawUnavailable, type FoundMessage, type PageScan, type SiteAdapter } from '../adapters/types';
import type { PageDiagnostics } from '../messaging/protocol';
import { BADGE_ATTR, mountBadge, type BadgeHandle } from './badge/mount-badge';
import { PANEL_ATTR, openPanel } from './badge/panel';
import type { BadgeState } from './badge/state';

/** What the runtime needs from the extension (messaging); a fake in jsdom tests. */
export interface ContentBridge {
  analyzeRaw(req: { key: string; label?: string; raw: string; site: string }): Promise<Analysis>;
  reportError(req: { key: string; label?: string; site: string; message: string; code?: string }): Promise<void>;
  resetTab(req: { url: string; site: string }): Promise<void>;
  reportPage(req: { site: string; diagnostics: PageDiagnostics }): Promise<void>;
}

export interface RunOptions {
  doc: Document;
  /**
   * The adapter for a URL (undefined: nothing to do on this page yet). Asked on each navigation,
   * and again on each scan while it answers undefined (a desk's app may render its markers late).
   */
  pick(url: URL): SiteAdapter | undefined;
  bridge: ContentBridge;
  lang: Lang;
  /** Ends everything (the content script's lifetime). */
  signal: AbortSignal;
  /** Watch the DOM and the URL; false for a one-shot scan (the generic adapter on demand). */
  observe?: boolean;
  debounceMs?: number;
  /** Raw sources read at once (Zendesk rate-limits its API per agent). */
  concurrency?: number;
}

export interface Runner {
  /** Scan now (the background's rescan); resolves with the number of messages known on the page. */
  scan(): Promise<number>;
  /** Settles when every read started so far has finished (tests, rescan replies). */
  idle(): Promise<void>;
}

interface Entry {
  found: FoundMessage;
  state: BadgeState;
  badge?: BadgeHandle;
}

interface Page {
  href: string;
  url: URL;
  adapter: SiteAdapter | undefined;
  ctrl: AbortController;
  entries: Map<string, Entry>;
  /** The diagnostics last sent for this page (JSON), so an unchanged scan sends nothing. */
  sent?: string;
  /** A rescan the adapter asked for (a list that failed for a while). */
  retry?: ReturnType<typeof setTimeout>;
}

/** Most messages described per page: as many as the background keeps entries. */
const MAX_DIAGNOSTIC_MESSAGES = 200;

function isOwnNode(n: Node): boolean {
  return n.nodeType === 1 && ((n as Element).hasAttribute(BADGE_ATTR) || (n as Element).hasAttribute(PANEL_ATTR));
}

/** Mutations made by Veil itself (inserting or removing a badge) must not trigger a rescan. */
export function isOwnMutation(r: MutationRecord): boolean {
  if (r.type !== 'childList') return isOwnNode(r.target);
  const nodes = [...r.addedNodes, ...r.removedNodes];
  return nodes.length > 0 && nodes.every(isOwnNode);
}

/** Why a message has no analysis, as a stable code: a RawUnavailableCode, 'too-large' (the background refused it) or 'analyze-failed'. */
export function reasonCode(err: unknown): string {
  if (err instanceof RawUnavailable) return err.code;
  if ((err as { code?: unknown } | null)?.code === 'too-large') return 'too-large';
  return 'analyze-failed';
}

export function describeError(err: unknown, lang: Lang): string {
  if (err instanceof RawUnavailable) {
    return ui(lang, `inpage.raw.${err.code}`, { detail: err.detail || err.code });
  }
  if (reasonCode(err) === 'too-large') return ui(lang, 'inpage.raw.too-large', { detail: '' });
  const reason = err instanceof Error ? err.message : String(err);
  return ui(lang, 'inpage.analyzeFailed', { reason });
}

export function diagnosticsOf(scan: PageScan): PageDiagnostics {
  const { retryInMs: _retry, ...report } = scan.report;
  return {
    ...report,
    messages: scan.messages.slice(0, MAX_DIAGNOSTIC_MESSAGES).map((m) => ({
      key: m.key,
      ...(m.label !== undefined && { label: m.label }),
      ...(m.anchor ? { placement: m.placement ?? 'element' } : { unplaced: m.unplaced ?? 'no-items' }),
    })),
  };
}

export function runAdapter(opts: RunOptions): Runner {
  const { doc, bridge, lang, signal } = opts;
  const win = doc.defaultView!;
  const concurrency = opts.concurrency ?? 3;
  let page: Page | null = null;
  let scanning: Promise<number> | null = null;
  let again = false;
  let active = 0;
  const queue: (() => void)[] = [];
  const inflight = new Set<Promise<void>>();

  function newPage(): Page {
    const href = win.location.href;
    const url = new URL(href);
    const ctrl = new AbortController();
    signal.addEventListener('abort', () => ctrl.abort(signal.reason), { once: true, signal: ctrl.signal });
    return { href, url, adapter: opts.pick(url), ctrl, entries: new Map() };
  }

  function leave(old: Page): void {
    old.ctrl.abort(new DOMException('navigated', 'AbortError'));
    clearTimeout(old.retry);
    for (const e of old.entries.values()) e.badge?.remove();
  }

  function ensureBadge(e: Entry): void {
    const anchor = e.found.anchor;
    if (!anchor) {
      // The page no longer offers a place for it (re-rendered, collapsed): no stale badge either.
      e.badge?.remove();
      e.badge = undefined;
      return;
    }
    const placement = { anchor, position: e.found.position };
    if (e.badge?.isPlaced(placement)) return;
    e.badge?.remove();
    e.badge = mountBadge(placement, e.state, {
      key: e.found.key,
      lang,
      onOpen: (state, focusBack) => openPanel(doc, state, lang, focusBack),
    });
  }

  function setState(e: Entry, state: BadgeState): void {
    e.state = state;
    e.badge?.update(state);
  }

  function slot<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        active++;
        task()
          .then(resolve, reject)
          .finally(() => {
            active--;
            queue.shift()?.();
          });
      };
      if (active < concurrency) run();
      else queue.push(run);
    });
  }

  async function load(p: Page, e: Entry): Promise<void> {
    const sig = p.ctrl.signal;
    const site = p.adapter?.id ?? 'unknown';
    const { key, label } = e.found;
    try {
      const raw = await slot(() => (sig.aborted ? Promise.reject(sig.reason) : e.found.loadRaw(sig)));
      if (sig.aborted) return;
      const analysis = await bridge.analyzeRaw({ key, label, raw, site });
      if (sig.aborted) return;
      setState(e, { kind: 'done', analysis });
    } catch (err) {
      if (sig.aborted) return;
      const message = describeError(err, lang);
      setState(e, { kind: 'error', message });
      bridge.reportError({ key, label, site, message, code: reasonCode(err) }).catch(() => undefined);
    }
  }

  async function scanOnce(): Promise<number> {
    if (signal.aborted) return 0;
    if (!page || page.href !== win.location.href) {
      const old = page;
      page = newPage();
      if (old) leave(old);
      if (old || opts.observe !== false) bridge.resetTab({ url: page.href, site: page.adapter?.id ?? 'none' }).catch(() => undefined);
    }
    const p = page;
    if (!p.adapter) {
      // A desk domain's single-page app renders late: the page may show which desk it is only now.
      p.adapter = opts.pick(p.url);
      if (!p.adapter) return 0;
      if (opts.observe !== false) bridge.resetTab({ url: p.href, site: p.adapter.id }).catch(() => undefined);
    }
    const site = p.adapter.id;
    let result: PageScan;
    try {
      result = await p.adapter.findMessages(doc, p.url, p.ctrl.signal);
    } catch (err) {
      // An adapter fault: nothing to badge, but the popup says what happened.
      if (p.ctrl.signal.aborted) return 0;
      const e = err instanceof RawUnavailable ? err : new RawUnavailable('fetch-failed', err instanceof Error ? err.message : String(err));
      result = { messages: [], report: { site, shape: 'unknown', onPage: 0, markers: {}, listError: { code: e.code, detail: e.detail } } };
    }
    if (p !== page || p.ctrl.signal.aborted) return 0;
    const found: FoundMessage[] = result.messages;
    const diagnostics = diagnosticsOf(result);
    const json = JSON.stringify(diagnostics);
    if (json !== p.sent) {
      p.sent = json;
      bridge.reportPage({ site, diagnostics }).catch(() => undefined);
    }
    // A list that failed for a while (rate limited, network) is asked for again even if the page
    // stays still; a page that changes meanwhile rescans sooner anyway.
    if (result.report.retryInMs !== undefined && opts.observe !== false && p.retry === undefined) {
      p.retry = setTimeout(() => {
        p.retry = undefined;
        if (page === p) void scan();
      }, result.report.retryInMs);
    }
    for (const m of found) {
      let e = p.entries.get(m.key);
      if (e) {
        e.found = m;
        ensureBadge(e);
        continue;
      }
      e = { found: m, state: { kind: 'loading' } };
      p.entries.set(m.key, e);
      ensureBadge(e);
      const task = load(p, e);
      inflight.add(task);
      void task.finally(() => inflight.delete(task));
    }
    return p.entries.size;
  }

  function scan(): Promise<number> {
    if (scanning) {
      again = true;
      return scanning;
    }
    scanning = scanOnce().finally(() => {
      scanning = null;
      if (again && !signal.aborted) {
        again = false;
        void scan();
      }
    });
    return scanning;
  }

  if (opts.observe !== false) {
    const ms = opts.debounceMs ?? 250;
    // A page that never stops mutating (Gmail's live regions, timers) must not starve the scan: the
    // debounce waits for a quiet spell, but never longer than maxWait after the first change.
    const maxWait = ms * 4;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let firstAt = 0;
    const schedule = () => {
      const now = Date.now();
      if (timer === undefined) firstAt = now;
      clearTimeout(timer);
      timer = setTimeout(
        () => {
          timer = undefined;
          void scan();
        },
        Math.max(0, Math.min(ms, firstAt + maxWait - now)),
      );
    };
    const mo = new win.MutationObserver((records) => {
      if (records.every(isOwnMutation)) return;
      schedule();
    });
    mo.observe(doc.documentElement, { childList: true, subtree: true });
    // History navigations that change no DOM (rare) still reach us through these events.
    win.addEventListener('popstate', schedule);
    win.addEventListener('hashchange', schedule);
    signal.addEventListener(
      'abort',
      () => {
        mo.disconnect();
        win.removeEventListener('popstate', schedule);
        win.removeEventListener('hashchange', schedule);
        clearTimeout(timer);
        if (page) leave(page);
      },
      { once: true },
    );
  }

  void scan();

  return {
    scan,
    async idle() {
      for (;;) {
        if (scanning) await scanning;
        if (inflight.size === 0) return;
        await Promise.allSettled([...inflight]);
      }
    },
  };
}
