// The CLI over Outlook items (.msg): a real one, built S/MIME ones (openssl, random keys), one whose
// bytes hold mbox-like "From " lines (never split), and a compound file that is not an Outlook item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';
import { splitMbox } from '../../src/cli/inputs';
import { FIXTURES } from '../support/paths';
import { makeCa, makeUser, tempPki, type Identity, type Pki } from '../support/openssl';
import { writeCfb, writeMsg } from '../support/msg-writer';
import { encryptedItem, signedItem } from '../support/outlook-items';

let pki: Pki;
let alice: Identity;
let bob: Identity;
beforeAll(() => {
  pki = tempPki();
  const ca = makeCa(pki);
  alice = makeUser(pki, ca);
  bob = makeUser(pki, ca, { type: 'ec' });
}, 60_000);
afterAll(() => pki?.cleanup());

const unordered = (list: unknown[] | undefined) => (list ?? []).map((x) => JSON.stringify(x)).sort();

describe('veil CLI on Outlook items', () => {
  it('analyses real and built .msg files: verdicts and recipients as openssl prints them', async () => {
    const enc = encryptedItem(pki, [alice, bob]);
    const keyid = encryptedItem(pki, [alice, bob], { keyid: true });
    const sig = signedItem(pki, alice);
    const files = {
      enc: pki.write('Encrypted.msg', enc.msg),
      keyid: pki.write('KeyId.msg', keyid.msg),
      sig: pki.write('Signed.msg', sig.msg),
    };
    const real = join(FIXTURES, 'msg/attachmentFiles.msg');
    const r = await runCli(['--json', files.enc, files.keyid, files.sig, real]);
    expect(r.code).toBe(0);
    const [a, b, c, d] = r.json();
    expect(a).toMatchObject({ file: files.enc, ok: true, verdict: 'smime-encrypted', message: { outlook: { messageClass: 'IPM.Note.SMIME' } } });
    expect(unordered(a.protection[0].recipients)).toEqual(unordered(enc.recipients));
    expect(unordered(b.protection[0].recipients)).toEqual(unordered(keyid.recipients));
    expect(c).toMatchObject({ verdict: 'smime-signed', protection: [{ integrity: { status: 'intact' } }] });
    expect(d).toMatchObject({ file: real, ok: true, verdict: 'plain', message: { subject: 'attachmentFiles', outlook: { headers: 'transport' } } });
  });

  it('never splits an item as an mbox, even when its bytes hold "From " lines', async () => {
    const body = 'Hello,\n\nFrom what I see the order is late.\nFrom me, Ann\n';
    const file = pki.write('from-lines.msg', writeMsg({ ansi: true, subject: 'From lines', body, attachments: [{ name: 'log.txt', data: new TextEncoder().encode(`\n\nFrom a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: quoted\n\n${body}\n`) }] }));
    // Read as an mbox, these bytes would be cut at that separator line.
    expect([...splitMbox(readFileSync(file))].length).toBeGreaterThan(1);
    const r = await runCli(['--json', file]);
    expect(r.json().map((o: { file: string; message: { subject?: string } }) => [o.file, o.message.subject])).toEqual([[file, 'From lines']]);
  });

  it('says so, in text, when the item came from Outlook; a .doc is not an Outlook item (exit 1)', async () => {
    const text = await runCli([join(FIXTURES, 'msg/nonUnicodeCP932.msg')]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Outlook file \(\.msg\)/);
    const doc = join(pki.dir, 'report.doc');
    writeFileSync(doc, writeCfb({ name: 'Root Entry', children: [{ name: 'WordDocument', data: new Uint8Array(5000) }] }));
    const r = await runCli(['--json', doc]);
    expect(r.code).toBe(1);
    expect(r.json()[0]).toMatchObject({ ok: false, error: expect.stringMatching(/not an Outlook item/) });
  });
});
