/**
 * Zammad (open source, self-hosted on any domain: RELAYS-AND-HOSTS.md B.8). Veil reaches it only on
 * a desk domain the agent added at run time, so the adapter is picked by the page (`recognizes`),
 * never by a host name.
 *
 * The API is the truth, as for Zendesk (issue 9): the ticket's articles come from the agent-session
 * REST API `GET /api/v1/ticket_articles/by_ticket/{ticket_id}` (zammad/zammad
 * app/controllers/ticket_articles_controller.rb `index_by_ticket`: every article the agent may see,
 * each as `attributes_with_association_names`, so `type` and `sender` are names: "email",
 * "Customer"), and an email article's raw RFC 822 source from `GET /api/v1/ticket_article_plain/{id}`
 * (same controller, `article_plain`: `message/rfc822`, nothing when no source was stored). Every
 * article of type "email" is read: exactly the ones Zammad's own ticket view offers its "Raw" link
 * for (app/assets/javascripts/app/controllers/ticket_zoom/article_view.coffee: `if article.type.name
 * is 'email'`), whoever sent it.
 *
 * The page is only where badges go. Article ids are global in Zammad, and both of its agent
 * interfaces put them on the article's element, so badges are placed by id (lib/place.ts); never on
 * an internal article.
 */
import { place, type Item, type Listed } from './lib/place';
import { getJsonSameOrigin, getRawSameOrigin } from './lib/same-origin';
import { RawUnavailable, type FoundMessage, type ScanReport, type SiteAdapter } from './types';

export const SELECTORS = {
  /** One open ticket task of the classic app; its id names the ticket. */
  ticketWrapper: [
    // div#content_permanent_Ticket-{id}.content_permanent: the task manager appends one per open
    // task ('<div id="content_permanent_' + key + '" class="content_permanent">', key "Ticket-#{id}",
    // the Taskbar key in zammad's specs), and hides the others, see ticket-zoom.html.
    '[id^="content_permanent_Ticket-"]',
  ],
  /** One article of the ticket. */
  item: [
    // Classic app: div.ticket-article-item[data-id="{id}"][id="article-{id}"], classes the sender's
    // name and is-internal (ticket_zoom/article_view.coffee `render`), see ticket-zoom.html.
    '.ticket-article-item[data-id]',
    // New desktop view (Vue): section[role="feed"] > article#article-{internalId} (desktop
    // TicketDetailView/ArticleList.vue; the row key is the article's internalId), see desktop-view.html.
    'section[role="feed"] > article[id^="article-"]',
  ],
  /** Marks an article as internal (visible to agents only). */
  note: [
    // .is-internal on the classic item (article_view.coffee: addClass('is-internal') when article.internal), see ticket-zoom.html.
    '.is-internal',
  ],
  /** The badge goes just before this element inside the item; else at the top of the item. */
  badgeSlot: [
    // Classic: the bubble row div.article-content (ticket_zoom/article_view.jst.eco); outside
    // .textBubble, whose clicks fold the article's meta rows, see ticket-zoom.html.
    '.article-content',
    // Desktop view: div[data-test-id="article-bubble-container-{id}"] (ArticleBubble.vue), see desktop-view.html.
    '[data-test-id^="article-bubble-container-"]',
  ],
  /** Markers of a Zammad agent app on the page, to recognise a desk on any host. */
  app: [
    // The classic app's task container (task manager: $('#content_permanent').append(...)), see ticket-zoom.html.
    '#content_permanent',
    // A classic article item, see ticket-zoom.html.
    '.ticket-article-item[data-id]',
    // The desktop view's article feed, see desktop-view.html.
    'section[role="feed"] > article[id^="article-"]',
  ],
} as const;

/** Page shapes, by the item alternative that matched (README "Supported page shapes"). */
const SHAPES = ['zammad-zoom', 'zammad-desktop'] as const;

/** After a failed list (signed out, no access, API down), DOM changes do not ask again before this. */
export const RETRY_AFTER_FAILURE_MS = 30_000;

// The classic app's route `#ticket/zoom/{id}[/{article}]`; the desktop view's `/desktop/tickets/{id}`
// and its aliases `/desktop/ticket/{id}`, `/desktop/ticket/zoom/{id}` (desktop ticket routes.ts).
const ZOOM_HASH = /^#ticket\/zoom\/(\d+)(?:[/?]|$)/;
const DESKTOP_PATH = /^\/desktop\/(?:tickets|ticket(?:\/zoom)?)\/(\d+)(?:\/|$)/;
const ARTICLE_ID = /^article-(\d+)$/;

