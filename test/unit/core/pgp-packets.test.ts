// The packet walker on real gpg output (old and new headers, partial lengths) and on hostile input:
// it never throws, never hangs, and reads only a bounded prefix of a big message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { walkPackets, walkPacketsDeep, isEncryptedWalk, keyFingerprint, TAG } from '../../../src/core/crypto/openpgp-packets';
import { parseMessage } from '../../../src/core/parse/mime';
import { detectPgp } from '../../../src/core/classify/pgp';
import { b64lines, makeGpgHome, mail, type GpgHome, type GpgKey } from '../../support/gpg';

let g: GpgHome;
let a: GpgKey;
let b: GpgKey;

beforeAll(() => {
  g = makeGpgHome();
  a = g.genKey();
  b = g.genKey({ algo: 'rsa2048' });
}, 120_000);
afterAll(() => g?.cleanup());

describe('walkPackets on gpg output', () => {
  it('reads PKESK key ids of an ECC and an RSA recipient, then stops at the SEIPD', () => {
    const bin = new Uint8Array(g.run(['--encrypt', '-r', a.email, '-r', b.email], randomBytes(100_000)));
    const w = walkPackets(bin);
    expect(w.kind).toBe('encrypted');
    expect(isEncryptedWalk(w)).toBe(true);
    expect(w.pkesk.map((p) => p.keyId).sort()).toEqual([a.encKeyId, b.encKeyId].sort());
    expect(w.data?.tag).toBe(TAG.SEIPD);
    expect(w.tags.at(-1)).toBe(TAG.SEIPD);
  });

  it('streams from a pipe use partial body lengths; a 64 KiB prefix is enough', () => {
    const bin = new Uint8Array(g.run(['--encrypt', '-r', a.email], randomBytes(300_000)));
    const w = walkPackets(bin.subarray(0, 64 * 1024));
    expect(w.pkesk.map((p) => p.keyId)).toEqual([a.encKeyId]);
    expect(w.kind).toBe('encrypted');
  });

  it('reads the primary key fingerprint of exported keys (v4, SHA-1 over the public part)', async () => {
    for (const k of [a, b]) {
      const pub = walkPackets(new Uint8Array(g.run(['--export', k.email])));
      expect(pub.kind).toBe('public-key');
      expect(await keyFingerprint(pub.keys[0])).toBe(k.fpr);
      const sec = walkPackets(new Uint8Array(g.run(['--export-secret-keys', k.email])));
      expect(sec.kind).toBe('secret-key');
      expect(await keyFingerprint(sec.keys[0])).toBe(k.fpr);
    }
  });

  it('inflates a compressed signed message to reach the one-pass signature and signature', async () => {
    const bin = new Uint8Array(g.run(['--sign', '-u', b.fpr], 'compressed and signed'));
    expect(walkPackets(bin).kind).toBe('compressed');
    const w = await walkPacketsDeep(bin);
    expect(w.kind).toBe('signed');
    const sig = w.signatures.find((s) => s.tag === TAG.SIGNATURE);
    expect(sig).toMatchObject({ keyId: b.keyId, fingerprint: b.fpr });
  });
});

describe('hostile input', () => {
  it('never throws on random bytes, truncations and bit flips', async () => {
    const real = new Uint8Array(g.run(['--encrypt', '-r', a.email], 'x'));
    const signed = new Uint8Array(g.run(['--sign', '-u', a.fpr], 'y'));
    for (let i = 0; i < 400; i++) {
      const base = i % 3 === 0 ? real : i % 3 === 1 ? signed : new Uint8Array(randomBytes(64));
      const mutated = new Uint8Array(base.subarray(0, 1 + ((i * 7) % base.length)));
      if (i % 2) mutated[(i * 13) % mutated.length] ^= 1 << i % 8;
      const w = await walkPacketsDeep(mutated);
      expect(Array.isArray(w.problems)).toBe(true);
    }
    for (const bad of [[0xff], [0xc1, 0xff, 0xff, 0xff, 0xff, 0xff], [0x85, 0xff, 0xff], [0xd2, 0xe0], [0x8c, 0x0d, 0x04]]) {
      expect(() => walkPackets(new Uint8Array(bad))).not.toThrow();
    }
  });

  it('a damaged PGP/MIME message stays an encrypted layer with problems, quickly', async () => {
    const raw = (payload: string) => mail(['From: a@example.org', 'Subject: x', 'Content-Type: multipart/encrypted; protocol=application/pgp-encrypted; boundary=b'], [
      '--b', 'Content-Type: application/pgp-encrypted', '', 'Version: 1', '--b', 'Content-Type: application/octet-stream', '', payload, '--b--', '',
    ].join('\r\n'));
    for (const payload of ['', 'garbage', '-----BEGIN PGP MESSAGE-----\n\nhQIMA5+/\n', b64lines(randomBytes(300))]) {
      const t = Date.now();
      const r = await detectPgp({ msg: parseMessage(raw(payload)), options: {}, from: [], to: [], cc: [], replyTo: [] });
      expect(Date.now() - t).toBeLessThan(1000);
      expect(r.layers).toHaveLength(1);
      expect(r.layers[0]).toMatchObject({ scheme: 'pgp', kind: 'encrypted', format: 'pgp-mime' });
      expect(r.layers[0].problems?.length).toBeGreaterThan(0);
    }
  });

  it('many parts: a thousand text parts and a hundred encrypted files stay fast and bounded', async () => {
    const bin = b64lines(new Uint8Array(g.run(['--encrypt', '-r', a.email], 'x')));
    const parts: string[] = [];
    for (let i = 0; i < 1000; i++) parts.push('--m', 'Content-Type: text/plain', '', ' ');
    for (let i = 0; i < 100; i++) parts.push('--m', `Content-Type: application/octet-stream; name="f${i}.gpg"`, 'Content-Transfer-Encoding: base64', '', bin);
    const raw = mail(['From: a@example.org', 'Subject: many', 'Content-Type: multipart/mixed; boundary=m'], [...parts, '--m--', ''].join('\r\n'));
    const t = Date.now();
    const r = await detectPgp({ msg: parseMessage(raw), options: {}, from: [], to: [], cc: [], replyTo: [] });
    expect(Date.now() - t).toBeLessThan(3000);
    expect(r.layers.length).toBe(100);
    expect(r.layers.every((l) => l.scheme === 'attachment' && l.recipients?.[0] && 'keyId' in l.recipients[0] && l.recipients[0].keyId === a.encKeyId)).toBe(true);
  });

  it('a 20 MB encrypted attachment is classified from its first bytes', async () => {
    const big = new Uint8Array(g.run(['--encrypt', '--compress-level', '0', '-r', a.email], randomBytes(20 * 1024 * 1024)));
    const raw = mail(['From: a@example.org', 'Subject: big', 'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary=b'], [
      '--b', 'Content-Type: application/pgp-encrypted', '', 'Version: 1', '--b', 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64', '', b64lines(big), '--b--', '',
    ].join('\r\n'));
    const msg = parseMessage(raw);
    const t = Date.now();
    const r = await detectPgp({ msg, options: {}, from: [], to: [], cc: [], replyTo: [] });
    expect(Date.now() - t).toBeLessThan(500);
    expect(r.layers[0].recipients).toEqual([{ keyId: a.encKeyId }]);
    expect(r.layers[0].problems).toBeUndefined();
  }, 60_000);
});
