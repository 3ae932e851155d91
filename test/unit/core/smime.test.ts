/**
 * detectSmime on whole messages made by OpenSSL at test time (random keys and serials every run):
 * recipients, algorithms, signers and integrity are compared with what openssl itself reports.
 */
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSmime } from '../../../src/core/classify/smime';
import { certificateIdentifiers } from '../../../src/core/crypto/x509';
import { parseMessage, readBody } from '../../../src/core/parse/mime';
import type { AnalyzeOptions, ProtectionLayer } from '../../../src/core/types';
import { contextOf, makeCa, makeUser, tempPki, type Identity, type Pki } from '../../support/openssl';
import { compressedData } from '../../support/cms-builders';

let pki: Pki;
let ca: Identity;
let alice: Identity; // RSA
let bob: Identity; // RSA, e-mail in the subject DN
let carol: Identity; // EC P-256
let dave: Identity; // EC P-384
let erin: Identity; // EC P-521

const TEXT = 'Content-Type: text/plain; charset=us-ascii\n\nThe invoice is attached.\nRegards, Alice\n';

beforeAll(() => {
  pki = tempPki();
  ca = makeCa(pki);
  alice = makeUser(pki, ca);
  bob = makeUser(pki, ca, { emailInDn: true });
  carol = makeUser(pki, ca, { type: 'ec' });
  dave = makeUser(pki, ca, { type: 'ec384' });
  erin = makeUser(pki, ca, { type: 'ec521' });
  pki.write('msg.txt', TEXT);
}, 30_000);
afterAll(() => pki?.cleanup());

const ids = (who: Identity) => ({ issuer: who.issuer, serial: who.serial });
const unordered = <T>(list: T[] | undefined) => (list ?? []).map((x) => JSON.stringify(x)).sort();

/** `openssl cms|smime <args>` with mail headers; returns the message as text with CRLF line ends. */
function mail(cmd: 'cms' | 'smime', args: string[], from = 'sender@example.org'): string {
  const out = pki.run([cmd, '-from', from, '-to', 'support@example.net', '-subject', 'Invoice', ...args]).toString();
  return out.replace(/\r?\n/g, '\r\n');
}

async function detect(raw: string | Uint8Array, options: AnalyzeOptions = {}) {
  return detectSmime(contextOf(raw, options));
}

async function onlyLayer(raw: string, options: AnalyzeOptions = {}): Promise<ProtectionLayer> {
  const res = await detect(raw, options);
  expect(res.layers).toHaveLength(1);
  return res.layers[0];
}

/** Replaces the body of one part with new bytes, base64-encoded (76-column lines). */
function replaceBody(raw: string, path: string, bytes: Uint8Array): string {
  const node = parseMessage(new TextEncoder().encode(raw)).nodes.find((n) => n.path === path)!;
  const b64 = Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  return raw.slice(0, node.bodyStart) + b64 + '\r\n' + raw.slice(node.bodyEnd);
}

function partBytes(raw: string, path: string): Uint8Array {
  const node = parseMessage(new TextEncoder().encode(raw)).nodes.find((n) => n.path === path)!;
  return readBody(node).slice();
}

function flipFirst(bytes: Uint8Array, needle: string): Uint8Array {
  const at = Buffer.from(bytes).indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  const out = bytes.slice();
  out[at] ^= 0x20;
  return out;
}

