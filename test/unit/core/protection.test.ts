// The orchestrator: every detector's layers, outermost first, merged per part, with the content of
// opaque signatures classified under the signed part, `attached` and `mine` filled in.
// S/MIME is made by openssl at test time with fresh keys (test/support/openssl.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { analyze } from '../../../src/core';
import type { ProtectionLayer } from '../../../src/core';
import { classifyProtection, comparePaths, markMine, mergeLayers } from '../../../src/core/classify/protection';
import { contextOf, makeCa, makeUser, message as wrap, tempPki, type Identity, type Pki } from '../../support/openssl';
import { attachedRaw, leaf, message, multipart, render } from '../../support/mime-builder';
import { buildZip } from '../../support/file-builders';
import { makeGpgHome, type GpgHome, type GpgKey } from '../../support/gpg';

const summary = (layers: ProtectionLayer[]) => layers.map((l) => `${l.scheme}-${l.kind}@${l.part}${l.attached ? '(att)' : ''}`);

let pki: Pki;
let alice: Identity;
let bob: Identity;

beforeAll(() => {
  pki = tempPki();
  const ca = makeCa(pki);
  alice = makeUser(pki, ca);
  bob = makeUser(pki, ca);
});
afterAll(() => pki?.cleanup());

/** A MIME entity (multipart/mixed: text + encrypted ZIP) as the content to sign or encrypt. */
function entityWithZip(): string {
  const zip = buildZip([{ name: 'secret.txt', data: randomBytes(64), encrypted: true, aes: 3 }]);
  return render(multipart('mixed', [leaf('text/plain', 'Report attached.'), leaf('application/zip', zip, { filename: 'report.zip' })]));
}

function cms(args: string[], content: string): Buffer {
  const file = `in-${randomBytes(4).toString('hex')}.eml`;
  pki.write(file, content);
  // openssl wants every option before the recipient certificates.
  return pki.run(['cms', args[0], '-in', file, '-outform', 'SMIME', ...args.slice(1)]);
}

const envelope = { From: 'Alice <alice@example.com>', To: 'support@example.net', Subject: 'Report', Date: 'Tue, 01 Oct 2024 10:00:00 +0000' };

describe('order and nesting', () => {
  it('detached S/MIME signature over a ZIP attachment: the signature first, then the file', async () => {
    const signed = cms(['-sign', '-signer', pki.path(alice.cert), '-inkey', pki.path(alice.key)], entityWithZip());
    const a = await analyze(wrap(envelope, signed));
    expect(summary(a.protection)).toEqual(['smime-signed@1', 'attachment-encrypted@1.1.2']);
    expect(a.protection[1]).toMatchObject({ format: 'zip', algorithm: 'AES-256' });
  });

  it('opaque S/MIME signature: its content is parsed and classified under the signed part (1 → 1.1)', async () => {
    const signed = cms(['-sign', '-nodetach', '-signer', pki.path(alice.cert), '-inkey', pki.path(alice.key)], entityWithZip());
    const a = await analyze(wrap(envelope, signed));
    expect(summary(a.protection)).toEqual(['smime-signed@1', 'attachment-encrypted@1.1.2']);
    expect(a.protection[0].format).toBe('opaque-signed');
    expect(a.protection[1].evidence[0].where).toBe('1.1.2');
  });

  it('opaque signature inside an opaque signature: both layers, then the file at 1.1.1.2', async () => {
    const inner = cms(['-sign', '-nodetach', '-signer', pki.path(alice.cert), '-inkey', pki.path(alice.key)], entityWithZip());
    const outer = cms(['-sign', '-nodetach', '-signer', pki.path(bob.cert), '-inkey', pki.path(bob.key)], inner.toString().replace(/\r?\n/g, '\r\n'));
    const a = await analyze(wrap(envelope, outer));
    expect(summary(a.protection)).toEqual(['smime-signed@1', 'smime-signed@1.1', 'attachment-encrypted@1.1.1.2']);
    expect(a.protection[0].signer?.serial).toBe(bob.serial);
    expect(a.protection[1].signer?.serial).toBe(alice.serial);
  });

  it('S/MIME encryption hides what is inside: one layer, recipients with mine from options', async () => {
    const enc = cms(['-encrypt', '-aes256', pki.path(alice.cert), pki.path(bob.cert)], entityWithZip());
    const a = await analyze(wrap(envelope, enc), { own: { certificates: [{ issuer: bob.issuer, serial: bob.serial }] } });
    expect(summary(a.protection)).toEqual(['smime-encrypted@1']);
    const rec = a.protection[0].recipients ?? [];
    expect(rec.filter((r) => r.mine).map((r) => ('serial' in r ? r.serial : ''))).toEqual([bob.serial]);
  });

  it('a signed message forwarded as an attachment: its layers are attached, after the outer ones', async () => {
    const signed = cms(['-sign', '-signer', pki.path(alice.cert), '-inkey', pki.path(alice.key)], entityWithZip());
    const fwd = wrap(envelope, signed);
    const outerZip = buildZip([{ name: 'a', data: randomBytes(8), encrypted: true }]);
    const raw = message(multipart('mixed', [leaf('text/plain', 'FYI'), leaf('application/zip', outerZip, { filename: 'outer.zip' }), attachedRaw(fwd)]));
    const a = await analyze(raw);
    expect(summary(a.protection)).toEqual(['attachment-encrypted@1.2', 'smime-signed@1.3.1(att)', 'attachment-encrypted@1.3.1.1.2(att)']);
  });

  it('a portal envelope inside a signed message keeps its place', async () => {
    const entity = render(multipart('mixed', [leaf('text/plain', 'Protected.'), leaf('application/x-microsoft-rpmsg-message', randomBytes(500), { filename: 'message.rpmsg' })]));
    const signed = cms(['-sign', '-signer', pki.path(alice.cert), '-inkey', pki.path(alice.key)], entity);
    const a = await analyze(wrap(envelope, signed));
    expect(summary(a.protection)).toEqual(['smime-signed@1', 'portal-encrypted@1.1.2']);
    expect(a.protection[1].provider).toBe('microsoft-purview');
  });
});

