import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_COMMENT_PAGES, RETRY_AFTER_FAILURE_MS, SELECTORS, hasRawEmail, listComments, ticketIdOf, zendesk } from '../../src/adapters/zendesk';
import { RawUnavailable, type FoundMessage } from '../../src/adapters/types';
import { pickDeskAdapter, pickSiteAdapter } from '../../src/adapters/registry';
import { eml, fakeFetch, json } from '../support/fake-fetch';
import { loadPage } from '../support/pages';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';
import { commentsPage, zendeskPath, type FakeComment } from '../support/zendesk-api';

const ORIGIN = 'https://acme.zendesk.com';

/**
 * Ticket 123 as the API knows it: five email comments, an internal note in the same second as the
 * first, a public agent reply from the web, and one email the page has not rendered yet.
 */
const TICKET: FakeComment[] = [
  { id: 9001, audit_id: 5001, channel: 'email', from: SAMPLES.smime.from, created_at: '2026-11-20T09:12:00Z' },
  { id: 9002, audit_id: 5002, channel: 'web', public: false, created_at: '2026-11-20T09:12:00Z' },
  { id: 9003, audit_id: 5003, channel: 'email', from: SAMPLES.pgp.from, created_at: '2026-11-21T08:00:00Z' },
  { id: 9004, audit_id: 5004, channel: 'email', from: SAMPLES.relay.from, created_at: '2026-11-22T08:00:00Z' },
  { id: 9005, audit_id: 5005, channel: 'web', created_at: '2026-11-22T09:30:00Z' },
  { id: 9006, audit_id: 5006, channel: 'email', from: SAMPLES.plain.from, created_at: '2026-11-23T08:00:00Z' },
  { id: 9007, audit_id: 5007, channel: 'email', from: SAMPLES.plain.from, created_at: '2026-11-24T08:00:00Z' },
];
const RENDERED = TICKET.slice(0, 6);
const RAW_BY_AUDIT: Record<number, Buffer> = {
  5001: sampleBytes(SAMPLES.smime),
  5003: sampleBytes(SAMPLES.pgp),
  5004: sampleBytes(SAMPLES.relay),
  5006: sampleBytes(SAMPLES.plain),
  5007: sampleBytes(SAMPLES.plain),
};
const EMAIL_KEYS = ['zendesk:123:9001', 'zendesk:123:9003', 'zendesk:123:9004', 'zendesk:123:9006', 'zendesk:123:9007'];

function zendeskApi(comments: FakeComment[], opts: { perPage?: number; delayMs?: number; origin?: string } = {}) {
  const origin = opts.origin ?? ORIGIN;
  return fakeFetch((url) => {
    if (url.origin !== origin) return undefined;
    const p = zendeskPath(url);
    if (p?.kind === 'comments') return json(commentsPage(origin, p.ticketId, comments, p.page, opts.perPage ?? p.perPage));
    if (p?.kind === 'eml' && RAW_BY_AUDIT[p.auditId] && p.ticketId === '123') return eml(RAW_BY_AUDIT[p.auditId]!);
    return undefined;
  }, opts);
}

async function scan(page: string, comments: FakeComment[] = TICKET, at?: string) {
  const api = zendeskApi(comments);
  vi.stubGlobal('fetch', api.fetch);
  const { doc, url } = loadPage('zendesk', page, at);
  const result = await zendesk.findMessages(doc, url, new AbortController().signal);
  return { ...result, api, doc, url };
}