describe('enveloped S/MIME: recipients, algorithm, "mine"', () => {
  it('two RSA recipients, AES-256-CBC, the agent\'s own certificate marked mine', async () => {
    const raw = mail('cms', ['-encrypt', '-in', 'msg.txt', '-aes-256-cbc', alice.cert, bob.cert]);
    const own = certificateIdentifiers(pki.read(bob.cert).toString())!;
    const layer = await onlyLayer(raw, { own: { certificates: [{ issuer: own.issuer, serial: own.serial }] } });
    expect(layer).toMatchObject({ scheme: 'smime', kind: 'encrypted', part: '1', format: 'enveloped-data', algorithm: 'AES-256-CBC' });
    expect(unordered(layer.recipients)).toEqual(unordered([ids(alice), { ...ids(bob), mine: true }]));
    expect(layer.problems).toBeUndefined();
    expect(layer.evidence.map((e) => e.value).join(' ')).toMatch(/smime-type=enveloped-data/);
  });

  it('"mine" tolerates how people paste identifiers (serial with colons, spaced DN)', async () => {
    const raw = mail('cms', ['-encrypt', '-in', 'msg.txt', '-des3', alice.cert]);
    const serial = alice.serial.toUpperCase().replace(/(..)(?=.)/g, '$1:');
    // As `openssl x509 -noout -issuer` prints it by default: least specific first, "C = US, O = ...".
    const issuer = pki.run(['x509', '-in', alice.cert, '-noout', '-issuer']).toString().trim();
    expect(issuer).not.toBe(alice.issuer);
    const layer = await onlyLayer(raw, { own: { certificates: [{ issuer, serial }] } });
    expect(layer.algorithm).toBe('3DES-CBC');
    expect(layer.recipients).toEqual([{ ...ids(alice), mine: true }]);
  });

  it('AES-GCM is authEnveloped-data; an EC recipient by SKI (-keyid) matches by subject key id', async () => {
    const raw = mail('cms', ['-encrypt', '-keyid', '-in', 'msg.txt', '-aes-128-gcm', carol.cert, alice.cert]);
    expect(raw).toMatch(/smime-type=authEnveloped-data/);
    const layer = await onlyLayer(raw, { own: { certificates: [{ subjectKeyId: carol.subjectKeyId.toUpperCase() }] } });
    expect(layer).toMatchObject({ kind: 'encrypted', format: 'auth-enveloped-data', algorithm: 'AES-128-GCM' });
    expect(unordered(layer.recipients)).toEqual(
      unordered([{ subjectKeyId: carol.subjectKeyId, mine: true }, { subjectKeyId: alice.subjectKeyId }]),
    );
    const g256 = await onlyLayer(mail('cms', ['-encrypt', '-in', 'msg.txt', '-aes-256-gcm', alice.cert]));
    expect(g256).toMatchObject({ format: 'auth-enveloped-data', algorithm: 'AES-256-GCM', recipients: [ids(alice)] });
  });

  it('names every content cipher `openssl cms -encrypt` offers (ARIA, SM4, Camellia), by name not OID', async () => {
    const want: Record<string, string> = {
      '-aria-128-cbc': 'ARIA-128-CBC', '-aria-256-cbc': 'ARIA-256-CBC', '-aria-192-gcm': 'ARIA-192-GCM',
      '-sm4-cbc': 'SM4-CBC', '-camellia-192-cbc': 'Camellia-192-CBC', '-aes-192-cbc': 'AES-192-CBC',
    };
    for (const [flag, name] of Object.entries(want)) {
      let raw: string;
      try {
        raw = mail('cms', ['-encrypt', '-in', 'msg.txt', flag, bob.cert]);
      } catch {
        continue; // this openssl build lacks the cipher
      }
      const layer = await onlyLayer(raw);
      expect(layer.algorithm, flag).toBe(name);
      expect(layer.recipients).toEqual([ids(bob)]);
    }
  });

  it('password recipients are named by type', async () => {
    const layer = await onlyLayer(mail('cms', ['-encrypt', '-in', 'msg.txt', '-aes256', '-pwri_password', 'hunter2']));
    expect(layer.recipients).toEqual([{ type: 'pwri' }]);
    expect(layer.passphrase).toBe(true);
    // A password next to a certificate: either opens it.
    const both = await onlyLayer(mail('cms', ['-encrypt', '-in', 'msg.txt', '-aes256', '-pwri_password', 'hunter2', alice.cert]));
    expect(unordered(both.recipients)).toEqual(unordered([{ type: 'pwri' }, ids(alice)]));
    expect(both.passphrase).toBe(true);
    const certOnly = await onlyLayer(mail('cms', ['-encrypt', '-in', 'msg.txt', '-aes256', alice.cert]));
    expect(certOnly.passphrase).toBeUndefined();
  });

  it('without smime-type, and as octet-stream smime.p7m, the bytes decide', async () => {
    const raw = mail('cms', ['-encrypt', '-in', 'msg.txt', '-aes256', alice.cert]);
    const noType = raw.replace(/ smime-type=enveloped-data;/, '');
    expect(noType).not.toMatch(/smime-type/);
    expect(await onlyLayer(noType)).toMatchObject({ kind: 'encrypted', format: 'enveloped-data', recipients: [ids(alice)] });
    const octet = raw.replace(/application\/pkcs7-mime; smime-type=enveloped-data;/, 'application/octet-stream;');
    expect(await onlyLayer(octet)).toMatchObject({ kind: 'encrypted', recipients: [ids(alice)] });
  });

  it('a big enveloped message is read from a prefix, quickly', async () => {
    pki.write('big.bin', new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) & 0xff));
    const raw = mail('cms', ['-encrypt', '-binary', '-in', 'big.bin', '-aes256', bob.cert]);
    const t0 = performance.now();
    const layer = await onlyLayer(raw);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(layer).toMatchObject({ kind: 'encrypted', algorithm: 'AES-256-CBC', recipients: [ids(bob)] });
    expect(layer.problems).toBeUndefined();
  });
});

