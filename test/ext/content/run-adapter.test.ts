// @vitest-environment node
// The pages are separate jsdom windows; the real core (openpgp) needs Node's own typed arrays, which a
// global jsdom environment replaces.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../../src/core';
import { pickSiteAdapter } from '../../../src/adapters/registry';
import { runAdapter, type ContentBridge } from '../../../src/content/run-adapter';
import { eml, fakeFetch, json } from '../../support/fake-fetch';
import { loadPage } from '../../support/pages';
import { SAMPLES, sampleBytes } from '../../support/ticket-samples';
import { commentsPage, zendeskPath, type FakeComment } from '../../support/zendesk-api';

const ORIGIN = 'https://acme.zendesk.com';

const TICKETS: Record<string, FakeComment[]> = {
  '123': [
    { id: 9001, audit_id: 5001, channel: 'email' },
    { id: 9002, audit_id: 5002, channel: 'web' },
    { id: 9003, audit_id: 5003, channel: 'email' },
    { id: 9004, audit_id: 5004, channel: 'email' },
    { id: 9005, audit_id: 5005, channel: 'email' },
  ],
  '125': [{ id: 9101, audit_id: 5101, channel: 'email' }],
};
const ORIGINAL_123 = [...TICKETS['123']!];
const RAW: Record<number, Buffer> = {
  5001: sampleBytes(SAMPLES.smime),
  5003: sampleBytes(SAMPLES.pgp),
  5004: sampleBytes(SAMPLES.relay),
  5005: sampleBytes(SAMPLES.plain),
  5101: sampleBytes(SAMPLES.relay),
  5102: sampleBytes(SAMPLES.smime),
};

function setup(pageName = 'classic.html') {
  const api = fakeFetch((url) => {
    const p = zendeskPath(url);
    if (p?.kind === 'comments') return json(commentsPage(ORIGIN, p.ticketId, TICKETS[p.ticketId] ?? []));
    if (p?.kind === 'eml' && RAW[p.auditId]) return eml(RAW[p.auditId]!);
    return undefined;
  });
  vi.stubGlobal('fetch', api.fetch);
  const sent: { type: string; data: unknown }[] = [];
  const bridge: ContentBridge = {
    async analyzeRaw(req) {
      sent.push({ type: 'analyzeRaw', data: req });
      return analyze(req.raw, { lang: 'en' });
    },
    async reportError(req) {
      sent.push({ type: 'reportError', data: req });
    },
    async resetTab(req) {
      sent.push({ type: 'resetTab', data: req });
    },
    async reportPage(req) {
      sent.push({ type: 'reportPage', data: req });
    },
  };
  const page = loadPage('zendesk', pageName);
  const life = new AbortController();
  const runner = runAdapter({ doc: page.doc, pick: pickSiteAdapter, bridge, lang: 'en', signal: life.signal, debounceMs: 20 });
  return { ...page, api, sent, runner, life };
}

const verdicts = (doc: Document, scope = '.comments') =>
  Object.fromEntries(
    [...doc.querySelectorAll(`${scope} [data-comment-id]`)].map((a) => [a.getAttribute('data-comment-id'), a.querySelector('[data-veil-badge]')?.getAttribute('data-veil-verdict') ?? null]),
  );
const emlCalls = (calls: string[]) => calls.filter((c) => c.includes('/email.eml')).length;

afterEach(() => vi.unstubAllGlobals());

