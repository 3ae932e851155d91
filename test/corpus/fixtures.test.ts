// The project's own copies of corpus files (test/fixtures/corpora): each one is listed, with its size
// and sha256, in its source folder's SOURCE.txt, and comes from a source whose licence allows copying
// into an MPL-2.0 project. Where ../shared/corpora is beside the project, each is identical to its original.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPORA, FIXTURE_CORPORA } from '../support/paths';

/** Licences that allow copying into an MPL-2.0 project; anything GPL-family does not. */
const PERMISSIVE = /^(MPL-2\.0|MIT|Apache-2\.0|BSD(-[23]-Clause)?|CC0-1\.0|0BSD|ISC)\b/;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

interface Listed {
  bytes: number;
  sha256: string;
}

function source(folder: string): { license: string; files: Map<string, Listed> } {
  const text = readFileSync(join(FIXTURE_CORPORA, folder, 'SOURCE.txt'), 'utf8');
  const license = /^License\s*:\s*(.*)$/m.exec(text)?.[1] ?? '';
  const files = new Map<string, Listed>();
  for (const m of text.matchAll(/^ {2}(\S[^\t]*)\t(\d+)\t([0-9a-f]{64})\t/gm)) files.set(m[1], { bytes: Number(m[2]), sha256: m[3] });
  return { license, files };
}

const folders = readdirSync(FIXTURE_CORPORA).filter((n) => statSync(join(FIXTURE_CORPORA, n)).isDirectory());
const copies = walk(FIXTURE_CORPORA).filter((f) => !/(^|\/)(SOURCE\.txt|README\.md)$/.test(relative(FIXTURE_CORPORA, f)));

describe("the project's copies of corpus files", () => {
  it('come only from permissively licensed sources (no GPL, no AGPL)', () => {
    expect(folders.length).toBeGreaterThan(3);
    for (const f of folders) {
      const { license } = source(f);
      expect(license, f).toMatch(PERMISSIVE);
      expect(license, f).not.toMatch(/GPL/);
    }
  });

  it('are each listed in their SOURCE.txt with the same size and sha256', () => {
    expect(copies.length).toBeGreaterThan(20);
    for (const file of copies) {
      const [folder, ...rest] = relative(FIXTURE_CORPORA, file).split('/');
      const listed = source(folder).files.get(rest.join('/'));
      expect(listed, `${folder}/${rest.join('/')} has no SOURCE line`).toBeDefined();
      const bytes = readFileSync(file);
      expect(bytes.length).toBe(listed!.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(listed!.sha256);
    }
  });

  it('list no file that is not here', () => {
    for (const folder of folders) {
      for (const rel of source(folder).files.keys()) expect(copies, rel).toContain(join(FIXTURE_CORPORA, folder, rel));
    }
  });

  it('are identical to the originals in ../shared/corpora', { tags: ['corpora'] }, () => {
    for (const file of copies) expect(readFileSync(file).equals(readFileSync(join(CORPORA, relative(FIXTURE_CORPORA, file)))), file).toBe(true);
  });
});
