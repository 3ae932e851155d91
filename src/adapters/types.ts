/** A raw RFC 5322 message located on the page, plus where its badge goes. */
export interface FoundMessage {
  /** Stable per page (e.g. the Zendesk comment id): used to dedupe and to match the analysis back. */
  readonly key: string;
  /** Element the badge is attached to. */
  readonly anchor: Element;
  /** Raw source; may need a same-origin fetch. */
  loadRaw(signal: AbortSignal): Promise<string>;
}

export interface SiteAdapter {
  /** Equals the file name. */
  readonly id: string;
  /** Cheap URL test, no DOM access. */
  matches(url: URL): boolean;
  /** Messages on the page now. [] when nothing is there: "not found" is normal, not an error. */
  findMessages(root: ParentNode, url: URL, signal: AbortSignal): Promise<FoundMessage[]>;
}
