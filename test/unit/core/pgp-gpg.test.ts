// OpenPGP detection on messages made by real GnuPG with keys generated at test time (random uids).
// Every expected id is read back from `gpg --list-keys --with-colons`, never typed in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { parseMessage } from '../../../src/core/parse/mime';
import { detectPgp } from '../../../src/core/classify/pgp';
import type { AnalyzeOptions, ProtectionLayer } from '../../../src/core/types';
import { b64lines, makeGpgHome, mail, type GpgHome, type GpgKey } from '../../support/gpg';

let g: GpgHome;
let alice: GpgKey;
let bob: GpgKey;

beforeAll(() => {
  g = makeGpgHome();
  alice = g.genKey();
  bob = g.genKey();
}, 60_000);
afterAll(() => g?.cleanup());

async function detect(raw: Uint8Array, options: AnalyzeOptions = {}) {
  const msg = parseMessage(raw);
  return detectPgp({ msg, options, from: [], to: [], cc: [], replyTo: [] });
}

const HEAD = (extra: string[] = []) => ['From: Alice <alice@example.org>', 'To: Bob <bob@example.net>', 'Subject: test', 'MIME-Version: 1.0', ...extra];

function pgpMimeEncrypted(armored: string, subject = 'test'): Uint8Array {
  return mail(
    ['From: Alice <alice@example.org>', 'To: Bob <bob@example.net>', `Subject: ${subject}`, 'MIME-Version: 1.0', 'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc-b"'],
    [
      'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)',
      '--enc-b',
      'Content-Type: application/pgp-encrypted',
      'Content-Description: PGP/MIME version identification',
      '',
      'Version: 1',
      '',
      '--enc-b',
      'Content-Type: application/octet-stream; name="encrypted.asc"',
      'Content-Description: OpenPGP encrypted message',
      'Content-Disposition: inline; filename="encrypted.asc"',
      '',
      armored.trim(),
      '',
      '--enc-b--',
      '',
    ].join('\r\n'),
  );
}

function autocrypt(key: GpgKey): string {
  const kd = g.run(['--export', key.email]).toString('base64');
  // Folded like a real client does; unfolding leaves spaces that base64 decoding skips.
  return `Autocrypt: addr=${key.email}; prefer-encrypt=mutual; keydata=\r\n ${kd.replace(/.{1,72}/g, '$&\r\n ').trimEnd()}`;
}

function only(layers: ProtectionLayer[]): ProtectionLayer {
  expect(layers).toHaveLength(1);
  return layers[0];
}

