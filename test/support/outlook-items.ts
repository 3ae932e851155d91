/**
 * Outlook items with real S/MIME inside, made at test time: `openssl cms` output (random keys, see
 * openssl.ts) stored the way Outlook stores it (MS-OXOSMIME §2.1: the CMS blob or the whole
 * multipart/signed entity in an attachment named smime.p7m), written by msg-writer.ts.
 * The recipients a test expects are read back from `openssl cms -cmsout -print`, not from our code.
 */
import type { Recipient } from '../../src/core/types';
import type { Identity, Pki } from './openssl';
import { writeMsg, type MsgAttachment, type MsgItem } from './msg-writer';

const TEXT = 'Content-Type: text/plain; charset=us-ascii\r\n\r\nThe contract is attached.\r\nRegards, Alice\r\n';
let n = 0;

/** The recipients of a DER CMS file as `openssl cms -cmsout -print` names them, in the house format. */
export function opensslRecipients(pki: Pki, derFile: string): Recipient[] {
  const out = pki.run(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', derFile, '-nameopt', 'RFC2253']).toString();
  const lines = out.split('\n');
  const found: Recipient[] = [];
  for (let i = 0; i < lines.length; i++) {
    // In an EnvelopedData print these two appear only as recipient identifiers (ktri rid, kari rid).
    if (/d\.issuerAndSerialNumber:/.test(lines[i])) {
      const issuer = lines[i + 1].replace(/^\s*issuer:\s*/, '').trim();
      // openssl prints a serial in decimal when it is small enough, else as 0x-prefixed hex.
      const printed = lines[i + 2].replace(/^\s*serialNumber:\s*/, '').trim();
      const hex = /^0x/i.test(printed) ? printed.slice(2) : BigInt(printed).toString(16);
      const serial = (hex.length % 2 ? '0' + hex : hex).toLowerCase().replace(/^(00)+(?=..)/, '');
      found.push({ issuer, serial });
    } else if (/^\s*(d\.)?subjectKeyIdentifier:\s*$/.test(lines[i])) {
      // "ktri" prints d.subjectKeyIdentifier, "kari" rKeyId/subjectKeyIdentifier; then hex dump rows
      // "0000 - de 31 ad ...-0a c5   ascii": the bytes end at the first run of three spaces.
      let hex = '';
      for (let j = i + 1; j < lines.length && /^\s+[0-9a-f]{4} - /.test(lines[j]); j++) {
        hex += lines[j].replace(/^\s+[0-9a-f]{4} - /, '').split('   ')[0].replace(/[^0-9a-f]/g, '');
      }
      found.push({ subjectKeyId: hex });
    }
  }
  return found;
}

export interface BuiltItem {
  msg: Uint8Array;
  /** The smime.p7m content, as openssl wrote it. */
  p7m: Uint8Array;
  /** For encrypted items: who openssl says can open it. */
  recipients: Recipient[];
}

/** Base properties of a received item; the caller's fields win. */
function base(extra: Partial<MsgItem>): MsgItem {
  return {
    subject: 'Contract',
    senderName: 'Alice Example',
    senderEmail: 'alice@example.org',
    recipients: [{ name: 'Support', address: 'support@example.net' }],
    date: new Date('2026-03-04T05:06:07Z'),
    messageId: `<item-${++n}@example.org>`,
    ...extra,
  };
}

/** IPM.Note.SMIME: the EnvelopedData in smime.p7m (DER). `keyid`: recipients by subject key id. */
export function encryptedItem(pki: Pki, to: Identity[], opts: { keyid?: boolean; cipher?: string; item?: Partial<MsgItem> } = {}): BuiltItem {
  const id = `enc-${++n}`;
  pki.write(`${id}.txt`, TEXT);
  pki.run(['cms', '-encrypt', '-in', `${id}.txt`, '-outform', 'DER', '-out', `${id}.p7m`, ...(opts.keyid ? ['-keyid'] : []), opts.cipher ?? '-aes256', ...to.map((u) => u.cert)]);
  const p7m = new Uint8Array(pki.read(`${id}.p7m`));
  const att: MsgAttachment = { name: 'smime.p7m', mimeTag: 'application/pkcs7-mime', data: p7m };
  const msg = writeMsg(base({ messageClass: 'IPM.Note.SMIME', attachments: [att], ...opts.item }));
  return { msg, p7m, recipients: opensslRecipients(pki, pki.path(`${id}.p7m`)) };
}

/** IPM.Note.SMIME.MultipartSigned: the whole multipart/signed entity (headers and body) in smime.p7m. */
export function signedItem(pki: Pki, signer: Identity, opts: { tamper?: boolean; item?: Partial<MsgItem> } = {}): BuiltItem {
  const id = `sig-${++n}`;
  pki.write(`${id}.txt`, TEXT);
  let entity = pki.run(['cms', '-sign', '-in', `${id}.txt`, '-signer', signer.cert, '-inkey', signer.key, '-md', 'sha256']).toString();
  entity = entity.replace(/\r?\n/g, '\r\n');
  if (opts.tamper) entity = entity.replace('The contract is attached.', 'The contract is attachex.');
  const p7m = new TextEncoder().encode(entity);
  const att: MsgAttachment = { name: 'smime.p7m', mimeTag: 'multipart/signed', data: p7m };
  const msg = writeMsg(base({ messageClass: 'IPM.Note.SMIME.MultipartSigned', attachments: [att], body: 'The contract is attached.', ...opts.item }));
  return { msg, p7m, recipients: [] };
}

/** IPM.Note.SMIME holding an opaque (-nodetach) SignedData: signed, not encrypted. */
export function opaqueSignedItem(pki: Pki, signer: Identity): BuiltItem {
  const id = `opq-${++n}`;
  pki.write(`${id}.txt`, TEXT);
  pki.run(['cms', '-sign', '-nodetach', '-in', `${id}.txt`, '-signer', signer.cert, '-inkey', signer.key, '-outform', 'DER', '-out', `${id}.p7m`]);
  const p7m = new Uint8Array(pki.read(`${id}.p7m`));
  const msg = writeMsg(base({ messageClass: 'IPM.Note.SMIME', attachments: [{ name: 'smime.p7m', mimeTag: 'application/pkcs7-mime', data: p7m }] }));
  return { msg, p7m, recipients: [] };
}
