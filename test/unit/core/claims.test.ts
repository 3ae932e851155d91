// Nothing claims more than the bytes show (issue 11): shapes that look like protection on plain
// mail. Every message here is built by the test, with real signatures from OpenSSL where one is needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { analyze } from '../../../src/core';
import { makeCa, makeUser, tempPki, type Identity, type Pki } from '../../support/openssl';

let pki: Pki;
let alice: Identity;
const TEXT = 'Content-Type: text/plain; charset=us-ascii\r\n\r\nThe invoice is attached.\r\n';
const b64 = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64').replace(/.{76}/g, '$&\r\n');
const HEAD = 'From: Alice <alice@example.org>\r\nTo: support@example.net\r\nSubject: Invoice\r\nMessage-ID: <c1@example.org>\r\nMIME-Version: 1.0\r\n';

beforeAll(() => {
  pki = tempPki();
  alice = makeUser(pki, makeCa(pki));
  pki.write('msg.txt', TEXT);
}, 30_000);
afterAll(() => pki?.cleanup());

/** multipart/mixed: a text body and one attachment with this Content-Type and base64 body. */
function mixed(contentType: string, body: Uint8Array | Buffer): string {
  return `${HEAD}Content-Type: multipart/mixed; boundary=mx\r\n\r\n--mx\r\n${TEXT}\r\n--mx\r\nContent-Type: ${contentType}\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=smime.p7s\r\n\r\n${b64(body)}\r\n--mx--\r\n`;
}

describe('S/MIME signatures that sign nothing', () => {
  it('a real detached smime.p7s inside multipart/mixed, with no multipart/signed, is a note, not a signed message', async () => {
    const p7s = pki.run(['cms', '-sign', '-outform', 'DER', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]);
    for (const ct of ['application/pkcs7-signature; name=smime.p7s', 'application/x-pkcs7-signature', 'application/octet-stream; name=smime.p7s']) {
      const a = await analyze(mixed(ct, p7s));
      expect(a.protection, ct).toEqual([]);
      expect(a.verdict, ct).toBe('plain');
      expect(a.notes.map((n) => n.kind), ct).toEqual(['smime-lone-signature']);
      expect(a.explanation.sections[0].text).toMatch(/signs nothing/);
      expect((await analyze(mixed(ct, p7s), { lang: 'es' })).explanation.sections[0].text).toMatch(/no firma nada/);
    }
  });

  it('a blob that is not CMS at all is neither signed nor "opaque-signed"', async () => {
    const junk = randomBytes(600);
    junk[0] = 0x42; // not a DER SEQUENCE
    for (const ct of ['application/pkcs7-signature; name=smime.p7s', 'application/pkcs7-mime; smime-type=signed-data; name=smime.p7m']) {
      const a = await analyze(mixed(ct, junk));
      expect(a.protection.filter((l) => l.kind === 'signed'), ct).toEqual([]);
      expect(a.verdict, ct).toBe('plain');
    }
    const whole = `${HEAD}Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(junk)}\r\n`;
    const a = await analyze(whole);
    expect(a.protection.filter((l) => l.kind === 'signed')).toEqual([]);
    expect(a.verdict).toBe('plain');
    expect(a.notes.map((n) => n.kind)).toEqual(['smime-lone-signature']);
  });

  it('the same signature inside multipart/signed still signs its first part', async () => {
    const signed = pki.run(['cms', '-sign', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]).toString().replace(/\r?\n/g, '\r\n');
    const a = await analyze(HEAD + signed);
    expect(a.verdict).toBe('smime-signed');
    expect(a.protection[0]).toMatchObject({ kind: 'signed', part: '1', integrity: { status: 'intact' } });
  });
});

describe('armor lines around prose', () => {
  const prose = [
    '-----BEGIN PGP MESSAGE-----',
    'Hi, I could not open your last message: my key expired on Monday.',
    'Could you send it again without encryption? Thanks, Bob',
    '-----END PGP MESSAGE-----',
  ];
  it('in plain text: the pgp-mention note, not an encrypted layer', async () => {
    const a = await analyze(`${HEAD}Content-Type: text/plain\r\n\r\n${prose.join('\r\n')}\r\n`);
    expect(a.protection).toEqual([]);
    expect(a.verdict).toBe('plain');
    expect(a.notes.map((n) => n.kind)).toEqual(['pgp-mention']);
  });

  it('in HTML: the same', async () => {
    const a = await analyze(`${HEAD}Content-Type: text/html\r\n\r\n<html><body>${prose.map((l) => `<p>${l.replace(/ /g, '&nbsp;')}</p>`).join('')}</body></html>\r\n`);
    expect(a.protection).toEqual([]);
    expect(a.verdict).toBe('plain');
    expect(a.notes.map((n) => n.kind)).toEqual(['pgp-mention']);
  });

  it('quoted in a reply ("> "), with a one-word line between the markers', async () => {
    const a = await analyze(`${HEAD}Content-Type: text/plain\r\n\r\nSee below.\r\n> -----BEGIN PGP MESSAGE-----\r\n> Redacted\r\n> -----END PGP MESSAGE-----\r\n`);
    expect(a.protection).toEqual([]);
    expect(a.notes.map((n) => n.kind)).toEqual(['pgp-mention']);
  });
});

describe('multipart/digest with signed entries', () => {
  it('says the signature is on an entry of the digest, not on the message', async () => {
    const signed = pki.run(['cms', '-sign', '-in', 'msg.txt', '-signer', alice.cert, '-inkey', alice.key]).toString().replace(/\r?\n/g, '\r\n');
    const entry = `From: Alice <alice@example.org>\r\nSubject: Entry\r\n${signed}`;
    // RFC 2046 §5.1.5: in a digest a body part without Content-Type is a message/rfc822.
    const digest = `${HEAD.replace('Subject: Invoice', 'Subject: Digest 12')}Content-Type: multipart/digest; boundary=dg\r\n\r\n--dg\r\n\r\n${entry}\r\n--dg\r\nContent-Type: message/rfc822\r\n\r\n${entry}\r\n--dg--\r\n`;
    const a = await analyze(digest);
    expect(a.verdict).toBe('smime-signed');
    expect(a.protection.length).toBe(2);
    for (const l of a.protection) {
      expect(l.attached).toBe(true);
      expect(l.part).toMatch(/^1\.[12]\.1$/);
    }
    expect(a.explanation.headline).not.toMatch(/^This message is signed/);
    expect(a.explanation.headline).toMatch(/attached|digest/i);
    const es = await analyze(digest, { lang: 'es' });
    expect(es.explanation.headline).not.toMatch(/^Este mensaje está firmado/);
  });
});