describe('PGP/MIME encrypted (RFC 3156 §4) from gpg --encrypt', () => {
  it('names the single recipient by its encryption subkey id', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', alice.email], 'secret text').toString();
    const { layers } = await detect(pgpMimeEncrypted(armored));
    const l = only(layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'encrypted', part: '1', format: 'pgp-mime' });
    expect(l.recipients).toEqual([{ keyId: alice.encKeyId }]);
    expect(l.passphrase).toBeUndefined();
    expect(l.problems).toBeUndefined();
  });

  it('names both recipients of a two-recipient message', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', alice.email, '-r', bob.email], 'for two').toString();
    const l = only((await detect(pgpMimeEncrypted(armored))).layers);
    const ids = l.recipients!.map((r) => ('keyId' in r ? r.keyId : '')).sort();
    expect(ids).toEqual([alice.encKeyId, bob.encKeyId].sort());
  });

  it('reports hidden recipients (--throw-keyids) as 0000000000000000', async () => {
    const armored = g.run(['--armor', '--encrypt', '--throw-keyids', '-r', alice.email, '-r', bob.email], 'hidden').toString();
    const l = only((await detect(pgpMimeEncrypted(armored))).layers);
    expect(l.recipients).toEqual([{ keyId: '0000000000000000' }, { keyId: '0000000000000000' }]);
  });

  it('reports a passphrase-only message (--symmetric) with no recipients', async () => {
    const armored = g.run(['--armor', '--symmetric', '--s2k-count', '65536', '--passphrase', 'correct horse'], 'pw only').toString();
    const l = only((await detect(pgpMimeEncrypted(armored))).layers);
    expect(l.passphrase).toBe(true);
    expect(l.recipients).toBeUndefined();
  });

  it('names the cipher of a passphrase-only message (the SKESK cipher encrypts the data), not of a mixed one', async () => {
    for (const [algo, name] of [['AES128', 'AES-128'], ['AES256', 'AES-256'], ['CAMELLIA192', 'Camellia-192']]) {
      for (const s2k of [['--s2k-mode', '3', '--s2k-count', '65536'], ['--s2k-mode', '1']]) {
        const armored = g.run(['--armor', '--symmetric', '--cipher-algo', algo, ...s2k, '--passphrase', 'pw'], 'pw only').toString();
        const l = only((await detect(pgpMimeEncrypted(armored))).layers);
        expect(l).toMatchObject({ passphrase: true, algorithm: name });
      }
    }
    // Passphrase plus a public key: the SKESK then encrypts a session key, so the data cipher is hidden.
    const mixed = g.run(['--armor', '--symmetric', '--encrypt', '-r', alice.email, '--cipher-algo', 'AES128', '--passphrase', 'pw'], 'both').toString();
    const l = only((await detect(pgpMimeEncrypted(mixed))).layers);
    expect(l).toMatchObject({ passphrase: true, recipients: [{ keyId: alice.encKeyId }] });
    expect(l.algorithm).toBeUndefined();
  });

  it('marks the recipient that matches the agent own key (fingerprint, any case and spacing)', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', alice.email, '-r', bob.email], 'mine?').toString();
    const spaced = alice.encFpr.toUpperCase().replace(/(.{4})/g, '$1 ').trim();
    const l = only((await detect(pgpMimeEncrypted(armored), { own: { pgpKeys: [spaced] } })).layers);
    const mine = l.recipients!.filter((r) => r.mine).map((r) => ('keyId' in r ? r.keyId : ''));
    expect(mine).toEqual([alice.encKeyId]);
    const byId = only((await detect(pgpMimeEncrypted(armored), { own: { pgpKeys: [`0x${bob.encKeyId.toUpperCase()}`] } })).layers);
    expect(byId.recipients!.filter((r) => r.mine).map((r) => ('keyId' in r ? r.keyId : ''))).toEqual([bob.encKeyId]);
    const none = only((await detect(pgpMimeEncrypted(armored), { own: { pgpKeys: ['0123456789abcdef'] } })).layers);
    expect(none.recipients!.some((r) => r.mine)).toBe(false);
  });

  it('names a placeholder outer subject as protected headers', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', alice.email], 'x').toString();
    const { notes } = await detect(pgpMimeEncrypted(armored, '...'));
    expect(notes.find((n) => n.kind === 'protected-headers')).toMatchObject({ part: '1', detail: '...' });
  });

  it('keeps a damaged payload as a layer with problems (bad base64, truncated)', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', alice.email], 'damaged').toString();
    const lines = armored.trim().split('\n');
    const broken = [...lines.slice(0, 4), '@@@@ not base64 ####', ...lines.slice(4, 5), '-----END PGP MESSAGE-----'].join('\n');
    const l = only((await detect(pgpMimeEncrypted(broken))).layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'encrypted', format: 'pgp-mime' });
    expect(l.problems?.length).toBeGreaterThan(0);
    const garbage = only((await detect(pgpMimeEncrypted('-----BEGIN PGP MESSAGE-----\n\n!!!!\n'))).layers);
    expect(garbage.problems?.length).toBeGreaterThan(0);
  });
});

describe('Exchange/Outlook-mangled PGP/MIME', () => {
  it('recognises multipart/mixed with a version identification part and encrypted.asc', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', bob.email], 'mangled').toString();
    const raw = mail([...HEAD(), 'Content-Type: multipart/mixed; boundary="mx"'], [
      '--mx',
      'Content-Type: text/plain; charset="us-ascii"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '',
      '--mx',
      'Content-Type: application/pgp-encrypted; name="PGPMIME version identification"',
      'Content-Description: PGP/MIME version identification',
      'Content-Disposition: attachment; filename="PGPMIME version identification"',
      'Content-Transfer-Encoding: base64',
      '',
      b64lines('Version: 1\r\n'),
      '',
      '--mx',
      'Content-Type: application/octet-stream; name="encrypted.asc"',
      'Content-Disposition: attachment; filename="encrypted.asc"',
      'Content-Transfer-Encoding: base64',
      '',
      b64lines(armored),
      '',
      '--mx--',
      '',
    ].join('\r\n'));
    const l = only((await detect(raw)).layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'encrypted', part: '1', format: 'pgp-mime-mangled' });
    expect(l.recipients).toEqual([{ keyId: bob.encKeyId }]);
  });
});