describe('OpenPGP with GnuPG', () => {
  let gpg: GpgHome;
  let carol: GpgKey;
  let dave: GpgKey;
  beforeAll(() => {
    gpg = makeGpgHome();
    carol = gpg.genKey();
    dave = gpg.genKey();
  }, 60_000);
  afterAll(() => gpg?.cleanup());

  it('PGP/MIME signature over an encrypted ZIP: the signature, then the file', async () => {
    const entity = entityWithZip();
    const sig = gpg.run(['--armor', '--detach-sign', '--local-user', carol.email], entity).toString();
    // RFC 3156 §5: the signature covers the first part exactly as transmitted (CRLF).
    const b = 'sig' + randomBytes(6).toString('hex');
    const body = `--${b}\r\n${entity}\r\n--${b}\r\n${render(leaf('application/pgp-signature', sig, { filename: 'signature.asc' }))}\r\n--${b}--\r\n`;
    const raw = message({ headers: [`Content-Type: multipart/signed; boundary="${b}"; protocol="application/pgp-signature"; micalg=pgp-sha256`], body });
    const a = await analyze(raw);
    expect(summary(a.protection)).toEqual(['pgp-signed@1', 'attachment-encrypted@1.1.2']);
  });

  it('PGP/MIME encryption to two keys; the agent owns one (given as its encryption subkey fingerprint)', async () => {
    const armored = gpg.run(['--armor', '--encrypt', '-r', carol.email, '-r', dave.email], entityWithZip()).toString();
    const raw = message(
      multipart('encrypted', [leaf('application/pgp-encrypted', 'Version: 1\n'), leaf('application/octet-stream', armored, { filename: 'encrypted.asc' })], {
        params: { protocol: 'application/pgp-encrypted' },
      }),
    );
    const a = await analyze(raw, { own: { pgpKeys: [dave.encFpr] } });
    expect(summary(a.protection)).toEqual(['pgp-encrypted@1']);
    const rec = a.protection[0].recipients ?? [];
    const ids = rec.map((r) => ('keyId' in r ? r.keyId : 'fingerprint' in r ? r.fingerprint.slice(-16) : '')).sort();
    expect(ids).toEqual([carol.encKeyId, dave.encKeyId].sort());
    expect(rec.filter((r) => r.mine).map((r) => ('keyId' in r ? r.keyId : ''))).toEqual([dave.encKeyId]);
  });

  it('two encrypted messages in one body (a reply quoting the earlier one): one layer naming every key', async () => {
    const first = gpg.run(['--armor', '--encrypt', '-r', carol.email], 'first').toString().trim();
    const second = gpg.run(['--armor', '--encrypt', '--symmetric', '--passphrase', 'pw', '-r', dave.email], 'second').toString().trim();
    const quoted = first.split('\n').map((l) => `> ${l}`).join('\r\n');
    const raw = message({ headers: ['Content-Type: text/plain'], body: `${second}\r\n\r\nOn Monday you wrote:\r\n${quoted}\r\n` });
    const a = await analyze(raw);
    expect(summary(a.protection)).toEqual(['pgp-encrypted@1']);
    const ids = (a.protection[0].recipients ?? []).map((r) => ('keyId' in r ? r.keyId : ''));
    expect(ids).toEqual([dave.encKeyId, carol.encKeyId]);
    expect(a.protection[0].passphrase).toBe(true);
  });
});

