/**
 * Outlook items (.msg) through analyze(): real files (two fixtures; the 43 of
 * ../shared/corpora/outlook-msgreader where it exists) and items built at test time by
 * msg-writer.ts, with S/MIME made by openssl (random keys every run). Recipients are compared with
 * what `openssl cms -cmsout -print` says, not with our own reading.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core';
import { parseMessage, readText, type MimeNode } from '../../../src/core/parse/mime';
import { getHeader } from '../../../src/core/parse/headers';
import type { Analysis } from '../../../src/core/types';
import { CORPORA, FIXTURES } from '../../support/paths';
import { makeCa, makeUser, tempPki, type Identity, type Pki } from '../../support/openssl';
import { writeMsg } from '../../support/msg-writer';
import { encryptedItem, opaqueSignedItem, signedItem } from '../../support/outlook-items';
import { base64Lines } from '../../support/mime-builder';

const OUTLOOK = join(CORPORA, 'outlook-msgreader');
const read = (p: string) => new Uint8Array(readFileSync(p));
/** Top-level attachment names: the children of a multipart/mixed root, after the body. */
const attachmentNames = (a: Analysis) => a.message.parts.filter((p) => /^1\.\d+$/.test(p.path) && p.path !== '1.1' && p.filename).map((p) => p.filename);
const fromOf = (a: Analysis) => a.message.from.map((m) => m.address || m.name).join(', ');
const nodeAt = (bytes: Uint8Array, path: string): MimeNode => parseMessage(bytes).nodes.find((n) => n.path === path)!;
const unordered = (list: unknown[] | undefined) => (list ?? []).map((x) => JSON.stringify(x)).sort();

describe('real Outlook items in the project (test/fixtures/msg)', () => {
  it('a received note: transport headers, three attachments', async () => {
    const a = await analyze(read(join(FIXTURES, 'msg/attachmentFiles.msg')));
    expect(a.ok).toBe(true);
    expect(a.verdict).toBe('plain');
    expect(a.message.outlook).toEqual({ messageClass: 'IPM.Note', headers: 'transport' });
    expect(a.message.subject).toBe('attachmentFiles');
    expect(fromOf(a)).toBe('hmailuser@hmailserver.test');
    expect(attachmentNames(a)).toEqual(['jpg.jpg', 'png.png', 'tif.tif']);
    expect(a.message.parts.find((p) => p.filename === 'png.png')).toMatchObject({ contentType: 'image/png', size: 134 });
    // The transport headers are the header block: the delivery trace is there.
    expect(a.message.headers.some((h) => h.key === 'received')).toBe(true);
    expect(a.message.parts[0].outlook?.messageClass).toBe('IPM.Note');
    expect(a.explanation.sections.find((s) => s.id === 'what')!.text).toMatch(/Outlook file \(\.msg\)/);
    expect(a.defects).toEqual([]);
  });

  it('8-bit strings in code page 932 are decoded as Shift_JIS', async () => {
    const bytes = read(join(FIXTURES, 'msg/nonUnicodeCP932.msg'));
    const a = await analyze(bytes);
    expect(a.ok).toBe(true);
    expect(a.message.subject).toBe('日本語 Non Unicode タイトル');
    expect(a.message.outlook?.headers).toBe('properties');
    expect(a.message.to.map((m) => m.address)).toEqual(['xmailuser2@xmailserver.test']);
    expect(readText(nodeAt(bytes, '1'))).toBe('日本語 Non Unicode 本文\r\n');
  });
});

// ---------------------------------------------------------------------------------------------
// The 43 corpus files: what msgreader's own tests (its test/*.json) and the files' names say.
// ---------------------------------------------------------------------------------------------

