import { afterEach, describe, expect, it, vi } from 'vitest';
import { gmail, ikOf, mailBase, messageRefOf, originalUrl, SELECTORS, UNSYNCED_RETRY_MS } from '../../src/adapters/gmail';
import { RawUnavailable } from '../../src/adapters/types';
import { fakeFetch } from '../support/fake-fetch';
import { showOriginalHtml } from '../support/gmail-pages';
import { loadPage } from '../support/pages';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const html = (s: string, status = 200) => new Response(s, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });

describe('gmail adapter', () => {
  it('matches mail.google.com only', () => {
    expect(gmail.matches(new URL('https://mail.google.com/mail/u/0/#inbox'))).toBe(true);
    expect(gmail.matches(new URL('https://mail.google.com.evil.example/mail/'))).toBe(false);
    expect(gmail.matches(new URL('http://mail.google.com/mail/'))).toBe(false);
  });

  it('reads the raw text of a Show original page from pre#raw_message_text, as text', async () => {
    const { doc, url } = loadPage('gmail', 'show-original.html');
    const { messages: found, report } = await gmail.findMessages(doc, url, new AbortController().signal);
    expect(found.map((m) => m.key)).toEqual(['gmail:msg-f:1784452331383280801']);
    expect(found[0]!.anchor!.id).toBe('raw_message_text');
    expect(found[0]!.position).toBe('beforebegin');
    expect(report).toMatchObject({ site: 'gmail', shape: 'gmail-original', onPage: 1 });
    const raw = await found[0]!.loadRaw(new AbortController().signal);
    // Entities decoded, markup not interpreted: the angle brackets are the message's own.
    expect(raw).toContain('From: Alice Example <alice@example.com>\n');
    expect(raw).toContain('Message-ID: <20261120091200.1234@mail.example.com>');
    expect(raw.endsWith('Hello, where is my invoice?\n')).toBe(true);
  });

  it('finds each expanded message of a thread and builds its Show original URL with ik', async () => {
    const { doc, url } = loadPage('gmail', 'thread.html');
    expect(ikOf(doc)).toBe('1a2b3c4d5e');
    expect(mailBase(url)).toBe('/mail/u/1/');
    const { messages: found, report } = await gmail.findMessages(doc, url, new AbortController().signal);
    expect(found.map((m) => m.key)).toEqual(['gmail:msg-f:1784452331383280801', 'gmail:msg-a:r-5532167731853309823']);
    expect(found.map((m) => m.label)).toEqual(['Alice Example <alice@example.com>', 'Support <support@example.net>']);
    for (const m of found) expect(m.anchor!.matches('h3.iw')).toBe(true);
    expect(report).toMatchObject({ shape: 'gmail-thread', onPage: 2, markers: { 'ik-found': 1 } });

    const raw = sampleBytes(SAMPLES.relay).toString('utf8');
    const api = fakeFetch((u) => (u.searchParams.get('view') === 'om' ? html(showOriginalHtml(raw)) : undefined));
    vi.stubGlobal('fetch', api.fetch);
    expect(await found[0]!.loadRaw(new AbortController().signal)).toBe(raw);
    expect(api.calls).toEqual(['https://mail.google.com/mail/u/1/?ik=1a2b3c4d5e&view=om&permmsgid=msg-f%3A1784452331383280801']);
  });

  it('legacy hex ids are fetched with th=, ik comes from the _GM_setData boot script', async () => {
    const { doc, url } = loadPage('gmail', 'thread-legacy.html');
    expect(doc.querySelector(SELECTORS.message[0])).toBeNull();
    expect(doc.querySelector('a[href*="ik="]')).toBeNull();
    expect(ikOf(doc)).toBe('0f9e8d7c6b');
    const { messages: found } = await gmail.findMessages(doc, url, new AbortController().signal);
    expect(found[0]!.key).toBe('gmail:th:18c3a60412345678');
    expect(messageRefOf(doc.querySelector('[data-legacy-message-id]')!)).toEqual({ param: 'th', value: '18c3a60412345678', unsynced: false });
    const api = fakeFetch(() => html(showOriginalHtml('From: a@example.com\nTo: b@example.com\n\nhi\n')));
    vi.stubGlobal('fetch', api.fetch);
    await found[0]!.loadRaw(new AbortController().signal);
    expect(api.calls).toEqual(['https://mail.google.com/mail/?ik=0f9e8d7c6b&view=om&th=18c3a60412345678']);
  });

  it('reads ik from an older GLOBALS boot script, and says when there is none', async () => {
    const { doc } = loadPage('gmail', 'thread-legacy.html');
    doc.querySelector('script')!.textContent = `var GLOBALS=[null,null,1,"en",null,[1,0],"",null,'',"0a1b2c3d4e",null,"/mail/"];`;
    expect(ikOf(doc)).toBe('0a1b2c3d4e');
    doc.querySelector('script')!.textContent = '_GM_setData({"w43KIf":["",""]});';
    expect(ikOf(doc)).toBeNull();
    const { report } = await gmail.findMessages(doc, new URL('https://mail.google.com/mail/#inbox/x'), new AbortController().signal);
    expect(report.notes).toContain('no-ik');
    expect(report.markers['ik-found']).toBe(0);
  });

  it('a delegated mailbox: URLs on /mail/b/{token}/u/{n}/; a reply just sent is asked for again, not reported', async () => {
    const { doc, url } = loadPage('gmail', 'thread-delegated.html');
    expect(mailBase(url)).toBe('/mail/b/AGs3mZxQ7b/u/0/');
    expect(ikOf(doc)).toBe('7c6b5a4d3e');
    const { messages, report } = await gmail.findMessages(doc, url, new AbortController().signal);
    expect(messages.map((m) => m.key)).toEqual(['gmail:msg-f:1784460000000000001', 'gmail:msg-a:r-8812003344556677889']);
    expect(report.notes).toEqual(['unsynced']);

    // Gmail has not synced the reply: the first two asks find nothing, the third finds it.
    vi.useFakeTimers();
    // (HTML parsing turns CRLF into LF: a message with LF line ends comes back byte for byte.)
    const raw = sampleBytes(SAMPLES.relay).toString('utf8');
    let asks = 0;
    const api = fakeFetch(() => (++asks < 3 ? html('<html><body>Temporary Error (404)</body></html>', 404) : html(showOriginalHtml(raw))));
    vi.stubGlobal('fetch', api.fetch);
    let settled: unknown = 'pending';
    const read = messages[1]!.loadRaw(new AbortController().signal).then(
      (r) => (settled = r),
      (e: unknown) => (settled = e),
    );
    await vi.advanceTimersByTimeAsync(UNSYNCED_RETRY_MS[0]! - 100);
    expect(settled).toBe('pending');
    await vi.advanceTimersByTimeAsync(UNSYNCED_RETRY_MS[0]! + UNSYNCED_RETRY_MS[1]!);
    await read;
    expect(settled).toBe(raw);
    expect(api.calls).toHaveLength(3);
    expect(new Set(api.calls)).toEqual(new Set(['https://mail.google.com/mail/b/AGs3mZxQ7b/u/0/?ik=7c6b5a4d3e&view=om&permmsgid=msg-a%3Ar-8812003344556677889']));
  });

  it('a synced message that cannot be read is reported at once; a reply never synced after every retry', async () => {
    const { doc, url } = loadPage('gmail', 'thread-delegated.html');
    const { messages } = await gmail.findMessages(doc, url, new AbortController().signal);
    const api = fakeFetch(() => html('<html><body>Temporary Error (500)</body></html>', 500));
    vi.stubGlobal('fetch', api.fetch);
    expect(((await messages[0]!.loadRaw(new AbortController().signal).catch((e: unknown) => e)) as RawUnavailable).code).toBe('gmail-open-original');
    expect(api.calls).toHaveLength(1);
    vi.useFakeTimers();
    const late = messages[1]!.loadRaw(new AbortController().signal).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(UNSYNCED_RETRY_MS.reduce((a, b) => a + b, 0) + 1000);
    expect(((await late) as RawUnavailable).code).toBe('gmail-open-original');
    expect(api.calls).toHaveLength(1 + UNSYNCED_RETRY_MS.length + 1);
  });

  it('says how to open Show original when the original cannot be read', async () => {
    const { doc, url } = loadPage('gmail', 'thread-legacy.html');
    const { messages: found } = await gmail.findMessages(doc, url, new AbortController().signal);
    // The second message's id is not a Gmail id: no request at all.
    const api = fakeFetch(() => html('<html><body>Temporary Error (502)</body></html>'));
    vi.stubGlobal('fetch', api.fetch);
    const noId = await found[1]!.loadRaw(new AbortController().signal).catch((e: unknown) => e);
    expect(noId).toBeInstanceOf(RawUnavailable);
    expect((noId as RawUnavailable).code).toBe('gmail-open-original');
    expect(api.calls).toEqual([]);
    // The first one is fetched, but the answer is not a Show original page.
    const noPre = await found[0]!.loadRaw(new AbortController().signal).catch((e: unknown) => e);
    expect((noPre as RawUnavailable).code).toBe('gmail-open-original');
    expect(api.calls).toHaveLength(1);
  });

  it('throttles reads: a few at a time', async () => {
    const { doc, url } = loadPage('gmail', 'thread.html');
    const { messages } = await gmail.findMessages(doc, url, new AbortController().signal);
    let active = 0;
    let most = 0;
    vi.stubGlobal(
      'fetch',
      fakeFetch(async () => {
        most = Math.max(most, ++active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
        return html(showOriginalHtml('From: a@example.com\nTo: b@example.com\n\nhi\n'));
      }).fetch,
    );
    const signal = new AbortController().signal;
    await Promise.all(Array.from({ length: 6 }, (_, i) => messages[i % 2]!.loadRaw(signal)));
    expect(most).toBe(2);
  });

  it('aborts a pending original read', async () => {
    const { doc, url } = loadPage('gmail', 'thread.html');
    const { messages } = await gmail.findMessages(doc, url, new AbortController().signal);
    vi.stubGlobal('fetch', fakeFetch(() => html(showOriginalHtml('From: a@b.c\n\nx')), { delayMs: 50 }).fetch);
    const ctrl = new AbortController();
    const p = messages[0]!.loadRaw(ctrl.signal);
    ctrl.abort(new DOMException('navigated', 'AbortError'));
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('finds nothing on a page without messages, and says so', async () => {
    const { doc } = loadPage('generic', 'eml-link.html');
    const { messages, report } = await gmail.findMessages(doc, new URL('https://mail.google.com/mail/u/0/#inbox'), new AbortController().signal);
    expect(messages).toEqual([]);
    expect(report.shape).toBe('gmail-no-thread');
  });

  it('builds URLs on the page’s own base path', () => {
    expect(mailBase(new URL('https://mail.google.com/mail/u/3/#inbox'))).toBe('/mail/u/3/');
    expect(mailBase(new URL('https://mail.google.com/mail/b/tok-en_1/u/0/#inbox'))).toBe('/mail/b/tok-en_1/u/0/');
    expect(mailBase(new URL('https://mail.google.com/mail/#inbox'))).toBe('/mail/');
    expect(originalUrl(new URL('https://mail.google.com/mail/#inbox'), { param: 'permmsgid', value: 'msg-f:1' }, 'abc123').href).toBe(
      'https://mail.google.com/mail/?ik=abc123&view=om&permmsgid=msg-f%3A1',
    );
  });
});
