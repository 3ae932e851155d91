/**
 * The CMS and X.509 readers on real OpenSSL output (keys and certificates made at test time),
 * compared with what openssl itself prints; and on damaged input, which must never throw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCms } from '../../../src/core/crypto/cms';
import { certificateIdentifiers, normalizeDn, parseCertificate } from '../../../src/core/crypto/x509';
import { makeCa, makeUser, tempPki, type Identity, type Pki } from '../../support/openssl';

let pki: Pki;
let ca: Identity;
let alice: Identity;
let bob: Identity;
let carol: Identity; // EC P-256: key agreement (kari)

beforeAll(() => {
  pki = tempPki();
  ca = makeCa(pki);
  alice = makeUser(pki, ca);
  bob = makeUser(pki, ca, { emailInDn: true });
  carol = makeUser(pki, ca, { type: 'ec' });
  pki.write('msg.txt', 'Content-Type: text/plain\r\n\r\nThe invoice is attached.\r\n');
}, 30_000);
afterAll(() => pki?.cleanup());

/** `openssl cms <args>` with DER output, read back as bytes. */
function cms(args: string[]): Uint8Array {
  const out = `out-${Math.random().toString(36).slice(2)}.der`;
  pki.run(['cms', '-outform', 'DER', '-out', out, ...args]);
  return new Uint8Array(pki.read(out));
}

const ids = (who: Identity) => ({ issuer: who.issuer, serial: who.serial });
const rand = () => Math.random().toString(36).slice(2, 8);
/** recipientInfos is a SET OF: DER orders it by encoding, not by the command line. */
const unordered = <T>(list: T[]) => list.map((x) => JSON.stringify(x)).sort();

