/**
 * A Zammad desk's agent-session REST API, for fakes in jsdom and routes in e2e (RELAYS-AND-HOSTS.md
 * B.8). The shape of each article is what `GET /api/v1/ticket_articles/by_ticket/{id}` answers
 * (zammad/zammad app/controllers/ticket_articles_controller.rb `index_by_ticket`: each article's
 * `attributes_with_association_names`, so `type`, `sender` and `created_by` are names), limited to
 * fields public code reads from it: `id`, `type` ("email"), `sender` ("Customer"), `internal`, `from`,
 * `created_at`, `created_by`, `body` (a public Zammad skill's jq over by_ticket, TimRudorf/dotfiles
 * zammad-read/SKILL.md; B.8: `message_id`). The raw source is `GET /api/v1/ticket_article_plain/{id}`,
 * `message/rfc822` (controller `article_plain`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './paths';
import { SAMPLES, sampleBytes } from './ticket-samples';

export interface FakeArticle {
  id: number;
  ticket_id: number;
  type: string;
  sender: 'Customer' | 'Agent' | 'System';
  internal?: boolean;
  from?: string;
  created_at: string;
  body?: string;
  /** The stored original (email articles). */
  raw?: Buffer;
}

export function apiArticle(a: FakeArticle) {
  return {
    id: a.id,
    ticket_id: a.ticket_id,
    type: a.type,
    sender: a.sender,
    internal: a.internal ?? false,
    from: a.from ?? null,
    to: a.type === 'email' ? 'Example Support <support@example.com>' : null,
    subject: 'Cannot read your reply',
    message_id: a.type === 'email' ? `<${a.id}@mail.example.net>` : null,
    content_type: 'text/plain',
    body: a.body ?? '',
    created_at: a.created_at,
    updated_at: a.created_at,
    created_by: a.sender === 'Agent' ? 'agent@example.com' : 'customer@example.net',
  };
}

/** Ticket 7 of test/fixtures/pages/zammad: the four samples by email, an internal note, an agent's emailed reply, and a new email not rendered yet. */
export const TICKET7: FakeArticle[] = [
  { id: 71, ticket_id: 7, type: 'email', sender: 'Customer', from: `"Alice Example" <${SAMPLES.smime.from.address}>`, created_at: '2026-11-20T09:12:00.000Z', raw: sampleBytes(SAMPLES.smime) },
  { id: 72, ticket_id: 7, type: 'note', sender: 'Agent', internal: true, from: 'Agent Smith', created_at: '2026-11-20T09:30:00.000Z', body: 'Customer sent an encrypted mail; asked for plain text.' },
  { id: 73, ticket_id: 7, type: 'email', sender: 'Customer', from: `Bob Example <${SAMPLES.pgp.from.address}>`, created_at: '2026-11-21T08:00:00.000Z', raw: sampleBytes(SAMPLES.pgp) },
  { id: 74, ticket_id: 7, type: 'email', sender: 'Customer', from: `"${SAMPLES.relay.from.name}" <${SAMPLES.relay.from.address}>`, created_at: '2026-11-22T08:00:00.000Z', raw: sampleBytes(SAMPLES.relay) },
  { id: 75, ticket_id: 7, type: 'email', sender: 'Customer', from: `Carol Example <${SAMPLES.plain.from.address}>`, created_at: '2026-11-23T08:00:00.000Z', raw: sampleBytes(SAMPLES.plain) },
  { id: 76, ticket_id: 7, type: 'email', sender: 'Agent', from: 'Example Support <support@example.com>', created_at: '2026-11-24T08:00:00.000Z', raw: sampleBytes(SAMPLES.plain) },
  { id: 77, ticket_id: 7, type: 'email', sender: 'Customer', from: `Carol Example <${SAMPLES.plain.from.address}>`, created_at: '2026-11-26T08:00:00.000Z', raw: sampleBytes(SAMPLES.plain) },
];

/** Which article each email of TICKET7 is, with the verdict its raw source gets. */
export const TICKET7_VERDICTS: Record<number, string> = { 71: SAMPLES.smime.verdict, 73: SAMPLES.pgp.verdict, 74: SAMPLES.relay.verdict, 75: 'plain', 76: 'plain', 77: 'plain' };

/** Parses /api/v1/ticket_articles/by_ticket/{id} and /api/v1/ticket_article_plain/{id}. */
export function zammadPath(url: URL): { kind: 'articles'; ticketId: number } | { kind: 'plain'; articleId: number } | null {
  let m = /^\/api\/v1\/ticket_articles\/by_ticket\/(\d+)$/.exec(url.pathname);
  if (m) return { kind: 'articles', ticketId: Number(m[1]) };
  m = /^\/api\/v1\/ticket_article_plain\/(\d+)$/.exec(url.pathname);
  if (m) return { kind: 'plain', articleId: Number(m[1]) };
  return null;
}

/**
 * The desk's answer to one request: the classic app at `/` (hash routes), the desktop view at
 * `/desktop/...` (the saved pages), the articles API, each email article's raw source.
 */
export function zammadResponse(url: URL, articles: FakeArticle[] = TICKET7): { status: number; contentType: string; body: string | Buffer } {
  if (url.pathname === '/' || url.pathname.startsWith('/desktop/')) {
    const page = url.pathname === '/' ? 'ticket-zoom.html' : 'desktop-view.html';
    return { status: 200, contentType: 'text/html; charset=utf-8', body: readFileSync(join(FIXTURES, 'pages', 'zammad', page)) };
  }
  const p = zammadPath(url);
  if (p?.kind === 'articles') return { status: 200, contentType: 'application/json', body: JSON.stringify(articles.filter((a) => a.ticket_id === p.ticketId).map(apiArticle)) };
  if (p?.kind === 'plain') {
    const a = articles.find((x) => x.id === p.articleId);
    // No stored source: Zammad's article_plain renders nothing.
    if (a) return a.raw ? { status: 200, contentType: 'message/rfc822', body: a.raw } : { status: 204, contentType: 'text/plain', body: '' };
  }
  return { status: 404, contentType: 'application/json', body: '{"error":"Not found"}' };
}