describe('Outlook ATT0000N shapes', () => {
  const mixed = (parts: string[][]) =>
    mail([...HEAD(), 'Content-Type: multipart/mixed; boundary="ol"'], [...parts.flatMap((p) => ['--ol', ...p]), '--ol--', ''].join('\r\n'));

  it('a retyped version part (ATT00001, octet-stream) with an encrypted ATT00002 is mangled PGP/MIME', async () => {
    const bin = g.run(['--encrypt', '-r', alice.email], 'outlook');
    const raw = mixed([
      ['Content-Type: application/octet-stream; name="ATT00001"', 'Content-Disposition: attachment; filename="ATT00001"', '', 'Version: 1', ''],
      ['Content-Type: application/octet-stream; name="ATT00002"', 'Content-Disposition: attachment; filename="ATT00002"', 'Content-Transfer-Encoding: base64', '', b64lines(bin), ''],
    ]);
    const l = only((await detect(raw)).layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'encrypted', part: '1', format: 'pgp-mime-mangled', recipients: [{ keyId: alice.encKeyId }] });
  });

  it('a retyped "Version: 1" part next to a file that is not encrypted is nothing', async () => {
    const raw = mixed([
      ['Content-Type: application/octet-stream; name="ATT00001"', '', 'Version: 1', ''],
      ['Content-Type: application/octet-stream; name="data.bin"', 'Content-Transfer-Encoding: base64', '', b64lines(randomBytes(2000)), ''],
    ]);
    expect((await detect(raw)).layers).toEqual([]);
  });

  it('multipart/signed flattened into multipart/mixed keeps a signed layer with the issuer', async () => {
    const sig = g.run(['--armor', '--detach-sign', '-u', bob.fpr], 'lost entity').toString();
    const raw = mixed([
      ['Content-Type: text/plain', '', 'Hello from Outlook', ''],
      ['Content-Type: application/pgp-signature; name="signature.asc"', 'Content-Disposition: attachment; filename="signature.asc"', '', sig.trim(), ''],
    ]);
    const l = only((await detect(raw)).layers);
    expect(l).toMatchObject({ kind: 'signed', format: 'pgp-mime-mangled', part: '1', signer: { keyId: bob.keyId, fingerprint: bob.fpr } });
    expect(l.integrity?.status).toBe('cannot-check');
  });

  it('armor inside an attached text file is found', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', bob.email], 'notes').toString();
    const raw = mixed([
      ['Content-Type: text/plain', '', 'See the attached notes.', ''],
      ['Content-Type: text/plain; name="notes.txt"', 'Content-Disposition: attachment; filename="notes.txt"', '', `Saved reply:\r\n${armored}`, ''],
    ]);
    const l = only((await detect(raw)).layers);
    expect(l).toMatchObject({ kind: 'encrypted', part: '1.2', recipients: [{ keyId: bob.encKeyId }] });
  });
});

