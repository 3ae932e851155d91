/**
 * A Zendesk-shaped help desk served entirely by Playwright's context.route() at a real-looking
 * host (no server, no network): the agent page, the tickets and comments API, and each email
 * comment's raw source at /audits/{audit_id}/email.eml?ticket_id={id} (RELAYS-AND-HOSTS.md B.1).
 * Used by `npm start` (scripts/demo.mjs) and the e2e tests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DESK_ORIGIN = 'https://acme.zendesk.com';

/** Subject, From and Date of a raw message (first occurrence, unfolded; display only). */
export function headline(raw) {
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
  const head = text.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const field = (name) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const from = field('From');
  const m = /^(.*?)\s*<([^>]+)>$/.exec(from);
  const date = new Date(field('Date'));
  return {
    subject: field('Subject') || '(no subject)',
    from: m ? { name: m[1].replace(/^"|"$/g, ''), address: m[2] } : { name: '', address: from },
    date: Number.isNaN(date.getTime()) ? '2026-11-20T09:00:00Z' : date.toISOString(),
  };
}

/**
 * A ticket from raw messages: each becomes an email comment (ids from `firstId`), with an
 * agent's internal note after the first one.
 * @param {{ id: number, subject?: string, messages: (Buffer|string)[], firstId?: number, note?: string }} t
 */
export function ticketFromMessages({ id, subject, messages, firstId = id * 100, note }) {
  const comments = [];
  messages.forEach((raw, i) => {
    const h = headline(raw);
    comments.push({ id: firstId + i * 2, audit_id: firstId * 10 + i * 2, channel: 'email', public: true, from: h.from, created_at: h.date, body: h.subject, raw });
    if (i === 0 && note) comments.push({ id: firstId + 1, audit_id: firstId * 10 + 1, channel: 'web', public: false, from: { name: 'Agent Smith', address: 'agent@acme.example' }, created_at: h.date, body: note });
  });
  return { id, subject: subject ?? headline(messages[0]).subject, comments };
}

/** The bundled samples (samples/*.eml) as one demo ticket each, plus one ticket with all of them. */
export function sampleTickets(samplesDir) {
  const files = readdirSync(samplesDir).filter((f) => f.endsWith('.eml')).sort();
  const raws = files.map((f) => readFileSync(join(samplesDir, f)));
  const tickets = [ticketFromMessages({ id: 1001, subject: 'Every bundled sample in one thread', messages: raws, note: 'Customer says our replies are unreadable.' })];
  files.forEach((f, i) => tickets.push(ticketFromMessages({ id: 1002 + i, subject: basename(f, '.eml'), messages: [raws[i]] })));
  return tickets;
}

function apiComment(c) {
  return {
    id: c.id,
    type: 'Comment',
    body: c.body ?? '',
    public: c.public ?? true,
    audit_id: c.audit_id,
    created_at: c.created_at,
    via: { channel: c.channel, source: { from: c.from ?? {}, to: { address: 'support@acme.zendesk.com', name: 'Acme' }, rel: null } },
    // Email comments name their stored original (RELAYS-AND-HOSTS.md B.1 metadata.system).
    metadata: { system: c.channel === 'email' ? { raw_email_identifier: `4242/${c.audit_id}.eml` } : {} },
  };
}

/** The page shapes agent.html renders (test/fixtures/pages/zendesk has one fixture per shape). */
export const SHAPES = ['workspace', 'workspace-audit-ids', 'classic', 'unplaceable'];

/**
 * The desk's answer to one request, whatever serves it (Playwright routes, a local HTTPS server):
 * the agent page in `shape`, the tickets and comments API, each email comment's raw .eml.
 * @param {URL} url
 * @param {{ tickets: ReturnType<typeof ticketFromMessages>[], origin?: string, perPage?: number, shape?: string }} opts
 * @returns {{ status: number, contentType: string, body: string | Buffer }}
 */
export function deskResponse(url, { tickets, origin = url.origin, perPage = 100, shape = 'workspace' }) {
  const byId = new Map(tickets.map((t) => [String(t.id), t]));
  const json = (body) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  if (url.pathname.startsWith('/agent/')) {
    const page = readFileSync(join(HERE, 'agent.html'), 'utf8').replace('<body data-shape="workspace">', `<body data-shape="${SHAPES.includes(shape) ? shape : 'workspace'}">`);
    return { status: 200, contentType: 'text/html; charset=utf-8', body: page };
  }
  if (url.pathname === '/api/v2/tickets.json') return json({ tickets: tickets.map((t) => ({ id: t.id, subject: t.subject })) });
  let m = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(url.pathname);
  if (m && byId.has(m[1])) return json({ ticket: { id: Number(m[1]), subject: byId.get(m[1]).subject } });
  m = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(url.pathname);
  if (m && byId.has(m[1])) {
    const all = byId.get(m[1]).comments;
    const n = Number(url.searchParams.get('page') ?? 1);
    const more = n * perPage < all.length;
    return json({
      comments: all.slice((n - 1) * perPage, n * perPage).map(apiComment),
      next_page: more ? `${origin}/api/v2/tickets/${m[1]}/comments.json?page=${n + 1}` : null,
      count: all.length,
    });
  }
  m = /^\/audits\/(\d+)\/email\.eml$/.exec(url.pathname);
  if (m) {
    const t = byId.get(url.searchParams.get('ticket_id') ?? '');
    const c = t?.comments.find((x) => String(x.audit_id) === m[1] && x.raw);
    if (c) return { status: 200, contentType: 'message/rfc822', body: Buffer.isBuffer(c.raw) ? c.raw : Buffer.from(c.raw) };
  }
  return { status: 404, contentType: 'text/plain', body: 'not found' };
}

/**
 * Serves the desk on `origin` in a Playwright BrowserContext.
 * @param {import('playwright-core').BrowserContext} context
 * @param {{ tickets: ReturnType<typeof ticketFromMessages>[], origin?: string, perPage?: number, shape?: string }} opts
 */
export async function routeDesk(context, { tickets, origin = DESK_ORIGIN, perPage = 100, shape = 'workspace' }) {
  await context.route(`${origin}/**`, (route) => route.fulfill(deskResponse(new URL(route.request().url()), { tickets, origin, perPage, shape })));
}
