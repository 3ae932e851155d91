// Folders are searched by content, not by name: Maildir and MH folders, Thunderbird's extensionless
// mbox files, MimeKit's .msg RFC 822 files, names like alice@example.uy, an Outlook item without its
// extension. Anything else is skipped without an error line and counted in the summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { analyze } from '../../src/core';
import { expandInputs, isMessageCandidate, SNIFF_BYTES } from '../../src/cli/inputs';
import { corpusFiles } from '../support/corpus-files';
import { CORPORA } from '../support/paths';
import { runCli } from '../support/run-cli';

let dir: string;
const rand = () => Math.random().toString(36).slice(2, 10);
const msg = (subject: string, extra = '') =>
  `Return-Path: <${rand()}@example.com>\nFrom: ${rand()}@example.com\nTo: help@example.net\nSubject: ${subject}\nMessage-ID: <${rand()}@example.com>\n${extra}\n${rand()} body\n`;
const SEP = 'From MAILER-DAEMON Mon Jan  1 00:00:00 2024\n';
/** Maildir's unique names (cr.yp.to/proto/maildir.html): time.M<usec>P<pid>.host, then ",S=size:2,flags" in cur/. */
const maildirName = (n: number, cur: boolean) => `17000000${n}.M${100 + n}P${4000 + n}.mail.example.org${cur ? `,S=${300 + n}:2,S` : ''}`;

/**
 * A minimal Compound File (MS-CFB v3, 512-byte sectors) whose directory names Outlook's streams, as
 * an Outlook .msg item's does; its content is beside the point here (analyze() reads .msg items).
 */
function compoundFile(streams: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18); // minor version
  header.writeUInt16LE(3, 0x1a); // major version 3
  header.writeUInt16LE(0xfffe, 0x1c); // little-endian
  header.writeUInt16LE(9, 0x1e); // 512-byte sectors
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector
  header.writeUInt32LE(1, 0x30); // directory at sector 1
  header.writeUInt32LE(0x1000, 0x38);
  header.writeUInt32LE(0xfffffffe, 0x3c);
  header.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0: FAT
  fat.writeUInt32LE(0xfffffffe, 4); // sector 1: directory, end of chain
  const dirSector = Buffer.alloc(512);
  ['Root Entry', ...streams].slice(0, 4).forEach((name, i) => {
    const e = dirSector.subarray(i * 128, (i + 1) * 128);
    const n = Buffer.from(`${name}\0`, 'utf16le');
    n.copy(e, 0);
    e.writeUInt16LE(n.length, 64);
    e[66] = i === 0 ? 5 : 2;
  });
  return Buffer.concat([header, fat, dirSector]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'veil-walk-'));
  // ~/Maildir with a Maildir++ subfolder (.Sent), Dovecot's index files and a message still in tmp/.
  const md = join(dir, 'Maildir');
  for (const f of ['', '.Sent']) for (const s of ['cur', 'new', 'tmp']) mkdirSync(join(md, f, s), { recursive: true });
  writeFileSync(join(md, 'cur', maildirName(1, true)), msg('maildir cur 1'));
  writeFileSync(join(md, 'cur', maildirName(2, true)), msg('maildir cur 2'));
  writeFileSync(join(md, 'new', maildirName(3, false)), msg('maildir new 3'));
  writeFileSync(join(md, '.Sent', 'cur', maildirName(4, true)), msg('maildir sent 4'));
  writeFileSync(join(md, 'tmp', maildirName(5, false)), msg('being delivered'));
  writeFileSync(join(md, 'dovecot-uidlist'), '3 V1700000000 N4 G0123456789abcdef\n1 :1700000001.M101P4001.mail.example.org\n');
  writeFileSync(join(md, 'dovecot.index.cache'), Buffer.from([0x02, 0x00, 0x00, 0x00, 0xff, 0x10, 0, 0, 0, 0, 0x7f]));
  writeFileSync(join(md, 'subscriptions'), 'Sent\n');
  writeFileSync(join(md, '.Sent', 'maildirfolder'), '');

  // A folder of oddly named files.
  const odd = join(dir, 'odd');
  mkdirSync(odd);
  writeFileSync(join(odd, '1'), msg('mh one')); // MH numbered messages
  writeFileSync(join(odd, '2'), msg('mh two'));
  writeFileSync(join(odd, '.mh_sequences'), 'unseen: 2\n');
  writeFileSync(join(odd, 'Inbox'), `${SEP}${msg('tb one')}\n${SEP}${msg('tb two')}\n${SEP}${msg('tb three')}`); // Thunderbird mbox
  writeFileSync(join(odd, 'Inbox.msf'), '// <!-- <mdb:mork:z v="1.4"/> -->\n< <(a=c)> // (f=iso-8859-1)\n');
  writeFileSync(join(odd, 'alice@example.uy'), msg('named after its sender'));
  writeFileSync(join(odd, 'reply.msg'), msg('MimeKit RFC 822 .msg')); // MimeKit writes messages as .msg
  writeFileSync(join(odd, 'outlook-item'), compoundFile(['__substg1.0_0037001F', '__properties_version1.0', '__nameid_version1.0'])); // no extension
  writeFileSync(join(odd, 'report.doc'), compoundFile(['WordDocument', '\u0005SummaryInformation'])); // a CFB that is not mail
  writeFileSync(join(odd, 'auth-fragment'), 'Authentication-Results: mx.example.net; dkim=pass header.d=example.com\nFrom: a@example.com\nTo: b@example.net\n');
  // An .eml that starts with an mbox line and carries an inline `git format-patch` further down.
  const patch = `${SEP}${msg('[PATCH] fix', 'MIME-Version: 1.0\n')}\nSee the patch:\n\nFrom 1a2b3c4d5e6f Mon Sep 17 00:00:00 2001\nFrom: Dev <dev@example.org>\nSubject: [PATCH] x\n\n---\n a | 1 +\n`;
  writeFileSync(join(odd, 'patch.eml'), patch);
  writeFileSync(join(odd, 'notes.txt'), 'Shopping list\nmilk\n');
  writeFileSync(join(odd, 'settings.yaml'), 'name: veil\nversion: 1\n');
  writeFileSync(join(odd, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]));
  writeFileSync(join(odd, 'empty.eml'), '');
  // Sparse files: 1 GiB of zeros is not mail, and is decided from its first bytes, not read.
  writeFileSync(join(odd, 'zeros.bin'), '');
  truncateSync(join(odd, 'zeros.bin'), 1024 ** 3);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const found = (root: string) => [...expandInputs([root])].filter((i) => !i.skipped).map((i) => relative(root, i.file));