/** Where each message went: its placement and the sender text of its item, or why not. */
function where(messages: FoundMessage[]) {
  return Object.fromEntries(
    messages.map((m) => [
      m.key.split(':')[2],
      m.anchor ? `${m.placement}: ${(m.anchor.closest('article, div.event, li') ?? m.anchor).querySelector('[data-test-id="omni-log-item-sender"], .name, .sender')?.textContent?.trim()}` : `unplaced: ${m.unplaced}`,
    ]),
  );
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

  it('a host-mapped desk (support.example.com/agent): recognised by its page, not its host name, and read on its own origin only', async () => {
    const HOST_MAPPED = 'https://support.example.com';
    const { doc, url } = loadPage('zendesk', 'host-mapped.html');
    expect(url.origin).toBe(HOST_MAPPED);
    expect(zendesk.matches(url)).toBe(false);
    expect(pickSiteAdapter(url)).toBeUndefined();
    expect(pickDeskAdapter(url, doc)?.id).toBe('zendesk');
    // The ticket URL on a page without the agent app: not Zendesk. The app, but not a ticket: nothing to read.
    const bare = loadPage('zendesk', 'host-mapped.html').doc;
    bare.body.replaceChildren();
    bare.head.replaceChildren();
    expect(zendesk.recognizes!(url, bare)).toBe(false);
    expect(zendesk.recognizes!(new URL(`${HOST_MAPPED}/hc/en-us/requests/123`), doc)).toBe(false);
    // Each marker of the agent app is enough by itself (a future page may keep only one of them).
    for (const sel of SELECTORS.app) {
      const one = loadPage('zendesk', 'host-mapped.html').doc;
      for (const other of SELECTORS.app.filter((x) => x !== sel)) for (const el of one.querySelectorAll(other)) el.replaceWith(...el.childNodes);
      expect(zendesk.recognizes!(url, one), sel).toBe(one.querySelector(sel) !== null);
    }

    const api = zendeskApi(TICKET, { origin: HOST_MAPPED });
    vi.stubGlobal('fetch', api.fetch);
    const { messages, report } = await zendesk.findMessages(doc, url, new AbortController().signal);
    expect(where(messages)).toEqual({
      '9001': 'time: Alice Example',
      '9003': 'time: Bob Example',
      '9004': 'time: root@server.example.com [via Relay]',
      '9006': 'time: Carol Example',
      '9007': 'unplaced: not-shown',
    });
    expect(report).toMatchObject({ site: 'zendesk', shape: 'workspace', listed: 7, withRaw: 5 });
    expect(await messages[0]!.loadRaw(new AbortController().signal)).toBe(RAW_BY_AUDIT[5001]!.toString('utf8'));
    expect(api.calls).toEqual([`${HOST_MAPPED}/api/v2/tickets/123/comments.json`, `${HOST_MAPPED}/audits/5001/email.eml?ticket_id=123`]);
  });

  it('a comment has a raw email when it came by email, unless the API says it kept none', () => {
    expect(hasRawEmail({ id: 1, audit_id: 2, via: { channel: 'email' } })).toBe(true);
    expect(hasRawEmail({ id: 1, audit_id: 2, via: { channel: 'email' }, metadata: { system: { raw_email_identifier: '1/x.eml' } } })).toBe(true);
    expect(hasRawEmail({ id: 1, audit_id: 2, via: { channel: 'email' }, metadata: { system: { raw_email_identifier: null } } })).toBe(false);
    expect(hasRawEmail({ id: 1, audit_id: 2, via: { channel: 'web' } })).toBe(false);
    expect(hasRawEmail({ id: 1, via: { channel: 'email' } })).toBe(false);
  });

  it('Workspace without ids: places each email comment by its time (ms and Z differ in form), never on the note, lists the unrendered one', async () => {
    const { messages, report, api } = await scan('workspace.html');
    expect(messages.map((m) => m.key)).toEqual(EMAIL_KEYS);
    expect(where(messages)).toEqual({
      '9001': `time: ${'Alice Example'}`,
      '9003': 'time: Bob Example',
      '9004': 'time: root@server.example.com [via Relay]',
      '9006': 'time: Carol Example',
      '9007': 'unplaced: not-shown',
    });
    for (const m of messages.filter((x) => x.anchor)) {
      expect(m.anchor!.getAttribute('data-test-id')).toBe('omni-log-item-sender');
      expect(m.anchor!.closest('article')!.querySelector('[data-test-id="omni-log-internal-note-tag"]')).toBeNull();
      // Only the shown ticket: never in the hidden tab of ticket 456.
      expect(m.anchor!.closest('[data-side-conversations-anchor-id]')!.getAttribute('data-side-conversations-anchor-id')).toBe('123');
    }
    expect(report).toMatchObject({ site: 'zendesk', shape: 'workspace', thread: '123', listed: 7, withRaw: 5, onPage: 6 });
    expect(report.markers).toMatchObject({ 'ticket-wrappers': 1, 'items-with-comment-id': 0, 'items-with-time': 6, notes: 1 });
    // Name, then the comment's time in the agent's locale (the address has its own line in the popup).
    expect(messages[0]!.label).toBe(`${SAMPLES.smime.from.name} · ${new Date('2026-11-20T09:12:00Z').toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`);
    expect(api.calls).toEqual([`${ORIGIN}/api/v2/tickets/123/comments.json`]);
  });

  it('Workspace with id="comment-{audit_id}": places by audit id in the shown wrapper only', async () => {
    const { messages, report } = await scan('workspace-audit-ids.html');
    expect(where(messages)).toEqual({
      '9001': 'audit-id: Alice Example',
      '9003': 'audit-id: Bob Example',
      '9004': 'audit-id: root@server.example.com [via Relay]',
      '9006': 'audit-id: Carol Example',
      '9007': 'unplaced: not-shown',
    });
    expect(report).toMatchObject({ shape: 'workspace', onPage: 6 });
    expect(report.markers['items-with-audit-id']).toBe(6);
  });

  it('the older interface: places by data-comment-id on the author line, newest first', async () => {
    const { messages, report } = await scan('classic.html');
    expect(where(messages)).toEqual({
      '9001': 'comment-id: Alice Example',
      '9003': 'comment-id: Bob Example',
      '9004': 'comment-id: root@server.example.com [via Relay]',
      '9006': 'comment-id: Carol Example',
      '9007': 'unplaced: not-shown',
    });
    for (const m of messages.filter((x) => x.anchor)) expect(m.anchor!.matches('div.actor')).toBe(true);
    expect(report.shape).toBe('classic');
  });

  it('a page that offers no anchor: nothing placed, every email comment still listed with the reason', async () => {
    const { messages, report } = await scan('unplaceable.html');
    expect(messages.map((m) => m.key)).toEqual(EMAIL_KEYS);
    expect(messages.every((m) => m.anchor === undefined && m.unplaced === 'counts-differ')).toBe(true);
    expect(report).toMatchObject({ shape: 'workspace', listed: 7, withRaw: 5, onPage: 3 });
    // Each is still readable.
    expect(await messages[0]!.loadRaw(new AbortController().signal)).toBe(RAW_BY_AUDIT[5001]!.toString('utf8'));
  });

  it('no ids, no times: order places them only when the counts agree and the notes line up', async () => {
    const strip = (doc: Document) => doc.querySelectorAll('time').forEach((t) => t.remove());
    vi.stubGlobal('fetch', zendeskApi(RENDERED).fetch);
    const a = loadPage('zendesk', 'workspace.html');
    strip(a.doc);
    const { messages } = await zendesk.findMessages(a.doc, a.url, new AbortController().signal);
    expect(where(messages)).toEqual({ '9001': 'order: Alice Example', '9003': 'order: Bob Example', '9004': 'order: root@server.example.com [via Relay]', '9006': 'order: Carol Example' });

    // The note tag on the wrong item: the page contradicts the API, so order places nothing.
    const b = loadPage('zendesk', 'workspace.html');
    strip(b.doc);
    const log = b.doc.querySelector('[data-side-conversations-anchor-id="123"] [role="log"]')!;
    const tag = log.querySelector('[data-test-id="omni-log-internal-note-tag"]')!;
    log.querySelectorAll('article')[2]!.prepend(tag);
    const again = await zendesk.findMessages(b.doc, b.url, new AbortController().signal);
    expect(again.messages.every((m) => m.unplaced === 'counts-differ')).toBe(true);
  });

  it('never puts a badge on an internal note, even when the API calls it an email', async () => {
    // An email the desk made private (a CC's reply): the page shows it with the note tag.
    const privateEmail = RENDERED.map((c) => (c.id === 9002 ? { ...c, channel: 'email', public: false } : c));
    RAW_BY_AUDIT[5002] = sampleBytes(SAMPLES.plain);
    const { messages } = await scan('workspace.html', privateEmail);
    expect(where(messages)['9002']).toBe('unplaced: note');
    expect(where(messages)['9001']).toBe('time: Alice Example');
    delete RAW_BY_AUDIT[5002];
  });

  it('several ticket tabs without a wrapper naming the shown one: ids still place, time and order do not guess', async () => {
    vi.stubGlobal('fetch', zendeskApi(TICKET).fetch);
    const { doc, url } = loadPage('zendesk', 'workspace.html');
    for (const w of doc.querySelectorAll('[data-side-conversations-anchor-id]')) {
      w.removeAttribute('data-side-conversations-anchor-id');
      w.removeAttribute('hidden');
    }
    const { messages, report } = await zendesk.findMessages(doc, url, new AbortController().signal);
    expect(report.notes).toEqual(['several-tickets']);
    // Times are still unique per second here, so time places; nothing goes by order.
    expect(messages.filter((m) => m.placement === 'order')).toEqual([]);
    expect(where(messages)['9001']).toBe('unplaced: ambiguous');
  });

  it('loads each raw source from the audit .eml on the same origin, placed or not', async () => {
    const { messages, api } = await scan('workspace.html');
    const signal = new AbortController().signal;
    const raws = await Promise.all(messages.map((m) => m.loadRaw(signal)));
    expect(raws[0]).toBe(RAW_BY_AUDIT[5001]!.toString('utf8'));
    expect(raws[2]).toContain('Subject: Text-Only Email');
    expect(api.calls.slice(1)).toEqual([5001, 5003, 5004, 5006, 5007].map((a) => `${ORIGIN}/audits/${a}/email.eml?ticket_id=123`));
    expect(new Set(api.calls.map((c) => new URL(c).host))).toEqual(new Set(['acme.zendesk.com']));
  });

  it('follows next_page across pages of comments', async () => {
    const api = zendeskApi(TICKET, { perPage: 3 });
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'workspace.html');
    const { messages } = await zendesk.findMessages(doc, url, new AbortController().signal);
    expect(messages).toHaveLength(5);
    expect(api.calls).toEqual([
      `${ORIGIN}/api/v2/tickets/123/comments.json`,
      `${ORIGIN}/api/v2/tickets/123/comments.json?page=2&per_page=3`,
      `${ORIGIN}/api/v2/tickets/123/comments.json?page=3&per_page=3`,
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
    const { doc, url } = loadPage('zendesk', 'workspace.html');
    const ctrl = new AbortController();
    const pending = zendesk.findMessages(doc, url, ctrl.signal);
    ctrl.abort(new DOMException('navigated', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });

    const ok = new AbortController();
    const { messages } = await zendesk.findMessages(doc, url, ok.signal);
    const read = new AbortController();
    const raw = messages[0]!.loadRaw(read.signal);
    read.abort(new DOMException('navigated', 'AbortError'));
    await expect(raw).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('lists again when the page shows a comment the last list did not have, not on every change', async () => {
    // 9007 arrives while the ticket is open: the API lists it only from then on.
    const live = TICKET.slice(0, 6);
    const api = zendeskApi(live);
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'workspace.html');
    const signal = new AbortController().signal;
    await zendesk.findMessages(doc, url, signal);
    await zendesk.findMessages(doc, url, signal);
    expect(api.calls).toHaveLength(1);
    live.push(TICKET[6]!);
    const log = doc.querySelector('[data-side-conversations-anchor-id="123"] [data-test-id="omni-log-container"]')!;
    const late = doc.createElement('article');
    late.setAttribute('data-test-id', 'omni-log-comment-item');
    const time = doc.createElement('time');
    time.setAttribute('data-test-id', 'timestamp-relative');
    time.setAttribute('datetime', '2026-11-24T08:00:00.000Z');
    late.append(time);
    log.append(late);
    const { messages } = await zendesk.findMessages(doc, url, signal);
    expect(api.calls).toHaveLength(2);
    // The late comment has no sender line yet: the badge goes at the top of the item.
    const m9007 = messages.find((m) => m.key.endsWith(':9007'))!;
    expect(m9007).toMatchObject({ anchor: late, position: 'afterbegin', placement: 'time' });
    // An id the API never lists is asked about once, not on every DOM change.
    const ghost = doc.createElement('article');
    ghost.setAttribute('data-test-id', 'omni-log-comment-item');
    ghost.id = 'comment-424242';
    log.append(ghost);
    await zendesk.findMessages(doc, url, signal);
    await zendesk.findMessages(doc, url, signal);
    expect(api.calls).toHaveLength(3);
  });

  it('does not ask again on every DOM change after a failed list, but retries later, and says why', async () => {
    let up = false;
    const api = fakeFetch((u) => (up ? json(commentsPage(ORIGIN, 123, TICKET)) : zendeskPath(u) ? new Response('forbidden', { status: 403 }) : undefined));
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'workspace.html');
    const signal = new AbortController().signal;
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(1_000_000);
    const first = await zendesk.findMessages(doc, url, signal);
    expect(first.messages).toEqual([]);
    expect(first.report.listError).toEqual({ code: 'no-access', detail: 'HTTP 403' });
    // Access refused waits for the agent; it is not retried on a timer.
    expect(first.report.retryInMs).toBeUndefined();
    await zendesk.findMessages(doc, url, signal);
    expect(api.calls).toHaveLength(1);
    up = true;
    now.mockReturnValue(1_000_000 + RETRY_AFTER_FAILURE_MS);
    expect((await zendesk.findMessages(doc, url, signal)).messages).toHaveLength(5);
    expect(api.calls).toHaveLength(2);
    now.mockRestore();
  });

  it('a list answered by a sign-in page or 401 is "signed out"; 429 retries on a timer', async () => {
    const { doc, url } = loadPage('zendesk', 'workspace.html');
    vi.stubGlobal('fetch', fakeFetch(() => new Response('<html>Sign in</html>', { headers: { 'content-type': 'text/html' } })).fetch);
    expect((await zendesk.findMessages(doc, url, new AbortController().signal)).report.listError?.code).toBe('signed-out');
    vi.stubGlobal('fetch', fakeFetch(() => new Response('', { status: 401 })).fetch);
    expect((await zendesk.findMessages(doc, url, new AbortController().signal)).report.listError?.code).toBe('signed-out');
    vi.stubGlobal('fetch', fakeFetch(() => new Response('', { status: 429, headers: { 'retry-after': '120' } })).fetch);
    const limited = await zendesk.findMessages(doc, url, new AbortController().signal);
    expect(limited.report.listError?.code).toBe('rate-limited');
    expect(limited.report.retryInMs).toBe(120_000);
  });

  it('ignores a [data-ticket-id] that holds no comments (a ticket list row), and takes a message served as text/html', async () => {
    const api = fakeFetch((u) => {
      const p = zendeskPath(u);
      if (p?.kind === 'comments') return json(commentsPage(ORIGIN, 123, TICKET));
      if (p?.kind === 'eml') return new Response(RAW_BY_AUDIT[p.auditId] as BodyInit, { headers: { 'content-type': 'text/html' } });
      return undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zendesk', 'workspace-audit-ids.html');
    const row = doc.createElement('a');
    row.setAttribute('data-ticket-id', '123');
    doc.body.prepend(row);
    const { messages } = await zendesk.findMessages(doc, url, new AbortController().signal);
    expect(messages.filter((m) => m.placement === 'audit-id')).toHaveLength(4);
    expect(await messages[3]!.loadRaw(new AbortController().signal)).toBe(RAW_BY_AUDIT[5006]!.toString('utf8'));
  });

  it('falls back to any [data-comment-id] element when the test ids and element names change', async () => {
    const comments: FakeComment[] = [
      { id: 8001, audit_id: 6001, channel: 'email', from: { address: 'dana@example.org', name: 'Dana' } },
      { id: 8002, audit_id: 6002, channel: 'web' },
    ];
    vi.stubGlobal('fetch', zendeskApi(comments).fetch);
    const { doc, url } = loadPage('zendesk', 'ticket-no-test-ids.html');
    expect(doc.querySelector(SELECTORS.item[0])).toBeNull();
    const { messages, report } = await zendesk.findMessages(doc, url, new AbortController().signal);
    expect(messages.map((m) => m.key)).toEqual(['zendesk:124:8001']);
    expect(messages[0]!.anchor!.className).toBe('event');
    expect(messages[0]!.position).toBe('afterbegin');
    expect(report.shape).toBe('comment-ids');
  });

  it('reads nothing off a ticket page, and reports a sign-in page instead of a message', async () => {
    const api = zendeskApi(TICKET);
    vi.stubGlobal('fetch', api.fetch);
    const { doc } = loadPage('zendesk', 'workspace.html');
    const off = await zendesk.findMessages(doc, new URL(`${ORIGIN}/agent/dashboard`), new AbortController().signal);
    expect(off.messages).toEqual([]);
    expect(off.report.shape).toBe('no-ticket');
    expect(api.calls).toEqual([]);

    const signedOut = fakeFetch((u) =>
      zendeskPath(u)?.kind === 'comments' ? json(commentsPage(ORIGIN, 123, TICKET)) : new Response('<html>Sign in</html>', { headers: { 'content-type': 'text/html' } }),
    );
    vi.stubGlobal('fetch', signedOut.fetch);
    const { messages } = await zendesk.findMessages(doc, new URL(`${ORIGIN}/agent/tickets/123`), new AbortController().signal);
    const err = await messages[0]!.loadRaw(new AbortController().signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RawUnavailable);
    // Its own code, so the badge says it in the agent's language (no English detail inside Spanish).
    expect((err as RawUnavailable).code).toBe('signed-out');
  });

  it('raw reads: 401, 403, 404 and a redirect each have their own reason', async () => {
    const { doc, url } = loadPage('zendesk', 'workspace.html');
    for (const [status, code] of [
      [401, 'signed-out'],
      [403, 'no-access'],
      [404, 'not-found'],
      [302, 'redirected'],
      [500, 'fetch-failed'],
    ] as const) {
      vi.stubGlobal(
        'fetch',
        fakeFetch((u) => (zendeskPath(u)?.kind === 'comments' ? json(commentsPage(ORIGIN, 123, TICKET)) : new Response(null, { status, headers: status === 302 ? { location: 'https://files.example.net/x.eml' } : {} }))).fetch,
      );
      const { messages } = await zendesk.findMessages(doc, url, new AbortController().signal);
      const err = await messages[0]!.loadRaw(new AbortController().signal).catch((e: unknown) => e);
      expect((err as RawUnavailable).code, String(status)).toBe(code);
    }
  });
});