/** [file, message class, subject, From (address, else name, '' for none), top-level attachment names] */
const CORPUS: [string, string, string, string, string[]][] = [
  ['data_test.msg', 'IPM.Note', 'asdf', 'christoph@freiraum.xyz', ['5AAoPFgV-nJ965R7o-98C38840-4454-4750-9AEF-F53DB3E37548.jpg']],
  ['test_200_recipients.msg', 'IPM.Note', '200 recipients', '', []],
  ['test_7_days__everyday.msg', 'IPM.Appointment', '7 days, everyday', 'Unknown', []],
  ['test_A_black_friday_(w_tz).msg', 'IPM.Appointment', 'A black friday', 'Unknown', []],
  ['test_A_black_friday_(wo_tz).msg', 'IPM.Appointment', 'A black friday', 'Unknown', []],
  ['test_A_daily_1.msg', 'IPM.Appointment', 'A daily 1', 'Unknown', []],
  ['test_A_memo.msg', 'IPM.StickyNote', 'A memo.', '', []],
  ['test_A_monthly_1.msg', 'IPM.Appointment', 'A monthly 1', 'Unknown', []],
  ['test_A_schedule.msg', 'IPM.Appointment', 'A schedule', 'UnoKenji', []],
  ['test_A_weekly_1.msg', 'IPM.Appointment', 'A weekly 1', 'Unknown', []],
  ['test_A_yearly_1.msg', 'IPM.Appointment', 'A yearly 1', 'Unknown', []],
  ['test_Appointment_sample_EST.msg', 'IPM.Appointment', 'Appointment sample EST', 'Unknown', []],
  ['test_Attach_sample_eml_received.msg', 'IPM.Note', 'Attach sample.eml', 'hmailuser@hmailserver.test', ['sample.eml (555 バイト)']],
  ['test_Attach_sample_eml_sent.msg', 'IPM.Note', 'Attach sample.eml', 'hmailuser@hmailserver.test', ['sample.eml']],
  ['test_Friday_Lunch.msg', 'IPM.Appointment', 'Friday Lunch', 'UnoKenji', ['無題', '無題']],
  ['test_Hello_+CJK.msg', 'IPM.Note', 'Hello +CJK', '', []],
  ['test_Lanch_time__every_friday__in_2023_chgs1.msg', 'IPM.Appointment', 'Lanch time, every friday, in 2023', 'Unknown', ['無題']],
  ['test_Lanch_time__every_friday__in_2023_chgs2.msg', 'IPM.Appointment', 'Lanch time, every friday, in 2023', 'Unknown', ['無題']],
  ['test_Lanch_time__every_friday__in_2023_org.msg', 'IPM.Appointment', 'Lanch time, every friday, in 2023', 'Unknown', []],
  ['test_Outer_mail.msg', 'IPM.Note', 'Outer mail', '', ['OUTER 1.pdf', 'OUTER 2.pdf', 'Inner mail']],
  ['test_Simple.msg', 'IPM.Note', 'Simple', '', []],
  ['test_Subject.msg', 'IPM.Note', 'Subject', '', []],
  ['test_attachAndInline.msg', 'IPM.Note', 'Attach and inline', '', ['attach.png', 'image001.png']],
  ['test_attachmentFiles.msg', 'IPM.Note', 'attachmentFiles', 'hmailuser@hmailserver.test', ['jpg.jpg', 'png.png', 'tif.tif']],
  ['test_attachmentsOrder.msg', 'IPM.Note', 'Attachments order', '', ['A.docx', 'B.docx', 'C.docx', 'D.docx']],
  ['test_contactAnsi.msg', 'IPM.Contact', 'コム ドット イグザンプル 殿', 'xmailuser@xmailserver.test', []],
  ['test_contactUnicode.msg', 'IPM.Contact', 'コム ドット イグザンプル 殿', 'xmailuser@xmailserver.test', []],
  ['test_htmlLink.msg', 'IPM.Note', 'htmlLink', '', []],
  ['test_htmlLink2.msg', 'IPM.Note', 'htmlLink2', '', []],
  ['test_longerFat.msg', 'IPM.Note', 'Has Has 64KB bin.msg', '', ['Has 64KB.bin']],
  ['test_msgInMsg.msg', 'IPM.Note', 'I have attachments!', '', ['Microsoft Outlook テスト メッセージ', 'green.png']],
  ['test_msgInMsgInMsg.msg', 'IPM.Note', 'I have sub attachments!', '', ['I have attachments!', 'blue.png']],
  ['test_newOutlook_Microsoft_Outlook_test.msg', 'IPM.Note', 'Microsoft Outlook テスト メッセージ', 'ku@digitaldolphins.jp', []],
  ['test_nonUnicodeCP932.msg', 'IPM.Note', '日本語 Non Unicode タイトル', '', []],
  ['test_nonUnicodeMail.msg', 'IPM.Note', 'Non Unicode mail subject', '', []],
  ['test_sent.msg', 'IPM.Note', 'Sent time', 'xmailuser@xmailserver.test', []],
  ['test_sent2.msg', 'IPM.Note', 'Sending test', 'UnoKenji', []],
  ['test_test1.msg', 'IPM.Note', 'title', '', []],
  ['test_test2.msg', 'IPM.Note', '', '', ['A.txt']],
  // The file's PidTagSubject stream holds these code units (msgreader reads the same).
  ['test_unicode1.msg', 'IPM.Note', '畑㵲応ｲ瑤㵨㠱', '', []],
  ['test_voteItems.msg', 'IPM.Note', '3 vote items: はい;いいえ;たぶん', 'xmailuser@xmailserver.test', []],
  ['test_voteNo.msg', 'IPM.Note', 'いいえ: 3 vote items: はい;いいえ;たぶん', 'xmailuser@xmailserver.test', []],
  ['test_voteYes.msg', 'IPM.Note', 'はい: 3 vote items: はい;いいえ;たぶん', 'xmailuser@xmailserver.test', []],
];