describe('content runtime on a Zendesk ticket', () => {
  it('badges every email comment with the verdict of its raw source, once', async () => {
    const { doc, runner, sent, api, life } = setup();
    await runner.idle();
    // 9006 is on the page but not in this API list.
    expect(verdicts(doc)).toEqual({ '9006': null, '9005': 'plain', '9004': SAMPLES.relay.verdict, '9003': SAMPLES.pgp.verdict, '9002': null, '9001': SAMPLES.smime.verdict });
    // Each badge host is inside its comment's author line.
    expect(doc.querySelectorAll('[data-veil-badge]')).toHaveLength(4);
    expect(doc.querySelectorAll('div.actor > [data-veil-badge]')).toHaveLength(4);
    expect(sent.filter((s) => s.type === 'analyzeRaw').map((s) => (s.data as { key: string }).key)).toEqual([
      'zendesk:123:9001',
      'zendesk:123:9003',
      'zendesk:123:9004',
      'zendesk:123:9005',
    ]);
    expect(sent[0]).toEqual({ type: 'resetTab', data: { url: `${ORIGIN}/agent/tickets/123`, site: 'zendesk' } });
    // Our own insertions do not start new scans: no request after the page settled.
    const before = api.calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(api.calls.length).toBe(before);
    life.abort();
    expect(doc.querySelectorAll('[data-veil-badge]')).toHaveLength(0);
  });

  it('puts back a badge the page re-rendered away, without reading the message again', async () => {
    const { doc, runner, api, life } = setup();
    await runner.idle();
    const calls = emlCalls(api.calls);
    // A re-render replaces the sender line (and our badge with it).
    const sender = doc.querySelector('[data-comment-id="9004"] div.actor')!;
    sender.replaceWith(sender.cloneNode(false));
    await vi.waitFor(() => expect(verdicts(doc)['9004']).toBe(SAMPLES.relay.verdict));
    expect(emlCalls(api.calls)).toBe(calls);
    life.abort();
  });

  it('follows the single-page app to another ticket and badges late comments', async () => {
    const { doc, dom, runner, sent, life } = setup();
    await runner.idle();
    // The workspace switches tickets: URL changes without reload, the new log renders.
    dom.window.history.pushState({}, '', '/agent/tickets/125');
    const panel = doc.createElement('div');
    panel.setAttribute('data-ticket-id', '125');
    const art = doc.createElement('article');
    art.setAttribute('data-test-id', 'omni-log-comment-item');
    art.setAttribute('data-comment-id', '9101');
    panel.append(art);
    doc.body.append(panel);
    await vi.waitFor(() => expect(verdicts(doc, '[data-ticket-id="125"]')).toEqual({ '9101': SAMPLES.relay.verdict }));
    // The previous ticket's badges are gone and the background was told to start over.
    expect(doc.querySelectorAll('.comments [data-veil-badge]')).toHaveLength(0);
    expect(sent.filter((s) => s.type === 'resetTab').at(-1)).toEqual({ type: 'resetTab', data: { url: `${ORIGIN}/agent/tickets/125`, site: 'zendesk' } });

    // A reply arrives and renders while the ticket is open.
    TICKETS['125']!.push({ id: 9102, audit_id: 5102, channel: 'email' });
    const late = art.cloneNode() as Element;
    late.setAttribute('data-comment-id', '9102');
    panel.append(late);
    await vi.waitFor(() => expect(verdicts(doc, '[data-ticket-id="125"]')).toEqual({ '9101': SAMPLES.relay.verdict, '9102': SAMPLES.smime.verdict }));
    TICKETS['125']!.pop();
    life.abort();
  });

  it('scans a page that never stops changing (the debounce has a maximum wait)', async () => {
    const { doc, runner, api, life } = setup();
    await runner.idle();
    const lists = () => api.calls.filter((c) => c.includes('comments.json')).length;
    const before = lists();
    // A live region ticking every 5 ms, faster than the 20 ms debounce, for 400 ms.
    const ticker = doc.createElement('div');
    doc.body.append(ticker);
    const late = doc.createElement('div');
    late.className = 'event';
    let scannedWhileBusy = false;
    TICKETS['123']!.push({ id: 9077, audit_id: 5005, channel: 'email' });
    late.setAttribute('data-comment-id', '9077');
    doc.querySelector('.comments')!.append(late);
    const until = Date.now() + 400;
    while (Date.now() < until) {
      ticker.textContent = String(Date.now());
      await new Promise((r) => setTimeout(r, 5));
      if (lists() > before) scannedWhileBusy = true;
    }
    expect(scannedWhileBusy).toBe(true);
    TICKETS['123']!.pop();
    life.abort();
  });

  it('says once why a ticket could not be listed (e.g. no access), in the page diagnostics', async () => {
    vi.stubGlobal('fetch', fakeFetch(() => new Response('forbidden', { status: 403 })).fetch);
    const { doc } = loadPage('zendesk', 'classic.html');
    const reports: { type: string; data: unknown }[] = [];
    const bridge: ContentBridge = {
      analyzeRaw: async () => {
        throw new Error('nothing to analyse');
      },
      reportError: async (r) => void reports.push({ type: 'reportError', data: r }),
      resetTab: async () => undefined,
      reportPage: async (r) => void reports.push({ type: 'reportPage', data: r }),
    };
    const ctrl = new AbortController();
    const runner = runAdapter({ doc, pick: pickSiteAdapter, bridge, lang: 'en', signal: ctrl.signal, debounceMs: 10 });
    await runner.scan();
    doc.body.append(doc.createElement('div'));
    await new Promise((r) => setTimeout(r, 60));
    await runner.scan();
    expect(reports).toEqual([
      {
        type: 'reportPage',
        data: {
          site: 'zendesk',
          diagnostics: {
            site: 'zendesk',
            shape: 'classic',
            thread: '123',
            onPage: 6,
            markers: { 'ticket-wrappers': 0, logs: 0, 'items-with-comment-id': 6, 'items-with-audit-id': 0, 'items-with-time': 6, notes: 0 },
            listError: { code: 'no-access', detail: 'HTTP 403' },
            messages: [],
          },
        },
      },
    ]);
    expect(doc.querySelectorAll('[data-veil-badge]')).toHaveLength(0);
    ctrl.abort();
  });

  it('asks again by itself after a rate-limited list, without any page change', async () => {
    let limited = true;
    const api = fakeFetch((url) => {
      const p = zendeskPath(url);
      if (limited && p?.kind === 'comments') return new Response('', { status: 429, headers: { 'retry-after': '0' } });
      if (p?.kind === 'comments') return json(commentsPage(ORIGIN, p.ticketId, TICKETS[p.ticketId] ?? []));
      if (p?.kind === 'eml' && RAW[p.auditId]) return eml(RAW[p.auditId]!);
      return undefined;
    });
    const { doc } = loadPage('zendesk', 'classic.html');
    const pages: unknown[] = [];
    const bridge: ContentBridge = {
      analyzeRaw: async (req) => analyze(req.raw, { lang: 'en' }),
      reportError: async () => undefined,
      resetTab: async () => undefined,
      reportPage: async (r) => void pages.push(r.diagnostics),
    };
    vi.stubGlobal('fetch', api.fetch);
    const ctrl = new AbortController();
    const runner = runAdapter({ doc, pick: pickSiteAdapter, bridge, lang: 'en', signal: ctrl.signal, debounceMs: 10 });
    await runner.scan();
    // The adapter waited out Retry-After a few times, then reported it; the runner asks again later.
    expect(pages.at(-1)).toMatchObject({ listError: { code: 'rate-limited' } });
    limited = false;
    await vi.waitFor(() => expect(doc.querySelectorAll('[data-veil-badge]')).toHaveLength(4), { timeout: 5000 });
    expect(pages.at(-1)).toMatchObject({ listed: 5, withRaw: 4 });
    ctrl.abort();
  }, 20_000);

  it('Workspace without ids: badges by time, and still reads and reports the comment it could not place', async () => {
    TICKETS['123'] = [
      { id: 9001, audit_id: 5001, channel: 'email', created_at: '2026-11-20T09:12:00Z' },
      { id: 9002, audit_id: 5002, channel: 'web', public: false, created_at: '2026-11-20T09:12:00Z' },
      { id: 9003, audit_id: 5003, channel: 'email', created_at: '2026-11-21T08:00:00Z' },
      { id: 9004, audit_id: 5004, channel: 'email', created_at: '2026-11-22T08:00:00Z' },
      { id: 9005, audit_id: 5005, channel: 'web', created_at: '2026-11-22T09:30:00Z' },
      { id: 9006, audit_id: 5005, channel: 'email', created_at: '2026-11-23T08:00:00Z' },
      { id: 9007, audit_id: 5102, channel: 'email', created_at: '2026-11-24T08:00:00Z' },
    ];
    try {
      const { doc, runner, sent, life } = setup('workspace.html');
      await runner.idle();
      const badges = [...doc.querySelectorAll('[data-side-conversations-anchor-id="123"] article')].map((a) => a.querySelector('[data-veil-badge]')?.getAttribute('data-veil-verdict') ?? null);
      expect(badges).toEqual([SAMPLES.smime.verdict, null, SAMPLES.pgp.verdict, SAMPLES.relay.verdict, null, 'plain']);
      expect(doc.querySelector('[data-side-conversations-anchor-id="456"] [data-veil-badge]')).toBeNull();
      // 9007 is not on the page yet: read and analysed all the same, and listed with its reason.
      const analysed = sent.filter((s) => s.type === 'analyzeRaw').map((s) => (s.data as { key: string }).key);
      expect(analysed).toContain('zendesk:123:9007');
      const diag = sent.filter((s) => s.type === 'reportPage').at(-1)!.data as { diagnostics: { messages: unknown[] } };
      expect(diag.diagnostics.messages).toEqual([
        { key: 'zendesk:123:9001', label: expect.any(String), placement: 'time' },
        { key: 'zendesk:123:9003', label: expect.any(String), placement: 'time' },
        { key: 'zendesk:123:9004', label: expect.any(String), placement: 'time' },
        { key: 'zendesk:123:9006', label: expect.any(String), placement: 'time' },
        { key: 'zendesk:123:9007', label: expect.any(String), unplaced: 'not-shown' },
      ]);
      // Sent once per change, not once per message.
      expect(sent.filter((s) => s.type === 'reportPage').length).toBeLessThanOrEqual(2);
      life.abort();
    } finally {
      TICKETS['123'] = [...ORIGINAL_123];
    }
  });

  it('shows an error badge and reports it when a raw source cannot be read', async () => {
    RAW[5099] = Buffer.alloc(0);
    TICKETS['123']!.push({ id: 9099, audit_id: 5099, channel: 'email' });
    const { doc, runner, sent, life } = setup();
    const item = doc.createElement('div');
    item.className = 'event';
    item.setAttribute('data-comment-id', '9099');
    doc.querySelector('.comments')!.append(item);
    await vi.waitFor(() => expect(verdicts(doc)['9099']).toBe('error'));
    await runner.idle();
    const report = sent.find((s) => s.type === 'reportError')!.data as { key: string; message: string; code: string };
    expect(report.key).toBe('zendesk:123:9099');
    expect(report.message).toBe('The raw source of this message is empty.');
    expect(report.code).toBe('empty');
    TICKETS['123']!.pop();
    life.abort();
  });
});