describe('signed S/MIME: signer, integrity', () => {
  it('detached (multipart/signed): signer from the embedded certificate, intact, matches From', async () => {
    const raw = mail('cms', ['-sign', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key], `Alice <${alice.email}>`);
    const layer = await onlyLayer(raw);
    expect(layer).toMatchObject({ scheme: 'smime', kind: 'signed', part: '1', format: 'detached-signed' });
    const c = certificateIdentifiers(pki.read(alice.cert).toString())!;
    expect(layer.signer).toMatchObject({
      subject: alice.subject,
      issuer: alice.issuer,
      serial: alice.serial,
      email: alice.email,
      subjectKeyId: alice.subjectKeyId,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      matchesFrom: true,
    });
    expect(layer.signer?.name).toMatch(/^Test User /);
    expect(Math.abs(Date.parse(layer.signer!.signedAt!) - Date.now())).toBeLessThan(5 * 60_000);
    expect(layer.integrity).toEqual({ status: 'intact' });
  });

  it('one changed byte of the signed text is altered (digest), a changed signature is altered (signature)', async () => {
    const raw = mail('cms', ['-sign', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]);
    const text = (await onlyLayer(raw.replace('The invoice is attached.', 'The invoice is attacheD.'))).integrity;
    expect(text?.status).toBe('altered');
    expect(text?.reason).toMatch(/^digest-mismatch:/);
    const sig = partBytes(raw, '1.2');
    sig[sig.length - 1] ^= 0x01; // the last octet of the DER is the last octet of the signature value
    const bad = (await onlyLayer(replaceBody(raw, '1.2', sig))).integrity;
    expect(bad?.status).toBe('altered');
    expect(bad?.reason).toMatch(/^bad-signature:/);
  });

  it('a From that is not the certificate\'s address does not match', async () => {
    const raw = mail('cms', ['-sign', '-in', 'msg.txt', '-signer', bob.cert, '-inkey', bob.key], 'someone.else@example.org');
    const layer = await onlyLayer(raw);
    expect(layer.signer).toMatchObject({ email: bob.email, subject: bob.subject, matchesFrom: false });
    expect(layer.integrity?.status).toBe('intact');
  });

  it('-nocerts: the signer is named only by issuer and serial, and cannot be checked', async () => {
    const raw = mail('cms', ['-sign', '-nocerts', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]);
    const layer = await onlyLayer(raw);
    expect(layer.signer?.issuer).toBe(alice.issuer);
    expect(layer.signer?.serial).toBe(alice.serial);
    expect(layer.signer?.subject).toBeUndefined();
    expect(layer.integrity?.status).toBe('cannot-check');
    expect(layer.integrity?.reason).toMatch(/^no-certificate:/);
  });

  it('opaque (-nodetach): signed, not encrypted, content handed back as inner; tampering is caught', async () => {
    const raw = mail('cms', ['-sign', '-nodetach', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]);
    const res = await detect(raw);
    expect(res.layers).toHaveLength(1);
    expect(res.layers[0]).toMatchObject({ kind: 'signed', format: 'opaque-signed', part: '1', integrity: { status: 'intact' } });
    expect(res.layers[0].signer?.serial).toBe(alice.serial);
    expect(res.inner).toHaveLength(1);
    expect(res.inner[0].part).toBe('1');
    expect(new TextDecoder().decode(res.inner[0].bytes)).toContain('The invoice is attached.');

    const tampered = replaceBody(raw, '1', flipFirst(partBytes(raw, '1'), 'invoice'));
    expect((await onlyLayer(tampered)).integrity?.status).toBe('altered');

    // Without smime-type the bytes still say "signed": never assume encrypted from the name.
    const noType = raw.replace(/ smime-type=signed-data;/, '');
    expect(await onlyLayer(noType)).toMatchObject({ kind: 'signed', format: 'opaque-signed' });
  });

  it('checks ECDSA (P-256, P-384, P-521), RSA-PSS and SHA-1/384/512 signatures', async () => {
    const cases: [Identity, string[]][] = [
      [carol, []],
      [dave, ['-md', 'sha384']],
      [erin, ['-md', 'sha512']],
      [alice, ['-keyopt', 'rsa_padding_mode:pss']],
      [alice, ['-md', 'sha1']],
      [bob, ['-md', 'sha512', '-nodetach']],
    ];
    for (const [who, extra] of cases) {
      const raw = mail('cms', ['-sign', '-in', 'msg.txt', '-signer', who.cert, '-inkey', who.key, ...extra]);
      const layer = await onlyLayer(raw);
      expect(layer.integrity, extra.join(' ')).toEqual({ status: 'intact' });
      expect(layer.signer?.serial).toBe(who.serial);
      const bad = await onlyLayer(raw.replace('Regards, Alice', 'Regards, Alicf'));
      if (!extra.includes('-nodetach')) expect(bad.integrity?.status, extra.join(' ')).toBe('altered');
    }
  });

  it('streamed BER signatures, two signers, legacy smime -encrypt, and symmetric EncryptedData', async () => {
    const stream = mail('cms', ['-sign', '-stream', '-nodetach', '-in', 'msg.txt', '-signer', carol.cert, '-inkey', carol.key]);
    expect(await onlyLayer(stream)).toMatchObject({ format: 'opaque-signed', integrity: { status: 'intact' } });
    const streamD = mail('cms', ['-sign', '-stream', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]);
    expect(await onlyLayer(streamD)).toMatchObject({ format: 'detached-signed', integrity: { status: 'intact' } });

    const two = mail('cms', ['-sign', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key, '-signer', bob.cert, '-inkey', bob.key]);
    const t = await onlyLayer(two);
    expect(t.integrity?.status).toBe('intact');
    expect([alice.serial, bob.serial]).toContain(t.signer?.serial);

    const legacy = mail('smime', ['-encrypt', '-in', 'msg.txt', '-aes256', alice.cert]);
    expect(legacy).toMatch(/application\/x-pkcs7-mime/);
    expect(await onlyLayer(legacy)).toMatchObject({ kind: 'encrypted', recipients: [ids(alice)], algorithm: 'AES-256-CBC' });

    const sym = mail('cms', ['-EncryptedData_encrypt', '-in', 'msg.txt', '-aes128', '-secretkey', '000102030405060708090a0b0c0d0e0f']);
    expect(await onlyLayer(sym)).toMatchObject({ kind: 'encrypted', format: 'encrypted-data', algorithm: 'AES-128-CBC', recipients: [] });
  });

  it('legacy `openssl smime` (x-pkcs7-signature), an upper-case protocol, or none at all', async () => {
    const raw = mail('smime', ['-sign', '-in', 'msg.txt', '-signer', bob.cert, '-inkey', bob.key]);
    expect(raw).toMatch(/protocol="application\/x-pkcs7-signature"/);
    expect(await onlyLayer(raw)).toMatchObject({ kind: 'signed', format: 'detached-signed', integrity: { status: 'intact' } });
    const upper = raw.replace('protocol="application/x-pkcs7-signature"', 'protocol="Application/PKCS7-Signature"');
    expect((await onlyLayer(upper)).kind).toBe('signed');
    const none = raw.replace(/protocol="application\/x-pkcs7-signature"; ?/, '');
    expect(none).not.toMatch(/protocol=/);
    expect((await onlyLayer(none)).integrity?.status).toBe('intact');
    const mangled = raw.replace('protocol="application/x-pkcs7-signature"', 'protocol="application/pkcs7"');
    expect((await onlyLayer(mangled)).integrity?.status).toBe('intact');
  });

  it('encrypt then sign: the opaque signature wraps an enveloped entity the orchestrator can read', async () => {
    pki.write('enc.txt', pki.run(['cms', '-encrypt', '-in', 'msg.txt', '-aes256', bob.cert]));
    const raw = mail('cms', ['-sign', '-nodetach', '-in', 'enc.txt', '-signer', alice.cert, '-inkey', alice.key]);
    const res = await detect(raw);
    expect(res.layers.map((l) => l.kind)).toEqual(['signed']);
    const inner = await detect(res.inner[0].bytes);
    expect(inner.layers).toHaveLength(1);
    expect(inner.layers[0]).toMatchObject({ kind: 'encrypted', recipients: [ids(bob)] });
  });

  it('a signed message attached as message/rfc822 is found there, marked attached', async () => {
    const signed = mail('cms', ['-sign', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]);
    const raw = [
      'From: agent@example.net',
      'To: support@example.net',
      'Subject: Fwd: Invoice',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="fwd"',
      '',
      '--fwd',
      'Content-Type: text/plain',
      '',
      'See attached.',
      '--fwd',
      'Content-Type: message/rfc822',
      '',
      signed,
      '--fwd--',
      '',
    ].join('\r\n');
    const layer = await onlyLayer(raw);
    expect(layer).toMatchObject({ part: '1.2.1', attached: true, kind: 'signed', integrity: { status: 'intact' } });
  });
});

