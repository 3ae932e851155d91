/**
 * Meta-test of the adapter registry (STYLE.md rule 3, refined-github build/features.test.ts):
 * every adapter file is registered, tested and has saved pages; generic is last; every selector
 * alternative is exercised by a page; the manifest grants and injects where the site adapters match.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapters, pickAdapter, pickDeskAdapter, pickPageAdapter, pickSiteAdapter } from '../../src/adapters/registry';
import { ROOT } from '../support/paths';
import { loadPage, pageFiles, pageHtml, savedFrom } from '../support/pages';

const ADAPTER_DIR = join(ROOT, 'src/adapters');
const NOT_ADAPTERS = new Set(['types.ts', 'registry.ts']);
const adapterFiles = readdirSync(ADAPTER_DIR).filter((f) => f.endsWith('.ts') && !NOT_ADAPTERS.has(f));

/** Chrome match patterns (developer.chrome.com/docs/extensions/develop/concepts/match-patterns). */
function patternMatches(pattern: string, url: URL): boolean {
  if (pattern === '<all_urls>') return true;
  const m = /^(\*|https?):\/\/(\*|\*\.[^/]+|[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m;
  if (scheme === '*' ? !['http:', 'https:'].includes(url.protocol) : url.protocol !== `${scheme}:`) return false;
  if (host !== '*') {
    if (host!.startsWith('*.')) {
      const base = host!.slice(2);
      if (url.hostname !== base && !url.hostname.endsWith(`.${base}`)) return false;
    } else if (url.hostname !== host) return false;
  }
  const re = new RegExp(`^${path!.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(url.pathname + url.search);
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as {
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches: string[]; js: string[] }[];
};

describe('adapter registry', () => {
  it('lists every adapter file once, ids equal to file names, generic last', () => {
    const ids = adapters.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(adapterFiles.map((f) => f.replace(/\.ts$/, '')).sort());
    expect(ids.at(-1)).toBe('generic');
  });

  for (const file of adapterFiles) {
    const id = file.replace(/\.ts$/, '');
    it(`${id}: has a test file, saved pages, a SELECTORS object whose every alternative a page hits`, async () => {
      expect(existsSync(join(ROOT, 'test/adapters', `${id}.test.ts`))).toBe(true);
      const pages = pageFiles(id);
      expect(pages.length).toBeGreaterThan(0);
      const mod = (await import(`../../src/adapters/${id}.ts`)) as { SELECTORS?: Record<string, readonly string[]> };
      expect(mod.SELECTORS).toBeDefined();
      const docs = pages.map((p) => loadPage(id, p).doc);
      for (const [name, alternatives] of Object.entries(mod.SELECTORS!)) {
        expect(Array.isArray(alternatives), name).toBe(true);
        for (const sel of alternatives) {
          const hits = docs.filter((d) => d.querySelector(sel) !== null).length;
          expect(hits, `${id}.SELECTORS.${name}: "${sel}" is hit by no page`).toBeGreaterThan(0);
        }
      }
      // Each alternative comes with a comment saying which markup it is for (STYLE.md rule 4).
      const src = readFileSync(join(ADAPTER_DIR, file), 'utf8');
      const block = src.slice(src.indexOf('export const SELECTORS'), src.indexOf('} as const;'));
      for (const alternatives of Object.values(mod.SELECTORS!)) {
        for (const sel of alternatives) {
          const at = block.indexOf(`'${sel}'`);
          expect(at, sel).toBeGreaterThan(0);
          expect(block.slice(0, at).trimEnd().split('\n').at(-1)!.trim().startsWith('//'), `no comment above ${sel}`).toBe(true);
        }
      }
    });
  }

  it('picks the site adapter for its saved pages (by host, or on a desk domain by the page), and generic for any other page', () => {
    for (const a of adapters) {
      for (const p of pageFiles(a.id)) {
        const { url, doc } = loadPage(a.id, p);
        expect(pickAdapter(url, doc).id, `${a.id}/${p}`).toBe(a.id);
        expect(pickPageAdapter(url, doc)?.id, `${a.id}/${p}`).toBe(a.id === 'generic' ? undefined : a.id);
      }
    }
  });

  it('no generic page is taken for a desk, and every desk adapter recognises only pages with its URL shape', () => {
    for (const p of pageFiles('generic')) {
      const { url, doc } = loadPage('generic', p);
      expect(pickDeskAdapter(url, doc), p).toBeUndefined();
    }
    // A desk page at a URL that is not a ticket of its app: not recognised.
    for (const a of adapters.filter((x) => x.recognizes)) {
      for (const p of pageFiles(a.id)) {
        const { doc } = loadPage(a.id, p);
        expect(a.recognizes!(new URL('https://desk.example.net/some/page'), doc), `${a.id}/${p}`).toBe(false);
      }
    }
  });

  it('the manifest grants host access to and injects the content script on every site adapter page, and nothing wider', () => {
    const perms = manifest.host_permissions ?? [];
    const optional = manifest.optional_host_permissions ?? [];
    const declared = (manifest.content_scripts ?? []).filter((c) => c.js.includes('src/content/index.ts')).flatMap((c) => c.matches);
    expect(declared.length).toBeGreaterThan(0);
    for (const a of adapters.filter((x) => x.id !== 'generic')) {
      for (const p of pageFiles(a.id)) {
        const url = new URL(savedFrom(pageHtml(a.id, p)));
        if (pickSiteAdapter(url)) {
          expect(perms.some((pat) => patternMatches(pat, url)), `host permission for ${url}`).toBe(true);
          expect(declared.some((pat) => patternMatches(pat, url)), `content script on ${url}`).toBe(true);
        } else {
          // A desk domain (host-mapped Zendesk, Zammad): reached only once the agent grants it at
          // run time, never at install.
          expect([...perms, ...declared].some((pat) => patternMatches(pat, url)), `no install-time access to ${url}`).toBe(false);
          expect(optional.some((pat) => patternMatches(pat, url)), `optional host permission for ${url}`).toBe(true);
        }
      }
    }
    // Generic pages are reached only through activeTab: no pattern covers them.
    for (const p of pageFiles('generic')) {
      const url = new URL(savedFrom(pageHtml('generic', p)));
      expect([...perms, ...declared].some((pat) => patternMatches(pat, url)), url.href).toBe(false);
    }
  });
});