describe('merging', () => {
  const ev = (v: string) => [{ source: 'part' as const, where: 'x', value: v }];

  it('document order: an ancestor before its descendants, numeric segments', () => {
    const paths = ['1.10', '1.2.1', '1', '1.2', '1.1.3', '1.9'];
    expect([...paths].sort(comparePaths)).toEqual(['1', '1.1.3', '1.2', '1.2.1', '1.9', '1.10']);
  });

  it('one layer per part and scheme; evidence and missing fields are joined', () => {
    const out = mergeLayers([
      { scheme: 'pgp', kind: 'encrypted', part: '1.2', evidence: ev('a') },
      { scheme: 'pgp', kind: 'encrypted', part: '1.2', format: 'pgp-mime', evidence: ev('b') },
      { scheme: 'smime', kind: 'signed', part: '1', evidence: ev('c') },
    ]);
    expect(summary(out)).toEqual(['smime-signed@1', 'pgp-encrypted@1.2']);
    expect(out[1].format).toBe('pgp-mime');
    expect(out[1].evidence.map((e) => e.value)).toEqual(['a', 'b']);
  });

  it('on one part, S/MIME or OpenPGP beats a portal, which beats a bare encrypted file', () => {
    const out = mergeLayers([
      { scheme: 'attachment', kind: 'encrypted', part: '1.2', format: 'zip', evidence: ev('zip') },
      { scheme: 'portal', kind: 'encrypted', part: '1.2', provider: 'x', evidence: ev('portal') },
      { scheme: 'attachment', kind: 'encrypted', part: '1.3', format: 'office', evidence: ev('office') },
      { scheme: 'portal', kind: 'encrypted', part: '1.3', provider: 'y', evidence: ev('portal') },
      { scheme: 'smime', kind: 'encrypted', part: '1.3', evidence: ev('cms') },
    ]);
    expect(summary(out)).toEqual(['portal-encrypted@1.2', 'smime-encrypted@1.3']);
  });
});

describe('mine', () => {
  const layer = (recipients: ProtectionLayer['recipients']): ProtectionLayer => ({ scheme: 'pgp', kind: 'encrypted', part: '1', recipients, evidence: [] });

  it('OpenPGP: key ids, v4 fingerprints (last 16 hex) and v6 fingerprints (first 16 hex)', () => {
    const v4 = randomBytes(20).toString('hex');
    const v6 = randomBytes(32).toString('hex');
    const other = randomBytes(8).toString('hex');
    const l = layer([{ keyId: v4.slice(-16) }, { keyId: other }, { fingerprint: v6 }, { keyId: '0000000000000000' }, { keyId: v6.slice(0, 16) }]);
    markMine([l], { own: { pgpKeys: [v4.toUpperCase(), v6] } });
    expect(l.recipients!.map((r) => r.mine === true)).toEqual([true, false, true, false, true]);
  });

  it('S/MIME: issuer + serial (DN spacing/case and leading zero bytes do not matter) and subject key id', () => {
    const l: ProtectionLayer = {
      scheme: 'smime',
      kind: 'encrypted',
      part: '1',
      recipients: [{ issuer: 'CN=Test CA,O=Example', serial: '0a1b' }, { subjectKeyId: 'aabbcc' }, { issuer: 'CN=Other', serial: '0a1b' }],
      evidence: [],
    };
    markMine([l], { own: { certificates: [{ issuer: 'CN=Test CA, O=Example', serial: '00:0A:1B' }, { subjectKeyId: 'AA:BB:CC' }] } });
    expect(l.recipients!.map((r) => r.mine === true)).toEqual([true, true, false]);
  });

  it('nothing is marked without options, and a detector\'s own answer is kept', () => {
    const l = layer([{ keyId: 'abcdefabcdefabcd', mine: false }, { keyId: '1111111111111111' }]);
    markMine([l], { own: { pgpKeys: ['abcdefabcdefabcd', '1111111111111111'] } });
    expect(l.recipients!.map((r) => r.mine)).toEqual([false, true]);
    const m = layer([{ keyId: '1111111111111111' }]);
    markMine([m], {});
    expect(m.recipients![0].mine).toBeUndefined();
  });
});

describe('hostile input', () => {
  it('mutated corpus crypto messages never make classifyProtection throw', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { CORPORA, HAVE_CORPORA, ROOT } = await import('../../support/paths');
    // The project's own crypto samples always; Thunderbird's S/MIME and OpenPGP test mail too where
    // ../shared/corpora is beside the project.
    const own = ['smime-encrypted.eml', 'smime-opaque-signed.eml', 'pgp-mime-encrypted.eml', 'encrypted-zip-attachment.eml'].map((f) => join(ROOT, 'samples', f));
    const dirs = HAVE_CORPORA ? ['thunderbird-comm-central/mail/test/browser/openpgp/data/eml', 'thunderbird-comm-central/mailnews/test/data/smime'] : [];
    const files = [...own, ...dirs.flatMap((d) => readdirSync(join(CORPORA, d)).filter((f) => f.endsWith('.eml')).slice(0, 15).map((f) => join(CORPORA, d, f)))];
    expect(files.length).toBeGreaterThanOrEqual(HAVE_CORPORA ? 30 : 4);
    let runs = 0;
    for (const f of files) {
      const orig = new Uint8Array(readFileSync(f));
      for (let k = 0; k < 6; k++) {
        const b = Uint8Array.from(orig);
        for (let j = 0; j < 8; j++) b[Math.floor(Math.random() * b.length)] = Math.floor(Math.random() * 256);
        const cut = k % 2 ? b.subarray(0, Math.floor(b.length * Math.random())) : b;
        const r = await classifyProtection(contextOf(cut));
        expect(Array.isArray(r.layers)).toBe(true);
        runs++;
      }
    }
    expect(runs).toBe(files.length * 6);
  }, 60_000);
});