describe('not protection, and damaged blobs', () => {
  it('certs-only and compressed-data are notes, not layers', async () => {
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', alice.cert, '-outform', 'DER', '-out', 'certs.p7c']);
    const p7c = pki.read('certs.p7c').toString('base64');
    const certsOnly = wrap('application/pkcs7-mime; smime-type=certs-only; name="certs.p7c"', p7c);
    const a = await detect(certsOnly);
    expect(a.layers).toEqual([]);
    expect(a.notes.map((n) => n.kind)).toEqual(['smime-certs-only']);
    expect(a.notes[0].detail).toContain(alice.subject);

    // CompressedData (RFC 3274) built by hand: OpenSSL here has no zlib.
    const compressed = wrap('application/pkcs7-mime; name="smime.p7z"', Buffer.from(compressedData(deflateSync(TEXT))).toString('base64'));
    const b = await detect(compressed);
    expect(b.layers).toEqual([]);
    expect(b.notes.map((n) => n.kind)).toEqual(['smime-compressed']);
    expect(b.inner.map((i) => [i.part, new TextDecoder().decode(i.bytes)])).toEqual([['1.2', TEXT]]);

    // Compression around an encrypted entity: the note, and the enveloped entity handed on as inner.
    const enc = pki.run(['cms', '-encrypt', '-in', 'msg.txt', '-aes256', bob.cert]);
    const ce = await detect(wrap('application/pkcs7-mime; smime-type=compressed-data', Buffer.from(compressedData(deflateSync(enc))).toString('base64')));
    expect(ce.notes.map((n) => n.kind)).toEqual(['smime-compressed']);
    expect((await detect(ce.inner[0].bytes)).layers[0]).toMatchObject({ kind: 'encrypted', recipients: [ids(bob)] });

    // A zlib bomb-ish or broken stream is a note with a problem, never a throw.
    const broken = await detect(wrap('application/pkcs7-mime; name="x.p7z"', Buffer.from(compressedData(new Uint8Array([1, 2, 3, 4]))).toString('base64')));
    expect(broken.notes[0].detail).toMatch(/damaged/);
    expect(broken.inner).toEqual([]);
  });

  it('octet-stream .p7s and .p7c attachments are read from the bytes', async () => {
    const p7s = pki.run(['cms', '-sign', '-outform', 'DER', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]);
    // Read as CMS from the bytes; but a detached signature outside multipart/signed signs nothing.
    const lone = await detect(wrap('application/octet-stream; name="smime.p7s"', p7s.toString('base64')));
    expect(lone.layers).toEqual([]);
    expect(lone.notes.map((n) => [n.kind, n.part, n.detail])).toEqual([['smime-lone-signature', '1.2', 'a detached signature outside multipart/signed']]);
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', bob.cert, '-outform', 'DER', '-out', 'bob.p7c']);
    const res = await detect(wrap('application/octet-stream; name="bob.p7c"', pki.read('bob.p7c').toString('base64')));
    expect(res.layers).toEqual([]);
    expect(res.notes.map((n) => [n.kind, n.part])).toEqual([['smime-certs-only', '1.2']]);
  });

  it('a .p7m-named file that is plain text is not S/MIME; garbage declared as S/MIME is a layer with problems', async () => {
    const plain = wrap('application/octet-stream; name="smime.p7m"', Buffer.from('Just some text, not CMS.\r\n').toString('base64'));
    expect(await detect(plain)).toEqual({ layers: [], notes: [], inner: [] });
    const zero = wrap('application/octet-stream; name="order.p7m"', Buffer.from('0123 order number, plain text\r\n').toString('base64'));
    expect(await detect(zero)).toEqual({ layers: [], notes: [], inner: [] });
    // A real .p7m relabelled as octet-stream but cut short is still named, with its problem.
    const der = pki.run(['cms', '-encrypt', '-outform', 'DER', '-in', 'msg.txt', '-aes256', alice.cert]);
    const cut = await onlyLayer(wrap('application/octet-stream; name="smime.p7m"', der.subarray(0, 40).toString('base64')));
    expect(cut.kind).toBe('encrypted');
    expect(cut.problems?.join(' ')).toMatch(/truncated|damaged/);

    const garbage = wrap('application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"', '!!!! not base64 at all ????');
    const g = await onlyLayer(garbage);
    expect(g.kind).toBe('encrypted');
    expect(g.problems?.length).toBeGreaterThan(0);

    const random = wrap('application/pkcs7-mime; name="smime.p7m"', Buffer.from(new Uint8Array(512).map((_, i) => (i * 97 + 13) & 0xff)).toString('base64'));
    const r = await onlyLayer(random);
    expect(r.problems?.length).toBeGreaterThan(0);
  });

  it('a truncated blob keeps its layer, its readable recipients and a problem', async () => {
    const raw = mail('cms', ['-encrypt', '-in', 'msg.txt', '-aes256', alice.cert, bob.cert]);
    const lines = raw.split('\r\n');
    const blank = lines.indexOf('');
    const cut = lines.slice(0, blank + 1 + Math.ceil((lines.length - blank) * 0.6)).join('\r\n');
    const layer = await onlyLayer(cut);
    expect(layer.kind).toBe('encrypted');
    expect(layer.problems?.join(' ')).toMatch(/truncated/);
    expect(layer.recipients?.length).toBe(2);

    const signed = mail('cms', ['-sign', '-nodetach', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]);
    const sl = signed.split('\r\n');
    const sb = sl.indexOf('');
    const s = await onlyLayer(sl.slice(0, sb + 6).join('\r\n'));
    expect(s.kind).toBe('signed');
    expect(s.problems?.join(' ')).toMatch(/truncated/);
    expect(s.integrity?.status).toBe('cannot-check');
  });

  it('a multipart/signed with another protocol, or a plain message, yields nothing', async () => {
    const pgp = [
      'From: a@example.com',
      'Content-Type: multipart/signed; protocol="application/pgp-signature"; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'hi',
      '--b',
      'Content-Type: application/pgp-signature',
      '',
      '-----BEGIN PGP SIGNATURE-----',
      '--b--',
      '',
    ].join('\r\n');
    expect((await detect(pgp)).layers).toEqual([]);
    expect((await detect('From: a@example.com\r\nSubject: hi\r\n\r\nI attached my smime.p7m\r\n')).layers).toEqual([]);
  });
});

function wrap(contentType: string, base64Body: string): string {
  return [
    'From: a@example.com',
    'To: b@example.net',
    'Subject: test',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="xx"',
    '',
    '--xx',
    'Content-Type: text/plain',
    '',
    'body',
    '--xx',
    `Content-Type: ${contentType}`,
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment',
    '',
    base64Body.replace(/.{76}/g, '$&\r\n'),
    '--xx--',
    '',
  ].join('\r\n');
}