// Tagged `corpora`: skipped where ../shared/corpora is not beside the project (the fixtures and
// built items above still run), and counted in the summary's one line.
describe('the 43 Outlook items of ../shared/corpora/outlook-msgreader', { tags: ['corpora'] }, () => {
  it('the table covers every file there', () => {
    expect(readdirSync(OUTLOOK).filter((f) => f.endsWith('.msg')).sort()).toEqual(CORPUS.map((r) => r[0]).sort());
  });

  it.each(CORPUS)('%s: %s, subject, sender and attachments', async (file, cls, subject, from, attachments) => {
    const a = await analyze(read(join(OUTLOOK, file)));
    expect(a.ok, a.error).toBe(true);
    expect(a.verdict).toBe('plain');
    expect(a.message.outlook?.messageClass).toBe(cls);
    expect(a.message.subject ?? '').toBe(subject);
    expect(fromOf(a)).toBe(from);
    expect(attachmentNames(a)).toEqual(attachments);
    expect(a.defects.filter((d) => /failed|damaged/.test(d))).toEqual([]);
  });

  it('200 recipients are all read, in order', async () => {
    const a = await analyze(read(join(OUTLOOK, 'test_200_recipients.msg')));
    expect(a.message.to).toHaveLength(200);
    expect(a.message.to[0].address).toBe('xmailuser1@xmailserver.test');
    expect(a.message.to[199].address).toBe('xmailuser200@xmailserver.test');
  });

  it('embedded messages nest as attached messages, three deep (P.1 paths)', async () => {
    const bytes = read(join(OUTLOOK, 'test_msgInMsgInMsg.msg'));
    const msg = parseMessage(bytes);
    const roots = msg.nodes.filter((n) => n.attached);
    expect(roots.map((n) => [n.path, getHeader(n.headers, 'subject')?.value])).toEqual([
      ['1.2.1', 'I have attachments!'],
      ['1.2.1.2.1', 'Microsoft Outlook テスト メッセージ'],
    ]);
    expect(msg.nodes.find((n) => n.path === '1.2.1.3')?.filename).toBe('green.png');
  });

  it('an .eml attached by value is an attached message; an embedded one too', async () => {
    const sent = parseMessage(read(join(OUTLOOK, 'test_Attach_sample_eml_sent.msg')));
    const received = parseMessage(read(join(OUTLOOK, 'test_Attach_sample_eml_received.msg')));
    for (const m of [sent, received]) expect(getHeader(m.nodes.find((n) => n.path === '1.2.1')!.headers, 'subject')?.value).toBe('sample');
  });

  it('an HTML-only item keeps its HTML body', async () => {
    const bytes = read(join(OUTLOOK, 'test_newOutlook_Microsoft_Outlook_test.msg'));
    const root = nodeAt(bytes, '1');
    expect(root.contentType).toBe('text/html');
    expect(readText(root)).toMatch(/^<meta http-equiv="Content-Type"/);
  });

  it('explains an appointment as an Outlook item that is not an email', async () => {
    const a = await analyze(read(join(OUTLOOK, 'test_A_schedule.msg')), { lang: 'es' });
    const what = a.explanation.sections.find((s) => s.id === 'what')!.text;
    expect(what).toContain('IPM.Appointment');
    expect(what).toMatch(/Outlook \(\.msg\)/);
  });
});

