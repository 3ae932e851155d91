/**
 * Zendesk (https://{sub}.zendesk.com/agent/tickets/{id}): the Agent Workspace and the older agent
 * interface.
 *
 * The API is the truth (issue 9): the ticket's comments come from the agent-session JSON API
 * (`/api/v2/tickets/{id}/comments.json`, all pages; each with `id`, `audit_id`, `created_at`,
 * `public`, `via`), and each comment that came by email (`via.channel == "email"`, and
 * `metadata.system.raw_email_identifier` where the API gives it) has its raw RFC 822 source at
 * `/audits/{audit_id}/email.eml?ticket_id={id}` — RELAYS-AND-HOSTS.md B.1 (developer.zendesk.com
 * ticket_comments + via-object-reference; the .eml endpoint from public agent-session code).
 * Every one of them is listed, read and analysed, whether or not the page offers a place for its badge.
 *
 * The page is only where badges go, and its markup varies (B.1, corrected 2026-12-03): the Workspace
 * log item often carries no comment id, some versions put `id="comment-{audit_id}"` on it, the older
 * interface used `div[data-comment-id]`. Badges are placed by lib/place.ts: comment id, audit id,
 * the item's time against `created_at`, then order when the counts agree; never on a note.
 */
import { place, type Item, type Listed } from './lib/place';
import { getRawSameOrigin, getSameOrigin } from './lib/same-origin';
import { RawUnavailable, type FoundMessage, type ScanReport, type SiteAdapter } from './types';

export const SELECTORS = {
  /** The wrapper of one open ticket tab; its attribute's value is the ticket id (undocumented: hints). */
  ticketWrapper: [
    // div[data-side-conversations-anchor-id="{ticket id}"] (holatuwol/liferay-zendesk-userscript;
    // a "Zendesk Chat Styles" userscript, idx 8390090386), see workspace.html.
    '[data-side-conversations-anchor-id]',
    // .conversation-polaris[data-ticket-id="{ticket id}"] (a public tab-timer script, idx 66442529066;
    // Hefestos-F/cc-result-monk), see workspace-audit-ids.html.
    '[data-ticket-id]',
  ],
  /** The conversation log of a ticket. */
  log: [
    // div[data-test-id="omni-log-container"] (B.1), see workspace.html.
    '[data-test-id="omni-log-container"]',
    // section[role="feed"] around the log items (idx 66442529066), see workspace-audit-ids.html.
    'section[role="feed"]',
  ],
  /** One item of the log: a comment or a note (events are other elements). */
  item: [
    // Agent Workspace: article[data-test-id="omni-log-comment-item"] (B.1), see workspace.html.
    'article[data-test-id="omni-log-comment-item"]',
    // The older agent interface: div.event[data-comment-id] (liferay userscript src/attachments.ts
    // at an older commit: closest('div[data-comment-id]')), see classic.html.
    'div[data-comment-id]',
    // Any element carrying the comment id: survives a change of element, see ticket-no-test-ids.html.
    '[data-comment-id]',
    // id="comment-{audit_id}" alone, without the test id (BagToad/Zendesk-Link-Collector: "newer
    // Zendesk versions" scroll to [id="comment-{auditID}"]), see workspace-audit-ids.html.
    '[id^="comment-"]',
  ],
  /** An item's time: the absolute ISO time of the comment in `datetime`. */
  itemTime: [
    // time[data-test-id="timestamp-relative"][datetime] (B.1; idx 66442529066 prefers it: the
    // "timestamp-absolute" one was seen carrying local time marked as UTC), see workspace.html.
    'time[data-test-id="timestamp-relative"][datetime]',
    // The older interface: <time datetime title> in the comment (liferay userscript attachments.ts), see classic.html.
    'time[datetime]',
  ],
  /** Marks an item as an internal note. */
  note: [
    // div[data-test-id="omni-log-internal-note-tag"] (B.1; several public scripts test it), see workspace.html.
    '[data-test-id="omni-log-internal-note-tag"]',
  ],
  /** Where inside an item the badge sits; falls back to the top of the item. */
  badgeSlot: [
    // Sender line of a log item (B.1), see workspace.html.
    '[data-test-id="omni-log-item-sender"]',
    // The older interface's author line: div.actor (liferay userscript attachments.ts: 'div.actor .name'), see classic.html.
    'div.actor',
  ],
  /**
   * Markers of Zendesk's agent app on a page, to recognise a host-mapped desk (support.example.com
   * serves the agent interface at /agent too: support.zendesk.com/hc/en-us/articles/4417363395226)
   * by the page, never by its host name.
   */
  app: [
    // Zendesk Garden components carry data-garden-id (a content script reading
    // [data-garden-id="forms.input"] on /agent/tickets pages, idx 2632062397; idx 16191897814), see host-mapped.html.
    '[data-garden-id]',
    // The agent app's own assets, from static.zdassets.com/agent/assets/… (idx 69677877172, 16466527675), see host-mapped.html.
    'script[src*="zdassets.com/"]',
    // The conversation log itself, whatever else changed (B.1), see workspace.html.
    '[data-test-id="omni-log-container"]',
    // The older interface's comment items, see classic.html.
    '[data-comment-id]',
  ],
} as const;