const skippedIn = (root: string) => [...expandInputs([root])].filter((i) => i.skipped).map((i) => relative(root, i.file));

describe('a folder walk reads files by content', () => {
  it('Maildir: every message in cur/ and new/ (and of its Maildir++ subfolders), nothing in tmp/', () => {
    const md = join(dir, 'Maildir');
    expect(found(md)).toEqual([
      join('.Sent/cur', maildirName(4, true)),
      join('cur', maildirName(1, true)),
      join('cur', maildirName(2, true)),
      join('new', maildirName(3, false)),
    ]);
    expect(skippedIn(md)).toEqual(['.Sent/maildirfolder', 'dovecot-uidlist', 'dovecot.index.cache', 'subscriptions']);
  });

  it('odd names: MH, Thunderbird mbox, alice@example.uy, .msg (RFC 822 and Outlook), a header fragment', () => {
    const odd = join(dir, 'odd');
    expect(found(odd)).toEqual(['1', '2', 'Inbox#1', 'Inbox#2', 'Inbox#3', 'alice@example.uy', 'auth-fragment', 'outlook-item', 'patch.eml', 'reply.msg']);
    expect(skippedIn(odd)).toEqual(['.mh_sequences', 'Inbox.msf', 'empty.eml', 'notes.txt', 'photo.jpg', 'report.doc', 'settings.yaml', 'zeros.bin']);
  });

  it('an .eml is one message even when it starts with "From " and quotes a patch\'s "From " line', async () => {
    const items = [...expandInputs([join(dir, 'odd/patch.eml')])];
    expect(items).toHaveLength(1);
    expect(Buffer.from(items[0].raw!).equals(readFileSync(join(dir, 'odd/patch.eml')))).toBe(true);
    const a = await analyze(items[0].raw!);
    expect(a.ok).toBe(true);
    expect(a.message.subject).toBe('[PATCH] fix');
  });

  it('the CLI: one answer per message, no error line for the skipped files, and the summary counts them', async () => {
    const r = await runCli(['--json', join(dir, 'Maildir'), join(dir, 'odd')]);
    const lines = r.json();
    const subjects = lines.filter((o: { ok: boolean }) => o.ok).map((o: { message: { subject: string } }) => o.message.subject);
    expect(subjects).toEqual(expect.arrayContaining(['maildir cur 1', 'maildir cur 2', 'maildir new 3', 'maildir sent 4', 'mh one', 'mh two', 'tb one', 'tb two', 'tb three', 'named after its sender', 'MimeKit RFC 822 .msg', '[PATCH] fix']));
    expect(subjects).not.toContain('being delivered');
    // Only the Outlook item may fail (until the core reads .msg items); nothing skipped is reported.
    for (const o of lines.filter((x: { ok: boolean }) => !x.ok)) expect(o.file).toBe(join(dir, 'odd/outlook-item'));
    const text = await runCli([join(dir, 'Maildir'), join(dir, 'odd')]);
    expect(text.out).not.toMatch(/notes\.txt|photo\.jpg|zeros\.bin|dovecot/);
    expect(text.err).toMatch(/ of 14 messages analyzed(, 1 failed)?; 12 files skipped \(not mail\)\n$/);
    const es = await runCli(['--lang', 'es', join(dir, 'Maildir')]);
    expect(es.err).toBe('4 de 4 mensajes analizados; 4 archivos omitidos (no son correo)\n');
  });

  it('a folder with no mail at all: one clear line, in the reader\'s language', async () => {
    const none = join(dir, 'none');
    mkdirSync(none);
    writeFileSync(join(none, 'readme.md'), '# nothing here\n');
    const r = await runCli(['--json', none]);
    expect(r.code).toBe(1);
    expect(r.json()[0].error).toBe('no mail found in this directory (1 file that is not mail)');
    // The JSON `error` keeps its English wording; the explanation's evidence is in the reader's language.
    const [es] = (await runCli(['--json', '--lang', 'es', none])).json();
    expect(es.error).toBe('no mail found in this directory (1 file that is not mail)');
    expect(JSON.stringify(es.explanation)).toContain('no se encontró correo en esta carpeta (1 archivo que no es correo)');
    const text = await runCli(['--lang', 'es', none]);
    expect(text.out).toMatch(/No se encontraron mensajes de correo aquí\./);
    expect(text.err).toBe('0 de 1 mensaje analizado, 1 falló; 1 archivo omitido (no es correo)\n');
  });
});