describe('PGP/MIME signed (RFC 3156 §5) from gpg --detach-sign', () => {
  const entity = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nHello, this text is signed.\r\nSecond line.\r\n';
  function signed(content: string, sig: string, extra: string[] = []): Uint8Array {
    return mail([...HEAD(extra), 'Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="sig-b"'], [
      '--sig-b',
      content + '\r\n--sig-b',
      'Content-Type: application/pgp-signature; name="signature.asc"',
      'Content-Disposition: attachment; filename="signature.asc"',
      '',
      sig.trim(),
      '--sig-b--',
      '',
    ].join('\r\n'));
  }
  let sig = '';
  let created = '';
  beforeAll(() => {
    sig = g.run(['--armor', '--detach-sign', '-u', alice.fpr], entity).toString();
    const packets = g.run(['--list-packets'], sig).toString();
    const m = /created (\d+)/.exec(packets);
    created = new Date(Number(m![1]) * 1000).toISOString();
  });

  it('reads the signer (issuer fingerprint subpacket, key id, creation time)', async () => {
    const l = only((await detect(signed(entity, sig))).layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'signed', part: '1', format: 'pgp-mime' });
    expect(l.signer).toEqual({ keyId: alice.keyId, fingerprint: alice.fpr, signedAt: created });
    expect(l.integrity).toEqual({ status: 'cannot-check', reason: 'no-key-in-message' });
  });

  it('is intact with the signer key in an Autocrypt header, altered after one byte changes', async () => {
    const ok = only((await detect(signed(entity, sig, [autocrypt(alice)]))).layers);
    expect(ok.integrity).toEqual({ status: 'intact' });
    const tampered = entity.replace('Hello', 'Jello');
    const bad = only((await detect(signed(tampered, sig, [autocrypt(alice)]))).layers);
    expect(bad.integrity?.status).toBe('altered');
  });

  it('is intact with the key attached as application/pgp-keys inside the signed part', async () => {
    // RFC 3156 §5: what is signed is the entity with CRLF line ends, as transmitted.
    const key = g.run(['--armor', '--export', alice.email]).toString().trim().replace(/\r?\n/g, '\r\n');
    const inner = [
      'Content-Type: multipart/mixed; boundary="in"',
      '',
      '--in',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Signed with my key attached.',
      '--in',
      'Content-Type: application/pgp-keys; name="OpenPGP_0x.asc"',
      'Content-Disposition: attachment; filename="OpenPGP_0x.asc"',
      '',
      key,
      '--in--',
      '',
    ].join('\r\n');
    const s = g.run(['--armor', '--detach-sign', '-u', alice.fpr], inner).toString();
    const { layers, notes } = await detect(signed(inner, s));
    expect(only(layers).integrity).toEqual({ status: 'intact' });
    expect(notes.find((n) => n.kind === 'pgp-public-key')).toMatchObject({ part: '1.1.2', detail: alice.fpr });
  });

  it('accepts a signature made over the entity with trailing blanks stripped', async () => {
    const blanky = 'Content-Type: text/plain\r\n\r\nline with blanks   \r\nnext\t\r\n';
    const stripped = blanky.replace(/[ \t]+\r\n/g, '\r\n');
    const s = g.run(['--armor', '--detach-sign', '-u', alice.fpr], stripped).toString();
    expect(only((await detect(signed(blanky, s, [autocrypt(alice)]))).layers).integrity).toEqual({ status: 'intact' });
    expect(only((await detect(signed(blanky.replace('next', 'nexT'), s, [autocrypt(alice)]))).layers).integrity?.status).toBe('altered');
  });

  it('cannot check with a key that is not the signer', async () => {
    const l = only((await detect(signed(entity, sig, [autocrypt(bob)]))).layers);
    expect(l.integrity).toEqual({ status: 'cannot-check', reason: 'key-does-not-match-signer' });
  });
});

