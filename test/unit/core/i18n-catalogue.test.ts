/**
 * Catalogue parity over every catalogue file under src/core/i18n (including ui/ once it exists):
 * each folder's en.ts is the source of truth; every other language file in that folder must have the
 * same keys, the same {placeholders} per key, and no empty string.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogues } from '../../support/catalogues';
import { catalogues, LANGS, resolveLang, t } from '../../../src/core/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogue parity', () => {
  it('finds the core catalogue in every language Veil ships', async () => {
    const all = await loadCatalogues();
    const core = all.filter((c) => c.dir === 'src/core/i18n').map((c) => c.lang).sort();
    expect(core).toEqual([...LANGS].sort());
  });

  it('has the same keys and placeholders in every language, and no empty string', async () => {
    const all = await loadCatalogues();
    const problems: string[] = [];
    for (const dir of new Set(all.map((c) => c.dir))) {
      const here = all.filter((c) => c.dir === dir);
      const en = here.find((c) => c.lang === 'en')!.messages;
      if (here.length < 2) problems.push(`${dir}: only one language`);
      for (const { lang, messages } of here) {
        for (const [k, v] of Object.entries(messages)) if (!v.trim()) problems.push(`${dir}/${lang}: empty "${k}"`);
        if (lang === 'en') continue;
        for (const k of Object.keys(en)) if (!(k in messages)) problems.push(`${dir}/${lang}: missing "${k}"`);
        for (const k of Object.keys(messages)) if (!(k in en)) problems.push(`${dir}/${lang}: extra "${k}"`);
        for (const k of Object.keys(en)) {
          if (k in messages && placeholders(en[k]).join() !== placeholders(messages[k]).join()) {
            problems.push(`${dir}/${lang}: "${k}" has {${placeholders(messages[k])}} but en has {${placeholders(en[k])}}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps placeholders well-formed (no stray braces, no half-open {)', async () => {
    const bad: string[] = [];
    for (const { dir, lang, messages } of await loadCatalogues()) {
      for (const [k, v] of Object.entries(messages)) {
        if (/[{}]/.test(v.replace(/\{\w+\}/g, ''))) bad.push(`${dir}/${lang}: ${k}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('fills placeholders and leaves a missing one visible for the tests to catch', () => {
    expect(t('en', 'where.part', { part: '1.2' })).toBe('part 1.2');
    expect(t('es', 'where.part', { part: '1.2' })).toBe('la parte 1.2');
    expect(t('en', 'where.part')).toBe('part {part}');
  });

  it('picks a language from a browser tag', () => {
    expect(resolveLang('es-MX')).toBe('es');
    expect(resolveLang('es_419')).toBe('es');
    expect(resolveLang('en-GB')).toBe('en');
    expect(resolveLang('fr')).toBe('en');
    expect(resolveLang(undefined)).toBe('en');
    expect(Object.keys(catalogues).sort()).toEqual([...LANGS].sort());
  });
});
