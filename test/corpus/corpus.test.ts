// Every file of ../shared/corpora analyses without an exception; a failure is only a clear error.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../../src/core';
import { CORPORA } from '../support/paths';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name === 'SOURCE.txt' || /\.(md|tsv)$/.test(e.name) ? [] : [join(dir, e.name)],
  );
}

describe('corpora', { tags: ['corpora'] }, () => {
  it('are there (over a thousand messages)', () => expect(files(CORPORA).length).toBeGreaterThan(1000));
  it('every file analyses without an exception, and every failure has a clear error', async () => {
    const all = files(CORPORA);
    const failures: string[] = [];
    for (const file of all) {
      const a = await analyze(new Uint8Array(readFileSync(file)));
      expect(a.explanation.headline, relative(CORPORA, file)).toBeTruthy();
      if (!a.ok) {
        expect(a.error, relative(CORPORA, file)).toMatch(/\w{4,}/);
        failures.push(`${relative(CORPORA, file)}: ${a.error}`);
      }
      expect(() => JSON.stringify(a)).not.toThrow();
    }
    // Only inputs that are not mail may fail: empty files, and body fragments with no header at all.
    for (const f of failures) expect(f).toMatch(/: (empty|no e-mail headers|binary data)/);
    // Outlook items (.msg, a compound file, not RFC 5322) are messages too: every one is read.
    const outlook = all.filter((f) => f.endsWith('.msg'));
    expect(outlook.length).toBeGreaterThan(40);
    for (const f of outlook) expect(failures.some((x) => x.startsWith(relative(CORPORA, f))), f).toBe(false);
    expect(failures.length).toBeLessThan(all.length / 50);
  });
});
