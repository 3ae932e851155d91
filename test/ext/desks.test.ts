// @vitest-environment node
/**
 * The agent's own desk domains in the service worker, against a fake browser that keeps granted
 * origins and registered content scripts: nothing runs on a desk the browser has not granted; a
 * granted desk gets the registered script (and its open tabs get it at once); the popup's flow,
 * closed by the prompt, finishes through permissions.onAdded; removal unregisters and gives the
 * permission back; an update (which drops registrations in both browsers) and a restart re-sync from
 * the stored list; the organisation's desks cannot be removed by the agent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake } from '../support/fake-browser-instance';
import { ROOT } from '../support/paths';

vi.mock('webextension-polyfill', async () => ({ default: (await import('../support/fake-browser-instance')).fake.browser }));

const { onMessage } = await import('../../src/background/router');
await import('../../src/background/index');
const { deskFile, DESK_SCRIPT_ID, PENDING_KEY, PENDING_MS, syncDesks } = await import('../../src/background/desks');
const DESK_FILE = deskFile();
const { deskClient } = await import('../../src/shared/desk-client');
const { loadSettings } = await import('../../src/shared/settings');
const { normalizeManaged } = await import('../../src/shared/managed');
const { deskOriginOf, deskPattern, isBuiltInSite } = await import('../../src/shared/desks');

// The pages' messages reach the background's router, stamped as coming from the options page.
(fake.browser.runtime as { sendMessage: unknown }).sendMessage = async (msg: unknown) => onMessage(msg, fake.pageSender('src/options/index.html') as never);

const DESK = 'https://support.example.com';
const ZAMMAD = 'https://zammad.example.org';

async function send(type: string, data: unknown, sender: object = fake.pageSender('src/options/index.html')): Promise<any> {
  return onMessage({ type, data }, sender as never);
}

/** Lets listeners that were fired without being awaited (permissions.onAdded, ...) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

const registered = () => fake.registered.get(DESK_SCRIPT_ID) as { js: string[]; matches: string[]; persistAcrossSessions: boolean; runAt: string } | undefined;

beforeEach(async () => {
  await settle();
  await fake.session.clear();
  await fake.local.clear();
  await fake.managed.clear();
  fake.resetPermissions();
  fake.calls.splice(0);
});

describe('desk origins', () => {
  it('turns what was typed into an origin and its match pattern; knows the sites Veil covers by itself', () => {
    expect(deskOriginOf(' support.example.com ')).toBe(DESK);
    expect(deskOriginOf('https://support.example.com/agent/tickets/1?x#y')).toBe(DESK);
    expect(deskOriginOf('http://zammad.intranet.test:8080/#ticket/zoom/7')).toBe('http://zammad.intranet.test:8080');
    expect(deskOriginOf('https://bücher.example/')).toBe('https://xn--bcher-kva.example');
    for (const bad of ['', 'ftp://x.test', 'javascript:alert(1)', 'chrome://extensions', 'https://user:pw@x.test', 'https://', 'a b c']) expect(deskOriginOf(bad), bad).toBeNull();
    expect(deskPattern('http://zammad.intranet.test:8080')).toBe('http://zammad.intranet.test/*');
    expect(isBuiltInSite('https://acme.zendesk.com')).toBe(true);
    expect(isBuiltInSite('https://mail.google.com')).toBe(true);
    expect(isBuiltInSite(DESK)).toBe(false);
    expect(isBuiltInSite('https://zendesk.com.evil.example')).toBe(false);
  });
});

describe('adding a desk', () => {
  it('Firefox answers getManifest() with full moz-extension:// addresses: the registered path is the one inside the extension', () => {
    const runtime = fake.browser.runtime as { getManifest: () => unknown; getURL: (p: string) => string };
    const original = runtime.getManifest;
    runtime.getManifest = () => ({ manifest_version: 3, content_scripts: [{ js: [runtime.getURL('src/content/index.js')], matches: [] }] });
    try {
      expect(runtime.getURL('src/content/index.js')).toMatch(/^[a-z-]+:\/\/.+\/src\/content\/index\.js$/);
      expect(deskFile()).toBe('src/content/index.js');
    } finally {
      runtime.getManifest = original;
    }
  });

  it('refuses a desk the browser has not granted: nothing stored, nothing registered', async () => {
    const res = await send('addDesk', { origin: DESK });
    expect(res.error.code).toBe('not-granted');
    expect((await loadSettings()).desks).toEqual([]);
    expect(registered()).toBeUndefined();
    expect((await send('addDesk', { origin: 'not a url at all' })).error.code).toBe('bad-request');
    expect((await send('addDesk', { origin: 'https://acme.zendesk.com' })).error.code).toBe('built-in');
  });

  it('options page: asks for the one origin, then registers the desk script there and runs it in the desk’s open tabs', async () => {
    fake.setTabs([
      { id: 7, active: true, url: `${DESK}/agent/tickets/123` },
      { id: 8, url: `${DESK}/agent/dashboard` },
      { id: 9, url: 'https://other.example.net/' },
    ]);
    expect(await deskClient.request(DESK)).toBe(true);
    expect(fake.calls.find((c) => c.api === 'permissions.request')!.args).toEqual([[`${DESK}/*`]]);
    const res = await send('addDesk', { origin: DESK });
    expect(res.ok).toBe(true);
    expect(res.value).toEqual([{ origin: DESK, granted: true, managed: false }]);
    expect((await loadSettings()).desks).toEqual([DESK]);
    // The declared content script itself (one self-contained file), registered as is.
    expect(DESK_FILE).toBe('src/content/index.js');
    expect(registered()).toEqual({ id: DESK_SCRIPT_ID, js: [DESK_FILE], matches: [`${DESK}/*`], runAt: 'document_idle', persistAcrossSessions: true });
    const injected = fake.calls.filter((c) => c.api === 'scripting.executeScript').map((c) => (c.args[0] as any).target.tabId);
    expect(injected).toEqual([7, 8]);
    // Added again (a second click): no duplicate, no second registration.
    await send('addDesk', { origin: `${DESK}/agent/tickets/9` });
    expect((await loadSettings()).desks).toEqual([DESK]);
    expect(fake.calls.filter((c) => c.api === 'scripting.registerContentScripts')).toHaveLength(1);
  });

  it('popup: the prompt closes the popup, and the background finishes by itself when the permission arrives', async () => {
    // The page's click: request first, expectDesk beside it; nobody is left to call addDesk.
    fake.setPermissionAnswer(async () => {
      await settle();
      return true;
    });
    const asked = deskClient.request(ZAMMAD);
    await asked;
    await settle();
    expect((await loadSettings()).desks).toEqual([ZAMMAD]);
    expect(registered()?.matches).toEqual([`${ZAMMAD}/*`]);
    expect(fake.session.keys()).not.toContain(PENDING_KEY);
  });

  it('declined: nothing stored, nothing registered; a stale pending request is never completed later', async () => {
    fake.setPermissionAnswer(() => false);
    expect(await deskClient.request(DESK)).toBe(false);
    await settle();
    expect((await loadSettings()).desks).toEqual([]);
    expect(registered()).toBeUndefined();
    // Much later the agent grants it from the browser's own settings: an old pending request does not add it.
    await fake.session.set({ [PENDING_KEY]: { origin: DESK, at: Date.now() - PENDING_MS - 1 } });
    fake.setPermissionAnswer(() => true);
    await fake.browser.permissions.request({ origins: [`${DESK}/*`] });
    await settle();
    expect((await loadSettings()).desks).toEqual([]);
    expect(registered()).toBeUndefined();
  });

  it('keeps one registration covering every granted desk', async () => {
    for (const d of [DESK, ZAMMAD]) {
      await deskClient.request(d);
      await send('addDesk', { origin: d });
    }
    expect(registered()?.matches).toEqual([`${DESK}/*`, `${ZAMMAD}/*`]);
    const list = await send('listDesks', {});
    expect(list.value.map((d: any) => d.origin)).toEqual([DESK, ZAMMAD]);
  });
});

describe('removing a desk and taking access back', () => {
  beforeEach(async () => {
    for (const d of [DESK, ZAMMAD]) {
      await deskClient.request(d);
      await send('addDesk', { origin: d });
    }
    fake.calls.splice(0);
  });

  it('removing unregisters it and gives the browser’s permission back', async () => {
    const res = await send('removeDesk', { origin: ZAMMAD });
    expect(res.value.released).toBe(true);
    expect(res.value.desks).toEqual([{ origin: DESK, granted: true, managed: false }]);
    expect(registered()?.matches).toEqual([`${DESK}/*`]);
    expect(fake.calls.find((c) => c.api === 'permissions.remove')!.args).toEqual([[`${ZAMMAD}/*`]]);
    expect(await fake.browser.permissions.contains({ origins: [`${ZAMMAD}/*`] })).toBe(false);
    await send('removeDesk', { origin: DESK });
    expect(registered()).toBeUndefined();
    expect((await loadSettings()).desks).toEqual([]);
  });

  it('access taken back in the browser’s own settings: unregistered, still listed as not allowed; allowed again, registered again', async () => {
    await fake.browser.permissions.remove({ origins: [`${DESK}/*`] });
    await settle();
    expect(registered()?.matches).toEqual([`${ZAMMAD}/*`]);
    const list = await send('listDesks', {});
    expect(list.value).toEqual([
      { origin: DESK, granted: false, managed: false },
      { origin: ZAMMAD, granted: true, managed: false },
    ]);
    await deskClient.request(DESK);
    await settle();
    expect(registered()?.matches).toEqual([`${DESK}/*`, `${ZAMMAD}/*`]);
  });

  it('an extension update drops registered scripts: onInstalled registers them again from the stored list, no click needed, and runs in the desk tabs already open', async () => {
    fake.registered.clear();
    fake.setTabs([
      { id: 7, active: true, url: `${ZAMMAD}/#ticket/zoom/7` },
      { id: 8, url: 'https://elsewhere.example.net/' },
    ]);
    fake.browser.runtime.onInstalled.emit({ reason: 'update' });
    await settle();
    expect(registered()?.matches).toEqual([`${DESK}/*`, `${ZAMMAD}/*`]);
    expect(fake.calls.filter((c) => c.api === 'scripting.executeScript').map((c) => (c.args[0] as any).target.tabId)).toEqual([7]);
    // A restart keeps them; onStartup checks anyway and changes nothing when all is in step.
    fake.calls.splice(0);
    fake.browser.runtime.onStartup.emit();
    await settle();
    expect(fake.calls.filter((c) => c.api.startsWith('scripting.') && c.api !== 'scripting.executeScript')).toEqual([]);
    // A registration that lost its way (another build's file name) is put right.
    fake.registered.set(DESK_SCRIPT_ID, { ...registered()!, id: DESK_SCRIPT_ID, js: ['assets/old.js'] });
    await syncDesks();
    expect(registered()?.js).toEqual([DESK_FILE]);
  });

  it('only extension pages may manage desks', async () => {
    const content = fake.contentSender(7, `${DESK}/agent/tickets/1`);
    for (const type of ['listDesks', 'addDesk', 'removeDesk', 'expectDesk']) {
      expect((await send(type, { origin: DESK }, content)).error.code, type).toBe('untrusted-sender');
    }
    expect((await loadSettings()).desks).toEqual([DESK, ZAMMAD]);
  });
});

describe('managed settings (the organisation’s policy)', () => {
  it('keeps only what fits the schema; ignores the rest field by field', () => {
    expect(normalizeManaged(undefined)).toEqual({});
    expect(normalizeManaged([1, 2])).toEqual({});
    expect(
      normalizeManaged({
        lang: 'es',
        writtenTo: ['help@acme.test', 'not an address', 7, 'help@acme.test'],
        repliesFrom: 'agent@acme.test',
        authservIds: ['MX.Acme.Test', 'bad id!'],
        sites: { zendesk: false, gmail: 'yes' },
        desks: ['support.example.com', 'javascript:alert(1)'],
        unknown: true,
      }),
    ).toEqual({
      lang: 'es',
      writtenTo: ['help@acme.test'],
      repliesFrom: 'agent@acme.test',
      authservIds: ['mx.acme.test'],
      sites: { zendesk: false },
      desks: [DESK],
    });
    expect(normalizeManaged({ lang: 'fr', repliesFrom: 'nobody', sites: {}, writtenTo: 'help@acme.test' })).toEqual({});
  });

  it('wins over the agent’s own values; desks add up; a browser without a policy (Firefox rejects the read) changes nothing', async () => {
    await fake.local.set({ settings: { lang: 'en', support: { writtenTo: ['me@acme.test'], repliesFrom: 'me@acme.test', authservIds: ['mine.test'] }, desks: [ZAMMAD] } });
    await fake.managed.set({ lang: 'es', writtenTo: ['help@acme.test'], sites: { gmail: false }, desks: [DESK] });
    const s = await loadSettings();
    expect(s.lang).toBe('es');
    expect(s.support).toEqual({ writtenTo: ['help@acme.test'], repliesFrom: 'me@acme.test', authservIds: ['mine.test'] });
    expect(s.sites).toEqual({ zendesk: true, gmail: false });
    expect(s.desks).toEqual([DESK, ZAMMAD]);
    fake.setManagedFails(true);
    expect((await loadSettings()).lang).toBe('en');
  });

  it('the explanation follows the organisation’s language', async () => {
    const raw = readFileSync(join(ROOT, 'samples', (await import('node:fs')).readdirSync(join(ROOT, 'samples')).find((f) => f.endsWith('.eml'))!), 'utf8');
    await fake.managed.set({ lang: 'es' });
    const res = await send('analyzeText', { raw }, fake.pageSender());
    expect(res.value.explanation.lang).toBe('es');
  });

  it('a desk the organisation sets is listed, waits for the agent’s one click, and cannot be removed by the agent', async () => {
    await fake.managed.set({ desks: [ZAMMAD] });
    fake.browser.storage.onChanged.emit({ desks: { newValue: [ZAMMAD] } }, 'managed');
    await settle();
    expect((await send('listDesks', {})).value).toEqual([{ origin: ZAMMAD, granted: false, managed: true }]);
    expect(registered()).toBeUndefined();
    await deskClient.request(ZAMMAD);
    await settle();
    expect(registered()?.matches).toEqual([`${ZAMMAD}/*`]);
    expect((await send('removeDesk', { origin: ZAMMAD })).error.code).toBe('managed');
    expect(registered()?.matches).toEqual([`${ZAMMAD}/*`]);
  });

  it('managed_schema.json declares exactly the fields Veil reads from the policy', async () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'public/managed_schema.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
    expect(manifest.storage.managed_schema).toBe('managed_schema.json');
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual(['authservIds', 'desks', 'lang', 'repliesFrom', 'sites', 'writtenTo']);
    const full = { lang: 'en', writtenTo: ['a@b.test'], repliesFrom: 'a@b.test', authservIds: ['mx.b.test'], sites: { zendesk: true, gmail: true }, desks: [DESK] };
    expect(Object.keys(normalizeManaged(full)).sort()).toEqual(Object.keys(schema.properties).sort());
    expect(Object.keys(schema.properties.sites.properties).sort()).toEqual(['gmail', 'zendesk']);
  });
});
