import { afterEach, describe, expect, it, vi } from 'vitest';
import { gmail, ikOf, mailBase, originalUrl, permMsgIdOf, SELECTORS } from '../../src/adapters/gmail';
import { RawUnavailable } from '../../src/adapters/types';
import { fakeFetch } from '../support/fake-fetch';
import { showOriginalHtml } from '../support/gmail-pages';
import { loadPage } from '../support/pages';
import { SAMPLES, sampleBytes } from '../support/ticket-samples';

afterEach(() => vi.unstubAllGlobals());

const html = (s: string) => new Response(s, { headers: { 'content-type': 'text/html; charset=utf-8' } });

describe('gmail adapter', () => {
  it('matches mail.google.com only', () => {
    expect(gmail.matches(new URL('https://mail.google.com/mail/u/0/#inbox'))).toBe(true);
    expect(gmail.matches(new URL('https://mail.google.com.evil.example/mail/'))).toBe(false);
    expect(gmail.matches(new URL('http://mail.google.com/mail/'))).toBe(false);
  });

  it('reads the raw text of a Show original page from pre#raw_message_text, as text', async () => {
    const { doc, url } = loadPage('gmail', 'show-original.html');
    const found = await gmail.findMessages(doc, url, new AbortController().signal);
    expect(found.map((m) => m.key)).toEqual(['gmail:msg-f:1784452331383280801']);
    expect(found[0]!.anchor.id).toBe('raw_message_text');
    expect(found[0]!.position).toBe('beforebegin');
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
    const found = await gmail.findMessages(doc, url, new AbortController().signal);
    expect(found.map((m) => m.key)).toEqual(['gmail:msg-f:1784452331383280801', 'gmail:msg-a:r-5532167731853309823']);
    expect(found.map((m) => m.label)).toEqual(['Alice Example <alice@example.com>', 'Support <support@example.net>']);
    for (const m of found) expect(m.anchor.matches('h3.iw')).toBe(true);

    const raw = sampleBytes(SAMPLES.relay).toString('utf8');
    const api = fakeFetch((u) => (u.searchParams.get('view') === 'om' ? html(showOriginalHtml(raw)) : undefined));
    vi.stubGlobal('fetch', api.fetch);
    expect(await found[0]!.loadRaw(new AbortController().signal)).toBe(raw);
    expect(api.calls).toEqual(['https://mail.google.com/mail/u/1/?ik=1a2b3c4d5e&view=om&permmsgid=msg-f%3A1784452331383280801']);
  });

  it('converts legacy hex ids and reads ik from the GLOBALS boot script', async () => {
    const { doc, url } = loadPage('gmail', 'thread-legacy.html');
    expect(doc.querySelector(SELECTORS.message[0])).toBeNull();
    expect(ikOf(doc)).toBe('0f9e8d7c6b');
    const found = await gmail.findMessages(doc, url, new AbortController().signal);
    expect(found[0]!.key).toBe(`gmail:msg-f:${BigInt('0x18c3a60412345678')}`);
    expect(originalUrl(url, 'msg-f:1', 'abc123').href).toBe('https://mail.google.com/mail/?ik=abc123&view=om&permmsgid=msg-f%3A1');
    expect(permMsgIdOf(doc.querySelector('[data-legacy-message-id]')!)).toBe('msg-f:1784452413784348280');
  });

  it('says how to open Show original when the original cannot be read', async () => {
    const { doc, url } = loadPage('gmail', 'thread-legacy.html');
    const found = await gmail.findMessages(doc, url, new AbortController().signal);
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

  it('aborts a pending original read', async () => {
    const { doc, url } = loadPage('gmail', 'thread.html');
    const [m] = await gmail.findMessages(doc, url, new AbortController().signal);
    vi.stubGlobal('fetch', fakeFetch(() => html(showOriginalHtml('From: a@b.c\n\nx')), { delayMs: 50 }).fetch);
    const ctrl = new AbortController();
    const p = m!.loadRaw(ctrl.signal);
    ctrl.abort(new DOMException('navigated', 'AbortError'));
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('finds nothing on a page without messages', async () => {
    const { doc } = loadPage('generic', 'eml-link.html');
    expect(await gmail.findMessages(doc, new URL('https://mail.google.com/mail/u/0/#inbox'), new AbortController().signal)).toEqual([]);
  });
});