// ---------------------------------------------------------------------------------------------
// Items built at test time
// ---------------------------------------------------------------------------------------------

describe('built items: properties, strings and structure', () => {
  it('rebuilds the headers from the properties when Outlook kept none', async () => {
    const msg = writeMsg({
      subject: 'Order 1234 "late"',
      senderName: 'Ann O\'Neil "AO"',
      senderEmail: 'ann@example.com',
      sentRepresentingName: 'Sales',
      sentRepresentingEmail: 'sales@example.com',
      recipients: [
        { name: 'Bob', address: 'bob@example.net' },
        { type: 2, name: 'Carol', address: '/o=Org/ou=Exchange/cn=Recipients/cn=carol', addressType: 'EX', smtp: 'carol@example.org' },
        { type: 3, name: 'Dan', address: 'dan@example.org' },
      ],
      date: new Date('2025-01-02T03:04:05Z'),
      messageId: '<m1@example.com>',
      inReplyTo: '<m0@example.com>',
      references: '<r1@example.com> <m0@example.com>',
      body: 'Where is my order?\r\nAnn',
      html: '<p>Where is my order?</p>',
    });
    const a = await analyze(msg);
    expect(a.ok).toBe(true);
    expect(a.message.outlook).toEqual({ messageClass: 'IPM.Note', headers: 'properties' });
    expect(a.message.subject).toBe('Order 1234 "late"');
    expect(a.message.from).toEqual([{ name: 'Sales', address: 'sales@example.com', domain: 'example.com' }]);
    expect(a.message.headers.find((h) => h.key === 'sender')?.value).toBe('"Ann O\'Neil \\"AO\\"" <ann@example.com>');
    expect(a.message.to.map((m) => m.address)).toEqual(['bob@example.net']);
    expect(a.message.cc.map((m) => m.address)).toEqual(['carol@example.org']);
    expect(a.message.headers.find((h) => h.key === 'bcc')?.value).toBe('"Dan" <dan@example.org>');
    expect(a.message.date).toBe('Thu, 02 Jan 2025 03:04:05 +0000');
    expect(a.threading).toMatchObject({ messageId: 'm1@example.com', inReplyTo: 'm0@example.com', references: ['r1@example.com', 'm0@example.com'] });
    expect(a.message.parts.map((p) => `${p.path} ${p.contentType}`)).toEqual(['1 multipart/alternative', '1.1 text/plain', '1.2 text/html']);
    expect(readText(nodeAt(msg, '1.1'))).toBe('Where is my order?\r\nAnn');
    expect(a.explanation.sections.find((s) => s.id === 'what')!.text).toMatch(/did not keep its mail headers/);
  });

  it('uses the transport headers as the header block, with the outline’s Content-Type', async () => {
    const transport = [
      'Received: from mx.example.org (mx.example.org [192.0.2.1]) by mail.example.net with ESMTPS id abc (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384); Mon, 3 Mar 2025 10:00:00 +0000',
      'From: Ann <ann@example.org>',
      'To: support@example.net',
      'Subject: =?utf-8?q?Caf=C3=A9?=',
      'Message-ID: <t1@example.org>',
      'Content-Type: multipart/alternative; boundary="xyz"',
      '',
      '',
    ].join('\r\n');
    const a = await analyze(writeMsg({ subject: 'ignored', transportHeaders: transport, body: 'hello' }));
    expect(a.message.outlook?.headers).toBe('transport');
    expect(a.message.subject).toBe('Café');
    expect(a.transport.hops).toHaveLength(1);
    expect(a.transport.hops[0]).toMatchObject({ by: 'mail.example.net', tls: true });
    expect(a.message.headers.filter((h) => h.key === 'content-type').map((h) => h.value)).toEqual(['text/plain; charset="utf-8"']);
  });

  it('reads 8-bit strings in the item’s code page (1252 and 932)', async () => {
    const w = await analyze(writeMsg({ ansi: true, codepage: 1252, subject: 'Résumé für Zoë', senderName: 'Zoë', senderEmail: 'zoe@example.com', body: 'Grüße' }));
    expect(w.message.subject).toBe('Résumé für Zoë');
    expect(w.message.from[0]).toMatchObject({ name: 'Zoë', address: 'zoe@example.com' });
    const j = writeMsg({ ansi: true, codepage: 932, subject: '請求書のご確認', body: '本文です' });
    const a = await analyze(j);
    expect(a.message.subject).toBe('請求書のご確認');
    expect(readText(nodeAt(j, '1'))).toBe('本文です');
  });

  it('reads Unicode strings outside the Basic Multilingual Plane', async () => {
    const a = await analyze(writeMsg({ subject: 'Invoice 📎 ready — 𝒳', body: 'ok' }));
    expect(a.message.subject).toBe('Invoice 📎 ready — 𝒳');
  });

  it('version 4 files (4096-byte sectors) and files big enough for DIFAT sectors', async () => {
    const big = new Uint8Array(8_000_000).map((_, i) => (i * 7) & 0xff);
    for (const version of [3, 4] as const) {
      const bytes = writeMsg({ subject: `v${version}`, body: 'x', attachments: [{ name: 'big.bin', data: big }, { name: 'small.txt', data: new TextEncoder().encode('small') }] }, { version });
      const a = await analyze(bytes);
      expect(a.message.subject).toBe(`v${version}`);
      expect(a.message.parts.find((p) => p.filename === 'big.bin')?.size).toBe(big.length);
      expect(a.defects).toEqual([]);
      const node = nodeAt(bytes, '1.2');
      expect(Buffer.compare(node.src.subarray(node.bodyStart, node.bodyEnd), big)).toBe(0);
    }
  }, 30_000);

  it('an attachment without data (by reference) or an OLE object is listed, with no bytes', async () => {
    const a = await analyze(writeMsg({ subject: 'refs', body: 'x', attachments: [{ name: 'link.docx', method: 2 }, { name: 'ole', method: 6 }] }));
    expect(a.message.parts.filter((p) => p.filename).map((p) => [p.filename, p.size])).toEqual([
      ['link.docx', 0],
      ['ole', 0],
    ]);
  });

  it('a body kept only as compressed RTF is said to be unread', async () => {
    const a = await analyze(writeMsg({ subject: 'rtf', rtfOnly: true }));
    expect(a.ok).toBe(true);
    expect(a.defects).toEqual([expect.stringMatching(/^outlook-rtf-body-not-read/)]);
  });
});

