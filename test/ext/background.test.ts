// @vitest-environment node
// (the service worker has no DOM; and openpgp, which the core uses, rejects jsdom's cross-realm Uint8Array)
/**
 * The service worker's message handling against a fake in-memory browser: sender checks, payload
 * checks, per-tab state in storage.session (keys, navigation, cleanup), the content-hash cache and
 * the toolbar badge. Real messages from ../shared/corpora, analysed by the real core.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake } from '../support/fake-browser-instance';
import { FIXTURE_CORPORA, FIXTURES } from '../support/paths';

vi.mock('webextension-polyfill', async () => ({ default: (await import('../support/fake-browser-instance')).fake.browser }));

const { onMessage } = await import('../../src/background/router');
await import('../../src/background/index');
const { MAX_RAW_BYTES } = await import('../../src/core');
const { ON_DEMAND_FILE } = await import('../../src/background/inject');

const SMIME = readFileSync(join(FIXTURE_CORPORA, 'thunderbird-comm-central/mail/test/browser/smime/data/alice.env.eml'), 'utf8');
const RELAY = readFileSync(join(FIXTURE_CORPORA, 'firefox-relay/emails/tests/fixtures/emperor_norton_expected.email'), 'utf8');
const PLAIN = readFileSync(join(FIXTURE_CORPORA, 'thunderbird-comm-central/mail/components/extensions/test/xpcshell/messages/alternative.eml'), 'utf8');
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const TICKET = 'https://acme.zendesk.com/agent/tickets/42';
const content = (url = TICKET, tabId = 7) => fake.contentSender(tabId, url);

async function send(type: string, data: unknown, sender: object): Promise<any> {
  return onMessage({ type, data }, sender as never);
}

beforeEach(async () => {
  await fake.session.clear();
  await fake.local.clear();
  fake.calls.splice(0);
  fake.badge.clear();
  fake.setUiLanguage('en-US');
  fake.setTabMessage(async () => {
    throw new Error('Could not establish connection. Receiving end does not exist.');
  });
});

describe('analyzeRaw from our content script', () => {
  it('analyses, stores the entry under tab:<id> with the content hash, caches by hash and counts the badge', async () => {
    const res = await send('analyzeRaw', { key: 'c1', label: 'Alice', raw: SMIME, site: 'zendesk' }, content());
    expect(res.ok).toBe(true);
    expect(res.value.verdict).toBe('smime-encrypted');

    const state = fake.session.data.get('tab:7') as any;
    expect(state.url).toBe(TICKET);
    expect(state.site).toBe('zendesk');
    expect(state.entries).toHaveLength(1);
    expect(state.entries[0]).toMatchObject({ key: 'c1', label: 'Alice', hash: sha256(SMIME) });
    expect(state.entries[0].analysis.verdict).toBe('smime-encrypted');

    const cacheKeys = fake.session.keys().filter((k) => k.startsWith('analysis:'));
    expect(cacheKeys).toHaveLength(1);
    expect(cacheKeys[0].startsWith(`analysis:${sha256(SMIME)}:`)).toBe(true);

    expect(fake.badge.get(7)?.text).toBe('1');
    expect(fake.badge.get(7)?.title).toContain('1');
  });

  it('serves the same raw from the cache (one cache entry, same analysis)', async () => {
    const a = await send('analyzeRaw', { key: 'c1', raw: RELAY, site: 'zendesk' }, content());
    const b = await send('analyzeRaw', { key: 'c2', raw: RELAY, site: 'zendesk' }, content());
    expect(b.value).toEqual(a.value);
    expect(fake.session.keys().filter((k) => k.startsWith('analysis:'))).toHaveLength(1);
    expect((fake.session.data.get('tab:7') as any).entries.map((e: any) => e.key)).toEqual(['c1', 'c2']);
  });

  it('keeps every entry when a thread is analysed concurrently', async () => {
    const raws = [SMIME, RELAY, PLAIN, SMIME, RELAY, PLAIN];
    const results = await Promise.all(raws.map((raw, i) => send('analyzeRaw', { key: `c${i}`, raw, site: 'zendesk' }, content())));
    expect(results.every((r) => r.ok)).toBe(true);
    const state = fake.session.data.get('tab:7') as any;
    expect(state.entries.map((e: any) => e.key).sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    // Protected or masked only: 2 S/MIME + 2 relay; the plain ones do not count.
    expect(fake.badge.get(7)?.text).toBe('4');
  });

  it('starts a fresh state when the page URL changed (no mixing of two tickets)', async () => {
    await send('analyzeRaw', { key: 'c1', raw: SMIME, site: 'zendesk' }, content());
    await send('analyzeRaw', { key: 'c9', raw: PLAIN, site: 'zendesk' }, content('https://acme.zendesk.com/agent/tickets/43'));
    const state = fake.session.data.get('tab:7') as any;
    expect(state.url).toBe('https://acme.zendesk.com/agent/tickets/43');
    expect(state.entries.map((e: any) => e.key)).toEqual(['c9']);
    expect(fake.badge.get(7)?.text).toBe('');
  });

  it('uses the language chosen in the options', async () => {
    await fake.local.set({ settings: { lang: 'es' } });
    const res = await send('analyzeRaw', { key: 'c1', raw: RELAY, site: 'zendesk' }, content());
    expect(res.value.explanation.lang).toBe('es');
    expect(fake.badge.get(7)?.title).toMatch(/enmascarado/);
  });
});

describe('sender checks', () => {
  it('rejects content messages from another extension, from a sender without a tab, and from our pages', async () => {
    const req = { key: 'c1', raw: PLAIN, site: 'zendesk' };
    expect((await send('analyzeRaw', req, { ...content(), id: 'someotherextensionid' })).error.code).toBe('untrusted-sender');
    expect((await send('analyzeRaw', req, { id: fake.browser.runtime.id, url: TICKET })).error.code).toBe('untrusted-sender');
    expect((await send('analyzeRaw', req, fake.pageSender())).error.code).toBe('untrusted-sender');
    // An options page opened in a tab has a tab, but it is not a content script.
    expect((await send('analyzeRaw', req, { ...fake.pageSender('src/options/index.html'), tab: { id: 3 } })).error.code).toBe('untrusted-sender');
    expect(fake.session.keys()).toEqual([]);
  });

  it('rejects page messages from content scripts (a web page URL) and from other extensions', async () => {
    await send('analyzeRaw', { key: 'c1', raw: SMIME, site: 'zendesk' }, content());
    expect((await send('getTabState', { tabId: 7 }, content())).error.code).toBe('untrusted-sender');
    expect((await send('analyzeText', { raw: PLAIN }, content())).error.code).toBe('untrusted-sender');
    const spoof = { id: 'otherid', url: fake.browser.runtime.getURL('src/popup/index.html') };
    expect((await send('getTabState', { tabId: 7 }, spoof)).error.code).toBe('untrusted-sender');
    const ok = await send('getTabState', { tabId: 7 }, fake.pageSender());
    expect(ok.ok).toBe(true);
    expect(ok.value.entries).toHaveLength(1);
  });

  it('answers unknown messages with a code, and ignores what is not an envelope', async () => {
    expect((await send('deleteEverything', {}, fake.pageSender())).error.code).toBe('unknown-message');
    expect(onMessage('hello', fake.pageSender() as never)).toBeUndefined();
    expect(onMessage(null, fake.pageSender() as never)).toBeUndefined();
  });

  it('checks the payload: types, and raw no larger than MAX_RAW_BYTES', async () => {
    expect((await send('analyzeRaw', { key: 'c1', raw: 42, site: 'zendesk' }, content())).error.code).toBe('bad-request');
    expect((await send('getTabState', { tabId: 'seven' }, fake.pageSender())).error.code).toBe('bad-request');
    expect((await send('analyzeRaw', null, content())).error.code).toBe('bad-request');
    const huge = 'a'.repeat(MAX_RAW_BYTES + 1);
    expect((await send('analyzeText', { raw: huge }, fake.pageSender())).error.code).toBe('too-large');
    expect((await send('analyzeRaw', { key: 'c1', raw: huge, site: 'zendesk' }, content())).error.code).toBe('too-large');
    expect(fake.session.keys()).toEqual([]);
  });
});

describe('never drops a result for its size', () => {
  const raw = 'From: "' + 'N'.repeat(400) + '" <a@example.com>\r\nTo: b@example.net\r\nSubject: hi\r\n\r\nhello\r\n';

  it('a label, a key and an error message over their limits are shortened, and the result is kept', async () => {
    const res = await send('analyzeRaw', { key: 'k'.repeat(5000), label: 'L'.repeat(100_000), raw, site: 'zendesk' }, content());
    expect(res.ok).toBe(true);
    expect(res.value.verdict).toBe('plain');
    const again = await send('analyzeRaw', { key: 'k'.repeat(4999) + 'j', label: 'short', raw, site: 'zendesk' }, content());
    expect(again.ok).toBe(true);
    const entries = (fake.session.data.get('tab:7') as any).entries;
    expect(entries).toHaveLength(2);
    expect(entries[0].label).toHaveLength(300);
    expect(entries[0].label.endsWith('…')).toBe(true);
    expect(entries[0].key.length).toBeLessThanOrEqual(300);
    expect(entries[0].key).not.toBe(entries[1].key);
    const err = await send('reportError', { key: 'e'.repeat(400), label: 'x'.repeat(400), site: 'zendesk', message: 'm'.repeat(5000) }, content());
    expect(err.ok).toBe(true);
    expect((fake.session.data.get('tab:7') as any).entries[2].error).toHaveLength(1000);
  });
});

describe('tab lifecycle', () => {
  it('removes the tab state when the tab closes', async () => {
    await send('analyzeRaw', { key: 'c1', raw: SMIME, site: 'zendesk' }, content(TICKET, 9));
    expect(fake.session.keys()).toContain('tab:9');
    fake.browser.tabs.onRemoved.emit(9, { windowId: 1, isWindowClosing: false });
    await vi.waitFor(() => expect(fake.session.keys()).not.toContain('tab:9'));
  });

  it('drops the state when the tab navigates elsewhere, keeps it for the same URL', async () => {
    await send('analyzeRaw', { key: 'c1', raw: SMIME, site: 'zendesk' }, content());
    fake.browser.tabs.onUpdated.emit(7, { url: TICKET }, {});
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.session.keys()).toContain('tab:7');
    fake.browser.tabs.onUpdated.emit(7, { url: 'https://example.org/' }, {});
    await vi.waitFor(() => expect(fake.session.keys()).not.toContain('tab:7'));
    await vi.waitFor(() => expect(fake.badge.get(7)?.text).toBe(''));
  });

  it('resetTab for the same URL keeps what the context menu recorded, drops the rest', async () => {
    await send('analyzeRaw', { key: 'c1', raw: SMIME, site: 'zendesk' }, content());
    const { updateTab, withEntry } = await import('../../src/background/tab-state');
    await updateTab(fake.session, 7, (cur) => ({ ...withEntry(cur, TICKET, 'zendesk', { key: 'selection', error: 'x' }), focus: 'selection' }));
    await send('resetTab', { url: TICKET, site: 'zendesk' }, content());
    let state = fake.session.data.get('tab:7') as any;
    expect(state.entries.map((e: any) => e.key)).toEqual(['selection']);
    expect(state.focus).toBe('selection');
    await send('resetTab', { url: 'https://acme.zendesk.com/agent/tickets/43', site: 'zendesk' }, content());
    state = fake.session.data.get('tab:7') as any;
    expect(state.entries).toEqual([]);
    expect(state.focus).toBeUndefined();
  });

  it('resetTab empties the entries; reportError records why the raw could not be read', async () => {
    await send('analyzeRaw', { key: 'c1', raw: SMIME, site: 'zendesk' }, content());
    expect((await send('resetTab', { url: TICKET, site: 'zendesk' }, content())).ok).toBe(true);
    expect((fake.session.data.get('tab:7') as any).entries).toEqual([]);
    await send('reportError', { key: 'c2', site: 'zendesk', message: 'the server answered 403' }, content());
    const state = fake.session.data.get('tab:7') as any;
    expect(state.entries).toEqual([{ key: 'c2', error: 'the server answered 403' }]);
    expect(fake.badge.get(7)?.text).toBe('');
    await send('reportError', { key: 'c3', site: 'zendesk', message: 'Access refused.', code: 'no-access' }, content());
    expect((fake.session.data.get('tab:7') as any).entries.at(-1)).toEqual({ key: 'c3', error: 'Access refused.', reason: 'no-access' });
  });

  it('reportPage stores the page diagnostics, keeps only known fields, and a navigation drops them', async () => {
    const diagnostics = {
      site: 'zendesk',
      shape: 'workspace',
      thread: '42',
      listed: 7,
      withRaw: 5,
      onPage: 6,
      markers: { notes: 1, 'items-with-time': 6, 'Bad Key': 3, huge: -1 },
      listError: { code: 'made-up' },
      notes: ['several-tickets', 'Not A Code'],
      messages: [
        { key: 'zendesk:42:1', label: 'Alice · 20 Nov', placement: 'time' },
        { key: 'zendesk:42:2', unplaced: 'not-shown', placement: 'nowhere' },
        { nokey: true },
      ],
      extra: '<script>',
    };
    expect((await send('reportPage', { site: 'zendesk', diagnostics }, content())).ok).toBe(true);
    const state = fake.session.data.get('tab:7') as any;
    expect(state.diagnostics).toEqual({
      site: 'zendesk',
      shape: 'workspace',
      thread: '42',
      listed: 7,
      withRaw: 5,
      onPage: 6,
      markers: { notes: 1, 'items-with-time': 6 },
      notes: ['several-tickets'],
      messages: [
        { key: 'zendesk:42:1', label: 'Alice · 20 Nov', placement: 'time' },
        { key: 'zendesk:42:2', unplaced: 'not-shown' },
      ],
    });
    // Entries and diagnostics live side by side; a page of another URL starts over.
    await send('analyzeRaw', { key: 'zendesk:42:1', raw: SMIME, site: 'zendesk' }, content());
    expect((fake.session.data.get('tab:7') as any).diagnostics.listed).toBe(7);
    await send('reportPage', { site: 'zendesk', diagnostics: { ...diagnostics, thread: '43', messages: [] } }, content('https://acme.zendesk.com/agent/tickets/43'));
    const next = fake.session.data.get('tab:7') as any;
    expect(next.entries).toEqual([]);
    expect(next.diagnostics.thread).toBe('43');
    expect((await send('reportPage', { site: 'zendesk', diagnostics: { messages: 'no' } }, content())).ok).toBe(false);
    // Only our content scripts may report.
    expect((await send('reportPage', { site: 'zendesk', diagnostics }, { id: 'other-extension', tab: { id: 7 }, url: TICKET })).ok).toBe(false);
  });
});

describe('popup requests', () => {
  it('analyzeText analyses pasted source in the requested language without touching any tab', async () => {
    const res = await send('analyzeText', { raw: RELAY, lang: 'es' }, fake.pageSender());
    expect(res.value.verdict).toBe('relay-masked');
    expect(res.value.explanation.lang).toBe('es');
    expect(fake.session.keys().filter((k) => k.startsWith('tab:'))).toEqual([]);
  });

  it('analyzeText takes a dropped Outlook .msg as base64 bytes, and checks them', async () => {
    const msg = readFileSync(join(FIXTURES, 'msg/attachmentFiles.msg'));
    const res = await send('analyzeText', { raw: msg.toString('base64'), encoding: 'base64' }, fake.pageSender());
    expect(res.ok).toBe(true);
    expect(res.value.message.outlook).toEqual({ messageClass: 'IPM.Note', headers: 'transport' });
    expect(res.value.message.subject).toBe('attachmentFiles');
    // Cached by the hash of the bytes, like text by the hash of its UTF-8.
    const hash = createHash('sha256').update(msg).digest('hex');
    expect(fake.session.keys().some((k) => k.startsWith(`analysis:${hash}:`))).toBe(true);
    expect((await send('analyzeText', { raw: 'not base64!', encoding: 'base64' }, fake.pageSender())).error.code).toBe('bad-request');
    expect((await send('analyzeText', { raw: 'AAAA', encoding: 'hex' }, fake.pageSender())).error.code).toBe('bad-request');
    expect((await send('analyzeText', { raw: 'A'.repeat(Math.ceil(MAX_RAW_BYTES / 3) * 4 + 8), encoding: 'base64' }, fake.pageSender())).error.code).toBe('too-large');
  });

  it('scanTab asks the declared content script to rescan when it is there', async () => {
    fake.setTabMessage(async () => ({ ok: true, value: { found: 3 } }));
    const res = await send('scanTab', { tabId: 7 }, fake.pageSender());
    expect(res).toEqual({ ok: true, value: { injected: false } });
    expect(fake.calls.filter((c) => c.api === 'scripting.executeScript')).toHaveLength(0);
  });

  it('scanTab injects the on-demand content script where none runs', async () => {
    const res = await send('scanTab', { tabId: 7 }, fake.pageSender());
    expect(res).toEqual({ ok: true, value: { injected: true } });
    const inj = fake.calls.find((c) => c.api === 'scripting.executeScript')!.args[0] as any;
    expect(ON_DEMAND_FILE).toMatch(/on-demand\.js$/);
    expect(inj).toEqual({ target: { tabId: 7 }, files: [ON_DEMAND_FILE] });
  });

  it('scanTab reports no-access when the page cannot be scripted', async () => {
    fake.setExecuteScript(async () => {
      throw new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.');
    });
    const res = await send('scanTab', { tabId: 7 }, fake.pageSender());
    expect(res.ok).toBe(false);
    expect(res.error.code).toBe('no-access');
    fake.setExecuteScript(async () => [{ result: undefined }]);
  });
});
