// detectPgp against the real corpora (../shared/corpora, by path): every OpenPGP row of LABELS.tsv
// gets the layer its inspected_layers column names, recipients agree with openpgp.js's own reading of
// the same packets, signer ids agree with the ids in Thunderbird's file names, and no plain message
// gets an OpenPGP layer.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { CORPORA, HAVE_CORPORA } from '../../support/paths';
import { parseMessage, readBody } from '../../../src/core/parse/mime';
import { detectPgp } from '../../../src/core/classify/pgp';

interface Row {
  path: string;
  expected: string;
  all: string;
  inspected: string;
}

// Read at collection (the tests are made per row); on a bare clone there are none, and the tagged tests skip.
const rows: Row[] = !HAVE_CORPORA ? [] : readFileSync(join(CORPORA, 'LABELS.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((l) => l.split('\t'))
  .map((f) => ({ path: f[0], expected: f[2], all: f[3], inspected: f[8] }));

const pgpRows = rows.filter((r) => /pgp|autocrypt/i.test(`${r.expected} ${r.all}`));

async function run(path: string) {
  const msg = parseMessage(new Uint8Array(readFileSync(join(CORPORA, path))));
  return { msg, ...(await detectPgp({ msg, options: {}, from: [], to: [], cc: [], replyTo: [] })) };
}

describe('OpenPGP rows of LABELS.tsv', { tags: ['corpora'] }, () => {
  it('has OpenPGP rows to check', () => expect(pgpRows.length).toBeGreaterThan(60));

  for (const row of pgpRows) {
    it(`${row.path}: ${row.all}`, async () => {
      const { layers, notes } = await run(row.path);
      const expected = row.inspected
        .split(' ')
        .map((t) => /^([a-z-]+)@([\d.]+)(\(in-attached-msg\))?$/.exec(t))
        .filter((m): m is RegExpExecArray => !!m && /pgp/.test(m[1]));
      const claimed = new Set<number>();
      for (const [, kind, part, attached] of expected) {
        if (kind === 'pgp-key-attached') {
          expect(notes.some((n) => n.kind === 'pgp-public-key' && n.part === part), `public key note at ${part}`).toBe(true);
          continue;
        }
        const want =
          kind === 'pgpmime-encrypted' ? { scheme: 'pgp', kind: 'encrypted', format: 'pgp-mime' }
          : kind === 'pgpmime-encrypted-mangled' ? { scheme: 'pgp', kind: 'encrypted', format: 'pgp-mime-mangled' }
          : kind === 'pgpmime-signed' ? { scheme: 'pgp', kind: 'signed', format: 'pgp-mime' }
          : kind === 'inline-pgp-encrypted' ? { scheme: 'pgp', kind: 'encrypted', format: 'inline' }
          : kind === 'inline-pgp-signed' ? { scheme: 'pgp', kind: 'signed', format: 'cleartext-signed' }
          : kind === 'pgp-armored-attachment' ? { kind: 'encrypted' }
          : undefined;
        expect(want, `known token ${kind}`).toBeDefined();
        const i = layers.findIndex((l, j) => !claimed.has(j) && l.part === part && Object.entries(want!).every(([k, v]) => (l as unknown as Record<string, unknown>)[k] === v));
        expect(i, `${kind} at ${part} in ${JSON.stringify(layers.map((l) => [l.kind, l.format, l.part]))}`).toBeGreaterThanOrEqual(0);
        claimed.add(i);
        expect(!!layers[i].attached).toBe(!!attached);
      }
      // Nothing beyond what the labels name (S/MIME layers are another detector's).
      expect(layers.length, JSON.stringify(layers.map((l) => [l.kind, l.format, l.part]))).toBe(claimed.size);
      if (/autocrypt-setup/.test(row.expected)) expect(notes.map((n) => n.kind)).toContain('autocrypt-setup-message');
    });
  }
});

describe('packets agree with openpgp.js and with the ids in Thunderbird file names', { tags: ['corpora'] }, () => {
  const encrypted = pgpRows.filter((r) => /pgpmime-encrypted@/.test(r.inspected));
  it('recipients of every readable PGP/MIME payload equal openpgp.js getEncryptionKeyIDs()', async () => {
    let compared = 0;
    for (const row of encrypted) {
      const { msg, layers } = await run(row.path);
      for (const l of layers.filter((x) => x.format === 'pgp-mime' && x.kind === 'encrypted' && !x.problems)) {
        const node = msg.nodes.find((n) => n.path === l.part)!;
        const payload = node.parts[1];
        const text = new TextDecoder().decode(readBody(payload));
        const m = await openpgp.readMessage({ armoredMessage: text });
        const theirs = m.getEncryptionKeyIDs().map((k) => k.toHex()).sort();
        const ours = (l.recipients ?? []).map((r) => ('keyId' in r ? r.keyId : '')).sort();
        expect(ours, row.path).toEqual(theirs);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(25);
  });

  it('signer key ids equal the signed-by-0x… id in the file name', async () => {
    const named = pgpRows.filter((r) => /signed-by-0x[0-9a-f]{16}-to-.*unencrypted/.test(r.path));
    expect(named.length).toBeGreaterThan(4);
    for (const row of named) {
      const id = /signed-by-0x([0-9a-f]{16})/.exec(row.path)![1];
      const { layers } = await run(row.path);
      const signed = layers.find((l) => l.kind === 'signed');
      expect(signed?.signer?.keyId, row.path).toBe(id);
      expect(signed?.signer?.signedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    }
  });

  it('encrypted-to-0x<primary> names the primary key; the PKESK names its encryption subkey', async () => {
    // Alice's public key travels in one corpus message; its primary id is the one in the file names.
    const { msg } = await run('thunderbird-comm-central/mail/test/browser/openpgp/data/eml/forwarded-eml-signed-by-alice.eml');
    const keyNode = msg.nodes.find((n) => n.contentType === 'application/pgp-keys')!;
    const alice = await openpgp.readKey({ armoredKey: new TextDecoder().decode(readBody(keyNode)) });
    const primary = alice.getKeyID().toHex();
    const named = pgpRows.filter((r) => r.path.includes(`encrypted-to-0x${primary}`));
    expect(named.length).toBeGreaterThan(4);
    for (const row of named) {
      const { layers } = await run(row.path);
      const ids = (layers.find((l) => l.kind === 'encrypted')?.recipients ?? []).map((r) => ('keyId' in r ? r.keyId : ''));
      expect(ids, row.path).not.toContain(primary);
      const sub = ids.filter((id) => alice.getSubkeys().some((k) => k.getKeyID().toHex() === id));
      expect(sub, row.path).toHaveLength(1);
    }
  });

  it('a signature with the signer key attached (with-key) is intact', async () => {
    const withKey = pgpRows.filter((r) => /signed-by-.*unencrypted-with-key/.test(r.path));
    expect(withKey.length).toBeGreaterThan(1);
    for (const row of withKey) {
      const { layers } = await run(row.path);
      expect(layers.find((l) => l.kind === 'signed')?.integrity, row.path).toEqual({ status: 'intact' });
    }
  });
});

describe('plain messages', { tags: ['corpora'] }, () => {
  it('no OpenPGP layer on any message whose labels name no OpenPGP', async () => {
    const plain = rows.filter((r) => !/pgp|autocrypt/i.test(`${r.expected} ${r.all}`));
    expect(plain.length).toBeGreaterThan(900);
    const wrong: string[] = [];
    for (const row of plain) {
      const { layers } = await run(row.path);
      if (layers.length) wrong.push(`${row.path}: ${JSON.stringify(layers.map((l) => [l.scheme, l.kind, l.format, l.part]))}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});