describe('inline OpenPGP in text/plain and HTML bodies', () => {
  const text = (body: string, ct = 'text/plain; charset=utf-8', extra: string[] = []) => mail([...HEAD(extra), `Content-Type: ${ct}`], body);

  it('finds armored encryption inside other prose (partial)', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', alice.email], 'inline').toString();
    const l = only((await detect(text(`Hi Bob,\r\n\r\n${armored}\r\nCheers`))).layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'encrypted', format: 'inline', part: '1', recipients: [{ keyId: alice.encKeyId }] });
  });

  it('finds armor quoted with "> " in a reply', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', bob.email], 'quoted').toString();
    const quoted = armored.trim().split('\n').map((l) => `> ${l}`).join('\r\n');
    const l = only((await detect(text(`On Monday you wrote:\r\n${quoted}\r\n\r\nThanks`))).layers);
    expect(l.recipients).toEqual([{ keyId: bob.encKeyId }]);
  });

  it('finds armor in HTML: escaped entities inside <pre>, and <br>/&nbsp; lines', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', alice.email, '-r', bob.email], 'html').toString().trim();
    const esc = armored.replace(/\+/g, '&#43;').replace(/\//g, '&#x2F;').replace(/-/g, '&#45;');
    const pre = `<html><body><p>Hello &amp; welcome</p><pre>${esc}</pre></body></html>`;
    const l1 = only((await detect(text(pre, 'text/html; charset=utf-8'))).layers);
    expect(l1.recipients!.map((r) => ('keyId' in r ? r.keyId : '')).sort()).toEqual([alice.encKeyId, bob.encKeyId].sort());
    const divs = armored.split('\n').map((l) => `<div>${l || '&nbsp;'}</div><br>`).join('\r\n');
    const l2 = only((await detect(text(`<html><body>${divs}<blockquote>&gt; old text</blockquote></body></html>`, 'text/html'))).layers);
    expect(l2).toMatchObject({ format: 'inline', kind: 'encrypted' });
    expect(l2.recipients).toHaveLength(2);
  });

  it('reads a cleartext signature (--clearsign): intact with the Autocrypt key, altered when the text changes', async () => {
    const signedText = g.run(['--clearsign', '-u', bob.fpr], 'Pay 100 EUR to account 1234\n- dashed line\ntrailing spaces   \n').toString();
    const plain = only((await detect(text(signedText))).layers);
    expect(plain).toMatchObject({ scheme: 'pgp', kind: 'signed', format: 'cleartext-signed' });
    expect(plain.signer).toMatchObject({ keyId: bob.keyId, fingerprint: bob.fpr });
    expect(plain.integrity).toEqual({ status: 'cannot-check', reason: 'no-key-in-message' });
    const ok = only((await detect(text(signedText, undefined, [autocrypt(bob)]))).layers);
    expect(ok.integrity).toEqual({ status: 'intact' });
    const bad = only((await detect(text(signedText.replace('100 EUR', '900 EUR'), undefined, [autocrypt(bob)]))).layers);
    expect(bad.integrity?.status).toBe('altered');
  });

  it('checks a cleartext signature over the sender charset bytes (ISO-8859-1, quoted-printable)', async () => {
    const latin1 = Buffer.from('Caf\xe9 cr\xe8me \xbd price   \n- dashes\n', 'latin1');
    const cs = g.run(['--clearsign', '-u', alice.fpr], latin1);
    const qp = cs.toString('latin1').split('\n').map((l) => l.replace(/[=\x80-\xff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)).join('\r\n');
    const raw = mail([...HEAD([autocrypt(alice)]), 'Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: quoted-printable'], qp);
    const l = only((await detect(raw)).layers);
    expect(l).toMatchObject({ format: 'cleartext-signed', signer: { keyId: alice.keyId } });
    expect(l.integrity).toEqual({ status: 'intact' });
    const utf8 = g.run(['--clearsign', '-u', alice.fpr], 'Grüße, ñandú ✓\n').toString();
    const u = only((await detect(text(utf8, 'text/plain; charset=utf-8', [autocrypt(alice)]))).layers);
    expect(u.integrity).toEqual({ status: 'intact' });
  });

  it('reads an inline signed message (--sign, compressed by default)', async () => {
    const armored = g.run(['--armor', '--sign', '-u', alice.fpr], 'signed, not encrypted').toString();
    const l = only((await detect(text(armored, undefined, [autocrypt(alice)]))).layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'signed', format: 'inline' });
    expect(l.signer?.keyId).toBe(alice.keyId);
    expect(l.signer?.fingerprint).toBe(alice.fpr);
    expect(l.signer?.signedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(l.integrity).toEqual({ status: 'intact' });
  });

  it('reads the signer of a bzip2-compressed signed message', async () => {
    const armored = g.run(['--armor', '--sign', '--compress-algo', 'bzip2', '-u', bob.fpr], 'bzip2 signed').toString();
    const l = only((await detect(text(armored, undefined, [autocrypt(bob)]))).layers);
    expect(l).toMatchObject({ kind: 'signed', format: 'inline', signer: { keyId: bob.keyId } });
    expect(l.integrity).toEqual({ status: 'intact' });
  });

  it('a stored (gpg --store) armored message is OpenPGP but not encryption', async () => {
    const armored = g.run(['--armor', '--store'], 'just stored').toString();
    const { layers, notes } = await detect(text(armored));
    expect(layers).toEqual([]);
    expect(notes[0]).toMatchObject({ kind: 'pgp-mention', detail: 'OpenPGP literal data, not encrypted' });
  });

  it('reports an armored signature alone as a signature with its issuer', async () => {
    const s = g.run(['--armor', '--detach-sign', '-u', bob.fpr], 'some file').toString();
    const l = only((await detect(text(`Here is the signature of the release:\r\n${s}`))).layers);
    expect(l).toMatchObject({ kind: 'signed', format: 'signature', signer: { keyId: bob.keyId } });
  });

  it('reports an armored public key as a note, never a layer', async () => {
    const key = g.run(['--armor', '--export', alice.email]).toString();
    const { layers, notes } = await detect(text(`My key:\r\n${key}`));
    expect(layers).toEqual([]);
    expect(notes).toEqual([expect.objectContaining({ kind: 'pgp-public-key', part: '1', detail: alice.fpr })]);
  });

  it('reports an armored private key block as a note', async () => {
    const key = g.run(['--armor', '--export-secret-keys', alice.email]).toString();
    const { layers, notes } = await detect(text(`Oops:\r\n${key}`));
    expect(layers).toEqual([]);
    expect(notes[0]).toMatchObject({ kind: 'pgp-private-key', detail: alice.fpr });
  });

  it('does not treat prose about PGP as encryption', async () => {
    const quoted = await detect(text('Could you send me your PGP key? I use GnuPG (gpg --encrypt) and OpenPGP keys.\r\nA message starts with\r\n-----BEGIN PGP MESSAGE-----\r\nand that is all.'));
    expect(quoted.layers).toEqual([]);
    expect(quoted.notes.map((n) => n.kind)).toEqual(['pgp-mention']);
    const prose = await detect(text('Hi, I encrypted the invoice with PGP like you asked.'));
    expect(prose.layers).toEqual([]);
    expect(prose.notes).toEqual([expect.objectContaining({ kind: 'pgp-mention', part: '1', detail: 'PGP' })]);
  });
});

