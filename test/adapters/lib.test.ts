/**
 * The adapters' shared pieces: placing listed messages on page items (lib/place.ts), the read
 * throttle (lib/throttle.ts) and the same-origin read with its reasons, Retry-After and the
 * page's own fetch in Firefox (lib/same-origin.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { place, type Item, type Listed } from '../../src/adapters/lib/place';
import { createThrottle } from '../../src/adapters/lib/throttle';
import { getSameOrigin, getTextSameOrigin, MAX_RETRY_WAIT_MS, pageFetch, retryAfterMs } from '../../src/adapters/lib/same-origin';
import { RawUnavailable } from '../../src/adapters/types';
import { MAX_RAW_BYTES } from '../../src/core/limits';
import { fakeFetch } from '../support/fake-fetch';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const T = (s: string) => Date.parse(s);
const mail = (o: Partial<Listed> = {}): Listed => ({ public: true, wanted: true, ...o });
const note = (o: Partial<Listed> = {}): Listed => ({ public: false, wanted: false, ...o });
const item = (o: Partial<Item> = {}): Item => ({ note: false, ...o });

describe('place', () => {
  it('ids first, then audit ids, then time; a note never gets a badge', () => {
    const listed = [mail({ id: '1', auditId: '11' }), mail({ id: '2', auditId: '12' }), mail({ id: '3', at: T('2026-01-01T10:00:00Z') }), mail({ id: '4', auditId: '14' })];
    const items = [item({ id: '1' }), item({ auditId: '12' }), item({ at: T('2026-01-01T10:00:00.500Z') }), item({ auditId: '14', note: true })];
    expect(place(listed, items, { scoped: true })).toEqual([
      { item: 0, by: 'comment-id' },
      { item: 1, by: 'audit-id' },
      { item: 2, by: 'time' },
      { unplaced: 'note' },
    ]);
  });

  it('same second: told apart by order, notes paired with notes; more items than listed in that second is ambiguous', () => {
    const at = T('2026-01-01T10:00:00Z');
    // The page puts the note first within the second; the API lists the email first.
    const listed = [mail({ at }), note({ at })];
    expect(place(listed, [item({ at, note: true }), item({ at: at + 300 })], { scoped: true })).toEqual([{ item: 1, by: 'time' }, { item: 0, by: 'time' }]);
    // Two emails in one second, page in the same order.
    expect(place([mail({ at }), mail({ at })], [item({ at }), item({ at: at + 999 })], { scoped: true })).toEqual([{ item: 0, by: 'time' }, { item: 1, by: 'time' }]);
    expect(place([mail({ at })], [item({ at }), item({ at })], { scoped: true })).toEqual([{ unplaced: 'ambiguous' }]);
  });

  it('a page sorted newest first is read backwards', () => {
    const a = T('2026-01-01T10:00:00Z');
    const listed = [mail({ at: a }), mail({ at: a }), mail({ at: a + 60_000 })];
    const items = [item({ at: a + 60_000 }), item({ at: a }), item({ at: a })];
    expect(place(listed, items, { scoped: true })).toEqual([{ item: 2, by: 'time' }, { item: 1, by: 'time' }, { item: 0, by: 'time' }]);
  });

  it('order only when the counts agree and nothing contradicts it', () => {
    const listed = [mail(), note(), mail()];
    expect(place(listed, [item(), item({ note: true }), item()], { scoped: true })).toEqual([0, 1, 2].map((i) => ({ item: i, by: 'order' })));
    // The page leaves a note out and marks the notes it shows: public messages against non-note items.
    expect(place([...listed, note()], [item(), item({ note: true }), item()], { scoped: true })).toEqual([
      { item: 0, by: 'order' },
      { unplaced: 'counts-differ' },
      { item: 2, by: 'order' },
      { unplaced: 'counts-differ' },
    ]);
    // One item fewer and no note marks: which one is missing is unknown, so nothing by order.
    expect(place(listed, [item(), item()], { scoped: true }).every((r) => 'unplaced' in r)).toBe(true);
    // A note where the API has a public message: nothing by order.
    expect(place(listed, [item({ note: true }), item(), item()], { scoped: true }).every((r) => 'unplaced' in r)).toBe(true);
    // Times known on both sides and different: nothing by order.
    expect(place([mail({ at: T('2026-01-01T10:00:00Z') })], [item({ at: T('2026-01-02T10:00:00Z') })], { scoped: true })).toEqual([{ unplaced: 'not-shown' }]);
    // Every time shifted by the same whole time-zone offset (local time marked as UTC): order holds.
    const utc = [T('2026-01-01T10:00:00Z'), T('2026-01-02T11:30:00Z')];
    const shifted = (ms: number) => ms - 3 * 3600_000;
    expect(place(utc.map((at) => mail({ at })), utc.map((at) => item({ at: shifted(at) })), { scoped: true })).toEqual([{ item: 0, by: 'order' }, { item: 1, by: 'order' }]);
    // Two different shifts, or one that is no time zone: nothing.
    expect(place(utc.map((at) => mail({ at })), [item({ at: shifted(utc[0]!) }), item({ at: utc[1]! + 3600_000 })], { scoped: true }).every((r) => 'unplaced' in r)).toBe(true);
    expect(place(utc.map((at) => mail({ at })), utc.map((at) => item({ at: at + 7000 })), { scoped: true }).every((r) => 'unplaced' in r)).toBe(true);
    // Not scoped (several tickets): never by order.
    expect(place([mail()], [item()], { scoped: false })).toEqual([{ unplaced: 'several-tickets' }]);
    expect(place([mail()], [], { scoped: true })).toEqual([{ unplaced: 'no-items' }]);
  });

  it('stays linear: 20 000 comments without ids are placed by time in one pass', () => {
    const at = T('2026-01-01T10:00:00Z');
    const n = 20_000;
    const listed = Array.from({ length: n }, (_, i) => (i % 3 === 1 ? note({ at: at + i * 1000 }) : mail({ at: at + i * 1000 })));
    const items = listed.map((l) => item({ at: l.at! + 250, note: !l.public }));
    const placed = place(listed, items, { scoped: true });
    expect(placed.every((r, i) => 'item' in r && r.item === i)).toBe(true);
  });
});

describe('throttle', () => {
  it('runs a few at a time and at most perWindow per window', async () => {
    vi.useFakeTimers();
    const t = createThrottle({ concurrent: 2, perWindow: 3, windowMs: 10_000 });
    const started: number[] = [];
    const signal = new AbortController().signal;
    const all = Array.from({ length: 5 }, (_, i) =>
      t.run(async () => {
        started.push(i);
        await new Promise((r) => setTimeout(r, 10));
      }, signal),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('a waiting task can be aborted', async () => {
    const t = createThrottle({ concurrent: 1, perWindow: 10, windowMs: 1000 });
    const signal = new AbortController().signal;
    let release!: () => void;
    const first = t.run(() => new Promise<void>((r) => (release = r)), signal);
    const ctrl = new AbortController();
    const second = t.run(async () => 'ran', ctrl.signal);
    ctrl.abort(new DOMException('navigated', 'AbortError'));
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await first;
    expect(await t.run(async () => 'next', signal)).toBe('next');
  });
});

describe('same-origin reads', () => {
  const base = new URL('https://acme.zendesk.com/agent/tickets/1');
  const read = (path = '/x') => ({ url: new URL(path, base), signal: new AbortController().signal });

  it('refuses another origin before any request, and never follows a redirect', async () => {
    const api = fakeFetch(() => new Response('x'));
    vi.stubGlobal('fetch', api.fetch);
    await expect(getSameOrigin({ url: new URL('https://evil.example/x'), signal: new AbortController().signal }, base)).rejects.toMatchObject({ code: 'not-same-origin' });
    expect(api.calls).toEqual([]);
    let init: RequestInit | undefined;
    vi.stubGlobal(
      'fetch',
      fakeFetch((_u, i) => {
        init = i;
        return new Response(null, { status: 301, headers: { location: 'https://files.example.net/a.eml' } });
      }).fetch,
    );
    await expect(getSameOrigin(read(), base)).rejects.toMatchObject({ code: 'redirected' });
    expect(init).toMatchObject({ redirect: 'manual', credentials: 'include', method: 'GET' });
  });

  it('honours Retry-After on 429 (seconds or a date), and gives up on a wait too long', async () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    vi.useFakeTimers();
    let n = 0;
    const api = fakeFetch(() => (++n === 1 ? new Response('', { status: 429, headers: { 'retry-after': '2' } }) : new Response('ok')));
    vi.stubGlobal('fetch', api.fetch);
    const done = getTextSameOrigin(read(), base);
    await vi.advanceTimersByTimeAsync(1900);
    expect(api.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(await done).toBe('ok');
    expect(api.calls).toHaveLength(2);
    vi.useRealTimers();
    vi.stubGlobal('fetch', fakeFetch(() => new Response('', { status: 429, headers: { 'retry-after': String(MAX_RETRY_WAIT_MS / 1000 + 60) } })).fetch);
    const err = (await getSameOrigin(read('/y'), base).catch((e: unknown) => e)) as RawUnavailable;
    expect(err.code).toBe('rate-limited');
    expect(err.retryAfterMs).toBe(MAX_RETRY_WAIT_MS + 60_000);
  });

  it('refuses a body larger than Veil analyses', async () => {
    vi.stubGlobal('fetch', fakeFetch(() => new Response('x', { headers: { 'content-length': String(MAX_RAW_BYTES + 1) } })).fetch);
    await expect(getSameOrigin(read(), base)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('uses the page’s own fetch where the content script has one (Firefox content.fetch)', async () => {
    const global = fakeFetch(() => new Response('global'));
    const page = fakeFetch(() => new Response('page'));
    vi.stubGlobal('fetch', global.fetch);
    expect(await getTextSameOrigin(read(), base)).toBe('global');
    vi.stubGlobal('content', { fetch: page.fetch });
    expect(pageFetch()).not.toBe(fetch);
    expect(await getTextSameOrigin(read(), base)).toBe('page');
    expect(global.calls).toHaveLength(1);
    expect(page.calls).toEqual(['https://acme.zendesk.com/x']);
  });
});