describe('the sniff reads only the first bytes', () => {
  it('decides on the head alone: a long header section is judged on its start', () => {
    const long = Buffer.from(`Received: from a by b\n${'X-Long: ' + 'x'.repeat(SNIFF_BYTES * 2)}\nSubject: late\n\nbody`);
    expect(isMessageCandidate(new Uint8Array(long.subarray(0, SNIFF_BYTES)), 'm')).toBe(true);
    expect(isMessageCandidate(new Uint8Array(Buffer.from('key: value\nother: thing\n\ntext')), 'config')).toBe(false);
    expect(isMessageCandidate(new Uint8Array(Buffer.from(' folded: first\nFrom: a@b\n')), 'x')).toBe(false);
  });
});

describe('the corpora walk', { tags: ['corpora'] }, () => {
  it('finds every corpus message analyze() reads, and every Outlook item', async () => {
    const answers = [...expandInputs([CORPORA])];
    const yielded = new Set(answers.filter((i) => !i.skipped).map((i) => i.file.replace(/#\d+$/, '')));
    const missed: string[] = [];
    let messages = 0;
    for (const f of corpusFiles()) {
      const a = await analyze(new Uint8Array(readFileSync(f)));
      if (a.ok || f.endsWith('.msg')) {
        messages++;
        if (!yielded.has(f)) missed.push(relative(CORPORA, f));
      }
    }
    const files = answers.filter((i) => !i.skipped).length;
    console.log(`corpora walk: ${files} answers, ${answers.filter((i) => i.skipped).length} files skipped; ${messages} messages analyze() reads`);
    expect(missed).toEqual([]);
    expect(messages).toBeGreaterThan(1050);
    expect(files).toBeGreaterThanOrEqual(messages);
  }, 120_000);
});
