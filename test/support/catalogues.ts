/** Every catalogue file under src/core/i18n (core and ui/), loaded for the parity and leak tests. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './paths';

const I18N = join(ROOT, 'src/core/i18n');
const LANG_FILE = /^([a-z]{2})\.ts$/;

/** Folders under src/core/i18n that hold an en.ts catalogue. */
function catalogueDirs(dir = I18N): string[] {
  const out: string[] = [];
  const names = readdirSync(dir);
  if (names.includes('en.ts')) out.push(dir);
  for (const n of names) if (statSync(join(dir, n)).isDirectory()) out.push(...catalogueDirs(join(dir, n)));
  return out;
}

/** The catalogue a module exports: the exported object whose values are all strings (the largest one). */
function catalogueOf(mod: Record<string, unknown>): Record<string, string> {
  const candidates = Object.values(mod).filter(
    (v): v is Record<string, string> =>
      !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).length > 0 && Object.values(v).every((x) => typeof x === 'string'),
  );
  candidates.sort((a, b) => Object.keys(b).length - Object.keys(a).length);
  if (!candidates[0]) throw new Error('no catalogue object exported');
  return candidates[0];
}

export async function loadCatalogues(): Promise<{ dir: string; lang: string; messages: Record<string, string> }[]> {
  const out: { dir: string; lang: string; messages: Record<string, string> }[] = [];
  for (const dir of catalogueDirs()) {
    for (const f of readdirSync(dir).sort()) {
      const m = LANG_FILE.exec(f);
      if (!m) continue;
      const mod = (await import(join(dir, f))) as Record<string, unknown>;
      out.push({ dir: relative(ROOT, dir), lang: m[1], messages: catalogueOf(mod) });
    }
  }
  return out;
}

