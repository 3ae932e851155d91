/**
 * The Zammad adapter on the saved pages (the classic app and the new desktop view) with a fake of
 * the desk's REST API: the articles API is the truth, every email article is read from
 * ticket_article_plain, badges go on the article elements by id, never on an internal one, and a
 * desk that answers with a sign-in page or an error says so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RawUnavailable, type FoundMessage } from '../../src/adapters/types';
import { SELECTORS, hasRawEmail, ticketIdOf, zammad } from '../../src/adapters/zammad';
import { pickDeskAdapter, pickPageAdapter } from '../../src/adapters/registry';
import { eml, fakeFetch, json } from '../support/fake-fetch';
import { loadPage } from '../support/pages';
import { TICKET7, apiArticle, zammadPath, type FakeArticle } from '../support/zammad-api';

const ORIGIN = 'https://zammad.example.org';
const jsonStatus = (body: unknown, status: number) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function zammadApi(articles: FakeArticle[] = TICKET7) {
  return fakeFetch((url) => {
    if (url.origin !== ORIGIN) return undefined;
    const p = zammadPath(url);
    if (p?.kind === 'articles') return json(articles.filter((a) => a.ticket_id === p.ticketId).map(apiArticle));
    if (p?.kind === 'plain') {
      const a = articles.find((x) => x.id === p.articleId);
      if (a?.raw) return eml(a.raw);
      if (a) return new Response(null, { status: 204 });
    }
    return undefined;
  });
}

async function scan(page: string, articles: FakeArticle[] = TICKET7) {
  const api = zammadApi(articles);
  vi.stubGlobal('fetch', api.fetch);
  const { doc, url } = loadPage('zammad', page);
  const result = await zammad.findMessages(doc, url, new AbortController().signal);
  return { ...result, api, doc, url };
}

/** Where each message went: its placement and the article id of the element, or why not. */
function where(messages: FoundMessage[]) {
  return Object.fromEntries(
    messages.map((m) => {
      const item = m.anchor?.closest('.ticket-article-item, article');
      const id = item?.getAttribute('data-id') ?? item?.id.replace('article-', '');
      return [m.key.split(':')[2], m.anchor ? `${m.placement}: ${id}` : `unplaced: ${m.unplaced}`];
    }),
  );
}

const EMAIL_KEYS = ['zammad:7:71', 'zammad:7:73', 'zammad:7:74', 'zammad:7:75', 'zammad:7:76', 'zammad:7:77'];

afterEach(() => vi.unstubAllGlobals());

