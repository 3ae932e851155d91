/**
 * Zendesk Agent Workspace (https://{sub}.zendesk.com/agent/tickets/{id}).
 *
 * The raw source is not in the DOM. The ticket's comments come from the agent-session JSON API
 * (`/api/v2/tickets/{id}/comments.json`, each with `audit_id` and `via`), and for each comment that
 * came by email (`via.channel == "email"`) the raw RFC 822 source from
 * `/audits/{audit_id}/email.eml?ticket_id={id}` — RELAYS-AND-HOSTS.md B.1 (developer.zendesk.com
 * ticket_comments + via-object-reference; the .eml endpoint from public agent-session code).
 * The badge goes on the comment element carrying `data-comment-id` (B.1 "Agent Workspace DOM markers").
 */
import { looksLikeRawMessage } from './lib/raw-text';
import { getSameOrigin } from './lib/same-origin';
import { RawUnavailable, type FoundMessage, type SiteAdapter } from './types';

export const SELECTORS = {
  /** One rendered comment; must carry data-comment-id. */
  comment: [
    // Agent Workspace conversation log item (holatuwol/liferay-zendesk-userscript src/attachments.ts).
    'article[data-test-id="omni-log-comment-item"][data-comment-id]',
    // Any element carrying the id: survives a rename of the data-test-id (see ticket-no-test-ids.html).
    '[data-comment-id]',
  ],
  /** Where inside the comment the badge sits; falls back to the top of the comment element. */
  badgeSlot: [
    // Sender line of a log item (B.1 DOM markers), see ticket.html.
    '[data-test-id="omni-log-item-sender"]',
  ],
} as const;

/**
 * Comments pages followed at most: a bound against an endless next_page. Zendesk serves up to 100
 * comments a page, but a desk (or a proxy) may page by far fewer, so the bound is generous: a
 * 40-comment ticket paged one by one must lose nothing. An empty page also ends the walk.
 */
export const MAX_COMMENT_PAGES = 200;

const TICKET_PATH = /^\/agent\/tickets\/(\d+)(?:[/?#]|$)/;

export interface ZendeskComment {
  id: number;
  audit_id?: number;
  created_at?: string;
  via?: { channel?: string; source?: { from?: { address?: string; name?: string } } };
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
    const body = (await res.json()) as CommentsPage;
    const list = Array.isArray(body.comments) ? body.comments : [];
    for (const c of list) if (c && typeof c.id === 'number') out.push(c);
    // A page with no comments that still points further is a broken or endless listing.
    const href = list.length === 0 ? null : (body.next_page ?? (body.meta?.has_more ? body.links?.next : null));
    next = href ? new URL(href, base) : null;
  }
  return out;
}

/** After a failed list (signed out, no access, API down), DOM changes do not ask again before this. */
export const RETRY_AFTER_FAILURE_MS = 30_000;

interface ListEntry {
  comments: Promise<ZendeskComment[]>;
  /** Ids still absent after a fresh list. */
  missing: Set<string>;
  failedAt?: number;
}

/** Comments are listed once per ticket and page lifetime (signal); listed again only when the DOM
 *  shows a comment id the last list did not have (a reply that arrived while the ticket was open). */
const cache = new WeakMap<AbortSignal, Map<string, ListEntry>>();

async function commentsFor(ticketId: string, domIds: string[], base: URL, signal: AbortSignal): Promise<Map<string, ZendeskComment>> {
  let perSignal = cache.get(signal);
  if (!perSignal) cache.set(signal, (perSignal = new Map()));
  let entry = perSignal.get(ticketId);
  if (entry?.failedAt !== undefined && Date.now() - entry.failedAt >= RETRY_AFTER_FAILURE_MS) entry = undefined;
  if (entry && entry.failedAt === undefined) {
    const known = new Set((await entry.comments).map((c) => String(c.id)));
    const fresh = domIds.filter((id) => !known.has(id) && !entry!.missing.has(id));
    if (fresh.length > 0) entry = undefined;
  }
  if (!entry) {
    const created: ListEntry = { comments: listComments(ticketId, base, signal), missing: new Set() };
    created.comments.catch(() => (created.failedAt = Date.now()));
    perSignal.set(ticketId, (entry = created));
  }
  const byId = new Map((await entry.comments).map((c) => [String(c.id), c] as const));
  // An id still absent after a fresh list (another ticket's comment, a non-comment item) is not
  // worth another request on every DOM change.
  for (const id of domIds) if (!byId.has(id)) entry.missing.add(id);
  return byId;
}

function first(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const sel of selectors) {
    const found = [...root.querySelectorAll(sel)];
    if (found.length > 0) return found;
  }
  return [];
}

/** "Name · 26 Jan 2026, 14:38": the popup shows the address on its own line, so the name is enough. */
function labelOf(c: ZendeskComment): string | undefined {
  const from = c.via?.source?.from;
  const who = from?.name || from?.address;
  const t = c.created_at ? Date.parse(c.created_at) : NaN;
  const when = Number.isNaN(t) ? c.created_at : new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return [who, when].filter(Boolean).join(' · ') || undefined;
}

export const zendesk: SiteAdapter = {
  id: 'zendesk',
  matches: (url) => url.protocol === 'https:' && url.hostname.endsWith('.zendesk.com') && url.pathname.startsWith('/agent'),
  async findMessages(root, url, signal) {
    const ticketId = ticketIdOf(url);
    if (!ticketId) return [];
    // Several tickets can be open as tabs; each lives under a wrapper with its id (B.1). Other
    // things may carry the id too (a row of a ticket list): only a wrapper holding comments counts.
    const scope = [...root.querySelectorAll(`[data-ticket-id="${ticketId}"]`)].find((w) => first(w, SELECTORS.comment).length > 0) ?? root;
    const elements = first(scope, SELECTORS.comment);
    const domIds = [...new Set(elements.map((e) => e.getAttribute('data-comment-id') ?? '').filter((id) => /^\d+$/.test(id)))];
    if (domIds.length === 0) return [];
    const comments = await commentsFor(ticketId, domIds, url, signal);
    const found: FoundMessage[] = [];
    const done = new Set<string>();
    for (const el of elements) {
      const id = el.getAttribute('data-comment-id') ?? '';
      const c = comments.get(id);
      // Only comments that came in by email have a raw source (via-object-reference).
      if (!c || done.has(id) || c.via?.channel !== 'email' || typeof c.audit_id !== 'number') continue;
      done.add(id);
      const slot = first(el, SELECTORS.badgeSlot)[0];
      const auditId = c.audit_id;
      found.push({
        key: `zendesk:${ticketId}:${id}`,
        anchor: slot ?? el,
        position: slot ? 'beforeend' : 'afterbegin',
        label: labelOf(c),
        async loadRaw(sig) {
          const eml = new URL(`/audits/${auditId}/email.eml?ticket_id=${ticketId}`, url);
          const res = await getSameOrigin({ url: eml, signal: sig, accept: 'message/rfc822' }, url);
          const raw = await res.text();
          if (raw.trim() === '') throw new RawUnavailable('empty');
          // An expired session answers with the sign-in page, not the message. The media type alone
          // is not trusted either way: a message served as text/html is still a message.
          if ((res.headers.get('content-type') ?? '').includes('text/html') && !looksLikeRawMessage(raw)) {
            throw new RawUnavailable('signed-out');
          }
          return raw;
        },
      });
    }
    return found;
  },
};
