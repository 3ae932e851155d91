// The CLI over real files: exit codes, the JSON Lines contract, mbox and directory expansion, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';
import { ROOT } from '../support/paths';

const run = runCli;

let dir: string;
const PLAIN = 'From: a@example.com\r\nTo: b@example.net\r\nSubject: hi\r\nMessage-ID: <x@example.com>\r\n\r\nhello\r\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'veil-cli-'));
  writeFileSync(join(dir, 'empty.eml'), '');
  writeFileSync(join(dir, 'binary.eml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe, 0, 1]));
  writeFileSync(join(dir, 'plain.eml'), PLAIN);
  writeFileSync(
    join(dir, 'three.mbox'),
    `From a@example.com Mon Jan  1 00:00:00 2024\n${PLAIN.replace(/\r/g, '')}\nFrom b@example.com Mon Jan  1 00:00:00 2024\n${PLAIN.replace(/\r/g, '')}>From the body, quoted\n\nFrom c@example.com Mon Jan  1 00:00:00 2024\n${PLAIN.replace(/\r/g, '')}`,
  );
  mkdirSync(join(dir, 'tree/sub'), { recursive: true });
  writeFileSync(join(dir, 'tree/sub/message'), PLAIN); // extensionless, looks like mail
  writeFileSync(join(dir, 'tree/sub/notes'), 'just some notes\nnot mail\n'); // extensionless, not mail
  writeFileSync(join(dir, 'tree/a.txt'), PLAIN);
  writeFileSync(join(dir, 'tree/image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  mkdirSync(join(dir, 'nomail'));
  writeFileSync(join(dir, 'nomail/readme.md'), '# nothing');
  symlinkSync(join(dir, 'gone.eml'), join(dir, 'dangling.eml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('veil CLI', () => {
  it('prints help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/usage: veil/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--lang', 'fr', 'x.eml'])).code).toBe(2);
    const r = await run(['--bogus', 'x.eml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option --bogus/);
  });

  it('prints one JSON object per message in the contract, and exits 0 when all were analyzed', async () => {
    const r = await run(['--json', join(dir, 'plain.eml'), join(ROOT, 'samples/smime-encrypted.eml')]);
    expect(r.code).toBe(0);
    const lines = r.json();
    expect(lines).toHaveLength(2);
    for (const o of lines) {
      expect(Object.keys(o).slice(0, 8)).toEqual(['file', 'ok', 'protection', 'transport', 'sender', 'threading', 'explanation', 'verdict']);
      expect(o.ok).toBe(true);
      expect(Array.isArray(o.protection)).toBe(true);
      expect(Array.isArray(o.transport.hops)).toBe(true);
      expect(typeof o.sender.masked).toBe('boolean');
      expect(Array.isArray(o.threading.references)).toBe(true);
      expect(['en', 'es']).toContain(o.explanation.lang);
      expect(typeof o.explanation.headline).toBe('string');
      for (const s of o.explanation.sections) {
        expect(typeof s.id).toBe('string');
        expect(typeof s.title).toBe('string');
        expect(typeof s.text).toBe('string');
        expect(Array.isArray(s.evidence)).toBe(true);
      }
    }
    expect(lines[0].file).toBe(join(dir, 'plain.eml'));
    expect(lines[0].threading.messageId).toBe('x@example.com');
    expect(lines[1].protection[0]).toMatchObject({ scheme: 'smime', kind: 'encrypted', part: '1' });
  });

  it('splits an mbox into numbered messages and undoes >From quoting', async () => {
    const r = await run(['--json', join(dir, 'three.mbox')]);
    expect(r.code).toBe(0);
    expect(r.json().map((o: { file: string }) => o.file)).toEqual([1, 2, 3].map((n) => `${join(dir, 'three.mbox')}#${n}`));
  });

  it('walks a directory: .eml/.txt and mail-like extensionless files only', async () => {
    const r = await run(['--json', join(dir, 'tree')]);
    expect(r.code).toBe(0);
    expect(r.json().map((o: { file: string }) => o.file)).toEqual([join(dir, 'tree/a.txt'), join(dir, 'tree/sub/message')]);
  });

  it('bad input: one clear line each, the run goes on, exit 1', async () => {
    const paths = ['empty.eml', 'binary.eml', 'missing.eml', 'dangling.eml', 'nomail', 'plain.eml'].map((p) => join(dir, p));
    const r = await run(['--json', ...paths]);
    expect(r.code).toBe(1);
    const lines = r.json();
    expect(lines.map((o: { ok: boolean }) => o.ok)).toEqual([false, false, false, false, false, true]);
    const errors = lines.slice(0, 5).map((o: { error: string }) => o.error);
    expect(errors[0]).toMatch(/empty/);
    expect(errors[1]).toMatch(/binary|not an e-mail/);
    expect(errors[2]).toMatch(/no such file/);
    expect(errors[3]).toMatch(/no such file/);
    expect(errors[4]).toMatch(/no mail found/);
    for (const o of lines.slice(0, 5)) expect(o.verdict).toBe('error');
    const text = await run(paths);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/empty\.eml  \[Could not read\]\n/);
    expect(text.out).toMatch(/There was nothing to read\./);
    expect(text.out).toMatch(/There is no file or folder at this path\./);
    expect(text.out).toMatch(/No email messages were found here\./);
    expect(text.err).toMatch(/1 of 6 messages analyzed, 5 failed/);
  });

  it('analyzes a 60 MB message without decoding it whole', async () => {
    const big = join(dir, 'big.eml');
    const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n';
    const body = line.repeat(Math.ceil((60 * 1024 * 1024) / line.length));
    writeFileSync(
      big,
      `From: a@example.com\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n--b\r\nContent-Type: application/octet-stream; name=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}--b--\r\n`,
    );
    const started = Date.now();
    const r = await run(['--json', big]);
    expect(r.code).toBe(0);
    const [o] = r.json();
    expect(o.ok).toBe(true);
    expect(o.message.parts.map((p: { path: string }) => p.path)).toEqual(['1', '1.1', '1.2']);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('writes Spanish with --lang es and never colours piped output', async () => {
    const r = await run(['--lang', 'es', join(ROOT, 'samples/smime-opaque-signed.eml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/firmado/);
    expect(r.out).not.toMatch(/\x1b\[/);
  });
});

describe('--authserv-id', () => {
  it('trusts only the results stamped by the named receiving system (RFC 8601 §7.1)', async () => {
    // A forged "pass" added on top by the sender, and the receiver's own "fail" below it, with no
    // Received line to place a boundary: by default the topmost is taken for the receiver's.
    const forged = join(dir, 'forged-auth.eml');
    writeFileSync(
      forged,
      [
        'Authentication-Results: aaa.example; spf=pass smtp.mailfrom=bank.example; dkim=pass header.d=bank.example; dmarc=pass header.from=bank.example',
        'Authentication-Results: mx.desk.example; spf=fail smtp.mailfrom=bank.example; dkim=none; dmarc=fail header.from=bank.example',
        'From: Bank <alerts@bank.example>',
        'To: help@desk.example',
        'Subject: verify your account',
        '',
        'hi',
        '',
      ].join('\r\n'),
    );
    const byDefault = (await run(['--json', forged])).json()[0];
    expect(byDefault.authentication.trustedAuthservId).toBe('aaa.example');
    const named = (await run(['--json', '--authserv-id', 'MX.desk.example', forged])).json()[0];
    expect(named.authentication).toMatchObject({ trustedAuthservId: 'mx.desk.example', spf: 'fail', dmarc: 'fail' });
    const ignored = named.authentication.headers.find((h: { authservId: string }) => h.authservId === 'aaa.example');
    expect(ignored.trusted).toBe(false);
    expect((await run(['--authserv-id'])).code).toBe(2);
  });
});
