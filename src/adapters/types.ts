/**
 * The contract between the content runtime and the site adapters (STYLE.md 2.4). Adapters read the
 * DOM and make same-origin reads of raw source; they never touch `browser`/`chrome` or messaging,
 * so each one is testable in jsdom with a saved page and a fake fetch.
 *
 * The shape every adapter fills, whatever the site (Zendesk today; a Zammad or a host-mapped
 * Zendesk later): a list of the messages that have a raw source (from the site's API where it has
 * one, the truth), a raw read per message, anchor strategies that place each message's badge where
 * the page allows, and a report of what was recognised and what failed, so nothing is ever silently
 * empty (issue 9).
 */

export type AdapterId = 'zendesk' | 'gmail' | 'zammad' | 'generic';

/**
 * How a message's badge found its element, in the order the desk adapters try them:
 * the comment id on the element, the audit id in `id="comment-{audit}"`, the element's time against
 * the API's created_at, the order of the items when the counts agree; 'element' is a message that
 * is its own element (a Gmail message, a <pre> of raw source).
 */
export type Placement = 'comment-id' | 'audit-id' | 'time' | 'order' | 'element';

/**
 * Why a message the site lists has no badge on the page (it is still read, analysed and listed in
 * the popup): the page shows no comment items for the ticket; the page has items with ids but not
 * this one (not rendered yet, or collapsed); several items share its time and the page does not say
 * which is which; the page shows a different number of items than the API lists, so their order
 * says nothing; the only element it could go on is an internal note; several tickets are open and
 * the page does not say which one is shown.
 */
export type Unplaced = 'no-items' | 'not-shown' | 'ambiguous' | 'counts-differ' | 'note' | 'several-tickets';

/** A raw RFC 5322 message located on the page (or listed by the site's API), plus where its badge goes. */
export interface FoundMessage {
  /** Stable per page (e.g. the Zendesk comment id): used to dedupe and to match the analysis back. */
  readonly key: string;
  /** Element the badge host is inserted relative to; absent when the page offers no place for it. */
  readonly anchor?: Element;
  /** Where, relative to `anchor` (insertAdjacentElement positions); default 'beforeend'. */
  readonly position?: InsertPosition;
  /** How the anchor was found (with `anchor`). */
  readonly placement?: Placement;
  /** Why there is no anchor (without `anchor`). */
  readonly unplaced?: Unplaced;
  /** Short label (sender and date, "Selection", ...): page text, so shown as text only. */
  readonly label?: string;
  /** Raw source; may need a same-origin fetch. Rejects with `RawUnavailable` when it cannot be had. */
  loadRaw(signal: AbortSignal): Promise<string>;
}

/**
 * What an adapter recognised on the page, for the popup's diagnostics and the "copy diagnostics"
 * report. Counts and codes only: never page text or mail content.
 */
export interface ScanReport {
  site: AdapterId;
  /** The page shape recognised (README "Supported page shapes"), e.g. 'workspace', 'classic', 'gmail-thread'; 'unknown' when none. */
  shape: string;
  /** The ticket or thread shown, when the URL names one. */
  thread?: string;
  /** Everything the site's API listed for it (comments, notes, ...). */
  listed?: number;
  /** Of those, how many have a raw source (came by email). */
  withRaw?: number;
  /** Message items seen on the page (log items of the shown ticket, expanded messages, ...). */
  onPage: number;
  /** Page markers counted (short name → count), so an unknown page shape can be reported. */
  markers: Record<string, number>;
  /** The list could not be had, and why (a RawUnavailableCode). */
  listError?: { code: RawUnavailableCode; detail?: string };
  /** Hints for the agent, as codes (e.g. 'no-ik', 'several-tickets', 'unsynced'). */
  notes?: string[];
  /** Ask again after this long even if the page does not change (a list that failed for a while). */
  retryInMs?: number;
}

export interface PageScan {
  messages: FoundMessage[];
  report: ScanReport;
}

export interface SiteAdapter {
  /** Equals the file name. */
  readonly id: AdapterId;
  /** Cheap URL test, no DOM access: the hosts Veil is installed for (its declared content script). */
  matches(url: URL): boolean;
  /**
   * On a host Veil does not know (a desk domain the agent added at run time: a host-mapped Zendesk,
   * a self-hosted Zammad), whether this page is one of the site's: its URL shape (a ticket) and
   * markers of the site's app on the page, never the host name. Cheap: a few querySelector calls;
   * asked again as the page renders, until it says yes.
   */
  recognizes?(url: URL, doc: ParentNode): boolean;
  /**
   * Messages of the page now, and the report of what was recognised. `messages: []` is normal
   * ("not found" is not an error); a list the site refused is in `report.listError`.
   * May make same-origin reads (Zendesk lists a ticket's comments through its API); every read
   * takes `signal`.
   */
  findMessages(root: ParentNode, url: URL, signal: AbortSignal): Promise<PageScan>;
}

/**
 * Why a raw source (or a site's list) cannot be had: a stable code the badge and the popup turn
 * into a sentence in the agent's language that says what to do.
 * - 'signed-out': HTTP 401, or a sign-in page instead of the message;
 * - 'no-access': HTTP 403 (the agent may not see this ticket or message);
 * - 'not-found': HTTP 404;
 * - 'rate-limited': HTTP 429 after waiting as long as the site asked;
 * - 'redirected': the site answered with a redirect (Veil follows none: it could lead off the page's own origin);
 * - 'too-large': larger than Veil analyses (MAX_RAW_BYTES);
 * - 'not-same-origin': the URL is on another origin (refused before any request);
 * - 'fetch-failed': a network error or another HTTP status;
 * - 'empty': the source is empty;
 * - 'gmail-open-original': Gmail's original could not be read; the agent can open "Show original".
 */
export type RawUnavailableCode =
  | 'gmail-open-original'
  | 'fetch-failed'
  | 'not-same-origin'
  | 'empty'
  | 'signed-out'
  | 'no-access'
  | 'not-found'
  | 'rate-limited'
  | 'redirected'
  | 'too-large';

export class RawUnavailable extends Error {
  readonly code: RawUnavailableCode;
  /** Technical detail (HTTP status, ...), for the badge's explanation and the popup. */
  readonly detail: string;
  /** How long the site asked to wait before asking again (429 Retry-After), in ms. */
  readonly retryAfterMs?: number;
  constructor(code: RawUnavailableCode, detail = '', retryAfterMs?: number) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'RawUnavailable';
    this.code = code;
    this.detail = detail;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}
