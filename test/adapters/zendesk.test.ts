import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_COMMENT_PAGES, RETRY_AFTER_FAILURE_MS, SELECTORS, listComments, ticketIdOf, zendesk } from '../../src/adapters/zendesk';
import { RawUnavailable } from '../../src/adapters/types';
import { eml, fakeFetch, json } from '../support/fake-fetch';
import { loadPage } from '../support/pages';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';
import { commentsPage, zendeskPath, type FakeComment } from '../support/zendesk-api';

const ORIGIN = 'https://acme.zendesk.com';

/** Ticket 123 as the API knows it: four email comments, one web note, one not rendered yet. */
const TICKET: FakeComment[] = [
  { id: 9001, audit_id: 5001, channel: 'email', from: SAMPLES.smime.from },
  { id: 9002, audit_id: 5002, channel: 'web' },
  { id: 9003, audit_id: 5003, channel: 'email', from: SAMPLES.pgp.from },
  { id: 9004, audit_id: 5004, channel: 'email', from: SAMPLES.relay.from },
  { id: 9005, audit_id: 5005, channel: 'email', from: SAMPLES.plain.from },
  { id: 9006, audit_id: 5006, channel: 'email', from: SAMPLES.plain.from },
];
const RAW_BY_AUDIT: Record<number, Buffer> = {
  5001: sampleBytes(SAMPLES.smime),
  5003: sampleBytes(SAMPLES.pgp),
  5004: sampleBytes(SAMPLES.relay),
  5005: sampleBytes(SAMPLES.plain),
  5006: sampleBytes(SAMPLES.plain),
};

function zendeskApi(comments: FakeComment[], opts: { perPage?: number; delayMs?: number } = {}) {
  return fakeFetch((url) => {
    if (url.origin !== ORIGIN) return undefined;
    const p = zendeskPath(url);
    if (p?.kind === 'comments') return json(commentsPage(ORIGIN, p.ticketId, comments, p.page, opts.perPage ?? p.perPage));
    if (p?.kind === 'eml' && RAW_BY_AUDIT[p.auditId] && p.ticketId === '123') return eml(RAW_BY_AUDIT[p.auditId]!);
    return undefined;
  }, opts);
}

afterEach(() => vi.unstubAllGlobals());

