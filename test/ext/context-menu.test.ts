// @vitest-environment node
// (the service worker has no DOM; openpgp, which the core uses, rejects jsdom's cross-realm Uint8Array)
/**
 * "Analyze this email": created on install (localized), and each click path — selection, link to an
 * .eml (same origin only), page — against the fake browser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake } from '../support/fake-browser-instance';
import { FIXTURE_CORPORA } from '../support/paths';

vi.mock('webextension-polyfill', async () => ({ default: (await import('../support/fake-browser-instance')).fake.browser }));

await import('../../src/background/index');
const { MENU_ID, SELECTION_KEY, linkLabel } = await import('../../src/background/context-menu');

const SMIME = readFileSync(join(FIXTURE_CORPORA, 'thunderbird-comm-central/mail/test/browser/smime/data/alice.env.eml'), 'utf8');
const PAGE = 'https://support.example.org/kb/123';
const tab = { id: 5, url: PAGE };

/** The listener returns nothing (fire and forget): tests wait for its effects. */
function click(info: Record<string, unknown>): void {
  fake.browser.contextMenus.onClicked.emit({ menuItemId: MENU_ID, pageUrl: PAGE, ...info }, tab);
}

beforeEach(async () => {
  await fake.session.clear();
  await fake.local.clear();
  fake.calls.splice(0);
  fake.setOpenPopup(async () => {
    throw new Error('not supported');
  });
  fake.setTabMessage(async () => ({ ok: true, value: null }));
});

