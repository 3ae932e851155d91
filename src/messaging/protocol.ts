/**
 * Every message between the extension's contexts, declared once with its request and response
 * types, grouped by direction (STYLE.md rule 5). Receivers implement `Handlers<P>` with `satisfies`,
 * so a missing handler or an orphan message is a type error. Receivers check the browser-stamped
 * `sender` before acting (rule 6): message fields are claims.
 */
import type { Runtime } from 'webextension-polyfill';
import type { Analysis, Lang } from '../core';
import type { Placement, ScanReport, Unplaced } from '../adapters/types';

/** One message found on a page, and what became of it. */
export interface FoundEntry {
  /** Stable per page (the Zendesk comment id, the Gmail message id, "selection", ...). */
  key: string;
  /** Short human label (sender and date, or "Pasted source"); page text, so shown as text only. */
  label?: string;
  /** Content hash of the raw source (SHA-256 hex); the cache key of the analysis. */
  hash?: string;
  analysis?: Analysis;
  /** Why the raw source could not be read or analysed, in plain words. */
  error?: string;
  /** The same as a stable code (a RawUnavailableCode, 'too-large' or 'analyze-failed'), for the popup's diagnostics. */
  reason?: string;
}

/** One message the content script knows on the page, in the site's order, and where its badge went. */
export interface DiagnosticMessage {
  key: string;
  /** Sender and date (page or API text: shown as text only, never copied into a report). */
  label?: string;
  placement?: Placement;
  unplaced?: Unplaced;
}

/**
 * What the content script recognised on the tab (issue 9 "nothing silently empty"): the adapter's
 * report (site, page shape, ticket, counts, markers, why a list failed) and every message it knows,
 * placed or not. Replaced whole on each scan that changed it.
 */
export interface PageDiagnostics extends Omit<ScanReport, 'retryInMs'> {
  messages: DiagnosticMessage[];
}

/** What the background keeps per tab in storage.session under `tab:<tabId>`. */
export interface TabState {
  url: string;
  site: string;
  entries: FoundEntry[];
  updatedAt: number;
  /** Key of the entry the popup opens first (set by the context-menu flow). */
  focus?: string;
  /** What the content script recognised on the page (absent until its first scan, and on pages it does not run on). */
  diagnostics?: PageDiagnostics;
}

/** One of the agent's own desk domains (options page, popup). */
export interface DeskStatus {
  /** "https://support.example.com" */
  origin: string;
  /** The browser granted Veil this origin (the agent allowed it once; it can be taken back in the browser's settings). */
  granted: boolean;
  /** Set by the organisation's policy: the agent cannot remove it. */
  managed: boolean;
}

/** content script → background. Sender must be our own content script in a tab. */
export interface ContentToBackground {
  /** Analyse one raw message found on the page; the result is also stored in the tab's state. */
  analyzeRaw(req: { key: string; label?: string; raw: string; site: string }): Analysis;
  /** A message was found but its raw source could not be read (`code`: why, as a stable code). */
  reportError(req: { key: string; label?: string; site: string; message: string; code?: string }): void;
  /** What the page scan recognised, placed and failed (sent when it changes, not per message). */
  reportPage(req: { site: string; diagnostics: PageDiagnostics }): void;
  /** The page changed (SPA navigation): forget the tab's previous entries. */
  resetTab(req: { url: string; site: string }): void;
}

/** popup / options → background. Sender must be one of our extension pages. */
export interface PageToBackground {
  getTabState(req: { tabId: number }): TabState | null;
  /** Analyse pasted or dropped raw source (no tab involved). With `encoding: 'base64'`, `raw` is a
   *  dropped binary file (an Outlook .msg) in base64, so its bytes survive JSON messaging. */
  analyzeText(req: { raw: string; lang?: Lang; encoding?: 'base64' }): Analysis;
  /** Find messages on the tab now: rescan with the declared content script, or inject the on-demand one. */
  scanTab(req: { tabId: number }): { injected: boolean };
  /** The agent's desk domains and whether the browser granted each. */
  listDesks(req: Record<string, never>): DeskStatus[];
  /**
   * Sent right after the page called permissions.request for `origin` in a click: the popup is
   * closed by the browser's permission prompt before it hears the answer, so the background adds
   * the desk itself when the permission arrives (permissions.onAdded).
   */
  expectDesk(req: { origin: string }): void;
  /** Adds a desk whose origin the browser has granted: registers the content script there and runs it in its open tabs. */
  addDesk(req: { origin: string }): DeskStatus[];
  /** Removes a desk: unregisters the script there and gives the browser's permission back. */
  removeDesk(req: { origin: string }): { desks: DeskStatus[]; released: boolean };
}

/** background → content script in a given tab. */
export interface BackgroundToContent {
  rescan(req: Record<string, never>): { found: number };
  /** Show an analysis in the in-page panel (context-menu result). */
  showPanel(req: { analysis: Analysis }): void;
}

type Req<F> = F extends (req: infer Q) => unknown ? Q : never;
type Res<F> = F extends (req: never) => infer R ? R : never;

export type RequestOf<P, K extends keyof P> = Req<P[K]>;
export type ResponseOf<P, K extends keyof P> = Res<P[K]>;

/** What a receiver must implement for protocol P: one handler per message, no extras. */
export type Handlers<P> = {
  [K in keyof P]: (req: Req<P[K]>, sender: Runtime.MessageSender) => Res<P[K]> | Promise<Res<P[K]>>;
};
/** On the wire. */
export type Envelope<P> = { [K in keyof P]: { type: K; data: Req<P[K]> } }[keyof P];
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Stable error codes a receiver answers with (the UI maps each to a sentence in the user's language). */
export type ErrorCode =
  | 'untrusted-sender'
  | 'unknown-message'
  | 'bad-request'
  | 'too-large'
  | 'no-access'
  | 'no-receiver'
  | 'not-granted'
  | 'built-in'
  | 'managed'
  | 'failed';

/** Thrown by send.ts when the receiver answered `{ok: false}`: carries the receiver's code. */
export class MessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}