export interface ZammadArticle {
  id: number;
  ticket_id?: number;
  /** The article type's name: "email", "note", "phone", "web", ... */
  type?: string;
  /** The sender's name: "Customer", "Agent" or "System". */
  sender?: string;
  internal?: boolean;
  /** The From line as the article keeps it ("Name <address>"). */
  from?: string | null;
  created_at?: string;
}

export function ticketIdOf(url: URL): string | null {
  return ZOOM_HASH.exec(url.hash)?.[1] ?? DESKTOP_PATH.exec(url.pathname)?.[1] ?? null;
}

/** An email article: Zammad keeps its raw source (and shows a Raw link for it). */
export function hasRawEmail(a: ZammadArticle): boolean {
  return a.type === 'email';
}

/** Every article of the ticket the agent may see, in Zammad's (chronological) order. */
export async function listArticles(ticketId: string, base: URL, signal: AbortSignal): Promise<ZammadArticle[]> {
  const body = await getJsonSameOrigin(new URL(`/api/v1/ticket_articles/by_ticket/${ticketId}`, base), base, signal);
  if (!Array.isArray(body)) throw new RawUnavailable('fetch-failed', 'not a list of articles');
  return body.filter((a): a is ZammadArticle => typeof a === 'object' && a !== null && typeof (a as ZammadArticle).id === 'number');
}

interface ListEntry {
  articles: Promise<ZammadArticle[]>;
  /** Ids seen on the page that the last list did not have: not asked about again. */
  missing: Set<string>;
  /** Items on the page when this list was made: more of them later means a new article arrived. */
  itemsAtList: number;
  failedAt?: number;
  retryAfterMs?: number;
}

/** Articles are listed once per ticket and page lifetime (signal); again only when the page shows an
 *  article id the last list did not have, or more items than it had (an article arrived). */
const cache = new WeakMap<AbortSignal, Map<string, ListEntry>>();

async function articlesFor(ticketId: string, items: Item[], base: URL, signal: AbortSignal): Promise<ZammadArticle[]> {
  let perSignal = cache.get(signal);
  if (!perSignal) cache.set(signal, (perSignal = new Map()));
  let entry = perSignal.get(ticketId);
  if (entry?.failedAt !== undefined && Date.now() - entry.failedAt >= (entry.retryAfterMs ?? RETRY_AFTER_FAILURE_MS)) entry = undefined;
  if (entry && entry.failedAt === undefined) {
    const known = new Set((await entry.articles).map((a) => String(a.id)));
    const fresh = items.some((i) => i.id !== undefined && !known.has(i.id) && !entry!.missing.has(i.id));
    if (fresh || (items.length > entry.itemsAtList && items.length > known.size)) entry = undefined;
  }
  if (!entry) {
    const created: ListEntry = { articles: listArticles(ticketId, base, signal), missing: new Set(), itemsAtList: items.length };
    created.articles.catch((err: unknown) => {
      created.failedAt = Date.now();
      if (err instanceof RawUnavailable && err.retryAfterMs !== undefined) created.retryAfterMs = Math.max(err.retryAfterMs, 1000);
    });
    perSignal.set(ticketId, (entry = created));
  }
  const articles = await entry.articles;
  const ids = new Set(articles.map((a) => String(a.id)));
  for (const i of items) if (i.id !== undefined && !ids.has(i.id)) entry.missing.add(i.id);
  return articles;
}

function firstMatch(root: ParentNode, selectors: readonly string[]): { found: Element[]; index: number } {
  for (const [index, sel] of selectors.entries()) {
    const found = [...root.querySelectorAll(sel)];
    if (found.length > 0) return { found, index };
  }
  return { found: [], index: -1 };
}

/**
 * The part of the page that shows this ticket: its task wrapper when the classic app names one.
 * Without one, the whole page; when other tickets' tasks are there and this one's is not, it is
 * open which is shown (`scoped: false`: ids, which are global in Zammad, still place; order does not).
 */
function scopeOf(root: ParentNode, ticketId: string): { scope: ParentNode; scoped: boolean; wrappers: number } {
  const wrappers = [...root.querySelectorAll(SELECTORS.ticketWrapper[0])];
  const mine = wrappers.find((w) => w.id === `content_permanent_Ticket-${ticketId}`);
  if (mine) return { scope: mine, scoped: true, wrappers: wrappers.length };
  return { scope: root, scoped: wrappers.length === 0, wrappers: wrappers.length };
}

interface PageItem extends Item {
  el: Element;
}