describe('context menu', () => {
  it('is created on install with the localized title and the selection, link and page contexts', async () => {
    fake.browser.runtime.onInstalled.emit({ reason: 'install' });
    await vi.waitFor(() => expect(fake.menus).toHaveLength(1));
    expect(fake.menus[0]).toMatchObject({ id: MENU_ID, title: 'Analyze this email' });
    expect([...(fake.menus[0].contexts as string[])].sort()).toEqual(['link', 'page', 'selection']);

    fake.setUiLanguage('es-ES');
    fake.browser.runtime.onInstalled.emit({ reason: 'update' });
    await vi.waitFor(() => expect(fake.menus[0]?.title).toBe('Analizar este correo'));
    expect(fake.menus).toHaveLength(1);
    fake.setUiLanguage('en-US');
  });

  it('selection: reads the selection from the page (line breaks kept), analyses it, focuses it and opens the popup', async () => {
    fake.setExecuteScript(async (inj) => [{ result: inj.func ? SMIME : undefined }]);
    fake.setOpenPopup(async () => undefined);
    // contextMenus collapses line breaks in selectionText: the page's own selection is what counts.
    click({ selectionText: SMIME.replace(/\r?\n/g, ' ') });
    await vi.waitFor(() => expect(fake.calls.some((c) => c.api === 'action.openPopup')).toBe(true));
    const state = fake.session.data.get('tab:5') as any;
    expect(state.focus).toBe(SELECTION_KEY);
    expect(state.entries[0].key).toBe(SELECTION_KEY);
    expect(state.entries[0].analysis.verdict).toBe('smime-encrypted');
    expect(fake.badge.get(5)?.text).toBe('1');
    expect(fake.calls.some((c) => c.api === 'tabs.sendMessage')).toBe(false);
  });

  it('selection: without openPopup, shows the result in the in-page panel', async () => {
    fake.setExecuteScript(async (inj) => [{ result: inj.func ? SMIME : undefined }]);
    click({ selectionText: 'x' });
    await vi.waitFor(() => expect(fake.calls.some((c) => c.api === 'tabs.sendMessage')).toBe(true));
    const [tabId, msg] = fake.calls.find((c) => c.api === 'tabs.sendMessage')!.args as [number, any];
    expect(tabId).toBe(5);
    expect(msg.type).toBe('showPanel');
    expect(msg.data.analysis.verdict).toBe('smime-encrypted');
  });

  it('link: reads a same-origin .eml from inside the page, passing the link to the injected function', async () => {
    fake.setExecuteScript(async (inj) => [{ result: inj.args ? { ok: true, text: SMIME } : '' }]);
    click({ linkUrl: 'https://support.example.org/files/alice.eml' });
    await vi.waitFor(() => expect((fake.session.data.get('tab:5') as any)?.entries?.[0]?.analysis?.verdict).toBe('smime-encrypted'));
    const inj = fake.calls.find((c) => c.api === 'scripting.executeScript' && (c.args[0] as any).args)!.args[0] as any;
    expect(inj.target).toEqual({ tabId: 5 });
    expect(inj.args[0]).toBe('https://support.example.org/files/alice.eml');
    expect((fake.session.data.get('tab:5') as any).entries[0].label).toBe('alice.eml');
  });

  it('link: a malformed escape or URL costs the label, never the analysis', async () => {
    expect(linkLabel('https://support.example.org/files/%E0%A4%A.eml', PAGE)).toBe('%E0%A4%A.eml');
    expect(linkLabel('https://support.example.org/files/caf%C3%A9.eml', PAGE)).toBe('café.eml');
    expect(linkLabel('http://[::1', '')).toBeUndefined();
    fake.setExecuteScript(async (inj) => [{ result: inj.args ? { ok: true, text: SMIME } : '' }]);
    click({ linkUrl: 'https://support.example.org/files/%E0%A4%A.eml' });
    await vi.waitFor(() => expect((fake.session.data.get('tab:5') as any)?.entries?.[0]?.analysis?.verdict).toBe('smime-encrypted'));
    expect((fake.session.data.get('tab:5') as any).entries[0].label).toBe('%E0%A4%A.eml');
  });

  it('link: a link to another site is not fetched; the entry says why and what to do', async () => {
    fake.setExecuteScript(async (inj) => [{ result: inj.args ? { ok: false, reason: 'cross-origin' } : '' }]);
    click({ linkUrl: 'https://files.other.example/alice.eml' });
    await vi.waitFor(() => expect((fake.session.data.get('tab:5') as any)?.entries?.[0]?.error).toMatch(/another site/));
    expect((fake.session.data.get('tab:5') as any).entries[0].analysis).toBeUndefined();
  });

  it('the injected link reader refuses another origin before any request', async () => {
    fake.setExecuteScript(async (inj) => {
      // Run the real injected function as the page would, on a page of another origin.
      const fetched: string[] = [];
      const g = globalThis as any;
      const saved = { location: g.location, fetch: g.fetch };
      g.location = { href: PAGE, origin: 'https://support.example.org' };
      g.fetch = async (u: string) => {
        fetched.push(u);
        return new Response(SMIME);
      };
      try {
        const result = await inj.func(...inj.args);
        return [{ result: { ...result, fetched } }];
      } finally {
        g.location = saved.location;
        g.fetch = saved.fetch;
      }
    });
    const { readSameOriginLink } = await import('../../src/background/inject');
    const cross = (await readSameOriginLink(5, 'https://evil.example/a.eml', 1000)) as any;
    expect(cross).toMatchObject({ ok: false, reason: 'cross-origin', fetched: [] });
    const same = (await readSameOriginLink(5, '/files/a.eml', 10_000)) as any;
    expect(same.ok).toBe(true);
    expect(same.fetched).toEqual(['https://support.example.org/files/a.eml']);
    const big = (await readSameOriginLink(5, '/files/a.eml', 10)) as any;
    expect(big).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('page: injects the on-demand content script into the clicked tab', async () => {
    fake.setExecuteScript(async () => [{ result: undefined }]);
    click({});
    await vi.waitFor(() => expect(fake.calls.some((c) => c.api === 'scripting.executeScript')).toBe(true));
    const inj = fake.calls.find((c) => c.api === 'scripting.executeScript')!.args[0] as any;
    expect(inj).toEqual({ target: { tabId: 5 }, files: ['src/content/on-demand.js'] });
  });

  it('ignores other menu items and clicks without a tab', async () => {
    fake.browser.contextMenus.onClicked.emit({ menuItemId: 'other', selectionText: 'x' }, tab);
    fake.browser.contextMenus.onClicked.emit({ menuItemId: MENU_ID, selectionText: 'x' }, undefined);
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.calls).toEqual([]);
  });
});