describe('zammad adapter', () => {
  it('knows a ticket by the classic app’s hash route and the desktop view’s path, on any host', () => {
    expect(ticketIdOf(new URL('https://zammad.example.org/#ticket/zoom/7'))).toBe('7');
    expect(ticketIdOf(new URL('https://zammad.example.org/#ticket/zoom/7/73'))).toBe('7');
    expect(ticketIdOf(new URL('https://help.example.com/desktop/tickets/12'))).toBe('12');
    expect(ticketIdOf(new URL('https://help.example.com/desktop/ticket/zoom/12'))).toBe('12');
    expect(ticketIdOf(new URL('https://zammad.example.org/#dashboard'))).toBeNull();
    expect(ticketIdOf(new URL('https://zammad.example.org/#ticket/zoom/7x'))).toBeNull();
    expect(ticketIdOf(new URL('https://zammad.example.org/api/v1/tickets/7'))).toBeNull();
    // No host is Zammad's: only a page recognised as one on a desk the agent added.
    expect(zammad.matches(new URL('https://zammad.example.org/#ticket/zoom/7'))).toBe(false);
  });

  it('is recognised by the page, not the host: URL shape and the app’s markers, both needed', () => {
    const classic = loadPage('zammad', 'ticket-zoom.html');
    expect(pickDeskAdapter(classic.url, classic.doc)?.id).toBe('zammad');
    expect(pickPageAdapter(new URL('https://other.example.net/#ticket/zoom/7'), classic.doc)?.id).toBe('zammad');
    // The right URL on a page without the app (a sign-in page, a blog): nothing.
    const blank = loadPage('zammad', 'ticket-zoom.html');
    blank.doc.body.replaceChildren();
    expect(pickDeskAdapter(classic.url, blank.doc)).toBeUndefined();
    // The app, but not a ticket (the dashboard): nothing to read.
    expect(pickDeskAdapter(new URL('https://zammad.example.org/#dashboard'), classic.doc)).toBeUndefined();
    const desktop = loadPage('zammad', 'desktop-view.html');
    expect(pickDeskAdapter(desktop.url, desktop.doc)?.id).toBe('zammad');
  });

  it('an email article is one of type "email", whoever sent it (Zammad’s own Raw link)', () => {
    expect(hasRawEmail({ id: 1, type: 'email', sender: 'Customer' })).toBe(true);
    expect(hasRawEmail({ id: 1, type: 'email', sender: 'Agent' })).toBe(true);
    expect(hasRawEmail({ id: 1, type: 'note', sender: 'Agent', internal: true })).toBe(false);
    expect(hasRawEmail({ id: 1, type: 'phone', sender: 'Customer' })).toBe(false);
    expect(hasRawEmail({ id: 1 })).toBe(false);
  });

  it('classic app: lists every email article from the API, places each on its article by id in the shown task, never on the note', async () => {
    const { messages, report, api } = await scan('ticket-zoom.html');
    expect(messages.map((m) => m.key)).toEqual(EMAIL_KEYS);
    expect(where(messages)).toEqual({
      '71': 'comment-id: 71',
      '73': 'comment-id: 73',
      '74': 'comment-id: 74',
      '75': 'comment-id: 75',
      '76': 'comment-id: 76',
      '77': 'unplaced: not-shown',
    });
    for (const m of messages.filter((x) => x.anchor)) {
      // Just before the bubble row, outside .textBubble (whose clicks fold the meta rows).
      expect(m.anchor!.matches('.article-content')).toBe(true);
      expect(m.position).toBe('beforebegin');
      expect(m.anchor!.closest('.is-internal')).toBeNull();
      expect(m.anchor!.closest('.content_permanent')!.id).toBe('content_permanent_Ticket-7');
    }
    expect(report).toMatchObject({ site: 'zammad', shape: 'zammad-zoom', thread: '7', listed: 7, withRaw: 6, onPage: 6 });
    expect(report.markers).toEqual({ 'ticket-wrappers': 2, 'items-with-article-id': 6, notes: 1 });
    expect(report.notes).toBeUndefined();
    expect(messages[0]!.label).toBe(`Alice Example · ${new Date('2026-11-20T09:12:00Z').toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`);
    expect(api.calls).toEqual([`${ORIGIN}/api/v1/ticket_articles/by_ticket/7`]);
  });

  it('reads each email article’s raw source from ticket_article_plain on the same origin, placed or not', async () => {
    const { messages, api } = await scan('ticket-zoom.html');
    const signal = new AbortController().signal;
    expect(await messages[0]!.loadRaw(signal)).toBe(TICKET7[0]!.raw!.toString('utf8'));
    expect(await messages.at(-1)!.loadRaw(signal)).toBe(TICKET7.at(-1)!.raw!.toString('utf8'));
    expect(api.calls.slice(1)).toEqual([`${ORIGIN}/api/v1/ticket_article_plain/71`, `${ORIGIN}/api/v1/ticket_article_plain/77`]);
  });

  it('desktop view: places by article#article-{id}, skips the "load more" row', async () => {
    const { messages, report } = await scan('desktop-view.html');
    expect(where(messages)).toEqual({
      '71': 'comment-id: 71',
      '73': 'comment-id: 73',
      '74': 'comment-id: 74',
      '75': 'comment-id: 75',
      '76': 'comment-id: 76',
      '77': 'unplaced: not-shown',
    });
    for (const m of messages.filter((x) => x.anchor)) {
      expect(m.anchor!.getAttribute('data-test-id')).toMatch(/^article-bubble-container-\d+$/);
      expect(m.position).toBe('beforebegin');
    }
    expect(report).toMatchObject({ shape: 'zammad-desktop', onPage: 6, listed: 7, withRaw: 6 });
  });

  it('never badges an internal article, even an email one: listed with the reason', async () => {
    const articles = TICKET7.map((a) => (a.id === 73 ? { ...a, internal: true } : a));
    const { doc, url } = loadPage('zammad', 'ticket-zoom.html');
    doc.querySelector('[data-id="73"]')!.classList.add('is-internal');
    vi.stubGlobal('fetch', zammadApi(articles).fetch);
    const { messages } = await zammad.findMessages(doc, url, new AbortController().signal);
    expect(where(messages)['73']).toBe('unplaced: note');
  });

  it('without the task wrappers and the classic ids, order places only when the counts agree', async () => {
    const { doc, url } = loadPage('zammad', 'ticket-zoom.html');
    doc.getElementById('content_permanent_Ticket-3')!.remove();
    // A future markup: the items keep their class but lose their ids.
    for (const el of doc.querySelectorAll('.ticket-article-item')) {
      el.removeAttribute('id');
      el.setAttribute('data-id', '');
    }
    vi.stubGlobal('fetch', zammadApi(TICKET7.filter((a) => a.id !== 77)).fetch);
    // '.ticket-article-item[data-id]' still matches (empty value): the items are there, ids are not.
    const { messages } = await zammad.findMessages(doc, url, new AbortController().signal);
    expect(where(messages)).toEqual({ '71': 'order: ', '73': 'order: ', '74': 'order: ', '75': 'order: ', '76': 'order: ' });
    // One more article listed than shown: order says nothing, nothing is placed, all still listed.
    vi.stubGlobal('fetch', zammadApi(TICKET7).fetch);
    const again = await zammad.findMessages(doc, url, new AbortController().signal);
    expect(again.messages.every((m) => m.unplaced === 'counts-differ')).toBe(true);
    expect(again.messages).toHaveLength(6);
  });

  it('another ticket’s task open but not this one’s: ids still place (they are global), and it says so', async () => {
    const { doc } = loadPage('zammad', 'ticket-zoom.html');
    doc.getElementById('content_permanent_Ticket-7')!.id = 'content_permanent_Ticket-8';
    vi.stubGlobal('fetch', zammadApi().fetch);
    const { messages, report } = await zammad.findMessages(doc, new URL(`${ORIGIN}/#ticket/zoom/7`), new AbortController().signal);
    expect(report.notes).toEqual(['several-tickets']);
    expect(messages.filter((m) => m.placement === 'comment-id')).toHaveLength(5);
  });

  it('lists once per page, and again only when an article it did not list appears', async () => {
    const api = zammadApi();
    vi.stubGlobal('fetch', api.fetch);
    const { doc, url } = loadPage('zammad', 'ticket-zoom.html');
    const signal = new AbortController().signal;
    await zammad.findMessages(doc, url, signal);
    await zammad.findMessages(doc, url, signal);
    expect(api.calls).toHaveLength(1);
    // Article 77 is rendered now: it was listed, so no new request.
    const item = doc.querySelector('[data-id="76"]')!.cloneNode(true) as Element;
    item.setAttribute('data-id', '77');
    item.id = 'article-77';
    doc.querySelector('#content_permanent_Ticket-7 .ticket-article')!.append(item);
    const second = await zammad.findMessages(doc, url, signal);
    expect(api.calls).toHaveLength(1);
    expect(where(second.messages)['77']).toBe('comment-id: 77');
    // An article nobody listed yet (a reply just arrived): listed again, once.
    const fresh = item.cloneNode(true) as Element;
    fresh.setAttribute('data-id', '78');
    fresh.id = 'article-78';
    doc.querySelector('#content_permanent_Ticket-7 .ticket-article')!.append(fresh);
    await zammad.findMessages(doc, url, signal);
    await zammad.findMessages(doc, url, signal);
    expect(api.calls).toHaveLength(2);
  });

  it('a desk that answers with a sign-in page, 401, 403 or an error says so, and nothing is silently empty', async () => {
    const { doc, url } = loadPage('zammad', 'ticket-zoom.html');
    for (const [res, code] of [
      [() => new Response('<html><form><input type="password"></form></html>', { headers: { 'content-type': 'text/html' } }), 'signed-out'],
      [() => jsonStatus({ error: 'authentication failed' }, 401), 'signed-out'],
      [() => jsonStatus({ error: 'Not authorized' }, 403), 'no-access'],
      [() => jsonStatus({ error: 'Not found' }, 404), 'not-found'],
      [() => new Response(null, { status: 302, headers: { location: 'https://sso.example.net/login' } }), 'redirected'],
      [() => new Response('oops', { status: 500 }), 'fetch-failed'],
      [() => json({ error: 'unexpected' }), 'fetch-failed'],
    ] as const) {
      vi.stubGlobal('fetch', fakeFetch(res).fetch);
      const { messages, report } = await zammad.findMessages(doc, url, new AbortController().signal);
      expect(messages).toEqual([]);
      expect(report.listError?.code, code).toBe(code);
      expect(report).toMatchObject({ site: 'zammad', shape: 'zammad-zoom', thread: '7', onPage: 6 });
    }
  });

  it('raw reads: a sign-in page, an article with no stored source, 403 each have their own reason', async () => {
    const { doc, url } = loadPage('zammad', 'ticket-zoom.html');
    for (const [res, code] of [
      [() => new Response('<!doctype html><html><body>Sign in to Zammad</body></html>', { headers: { 'content-type': 'text/html; charset=utf-8' } }), 'signed-out'],
      [() => new Response(null, { status: 204 }), 'empty'],
      [() => new Response('', { status: 403 }), 'no-access'],
    ] as const) {
      vi.stubGlobal(
        'fetch',
        fakeFetch((u) => (zammadPath(u)?.kind === 'articles' ? json(TICKET7.map(apiArticle)) : res())).fetch,
      );
      const { messages } = await zammad.findMessages(doc, url, new AbortController().signal);
      const err = await messages[0]!.loadRaw(new AbortController().signal).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RawUnavailable);
      expect((err as RawUnavailable).code, code).toBe(code);
    }
  });

  it('reads nothing off a ticket, and is abortable', async () => {
    const api = zammadApi();
    vi.stubGlobal('fetch', api.fetch);
    const { doc } = loadPage('zammad', 'ticket-zoom.html');
    const off = await zammad.findMessages(doc, new URL(`${ORIGIN}/#dashboard`), new AbortController().signal);
    expect(off).toEqual({ messages: [], report: { site: 'zammad', shape: 'no-ticket', onPage: 0, markers: {} } });
    expect(api.calls).toEqual([]);
    const ctrl = new AbortController();
    ctrl.abort(new DOMException('navigated', 'AbortError'));
    await expect(zammad.findMessages(doc, new URL(`${ORIGIN}/#ticket/zoom/7`), ctrl.signal)).rejects.toThrow();
  });

  it('keeps the selectors’ promise: every alternative is in a saved page', () => {
    // (The registry meta-test checks each alternative; here, that both shapes need different ones.)
    const classic = loadPage('zammad', 'ticket-zoom.html').doc;
    const desktop = loadPage('zammad', 'desktop-view.html').doc;
    expect(classic.querySelector(SELECTORS.item[1])).toBeNull();
    expect(desktop.querySelector(SELECTORS.item[0])).toBeNull();
  });

  it('a long ticket: one request, every email article listed', async () => {
    const { doc, url } = loadPage('zammad', 'ticket-zoom.html');
    const counts: number[] = [];
    for (const n of [200, 400, 800]) {
      const articles: FakeArticle[] = Array.from({ length: n }, (_, i) => ({ id: 1000 + i, ticket_id: 7, type: i % 3 === 0 ? 'note' : 'email', sender: 'Customer', created_at: '2026-11-20T09:12:00Z' }));
      let seen = 0;
      vi.stubGlobal(
        'fetch',
        fakeFetch((u) => {
          seen++;
          return zammadPath(u)?.kind === 'articles' ? json(articles.map(apiArticle)) : undefined;
        }).fetch,
      );
      const { messages } = await zammad.findMessages(doc, url, new AbortController().signal);
      counts.push(messages.length);
      expect(seen).toBe(1);
    }
    expect(counts).toEqual([133, 266, 533]);
  });
});