describe('X.509: certificate identifiers match openssl', () => {
  it('reads subject, issuer (RFC 2253 order and escaping), serial, SKI, e-mail and validity', () => {
    for (const who of [alice, bob, carol, ca]) {
      const pem = pki.read(who.cert).toString();
      const got = certificateIdentifiers(pem);
      expect(got).not.toBeNull();
      expect(got!.subject).toBe(who.subject);
      expect(got!.issuer).toBe(who.issuer);
      expect(got!.serial).toBe(who.serial);
      expect(got!.subjectKeyId).toBe(who.subjectKeyId);
      if (who.email) expect(got!.email).toBe(who.email);
      const dates = pki.run(['x509', '-in', who.cert, '-noout', '-startdate', '-enddate']).toString();
      const nb = new Date(dates.match(/notBefore=(.*)/)![1]).toISOString().replace('.000Z', 'Z');
      const na = new Date(dates.match(/notAfter=(.*)/)![1]).toISOString().replace('.000Z', 'Z');
      expect(got!.notBefore).toBe(nb);
      expect(got!.notAfter).toBe(na);
    }
    // The issuer has a comma in O=, which RFC 4514 escapes.
    expect(alice.issuer).toContain('\\,');
  });

  it('escapes DNs exactly as openssl -nameopt RFC2253 does (specials, non-ASCII, multi-valued RDNs)', () => {
    const subjects = [
      `/C=ES/O=Caf\u00e9 "\u00d1" <x>; a\\\\b #1/OU= lead/CN=Jos\u00e9 P\u00e9rez+UID=jp${rand()}/DC=example/street=#hash`,
      `/CN=\u65e5\u672c ${rand()}/telephoneNumber=123/role=r/unstructuredName=un/emailAddress=x@example.com`,
    ];
    for (const subj of subjects) {
      const name = `odd-${rand()}.pem`;
      pki.run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`,
        '-out', name, '-days', '1', '-utf8', '-multivalue-rdn', '-subj', subj]);
      const want = pki.run(['x509', '-in', name, '-noout', '-subject', '-nameopt', 'RFC2253']).toString().trim().replace(/^subject=/, '');
      const got = certificateIdentifiers(pki.read(name).toString())!;
      expect(got.subject).toBe(want);
      expect(got.issuer).toBe(want);
    }
  });

  it('prints a negative serial (issued in the wild, RFC 5280 forbids it) the way openssl does: "-05", not "fb"', () => {
    const r = rand();
    pki.run(['req', '-new', '-nodes', '-newkey', 'rsa:2048', '-keyout', `neg-${r}.key`, '-out', `neg-${r}.csr`, '-subj', `/CN=Negative ${r}`]);
    for (const serial of ['-5', '-128', '-256', `-${1 + Math.floor(Math.random() * 1e9)}`]) {
      const cert = `neg-${r}-${serial.slice(1)}.pem`;
      pki.run(['x509', '-req', '-in', `neg-${r}.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', serial, '-days', '2', '-out', cert]);
      const want = /serial=(\S+)/.exec(pki.run(['x509', '-in', cert, '-noout', '-serial']).toString())![1].toLowerCase();
      expect(want.startsWith('-')).toBe(true);
      expect(certificateIdentifiers(pki.read(cert).toString())?.serial, serial).toBe(want);
      const info = parseCms(cms(['-encrypt', '-in', 'msg.txt', '-aes128', cert]));
      expect(info.recipients.map((x) => x.recipient)).toEqual([{ issuer: ca.subject, serial: want }]);
    }
  });

  it('normalizeDn equates the forms openssl prints (RFC 2253, default one-line, slash compat)', () => {
    const name = `dnforms-${rand()}.pem`;
    pki.run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`,
      '-out', name, '-days', '1', '-utf8', '-subj', `/C=ES/O=Caf\u00e9, S.L./OU=Soporte/CN=Jos\u00e9 ${rand()}/emailAddress=a@example.com`]);
    const ours = normalizeDn(certificateIdentifiers(pki.read(name).toString())!.issuer);
    const forms = [['-nameopt', 'RFC2253'], [], ['-nameopt', 'oneline'], ['-nameopt', 'compat']];
    for (const f of forms) {
      const printed = pki.run(['x509', '-in', name, '-noout', '-issuer', ...f]).toString().trim();
      expect(normalizeDn(printed), printed).toBe(ours);
    }
    expect(normalizeDn('CN=Other,O=Caf\u00e9\\, S.L.,C=ES')).not.toBe(ours);
  });

  it('accepts DER bytes too, and names an EC key', () => {
    const der = new Uint8Array(pki.run(['x509', '-in', carol.cert, '-outform', 'DER']));
    expect(certificateIdentifiers(der)?.serial).toBe(carol.serial);
    const c = parseCertificate(der)!;
    expect(c.keyAlgorithm).toBe('1.2.840.10045.2.1');
    expect(c.keyCurve).toBe('1.2.840.10045.3.1.7');
    expect(c.emails).toEqual([carol.email]);
  });

  it('returns null for things that are not certificates', () => {
    expect(certificateIdentifiers('hello')).toBeNull();
    expect(certificateIdentifiers(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toBeNull();
    expect(certificateIdentifiers('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----')).toBeNull();
  });
});

describe('CMS: EnvelopedData and AuthEnvelopedData recipients and algorithms', () => {
  it('one RSA recipient, AES-256-CBC', () => {
    const info = parseCms(cms(['-encrypt', '-in', 'msg.txt', '-aes-256-cbc', alice.cert]));
    expect(info.type).toBe('enveloped-data');
    expect(info.algorithm).toBe('AES-256-CBC');
    expect(info.recipients).toEqual([{ type: 'ktri', recipient: ids(alice) }]);
    expect(info.problems).toEqual([]);
  });

  it('two RSA recipients, 3DES', () => {
    const info = parseCms(cms(['-encrypt', '-in', 'msg.txt', '-des3', alice.cert, bob.cert]));
    expect(info.algorithm).toBe('3DES-CBC');
    expect(unordered(info.recipients.map((r) => r.recipient))).toEqual(unordered([ids(alice), ids(bob)]));
  });

  it('names the other content ciphers: AES-192-CBC, and RC2 (legacy provider)', () => {
    expect(parseCms(cms(['-encrypt', '-in', 'msg.txt', '-aes192', alice.cert])).algorithm).toBe('AES-192-CBC');
    const rc2 = parseCms(cms(['-encrypt', '-provider', 'legacy', '-provider', 'default', '-in', 'msg.txt', '-rc2', alice.cert]));
    expect(rc2.algorithm).toBe('RC2-CBC');
    expect(rc2.recipients.map((r) => r.recipient)).toEqual([ids(alice)]);
  });

  it('-keyid names recipients by subject key identifier', () => {
    const info = parseCms(cms(['-encrypt', '-in', 'msg.txt', '-keyid', '-aes128', alice.cert, bob.cert]));
    expect(info.algorithm).toBe('AES-128-CBC');
    expect(unordered(info.recipients.map((r) => r.recipient))).toEqual(
      unordered([{ subjectKeyId: alice.subjectKeyId }, { subjectKeyId: bob.subjectKeyId }]),
    );
  });

  it('AES-GCM makes AuthEnvelopedData (RFC 5083), read with the same recipients', () => {
    for (const [flag, name] of [
      ['-aes-128-gcm', 'AES-128-GCM'],
      ['-aes-256-gcm', 'AES-256-GCM'],
    ]) {
      const info = parseCms(cms(['-encrypt', '-in', 'msg.txt', flag, alice.cert, bob.cert]));
      expect(info.type).toBe('auth-enveloped-data');
      expect(info.contentType).toBe('1.2.840.113549.1.9.16.1.23');
      expect(info.algorithm).toBe(name);
      expect(unordered(info.recipients.map((r) => r.recipient))).toEqual(unordered([ids(alice), ids(bob)]));
    }
  });

  it('an EC recipient is key agreement (kari), by issuer+serial or by SKI with -keyid', () => {
    const a = parseCms(cms(['-encrypt', '-in', 'msg.txt', '-aes256', carol.cert, alice.cert]));
    expect(unordered(a.recipients)).toEqual(
      unordered([
        { type: 'kari', recipient: ids(carol) },
        { type: 'ktri', recipient: ids(alice) },
      ]),
    );
    const b = parseCms(cms(['-encrypt', '-in', 'msg.txt', '-keyid', '-aes256', carol.cert]));
    expect(b.recipients).toEqual([{ type: 'kari', recipient: { subjectKeyId: carol.subjectKeyId } }]);
  });

  it('password (pwri) and pre-shared key (kekri) recipients are named by type', () => {
    const p = parseCms(cms(['-encrypt', '-in', 'msg.txt', '-aes256', '-pwri_password', 'correct horse']));
    expect(p.recipients).toEqual([{ type: 'pwri', recipient: { type: 'pwri' } }]);
    const kek = '000102030405060708090a0b0c0d0e0f';
    const kid = Math.random().toString(16).slice(2, 10).padEnd(8, '0');
    const k = parseCms(cms(['-encrypt', '-in', 'msg.txt', '-aes128', '-secretkey', kek, '-secretkeyid', kid]));
    expect(k.recipients).toEqual([{ type: 'kekri', recipient: { type: 'kekri', id: kid } }]);
  });

  it('reads recipients from a prefix of a big blob, and from PEM or base64 text', () => {
    pki.write('big.bin', new Uint8Array(600 * 1024).map((_, i) => (i * 7) & 0xff));
    const der = cms(['-encrypt', '-binary', '-in', 'big.bin', '-aes256', alice.cert, bob.cert]);
    const head = parseCms(der.subarray(0, 4096), true);
    expect(unordered(head.recipients.map((r) => r.recipient))).toEqual(unordered([ids(alice), ids(bob)]));
    expect(head.algorithm).toBe('AES-256-CBC');
    expect(head.problems).toEqual([]);
    const cut = parseCms(der.subarray(0, 4096));
    expect(cut.problems.join()).toMatch(/truncated/);

    const pem = pki.run(['cms', '-encrypt', '-outform', 'PEM', '-in', 'msg.txt', '-aes256', alice.cert]).toString();
    expect(parseCms(pem).recipients.map((r) => r.recipient)).toEqual([ids(alice)]);
    const b64 = Buffer.from(cms(['-encrypt', '-in', 'msg.txt', '-aes256', bob.cert])).toString('base64');
    expect(parseCms(new TextEncoder().encode(b64)).recipients.map((r) => r.recipient)).toEqual([ids(bob)]);
  });
});

describe('CMS: SignedData', () => {
  it('detached: no eContent, the signer certificate and attributes are read', () => {
    const info = parseCms(cms(['-sign', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]));
    expect(info.type).toBe('signed-data');
    expect(info.eContent).toBeUndefined();
    expect(info.certificates.map((c) => c.serial)).toContain(alice.serial);
    expect(info.signers).toHaveLength(1);
    expect(info.signers[0].sid).toEqual(ids(alice));
    expect(info.signers[0].messageDigest?.length).toBe(32);
    expect(info.signers[0].signingTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(info.signers[0].signedAttrs?.[0]).toBe(0x31);
  });

  it('opaque (-nodetach) carries the content; -keyid names the signer by SKI', () => {
    const info = parseCms(
      cms(['-sign', '-nodetach', '-keyid', '-in', 'msg.txt', '-signer', bob.cert, '-inkey', bob.key, '-md', 'sha512']),
    );
    expect(new TextDecoder().decode(info.eContent)).toContain('The invoice is attached.');
    expect(info.signers[0].sid).toEqual({ subjectKeyId: bob.subjectKeyId });
    expect(info.signers[0].digestAlgorithm).toBe('2.16.840.1.101.3.4.2.3');
  });

  it('streamed BER (indefinite lengths, chunked eContent) is read too', () => {
    const info = parseCms(
      cms(['-sign', '-nodetach', '-stream', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]),
    );
    expect(new TextDecoder().decode(info.eContent)).toContain('The invoice is attached.');
    expect(info.signers[0].sid).toEqual(ids(alice));
  });

  it('certs-only: no signers, no content, just certificates', () => {
    pki.run(['crl2pkcs7', '-nocrl', '-certfile', alice.cert, '-certfile', ca.cert, '-outform', 'DER', '-out', 'certs.p7c']);
    const info = parseCms(new Uint8Array(pki.read('certs.p7c')));
    expect(info.type).toBe('signed-data');
    expect(info.signers).toEqual([]);
    expect(info.certificates.map((c) => c.subject)).toEqual([alice.subject, ca.subject]);
  });
});

describe('CMS: hostile input never throws', () => {
  it('garbage, empty, truncated and bit-flipped blobs come back with problems', () => {
    expect(parseCms(new Uint8Array(0)).problems[0]).toMatch(/not-cms/);
    expect(parseCms('hello, this is not S/MIME').problems[0]).toMatch(/not-cms/);
    expect(parseCms(new Uint8Array([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x06])).problems.length).toBeGreaterThan(0);
    expect(parseCms(new Uint8Array([0x30, 0x80, 0x30, 0x80, 0x30, 0x80])).problems.length).toBeGreaterThan(0);
    const deep = new Uint8Array(20000).map((_, i) => (i % 2 ? 0x80 : 0x30));
    expect(() => parseCms(deep)).not.toThrow();

    const der = cms(['-sign', '-nodetach', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]);
    for (let n = 1; n < der.length; n += 13) {
      const r = parseCms(der.subarray(0, n));
      expect(r.problems.length, `prefix ${n}`).toBeGreaterThan(0);
    }
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const t0 = Date.now();
    for (let k = 0; k < 500; k++) {
      const copy = der.slice();
      for (let j = 0; j < 4; j++) copy[next() % copy.length] = next() & 0xff;
      expect(() => parseCms(copy)).not.toThrow();
    }
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