describe('built S/MIME items (openssl, random keys)', () => {
  let pki: Pki;
  let ca: Identity;
  let alice: Identity;
  let bob: Identity;
  let carol: Identity;
  beforeAll(() => {
    pki = tempPki();
    ca = makeCa(pki);
    alice = makeUser(pki, ca);
    bob = makeUser(pki, ca, { emailInDn: true });
    carol = makeUser(pki, ca, { type: 'ec' });
  }, 60_000);
  afterAll(() => pki?.cleanup());

  it('IPM.Note.SMIME: encrypted, recipients by issuer and serial exactly as openssl prints them', async () => {
    const built = encryptedItem(pki, [alice, bob, carol]);
    expect(built.recipients).toHaveLength(3);
    const a = await analyze(built.msg);
    expect(a.ok).toBe(true);
    expect(a.verdict).toBe('smime-encrypted');
    expect(a.message.outlook).toEqual({ messageClass: 'IPM.Note.SMIME', headers: 'properties' });
    expect(a.protection).toHaveLength(1);
    const l = a.protection[0];
    expect(l).toMatchObject({ scheme: 'smime', kind: 'encrypted', part: '1', format: 'enveloped-data', algorithm: 'AES-256-CBC' });
    expect(unordered(l.recipients)).toEqual(unordered(built.recipients));
    // And they are the certificates we encrypted to.
    expect(unordered(l.recipients)).toEqual(unordered([alice, bob, carol].map((u) => ({ issuer: u.issuer, serial: u.serial }))));
    expect(a.message.subject).toBe('Contract');
  });

  it('IPM.Note.SMIME with -keyid: recipients by subject key identifier, as openssl prints them', async () => {
    const built = encryptedItem(pki, [alice, carol], { keyid: true, cipher: '-aes128' });
    const a = await analyze(built.msg);
    expect(a.verdict).toBe('smime-encrypted');
    expect(built.recipients.every((r) => 'subjectKeyId' in r)).toBe(true);
    expect(unordered(a.protection[0].recipients)).toEqual(unordered(built.recipients));
    expect(unordered(a.protection[0].recipients)).toEqual(unordered([alice, carol].map((u) => ({ subjectKeyId: u.subjectKeyId }))));
  });

  it('"encrypted to you" works as for S/MIME mail', async () => {
    const built = encryptedItem(pki, [alice, bob]);
    const a = await analyze(built.msg, { own: { certificates: [{ issuer: bob.issuer, serial: bob.serial }] } });
    expect(a.protection[0].recipients!.filter((r) => r.mine)).toEqual([{ issuer: bob.issuer, serial: bob.serial, mine: true }]);
  });

  it('IPM.Note.SMIME.MultipartSigned: signed, the signature checked over the stored entity', async () => {
    const built = signedItem(pki, alice, { item: { senderEmail: alice.email } });
    const a = await analyze(built.msg);
    expect(a.verdict).toBe('smime-signed');
    const l = a.protection[0];
    expect(l).toMatchObject({ scheme: 'smime', kind: 'signed', part: '1', format: 'detached-signed', integrity: { status: 'intact' } });
    expect(l.signer).toMatchObject({ email: alice.email, issuer: alice.issuer, serial: alice.serial, matchesFrom: true });
    expect(a.message.parts.map((p) => `${p.path} ${p.contentType}`)).toEqual(['1 multipart/signed', '1.1 text/plain', '1.2 application/pkcs7-signature']);
    expect(a.message.outlook?.messageClass).toBe('IPM.Note.SMIME.MultipartSigned');
  });

  it('IPM.Note.SMIME.MultipartSigned whose content was changed after signing: altered', async () => {
    const a = await analyze(signedItem(pki, bob, { tamper: true }).msg);
    expect(a.verdict).toBe('smime-signed');
    expect(a.protection[0].integrity?.status).toBe('altered');
  });

  it('IPM.Note.SMIME holding an opaque signature is signed, not encrypted', async () => {
    const a = await analyze(opaqueSignedItem(pki, carol).msg);
    expect(a.verdict).toBe('smime-signed');
    expect(a.protection[0]).toMatchObject({ kind: 'signed', format: 'opaque-signed', integrity: { status: 'intact' } });
  });

  it('an embedded message (attach method 5) holding an encrypted item: an attached, encrypted message', async () => {
    const inner = encryptedItem(pki, [alice, carol], { keyid: true });
    const p7m = { name: 'smime.p7m', mimeTag: 'application/pkcs7-mime', data: inner.p7m };
    const outer = writeMsg({
      subject: 'FW: Contract',
      senderName: 'Colleague',
      senderEmail: 'colleague@example.net',
      body: 'See the attached message; I cannot open it.',
      attachments: [{ name: 'Contract', embedded: { messageClass: 'IPM.Note.SMIME', subject: 'Contract', senderEmail: 'alice@example.org', attachments: [p7m] } }],
    });
    const a = await analyze(outer);
    expect(a.verdict).toBe('smime-encrypted');
    expect(a.protection).toHaveLength(1);
    expect(a.protection[0]).toMatchObject({ scheme: 'smime', kind: 'encrypted', part: '1.2.1', attached: true });
    expect(unordered(a.protection[0].recipients)).toEqual(unordered(inner.recipients));
    expect(a.explanation.headline).toMatch(/attached/);
    expect(a.message.parts.find((p) => p.path === '1.2.1')?.outlook).toEqual({ messageClass: 'IPM.Note.SMIME', headers: 'properties' });
  });

  it('an email with a .msg attached (application/vnd.ms-outlook): the item is an attached message', async () => {
    const inner = encryptedItem(pki, [bob, alice]);
    const raw = [
      'From: Colleague <colleague@example.net>',
      'To: support@example.net',
      'Subject: FW: Contract',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Forwarded from Outlook.',
      '--b1',
      'Content-Type: application/vnd.ms-outlook; name="Contract.msg"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="Contract.msg"',
      '',
      base64Lines(inner.msg),
      '--b1--',
      '',
    ].join('\r\n');
    const a = await analyze(raw);
    expect(a.verdict).toBe('smime-encrypted');
    expect(a.protection[0]).toMatchObject({ part: '1.2.1', attached: true, kind: 'encrypted' });
    expect(unordered(a.protection[0].recipients)).toEqual(unordered(inner.recipients));
    expect(a.message.parts.find((p) => p.path === '1.2')).toMatchObject({ contentType: 'application/vnd.ms-outlook', children: 1 });
    // The outer message is the one delivered: its headers, not the item's, are the header block.
    expect(a.message.outlook).toBeUndefined();
    expect(a.message.subject).toBe('FW: Contract');

    // Labelled only by its name (a gateway's application/octet-stream): the same.
    const octet = raw.replace('application/vnd.ms-outlook; name="Contract.msg"', 'application/octet-stream; name="Contract.msg"');
    const b = await analyze(octet);
    expect(b.protection[0]).toMatchObject({ part: '1.2.1', attached: true, kind: 'encrypted' });
  });

  it('a signed item attached to an email keeps its signature check', async () => {
    const inner = signedItem(pki, carol);
    const raw = `From: x@example.net\r\nTo: y@example.net\r\nSubject: fwd\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/vnd.ms-outlook\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(inner.msg)}\r\n--b--\r\n`;
    const a = await analyze(raw);
    expect(a.protection[0]).toMatchObject({ kind: 'signed', part: '1.2.1', attached: true, integrity: { status: 'intact' } });
  });

  it('an .msg attached by value inside an .msg (a file, not an embedded message)', async () => {
    const inner = encryptedItem(pki, [alice]);
    const a = await analyze(writeMsg({ subject: 'outer', body: 'x', attachments: [{ name: 'inner.msg', data: inner.msg }] }));
    expect(a.protection[0]).toMatchObject({ part: '1.2.1', attached: true, kind: 'encrypted', recipients: inner.recipients });
  });

  it('an IPM.Note.SMIME item without its smime.p7m says so and reads the rest', async () => {
    const a = await analyze(writeMsg({ messageClass: 'IPM.Note.SMIME', subject: 'lost', body: 'no attachment' }));
    expect(a.ok).toBe(true);
    expect(a.verdict).toBe('plain');
    expect(a.defects).toEqual([expect.stringMatching(/^outlook-smime-without-p7m/)]);
  });
});