/** Page shapes, by the item alternative that matched (README "Supported page shapes"). */
const SHAPES = ['workspace', 'classic', 'comment-ids', 'audit-ids'] as const;

/**
 * Comments pages followed at most: a bound against an endless next_page. Zendesk serves up to 100
 * comments a page, but a desk (or a proxy) may page by far fewer, so the bound is generous: a
 * 40-comment ticket paged one by one must lose nothing. An empty page also ends the walk.
 */
export const MAX_COMMENT_PAGES = 200;

/** After a failed list (signed out, no access, API down), DOM changes do not ask again before this. */
export const RETRY_AFTER_FAILURE_MS = 30_000;

const TICKET_PATH = /^\/agent\/tickets\/(\d+)(?:[/?#]|$)/;
const AUDIT_ID = /^comment-(\d+)$/;

export interface ZendeskComment {
  id: number;
  audit_id?: number;
  created_at?: string;
  public?: boolean;
  via?: { channel?: string; source?: { from?: { address?: string; name?: string } } };
  metadata?: { system?: { raw_email_identifier?: string | null } };
}

interface CommentsPage {
  comments?: ZendeskComment[];
  /** Offset pagination: absolute URL of the next page or null. */
  next_page?: string | null;
  /** Cursor pagination. */
  meta?: { has_more?: boolean };
  links?: { next?: string | null };
}

export function ticketIdOf(url: URL): string | null {
  return TICKET_PATH.exec(url.pathname)?.[1] ?? null;
}

/** Every comment of the ticket, following next_page (or links.next) on the same origin, bounded. */
export async function listComments(ticketId: string, base: URL, signal: AbortSignal): Promise<ZendeskComment[]> {
  const out: ZendeskComment[] = [];
  let next: URL | null = new URL(`/api/v2/tickets/${ticketId}/comments.json`, base);
  const seen = new Set<string>();
  for (let page = 0; next && page < MAX_COMMENT_PAGES; page++) {
    if (seen.has(next.href) || next.origin !== base.origin) break;
    seen.add(next.href);
    const res = await getSameOrigin({ url: next, signal, accept: 'application/json' }, base);
    let body: CommentsPage;
    try {
      body = (await res.json()) as CommentsPage;
    } catch {
      // A sign-in page (HTML) where JSON was asked for: the session has ended.
      throw new RawUnavailable('signed-out', 'not JSON');
    }
    const list = Array.isArray(body?.comments) ? body.comments : [];
    for (const c of list) if (c && typeof c.id === 'number') out.push(c);
    // A page with no comments that still points further is a broken or endless listing.
    const href = list.length === 0 ? null : (body.next_page ?? (body.meta?.has_more ? body.links?.next : null));
    next = href ? new URL(href, base) : null;
  }
  return out;
}

/** A comment has a raw email when it came by email (via-object-reference), unless the API says outright it kept none. */
export function hasRawEmail(c: ZendeskComment): boolean {
  if (c.via?.channel !== 'email' || typeof c.audit_id !== 'number') return false;
  const system = c.metadata?.system;
  return !(system && 'raw_email_identifier' in system && !system.raw_email_identifier);
}

interface ListEntry {
  comments: Promise<ZendeskComment[]>;
  /** Ids and audit ids seen on the page that the last list did not have: not asked about again. */
  missing: Set<string>;
  /** Items on the page when this list was made: more of them later means a new comment arrived. */
  itemsAtList: number;
  failedAt?: number;
  retryAfterMs?: number;
}

/** Comments are listed once per ticket and page lifetime (signal); listed again only when the page
 *  shows an id the last list did not have, or more items than the list has (a reply arrived). */
const cache = new WeakMap<AbortSignal, Map<string, ListEntry>>();

async function commentsFor(ticketId: string, items: Item[], base: URL, signal: AbortSignal): Promise<ZendeskComment[]> {
  let perSignal = cache.get(signal);
  if (!perSignal) cache.set(signal, (perSignal = new Map()));
  let entry = perSignal.get(ticketId);
  if (entry?.failedAt !== undefined && Date.now() - entry.failedAt >= (entry.retryAfterMs ?? RETRY_AFTER_FAILURE_MS)) entry = undefined;
  if (entry && entry.failedAt === undefined) {
    const known = await entry.comments;
    const ids = new Set<string>();
    for (const c of known) {
      ids.add(`c${c.id}`);
      if (typeof c.audit_id === 'number') ids.add(`a${c.audit_id}`);
    }
    const fresh = (k: string | undefined) => k !== undefined && !ids.has(k) && !entry!.missing.has(k);
    const grew = items.length > entry.itemsAtList && items.length > known.length;
    if (grew || items.some((i) => fresh(i.id && `c${i.id}`) || fresh(i.auditId && `a${i.auditId}`))) entry = undefined;
  }
  if (!entry) {
    const created: ListEntry = { comments: listComments(ticketId, base, signal), missing: new Set(), itemsAtList: items.length };
    created.comments.catch((err: unknown) => {
      created.failedAt = Date.now();
      if (err instanceof RawUnavailable && err.retryAfterMs !== undefined) created.retryAfterMs = Math.max(err.retryAfterMs, 1000);
    });
    perSignal.set(ticketId, (entry = created));
  }
  const comments = await entry.comments;
  // An id still absent after a fresh list (another ticket's comment, a non-comment item) is not
  // worth another request on every DOM change.
  const ids = new Set(comments.flatMap((c) => [`c${c.id}`, `a${c.audit_id}`]));
  for (const i of items) {
    if (i.id && !ids.has(`c${i.id}`)) entry.missing.add(`c${i.id}`);
    if (i.auditId && !ids.has(`a${i.auditId}`)) entry.missing.add(`a${i.auditId}`);
  }
  return comments;
}

function first(root: ParentNode, selectors: readonly string[]): { found: Element[]; index: number } {
  for (const [index, sel] of selectors.entries()) {
    const found = [...root.querySelectorAll(sel)];
    if (found.length > 0) return { found, index };
  }
  return { found: [], index: -1 };
}

function isHidden(el: Element): boolean {
  return el.closest('[hidden], [aria-hidden="true"], [style*="display: none"], [style*="display:none"]') !== null;
}

/**
 * The part of the page that shows this ticket. With several tickets open as tabs, each lives under
 * a wrapper naming it (B.1 hints); without one, a single log (or a single visible one) is taken;
 * several unnamed logs leave it open which ticket is shown (`scoped: false`: ids still place, order does not).
 */
function scopeOf(root: ParentNode, ticketId: string): { scope: ParentNode; scoped: boolean; wrappers: number; logs: number } {
  let wrappers = 0;
  for (const sel of SELECTORS.ticketWrapper) {
    const attr = sel.slice(1, -1);
    const mine = [...root.querySelectorAll(sel)].filter((w) => w.getAttribute(attr) === ticketId && first(w, SELECTORS.item).found.length > 0);
    wrappers += mine.length;
    if (mine.length > 0) return { scope: mine.find((w) => !isHidden(w)) ?? mine[0]!, scoped: true, wrappers, logs: 0 };
  }
  const logs = first(root, SELECTORS.log).found;
  if (logs.length <= 1) return { scope: logs[0] ?? root, scoped: true, wrappers, logs: logs.length };
  const visible = logs.filter((l) => !isHidden(l));
  if (visible.length === 1) return { scope: visible[0]!, scoped: true, wrappers, logs: logs.length };
  return { scope: root, scoped: false, wrappers, logs: logs.length };
}

interface PageItem extends Item {
  el: Element;
}

function itemOf(el: Element): PageItem {
  const id = el.getAttribute('data-comment-id') ?? el.querySelector('[data-comment-id]')?.getAttribute('data-comment-id') ?? '';
  const auditEl = el.closest('[id^="comment-"]') ?? el.querySelector('[id^="comment-"]');
  const auditId = AUDIT_ID.exec(auditEl?.id ?? '')?.[1];
  const time = first(el, SELECTORS.itemTime).found[0]?.getAttribute('datetime');
  const at = time ? Date.parse(time) : NaN;
  return {
    el,
    id: /^\d+$/.test(id) ? id : undefined,
    auditId,
    at: Number.isNaN(at) ? undefined : at,
    note: first(el, SELECTORS.note).found.length > 0,
  };
}

/** The log items of the scope, outermost only (a reply button may carry the comment id too). */
function itemsOf(scope: ParentNode, dropHidden: boolean): { items: PageItem[]; index: number } {
  const { found, index } = first(scope, SELECTORS.item);
  const sel = SELECTORS.item[index] ?? '';
  const els = found.filter((el) => !el.parentElement?.closest(sel) && (sel !== '[id^="comment-"]' || AUDIT_ID.test(el.id)) && !(dropHidden && isHidden(el)));
  return { items: els.map(itemOf), index };
}

/** "Name · 26 Jan 2026, 14:38": the popup shows the address on its own line, so the name is enough. */
function labelOf(c: ZendeskComment): string | undefined {
  const from = c.via?.source?.from;
  const who = from?.name || from?.address;
  const t = c.created_at ? Date.parse(c.created_at) : NaN;
  const when = Number.isNaN(t) ? c.created_at : new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return [who, when].filter(Boolean).join(' · ') || undefined;
}

function rawReader(ticketId: string, auditId: number, page: URL): FoundMessage['loadRaw'] {
  return (signal) => getRawSameOrigin(new URL(`/audits/${auditId}/email.eml?ticket_id=${ticketId}`, page), page, signal);
}

export const zendesk: SiteAdapter = {
  id: 'zendesk',
  matches: (url) => url.protocol === 'https:' && url.hostname.endsWith('.zendesk.com') && url.pathname.startsWith('/agent'),
  // A host-mapped desk: the agent interface's ticket URL and the agent app's markers on the page.
  recognizes: (url, doc) => ticketIdOf(url) !== null && SELECTORS.app.some((sel) => doc.querySelector(sel) !== null),
  async findMessages(root, url, signal) {
    const report: ScanReport = { site: 'zendesk', shape: 'unknown', onPage: 0, markers: {} };
    const ticketId = ticketIdOf(url);
    if (!ticketId) return { messages: [], report: { ...report, shape: 'no-ticket' } };
    report.thread = ticketId;

    const { scope, scoped, wrappers, logs } = scopeOf(root, ticketId);
    const { items, index } = itemsOf(scope, scope === root && logs === 0);
    report.shape = SHAPES[index] ?? 'unknown';
    report.onPage = items.length;
    report.markers = {
      'ticket-wrappers': wrappers,
      logs,
      'items-with-comment-id': items.filter((i) => i.id).length,
      'items-with-audit-id': items.filter((i) => i.auditId).length,
      'items-with-time': items.filter((i) => i.at !== undefined).length,
      notes: items.filter((i) => i.note).length,
    };
    if (!scoped) report.notes = ['several-tickets'];

    let comments: ZendeskComment[];
    try {
      comments = await commentsFor(ticketId, items, url, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      const e = err instanceof RawUnavailable ? err : new RawUnavailable('fetch-failed', err instanceof Error ? err.message : String(err));
      report.listError = { code: e.code, detail: e.detail };
      // Transient failures are tried again by themselves; signed out or no access wait for the agent.
      if (e.code === 'rate-limited' || e.code === 'fetch-failed') report.retryInMs = Math.max(e.retryAfterMs ?? RETRY_AFTER_FAILURE_MS, 1000);
      return { messages: [], report };
    }

    const listed: Listed[] = comments.map((c) => {
      const at = c.created_at ? Date.parse(c.created_at) : NaN;
      return {
        id: String(c.id),
        auditId: typeof c.audit_id === 'number' ? String(c.audit_id) : undefined,
        at: Number.isNaN(at) ? undefined : at,
        public: c.public !== false,
        wanted: hasRawEmail(c),
      };
    });
    const placed = place(listed, items, { scoped });
    report.listed = comments.length;
    report.withRaw = listed.filter((l) => l.wanted).length;

    const messages: FoundMessage[] = [];
    const done = new Set<number>();
    comments.forEach((c, i) => {
      if (!listed[i]!.wanted || done.has(c.id)) return;
      done.add(c.id);
      const base = { key: `zendesk:${ticketId}:${c.id}`, label: labelOf(c), loadRaw: rawReader(ticketId, c.audit_id!, url) };
      const p = placed[i]!;
      if ('unplaced' in p) {
        messages.push({ ...base, unplaced: p.unplaced });
        return;
      }
      const el = items[p.item]!.el;
      const slot = first(el, SELECTORS.badgeSlot).found[0];
      messages.push({ ...base, anchor: slot ?? el, position: slot ? 'beforeend' : 'afterbegin', placement: p.by });
    });
    return { messages, report };
  },
};