describe('zendesk adapter', () => {
  it('matches agent pages of any subdomain, not the help center or other hosts', () => {
    expect(zendesk.matches(new URL('https://acme.zendesk.com/agent/tickets/123'))).toBe(true);
    expect(zendesk.matches(new URL('https://other.zendesk.com/agent/dashboard'))).toBe(true);
    expect(zendesk.matches(new URL('https://acme.zendesk.com/hc/en-us'))).toBe(false);
    expect(zendesk.matches(new URL('https://zendesk.com.evil.example/agent/tickets/1'))).toBe(false);
    expect(ticketIdOf(new URL('https://acme.zendesk.com/agent/tickets/123/events'))).toBe('123');
    expect(ticketIdOf(new URL('https://acme.zendesk.com/agent/dashboard'))).toBeNull();
  });

  it('finds the email comments of the open ticket, keyed by comment id, badge on the sender line', async () => {
    const api = zendeskApi(TICKET);
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'ticket.html');
    const found = await zendesk.findMessages(doc, url, new AbortController().signal);
    // 9002 is a web note (no raw source), 9006 is not rendered, 7001 belongs to another open tab.
    expect(found.map((m) => m.key)).toEqual(['zendesk:123:9001', 'zendesk:123:9003', 'zendesk:123:9004', 'zendesk:123:9005']);
    for (const m of found) {
      expect(m.anchor.getAttribute('data-test-id')).toBe('omni-log-item-sender');
      expect(m.anchor.closest('article')?.getAttribute('data-comment-id')).toBe(m.key.split(':')[2]);
      expect(m.position).toBe('beforeend');
    }
    // Name, then the comment's time in the agent's locale (the address has its own line in the popup).
    expect(found[0]!.label).toBe(`${SAMPLES.smime.from.name} · ${new Date('2026-11-20T09:12:00Z').toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`);
    expect(api.calls).toEqual([`${ORIGIN}/api/v2/tickets/123/comments.json`]);
  });

  it('loads each raw source from the audit .eml on the same origin', async () => {
    const api = zendeskApi(TICKET);
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'ticket.html');
    const signal = new AbortController().signal;
    const found = await zendesk.findMessages(doc, url, signal);
    const raws = await Promise.all(found.map((m) => m.loadRaw(signal)));
    expect(raws[0]).toBe(RAW_BY_AUDIT[5001]!.toString('utf8'));
    expect(raws[2]).toContain('Subject: Text-Only Email');
    expect(api.calls.slice(1)).toEqual([5001, 5003, 5004, 5005].map((a) => `${ORIGIN}/audits/${a}/email.eml?ticket_id=123`));
    expect(new Set(api.calls.map((c) => new URL(c).host))).toEqual(new Set(['acme.zendesk.com']));
  });

  it('follows next_page across pages of comments', async () => {
    const api = zendeskApi(TICKET, { perPage: 2 });
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'ticket.html');
    const found = await zendesk.findMessages(doc, url, new AbortController().signal);
    expect(found).toHaveLength(4);
    expect(api.calls).toEqual([
      `${ORIGIN}/api/v2/tickets/123/comments.json`,
      `${ORIGIN}/api/v2/tickets/123/comments.json?page=2&per_page=2`,
      `${ORIGIN}/api/v2/tickets/123/comments.json?page=3&per_page=2`,
    ]);
  });

  it('follows cursor pagination (meta.has_more + links.next)', async () => {
    const api = fakeFetch((u) => {
      const after = u.searchParams.get('page[after]');
      const [a, b] = after ? [TICKET.slice(3), null] : [TICKET.slice(0, 3), `${ORIGIN}/api/v2/tickets/123/comments.json?page[after]=xyz`];
      return json({ comments: commentsPage(ORIGIN, 123, a).comments, meta: { has_more: !!b }, links: { next: b } });
    });
    vi.stubGlobal('fetch', api.fetch);
    const comments = await listComments('123', new URL(`${ORIGIN}/agent/tickets/123`), new AbortController().signal);
    expect(comments.map((c) => c.id)).toEqual(TICKET.map((c) => c.id));
    expect(api.calls).toHaveLength(2);
  });

  it('bounds the pages followed, never loops on a repeated next_page, never leaves the origin', async () => {
    const pageOf = (u: URL) => Number(u.searchParams.get('page') ?? 1);
    const endless = fakeFetch((u) => json({ comments: [{ id: pageOf(u), audit_id: pageOf(u), via: { channel: 'email' } }], next_page: `${ORIGIN}/api/v2/tickets/123/comments.json?page=${pageOf(u) + 1}` }));
    vi.stubGlobal('fetch', endless.fetch);
    const base = new URL(`${ORIGIN}/agent/tickets/123`);
    await listComments('123', base, new AbortController().signal);
    expect(endless.calls).toHaveLength(MAX_COMMENT_PAGES);

    // An empty page that still points further ends the walk.
    const empty = fakeFetch((u) => json({ comments: [], next_page: `${ORIGIN}/api/v2/tickets/123/comments.json?page=${pageOf(u) + 1}` }));
    vi.stubGlobal('fetch', empty.fetch);
    await listComments('123', base, new AbortController().signal);
    expect(empty.calls).toHaveLength(1);

    // A 40-comment ticket paged one comment at a time loses nothing.
    const oneByOne = fakeFetch((u) => json({ comments: [{ id: 1000 + pageOf(u), audit_id: pageOf(u), via: { channel: 'email' } }], next_page: pageOf(u) < 40 ? `${ORIGIN}/api/v2/tickets/123/comments.json?page=${pageOf(u) + 1}` : null }));
    vi.stubGlobal('fetch', oneByOne.fetch);
    const all = await listComments('123', base, new AbortController().signal);
    expect(all.map((c) => c.id)).toEqual(Array.from({ length: 40 }, (_, i) => 1001 + i));

    const loop = fakeFetch(() => json({ comments: [], next_page: `${ORIGIN}/api/v2/tickets/123/comments.json` }));
    vi.stubGlobal('fetch', loop.fetch);
    await listComments('123', base, new AbortController().signal);
    expect(loop.calls).toHaveLength(1);

    const away = fakeFetch(() => json({ comments: [], next_page: 'https://evil.example/api/v2/tickets/123/comments.json?page=2' }));
    vi.stubGlobal('fetch', away.fetch);
    await listComments('123', base, new AbortController().signal);
    expect(away.calls).toEqual([`${ORIGIN}/api/v2/tickets/123/comments.json`]);
  });

  it('is abortable: listing and raw reads reject once the page signal aborts', async () => {
    const api = zendeskApi(TICKET, { delayMs: 50 });
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'ticket.html');
    const ctrl = new AbortController();
    const pending = zendesk.findMessages(doc, url, ctrl.signal);
    ctrl.abort(new DOMException('navigated', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });

    const ok = new AbortController();
    const [first] = await zendesk.findMessages(doc, url, ok.signal);
    const read = new AbortController();
    const raw = first!.loadRaw(read.signal);
    read.abort(new DOMException('navigated', 'AbortError'));
    await expect(raw).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('lists again only when a comment id appears that the last list did not have', async () => {
    // The reply 9006 arrives while the ticket is open: the API lists it only from then on.
    const live = TICKET.slice(0, 5);
    const api = zendeskApi(live);
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'ticket.html');
    const signal = new AbortController().signal;
    await zendesk.findMessages(doc, url, signal);
    await zendesk.findMessages(doc, url, signal);
    expect(api.calls).toHaveLength(1);
    live.push(TICKET[5]!);
    const log = doc.querySelector('[data-ticket-id="123"] [data-test-id="omni-log-container"]')!;
    const late = doc.createElement('article');
    late.setAttribute('data-test-id', 'omni-log-comment-item');
    late.setAttribute('data-comment-id', '9006');
    log.append(late);
    const found = await zendesk.findMessages(doc, url, signal);
    expect(found.map((m) => m.key)).toContain('zendesk:123:9006');
    expect(api.calls).toHaveLength(2);
    // The late comment has no sender line yet: the badge goes at the top of the comment.
    const m9006 = found.find((m) => m.key.endsWith(':9006'))!;
    expect(m9006.anchor).toBe(late);
    expect(m9006.position).toBe('afterbegin');
    // An id the API never lists is asked about once, not on every DOM change.
    const ghost = late.cloneNode() as Element;
    ghost.setAttribute('data-comment-id', '424242');
    log.append(ghost);
    await zendesk.findMessages(doc, url, signal);
    await zendesk.findMessages(doc, url, signal);
    expect(api.calls).toHaveLength(3);
  });

  it('does not ask again on every DOM change after a failed list, but retries later', async () => {
    let up = false;
    const api = fakeFetch((u) => (up ? json(commentsPage(ORIGIN, 123, TICKET)) : zendeskPath(u) ? new Response('forbidden', { status: 403 }) : undefined));
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'ticket.html');
    const signal = new AbortController().signal;
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(1_000_000);
    await expect(zendesk.findMessages(doc, url, signal)).rejects.toBeInstanceOf(RawUnavailable);
    await expect(zendesk.findMessages(doc, url, signal)).rejects.toBeInstanceOf(RawUnavailable);
    expect(api.calls).toHaveLength(1);
    up = true;
    now.mockReturnValue(1_000_000 + RETRY_AFTER_FAILURE_MS);
    expect(await zendesk.findMessages(doc, url, signal)).toHaveLength(4);
    expect(api.calls).toHaveLength(2);
    now.mockRestore();
  });

  it('ignores a [data-ticket-id] that holds no comments (a ticket list row), and takes a message served as text/html', async () => {
    const api = fakeFetch((u) => {
      const p = zendeskPath(u);
      if (p?.kind === 'comments') return json(commentsPage(ORIGIN, 123, TICKET));
      if (p?.kind === 'eml') return new Response(RAW_BY_AUDIT[p.auditId] as BodyInit, { headers: { 'content-type': 'text/html' } });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'ticket.html');
    const row = doc.createElement('a');
    row.setAttribute('data-ticket-id', '123');
    doc.body.prepend(row);
    const found = await zendesk.findMessages(doc, url, new AbortController().signal);
    expect(found).toHaveLength(4);
    expect(await found[3]!.loadRaw(new AbortController().signal)).toBe(RAW_BY_AUDIT[5005]!.toString('utf8'));
  });

  it('falls back to any [data-comment-id] element when the test ids are gone', async () => {
    const comments: FakeComment[] = [
      { id: 8001, audit_id: 6001, channel: 'email', from: { address: 'dana@example.org', name: 'Dana' } },
      { id: 8002, audit_id: 6002, channel: 'web' },
    ];
    vi.stubGlobal('fetch', zendeskApi(comments).fetch);
    const { doc, url } = loadPage('zendesk', 'ticket-no-test-ids.html');
    expect(doc.querySelector(SELECTORS.comment[0])).toBeNull();
    const found = await zendesk.findMessages(doc, url, new AbortController().signal);
    expect(found.map((m) => m.key)).toEqual(['zendesk:124:8001']);
    expect(found[0]!.anchor.className).toBe('event');
    expect(found[0]!.position).toBe('afterbegin');
  });

  it('reads nothing off a ticket page, and reports a sign-in page instead of a message', async () => {
    const api = zendeskApi(TICKET);
    vi.stubGlobal('fetch', api.fetch);
    const { doc } = loadPage('zendesk', 'ticket.html');
    expect(await zendesk.findMessages(doc, new URL(`${ORIGIN}/agent/dashboard`), new AbortController().signal)).toEqual([]);
    expect(api.calls).toEqual([]);

    const signedOut = fakeFetch((u) =>
      zendeskPath(u)?.kind === 'comments' ? json(commentsPage(ORIGIN, 123, TICKET)) : new Response('<html>Sign in</html>', { headers: { 'content-type': 'text/html' } }),
    );
    vi.stubGlobal('fetch', signedOut.fetch);
    const [m] = await zendesk.findMessages(doc, new URL(`${ORIGIN}/agent/tickets/123`), new AbortController().signal);
    const err = await m!.loadRaw(new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RawUnavailable);
    // Its own code, so the badge says it in the agent's language (no English detail inside Spanish).
    expect((err as RawUnavailable).code).toBe('signed-out');
  });
});