describe('attachments', () => {
  function withAttachment(body: string, ct: string, name: string, data: Uint8Array, extra: string[] = []): Uint8Array {
    return mail([...HEAD(), 'Content-Type: multipart/mixed; boundary="att"'], [
      '--att',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '--att',
      `Content-Type: ${ct}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      ...extra,
      '',
      b64lines(data),
      '--att--',
      '',
    ].join('\r\n'));
  }

  it('an encrypted .gpg file next to a readable body is an encrypted attachment', async () => {
    const bin = g.run(['--encrypt', '-r', bob.email], randomBytes(3000));
    const l = only((await detect(withAttachment('Please find the report attached.', 'application/octet-stream', 'report.pdf.gpg', bin))).layers);
    expect(l).toMatchObject({ scheme: 'attachment', kind: 'encrypted', format: 'pgp', part: '1.2', recipients: [{ keyId: bob.encKeyId }] });
  });

  it('a binary .gpg file labelled text/plain is still read from its bytes', async () => {
    const bin = g.run(['--encrypt', '-r', bob.email], randomBytes(500));
    const l = only((await detect(withAttachment('Notes attached.', 'text/plain', 'notes.txt.gpg', bin))).layers);
    expect(l).toMatchObject({ scheme: 'attachment', kind: 'encrypted', format: 'pgp', part: '1.2', recipients: [{ keyId: bob.encKeyId }] });
    const plain = await detect(withAttachment('Notes attached.', 'text/plain', 'notes.gpg', new TextEncoder().encode('just text in a file named .gpg\r\n')));
    expect(plain.layers).toEqual([]);
  });

  it('an encrypted .pgp file that is the whole message is OpenPGP encryption', async () => {
    const bin = g.run(['--encrypt', '-r', alice.email], 'everything is in here');
    const l = only((await detect(withAttachment('', 'application/pgp-encrypted', 'message.pgp', bin))).layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'encrypted', part: '1.2', recipients: [{ keyId: alice.encKeyId }] });
  });

  it('a message whose whole body is an OpenPGP message (application/pgp-encrypted, no multipart)', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', bob.email], 'single part').toString();
    const l = only((await detect(mail([...HEAD(), 'Content-Type: application/pgp-encrypted'], armored))).layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'encrypted', part: '1', format: 'inline', recipients: [{ keyId: bob.encKeyId }] });
    const bin = g.run(['--encrypt', '-r', alice.email], 'binary single part');
    const b = only((await detect(mail([...HEAD(), 'Content-Type: application/octet-stream; name="msg.pgp"', 'Content-Transfer-Encoding: base64'], b64lines(bin)))).layers);
    expect(b).toMatchObject({ scheme: 'pgp', part: '1', recipients: [{ keyId: alice.encKeyId }] });
  });

  it('a .gpg file of random bytes, a keyring and a noname image are not encryption', async () => {
    expect((await detect(withAttachment('random', 'application/octet-stream', 'data.gpg', randomBytes(4096)))).layers).toEqual([]);
    const ring = g.run(['--export', alice.email, bob.email]);
    const r = await detect(withAttachment('my keyring', 'application/octet-stream', 'pubring.gpg', ring));
    expect(r.layers).toEqual([]);
    expect(r.notes[0]).toMatchObject({ kind: 'pgp-public-key', part: '1.2', detail: alice.fpr });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(500)]);
    expect((await detect(withAttachment('photo', 'image/png', 'noname', png))).layers).toEqual([]);
    expect((await detect(withAttachment('', 'application/octet-stream', 'noname', png))).layers).toEqual([]);
  });

  it('a signed-only .gpg file is not encryption', async () => {
    const bin = g.run(['--sign', '-u', alice.fpr], 'signed file');
    expect((await detect(withAttachment('signed file', 'application/octet-stream', 'notes.txt.gpg', bin))).layers).toEqual([]);
  });
});

describe('Autocrypt', () => {
  it('an Autocrypt header is a note with the address, not encryption', async () => {
    const { layers, notes } = await detect(mail([...HEAD([autocrypt(alice)]), 'Content-Type: text/plain'], 'hello'));
    expect(layers).toEqual([]);
    expect(notes).toEqual([expect.objectContaining({ kind: 'autocrypt-header', detail: alice.email })]);
  });

  it('an Autocrypt Setup Message is a note, its encrypted attachment is not a layer', async () => {
    const armored = g.run(['--armor', '--symmetric', '--s2k-count', '65536', '--passphrase', '1234-5678'], g.run(['--export-secret-keys', alice.email])).toString();
    const raw = mail([...HEAD(['Autocrypt-Setup-Message: v1']), 'Content-Type: multipart/mixed; boundary="as"'], [
      '--as',
      'Content-Type: text/plain',
      '',
      'This message contains all information to transfer your Autocrypt settings.',
      '--as',
      'Content-Type: application/autocrypt-setup',
      'Content-Disposition: attachment; filename="autocrypt-setup-message.html"',
      '',
      `<html><body><pre>${armored}</pre></body></html>`,
      '--as--',
      '',
    ].join('\r\n'));
    const { layers, notes } = await detect(raw);
    expect(layers).toEqual([]);
    expect(notes.map((n) => n.kind)).toContain('autocrypt-setup-message');
  });
});

describe('inline armor as webmail sends it (QA regressions)', () => {
  it('reads armor headers in Gmail-style HTML with one <div> per line (blank lines between lines)', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', alice.email, '-r', bob.email], 'webmail').toString();
    // Mailvelope adds armor headers; Gmail's editor then wraps every line in a <div>.
    const lines = armored.trim().replace('-----BEGIN PGP MESSAGE-----\n', '-----BEGIN PGP MESSAGE-----\nVersion: Mailvelope v5.1.2\nComment: https://mailvelope.com\n').split('\n');
    const html = `<div dir="ltr">${lines.map((l) => (l ? `<div>${l}</div>` : '<div><br></div>')).join('')}</div>`;
    const l = only((await detect(mail([...HEAD(), 'Content-Type: text/html; charset="UTF-8"'], html))).layers);
    expect(l).toMatchObject({ scheme: 'pgp', kind: 'encrypted', part: '1' });
    expect(l.recipients!.map((r) => ('keyId' in r ? r.keyId : '')).sort()).toEqual([alice.encKeyId, bob.encKeyId].sort());
    expect(l.problems).toBeUndefined();
  });

  it('reports armor carried in both renderings of a multipart/alternative once, at the first', async () => {
    const armored = g.run(['--armor', '--encrypt', '-r', bob.email], 'twice').toString().trim();
    const signed = g.run(['--clearsign', '-u', alice.email], 'signed twice\n').toString().trim();
    for (const block of [armored, signed]) {
      const raw = mail([...HEAD(), 'Content-Type: multipart/alternative; boundary="alt"'], [
        '--alt', 'Content-Type: text/plain; charset="UTF-8"', '', block, '',
        '--alt', 'Content-Type: text/html; charset="UTF-8"', '', `<div dir="ltr">${block.split('\n').join('<br>')}<br></div>`, '',
        '--alt--', '',
      ].join('\r\n'));
      const l = only((await detect(raw)).layers);
      expect(l.part).toBe('1.1');
      if (block === armored) expect(l).toMatchObject({ kind: 'encrypted', recipients: [{ keyId: bob.encKeyId }] });
      else expect(l).toMatchObject({ kind: 'signed', signer: { keyId: alice.keyId } });
      expect(l.evidence.some((e) => e.where === '1.2')).toBe(true);
    }
  });

  it('keeps two different encrypted messages in two alternatives apart', async () => {
    const one = g.run(['--armor', '--encrypt', '-r', alice.email], 'one').toString().trim();
    const two = g.run(['--armor', '--encrypt', '-r', bob.email], 'two').toString().trim();
    const raw = mail([...HEAD(), 'Content-Type: multipart/alternative; boundary="alt"'], [
      '--alt', 'Content-Type: text/plain', '', one, '', '--alt', 'Content-Type: text/html', '', `<pre>${two}</pre>`, '', '--alt--', '',
    ].join('\r\n'));
    const { layers } = await detect(raw);
    expect(layers.map((l) => [l.part, l.recipients])).toEqual([['1.1', [{ keyId: alice.encKeyId }]], ['1.2', [{ keyId: bob.encKeyId }]]]);
  });

  it('BEGIN and END lines around a few words of prose are a mention, not an encrypted layer', async () => {
    const body = 'Paste it like this:\r\n-----BEGIN PGP MESSAGE-----\r\n(your data here)\r\n-----END PGP MESSAGE-----\r\nthanks';
    const { layers, notes } = await detect(mail([...HEAD(), 'Content-Type: text/plain'], body));
    expect(layers).toEqual([]);
    expect(notes.map((n) => n.kind)).toContain('pgp-mention');
    const howto = [
      'A signed message looks like this:', '-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA256', '', '(your text)',
      '-----BEGIN PGP SIGNATURE-----', '(signature)', '-----END PGP SIGNATURE-----', '', 'and a detached one:',
      '-----BEGIN PGP SIGNATURE-----', '', '...', '-----END PGP SIGNATURE-----', '',
    ].join('\r\n');
    const h = await detect(mail([...HEAD(), 'Content-Type: text/plain'], howto));
    expect(h.layers).toEqual([]);
    expect(h.notes.filter((n) => n.kind === 'pgp-mention')).toHaveLength(2);
    // A real signature whose base64 was damaged in transit is still a signature.
    const real = g.run(['--clearsign', '-u', alice.email], 'real text\n').toString();
    const damaged = real.replace(/(-----BEGIN PGP SIGNATURE-----\n\n)(.{10})/, '$1$2!!');
    const d = only((await detect(mail([...HEAD(), 'Content-Type: text/plain'], damaged))).layers);
    expect(d).toMatchObject({ kind: 'signed', format: 'cleartext-signed' });
  });
});
