/**
 * The contract between the content runtime and the site adapters (STYLE.md 2.4). Adapters read the
 * DOM and make same-origin reads of raw source; they never touch `browser`/`chrome` or messaging,
 * so each one is testable in jsdom with a saved page and a fake fetch.
 */

export type AdapterId = 'zendesk' | 'gmail' | 'generic';

/** A raw RFC 5322 message located on the page, plus where its badge goes. */
export interface FoundMessage {
  /** Stable per page (e.g. the Zendesk comment id): used to dedupe and to match the analysis back. */
  readonly key: string;
  /** Element the badge host is inserted relative to. */
  readonly anchor: Element;
  /** Where, relative to `anchor` (insertAdjacentElement positions); default 'beforeend'. */
  readonly position?: InsertPosition;
  /** Short label (sender and date, "Selection", ...): page text, so shown as text only. */
  readonly label?: string;
  /** Raw source; may need a same-origin fetch. Rejects with `RawUnavailable` when it cannot be had. */
  loadRaw(signal: AbortSignal): Promise<string>;
}

export interface SiteAdapter {
  /** Equals the file name. */
  readonly id: AdapterId;
  /** Cheap URL test, no DOM access. */
  matches(url: URL): boolean;
  /**
   * Messages on the page now. [] when nothing is there: "not found" is normal, not an error.
   * May make same-origin reads (Zendesk lists a ticket's comments through its API to learn which
   * came by email); every read takes `signal`.
   */
  findMessages(root: ParentNode, url: URL, signal: AbortSignal): Promise<FoundMessage[]>;
}

/**
 * Why a found message has no raw source: a stable code the badge turns into a sentence that says
 * what to do (e.g. 'gmail-open-original': open "Show original" from the message menu).
 */
export type RawUnavailableCode = 'gmail-open-original' | 'fetch-failed' | 'not-same-origin' | 'empty' | 'signed-out';

export class RawUnavailable extends Error {
  readonly code: RawUnavailableCode;
  /** Technical detail (HTTP status, ...), for the badge's explanation and the popup. */
  readonly detail: string;
  constructor(code: RawUnavailableCode, detail = '') {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'RawUnavailable';
    this.code = code;
    this.detail = detail;
  }
}