function itemOf(el: Element): PageItem {
  const raw = el.getAttribute('data-id') ?? ARTICLE_ID.exec(el.id)?.[1] ?? '';
  return { el, id: /^\d+$/.test(raw) ? raw : undefined, note: SELECTORS.note.some((sel) => el.matches(sel)) };
}

function itemsOf(scope: ParentNode): { items: PageItem[]; index: number } {
  const { found, index } = firstMatch(scope, SELECTORS.item);
  const sel = SELECTORS.item[index] ?? '';
  // Outermost only: an article never nests in another, but a quoted page fragment might.
  const items = found.filter((el) => !el.parentElement?.closest(sel)).map(itemOf);
  // Rows that are not articles (the desktop view's "load more" row, article#article-more) carry no
  // id where the articles do: they are not items. Without any ids, every row stays (order may place).
  return { items: items.some((i) => i.id !== undefined) ? items.filter((i) => i.id !== undefined) : items, index };
}

/** "Name · 26 Jan 2026, 14:38" from the article's From line and time (API text: shown as text only). */
function labelOf(a: ZammadArticle): string | undefined {
  const from = typeof a.from === 'string' ? a.from.trim() : '';
  const lt = from.indexOf('<');
  const name = lt > 0 ? from.slice(0, lt).trim().replace(/^"(.*)"$/, '$1') : '';
  const gt = from.indexOf('>', lt);
  const who = name || (lt >= 0 ? from.slice(lt + 1, gt > lt ? gt : undefined) : from);
  const t = a.created_at ? Date.parse(a.created_at) : NaN;
  const when = Number.isNaN(t) ? a.created_at : new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return [who, when].filter(Boolean).join(' · ') || undefined;
}

function rawReader(articleId: number, page: URL): FoundMessage['loadRaw'] {
  return (signal) => getRawSameOrigin(new URL(`/api/v1/ticket_article_plain/${articleId}`, page), page, signal);
}

export const zammad: SiteAdapter = {
  id: 'zammad',
  // No host is Zammad's own: it is self-hosted anywhere, reached only on a desk the agent added.
  matches: () => false,
  recognizes: (url, doc) => ticketIdOf(url) !== null && SELECTORS.app.some((sel) => doc.querySelector(sel) !== null),
  async findMessages(root, url, signal) {
    const report: ScanReport = { site: 'zammad', shape: 'unknown', onPage: 0, markers: {} };
    const ticketId = ticketIdOf(url);
    if (!ticketId) return { messages: [], report: { ...report, shape: 'no-ticket' } };
    report.thread = ticketId;

    const { scope, scoped, wrappers } = scopeOf(root, ticketId);
    const { items, index } = itemsOf(scope);
    report.shape = SHAPES[index] ?? 'unknown';
    report.onPage = items.length;
    report.markers = {
      'ticket-wrappers': wrappers,
      'items-with-article-id': items.filter((i) => i.id !== undefined).length,
      notes: items.filter((i) => i.note).length,
    };
    if (!scoped) report.notes = ['several-tickets'];

    let articles: ZammadArticle[];
    try {
      articles = await articlesFor(ticketId, items, url, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      const e = err instanceof RawUnavailable ? err : new RawUnavailable('fetch-failed', err instanceof Error ? err.message : String(err));
      report.listError = { code: e.code, detail: e.detail };
      if (e.code === 'rate-limited' || e.code === 'fetch-failed') report.retryInMs = Math.max(e.retryAfterMs ?? RETRY_AFTER_FAILURE_MS, 1000);
      return { messages: [], report };
    }

    const listed: Listed[] = articles.map((a) => {
      const at = a.created_at ? Date.parse(a.created_at) : NaN;
      return { id: String(a.id), at: Number.isNaN(at) ? undefined : at, public: a.internal !== true, wanted: hasRawEmail(a) };
    });
    const placed = place(listed, items, { scoped });
    report.listed = articles.length;
    report.withRaw = listed.filter((l) => l.wanted).length;

    const messages: FoundMessage[] = [];
    const done = new Set<number>();
    articles.forEach((a, i) => {
      if (!listed[i]!.wanted || done.has(a.id)) return;
      done.add(a.id);
      const base = { key: `zammad:${ticketId}:${a.id}`, label: labelOf(a), loadRaw: rawReader(a.id, url) };
      const p = placed[i]!;
      if ('unplaced' in p) {
        messages.push({ ...base, unplaced: p.unplaced });
        return;
      }
      const el = items[p.item]!.el;
      const slot = firstMatch(el, SELECTORS.badgeSlot).found[0];
      messages.push({ ...base, anchor: slot ?? el, position: slot ? 'beforebegin' : 'afterbegin', placement: p.by });
    });
    return { messages, report };
  },
};