describe('content runtime on a desk domain (any host): the adapter is picked by the page', () => {
  it('waits for a Zammad app that renders late, then badges each email article by its id, none on the note', async () => {
    const { pickPageAdapter } = await import('../../../src/adapters/registry');
    const { TICKET7, TICKET7_VERDICTS, apiArticle, zammadPath } = await import('../../support/zammad-api');
    const api = fakeFetch((url) => {
      const p = zammadPath(url);
      if (p?.kind === 'articles') return json(TICKET7.map(apiArticle));
      const a = p?.kind === 'plain' ? TICKET7.find((x) => x.id === p.articleId) : undefined;
      return a?.raw ? eml(a.raw) : undefined;
    });
    vi.stubGlobal('fetch', api.fetch);
    const sent: { type: string; data: any }[] = [];
    const bridge: ContentBridge = {
      analyzeRaw: async (req) => (sent.push({ type: 'analyzeRaw', data: req }), analyze(req.raw, { lang: 'en' })),
      reportError: async (req) => void sent.push({ type: 'reportError', data: req }),
      resetTab: async (req) => void sent.push({ type: 'resetTab', data: req }),
      reportPage: async (req) => void sent.push({ type: 'reportPage', data: req }),
    };
    const { doc } = loadPage('zammad', 'ticket-zoom.html');
    // The single-page app has not rendered yet when the content script starts (document_idle).
    const app = doc.getElementById('app')!;
    app.remove();
    const life = new AbortController();
    const runner = runAdapter({ doc, pick: (url) => pickPageAdapter(url, doc), bridge, lang: 'en', signal: life.signal, debounceMs: 20 });
    await runner.idle();
    expect(api.calls).toEqual([]);
    expect(sent.map((s) => s.type)).toEqual(['resetTab']);
    expect(sent[0]!.data.site).toBe('none');

    doc.body.append(app);
    await vi.waitFor(() => expect(doc.querySelectorAll('[data-veil-verdict]').length).toBe(5), { timeout: 5000 });
    await runner.idle();
    const badged = Object.fromEntries(
      [...doc.querySelectorAll('#content_permanent_Ticket-7 .ticket-article-item')].map((el) => [el.getAttribute('data-id'), el.querySelector('[data-veil-badge]')?.getAttribute('data-veil-verdict') ?? null]),
    );
    expect(badged).toEqual({ '71': TICKET7_VERDICTS[71], '72': null, '73': TICKET7_VERDICTS[73], '74': TICKET7_VERDICTS[74], '75': 'plain', '76': 'plain' });
    // Nothing in the other ticket's hidden task.
    expect(doc.querySelector('#content_permanent_Ticket-3 [data-veil-badge]')).toBeNull();
    // Once recognised, the tab is reset for the Zammad page, and the popup hears what was found.
    expect(sent.filter((s) => s.type === 'resetTab').map((s) => s.data.site)).toEqual(['none', 'zammad']);
    const report = sent.filter((s) => s.type === 'reportPage').at(-1)!.data;
    expect(report.diagnostics).toMatchObject({ site: 'zammad', shape: 'zammad-zoom', thread: '7', listed: 7, withRaw: 6 });
    // Every email article read, the unrendered one too; only same-origin requests.
    expect(sent.filter((s) => s.type === 'analyzeRaw').map((s) => s.data.key).sort()).toEqual(['zammad:7:71', 'zammad:7:73', 'zammad:7:74', 'zammad:7:75', 'zammad:7:76', 'zammad:7:77']);
    expect(new Set(api.calls.map((c) => new URL(c).origin))).toEqual(new Set(['https://zammad.example.org']));
    life.abort();
  });
});
