/**
 * detectSmime over the shared corpora: every S/MIME layer the labels name (kind and part) is found,
 * no message yields a layer the labels do not have, and nothing throws.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSmime } from '../../../src/core/classify/smime';
import { CORPORA } from '../../support/paths';
import { contextOf } from '../../support/openssl';

interface Row {
  path: string;
  expected: string;
  layers: string;
}

function rows(): Row[] {
  const lines = readFileSync(join(CORPORA, 'LABELS.tsv'), 'utf8').split('\n').slice(1);
  return lines
    .filter((l) => l.trim())
    .map((l) => l.split('\t'))
    .map((f) => ({ path: f[0], expected: f[2], layers: f[8] ?? '' }));
}

/** "smime-signed@1 smime-encrypted@1.1" → ["signed@1", "encrypted@1.1"] (S/MIME tokens only). */
function expectedLayers(spec: string): string[] {
  return spec
    .split(/\s+/)
    .map((t) => t.match(/^smime-(signed|encrypted)@([\d.]+)/))
    .filter((m): m is RegExpMatchArray => !!m)
    .map((m) => `${m[1]}@${m[2]}`)
    .sort();
}

describe('S/MIME over the labelled corpora', { tags: ['corpora'] }, () => {

  it('finds exactly the S/MIME layers of every labelled message, and never throws', async () => {
    const wrong: string[] = [];
    let smimeRows = 0;
    for (const row of rows()) {
      const raw = readFileSync(join(CORPORA, row.path));
      const res = await detectSmime(contextOf(new Uint8Array(raw)));
      const got = res.layers.map((l) => `${l.kind}@${l.part}`).sort();
      const want = expectedLayers(row.layers);
      if (want.length) smimeRows++;
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${row.path}: want ${want.join(' ')} got ${got.join(' ')}`);
    }
    expect(smimeRows).toBeGreaterThan(80);
    expect(wrong).toEqual([]);
  }, 60_000);

  it('reads every Thunderbird S/MIME sample without throwing, with well-formed results', async () => {
    const dir = join(CORPORA, 'thunderbird-comm-central/mailnews/test/data/smime');
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const res = await detectSmime(contextOf(new Uint8Array(readFileSync(join(dir, f)))));
      for (const l of res.layers) {
        expect(l.scheme).toBe('smime');
        expect(['encrypted', 'signed']).toContain(l.kind);
        if (l.kind === 'encrypted') {
          expect(l.recipients?.length, f).toBeGreaterThan(0);
          expect(l.algorithm, f).toBeTruthy();
        } else {
          expect(l.signer, f).toBeTruthy();
          expect(['intact', 'altered', 'cannot-check']).toContain(l.integrity?.status);
        }
      }
      // The names say what each sample is: ".env." is enveloped, "dsig"/"sig" are signatures.
      const outer = res.layers[0];
      if (/^alice\.env\.eml$/.test(f)) expect(outer?.kind).toBe('encrypted');
      if (/^alice\.dsig\.SHA\d+\.multipart\.eml$/.test(f)) {
        expect(outer?.format).toBe('detached-signed');
        expect(outer?.signer?.email).toMatch(/alice@/i);
      }
      if (/^alice\.sig\.SHA\d+\.opaque\.eml$/.test(f)) {
        expect(outer?.format).toBe('opaque-signed');
        expect(res.inner.length).toBe(1);
      }
    }
  }, 60_000);
});
