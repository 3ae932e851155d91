// What the CLI reads: only regular files (a FIFO, a socket or a device never blocks the run),
// symlinks followed without looping, lazy walking of big trees, the mbox variants, odd file names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, unlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main';
import { Capture, runCli } from '../support/run-cli';
import { expandInputs, splitMbox } from '../../src/cli/inputs';

const run = runCli;

const msg = (n: number | string, body = 'hello') =>
  `From: a${n}@example.com\nTo: b@example.net\nSubject: message ${n}\nMessage-ID: <m${n}@example.com>\n\n${body}\n`;
const SEP = (n: number) => `From a${n}@example.com Mon Jan  1 00:00:0${n % 10} 2024\n`;
const subjects = (r: Awaited<ReturnType<typeof run>>) => r.json().map((o: { message: { subject?: string } }) => o.message.subject);

let dir: string;
let server: Server;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veil-inputs-'));
  execFileSync('mkfifo', [join(dir, 'pipe.eml')]);
  mkdirSync(join(dir, 'tree/sub'), { recursive: true });
  writeFileSync(join(dir, 'tree/sub/a.eml'), msg('a'));
  execFileSync('mkfifo', [join(dir, 'tree/sub/fifo.eml')]);
  execFileSync('mkfifo', [join(dir, 'tree/sub/fifo')]); // extensionless: sniffing it must not block either
  symlinkSync(join(dir, 'tree'), join(dir, 'tree/sub/loop')); // a loop back to the top
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'elsewhere/b.eml'), msg('b'));
  symlinkSync(join(dir, 'elsewhere/b.eml'), join(dir, 'tree/link.eml')); // a symlink to a file
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'tree/linked-dir')); // and to a directory
  symlinkSync(join(dir, 'self.eml'), join(dir, 'self.eml')); // a link to itself
  server = createServer();
  await new Promise<void>((resolve) => server.listen(join(dir, 'sock.eml'), resolve));
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('only regular files are read', () => {
  it('a FIFO, a socket and a device given by path: "not a regular file", no hang', async () => {
    const r = await run(['--json', join(dir, 'pipe.eml'), join(dir, 'sock.eml'), '/dev/null', join(dir, 'self.eml'), join(dir, 'tree/sub/a.eml')]);
    expect(r.code).toBe(1);
    const lines = r.json();
    expect(lines.map((o: { ok: boolean }) => o.ok)).toEqual([false, false, false, false, true]);
    expect(lines[3].error).toBe('too many levels of symbolic links');
    expect(lines[0].error).toMatch(/not a regular file \(a named pipe/);
    expect(lines[1].error).toMatch(/not a regular file \(a socket/);
    expect(lines[2].error).toMatch(/not a regular file \(a device/);
  }, 10_000);

  it('in a tree: symlinks to files and folders are followed, a loop is not, FIFOs are named and skipped', async () => {
    const r = await run(['--json', join(dir, 'tree')]);
    const files = r.json().map((o: { file: string; ok: boolean; error?: string }) => [o.file.slice(dir.length + 1), o.ok, o.error ?? '']);
    expect(files).toEqual([
      ['tree/link.eml', true, ''],
      ['tree/linked-dir/b.eml', true, ''],
      ['tree/sub/a.eml', true, ''],
      ['tree/sub/fifo.eml', false, expect.stringMatching(/not a regular file \(a named pipe/)],
    ]);
  }, 10_000);
});

describe('big trees stream', () => {
  it('yields the first message before reading the rest, and handles 2000 files', async () => {
    const big = join(dir, 'many');
    mkdirSync(big);
    for (let i = 0; i < 2000; i++) writeFileSync(join(big, `m${String(i).padStart(4, '0')}.eml`), msg(i));
    const it = expandInputs([big]);
    const first = it.next().value!;
    expect(first.file).toBe(join(big, 'm0000.eml'));
    unlinkSync(join(big, 'm1999.eml')); // still to come: the walker has not read it yet
    const rest = [...it];
    expect(rest).toHaveLength(1999);
    expect(rest[1998]).toMatchObject({ file: join(big, 'm1999.eml'), error: 'no such file or directory' });
    const r = await run(['--json', big]);
    expect(r.json()).toHaveLength(1999);
  }, 30_000);
});

describe('mbox variants', () => {
  const write = (name: string, text: string | Buffer) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('mboxrd and mboxo quoting is undone one level', async () => {
    const body = '>From the desk of A\n>>From the desk of B\nnot >From here';
    const r = await run(['--json', write('rd.mbox', SEP(1) + msg(1, body) + '\n' + SEP(2) + msg(2))]);
    expect(subjects(r)).toEqual(['message 1', 'message 2']);
    const parts = [...splitMbox(new Uint8Array(Buffer.from(SEP(1) + msg(1, body) + '\n' + SEP(2) + msg(2))))];
    expect(Buffer.from(parts[0]).toString()).toBe(msg(1, 'From the desk of A\n>From the desk of B\nnot >From here'));
  });

  it('a "From " line not after an empty line, or without a timestamp, does not split a message', async () => {
    const body = 'first line\nFrom me to you\n\nFrom the desk of the director\nbye';
    const r = await run(['--json', write('body-from.mbox', SEP(1) + msg(1, body) + '\n' + SEP(2) + msg(2))]);
    expect(subjects(r)).toEqual(['message 1', 'message 2']);
  });

  it('mboxcl2: Content-Length carries a body with an unquoted separator-like line', async () => {
    const body = 'quoted mail below\n\nFrom x@example.com Mon Jan  1 00:00:00 2024\nstill the body';
    const one = msg(1, body).replace('\n\n', `\nContent-Length: ${Buffer.byteLength(body + '\n')}\n\n`);
    const r = await run(['--json', write('cl.mbox', SEP(1) + one + '\n' + SEP(2) + msg(2))]);
    expect(subjects(r)).toEqual(['message 1', 'message 2']);
    // A wrong Content-Length is ignored, and separators decide.
    const bad = msg(1).replace('\n\n', '\nContent-Length: 3\n\n');
    expect(subjects(await run(['--json', write('cl-bad.mbox', SEP(1) + bad + '\n' + SEP(2) + msg(2))]))).toEqual(['message 1', 'message 2']);
  });

  it('CRLF mbox', async () => {
    const text = (SEP(1) + msg(1) + '\n' + SEP(2) + msg(2) + '\n' + SEP(3) + msg(3)).replace(/\n/g, '\r\n');
    const r = await run(['--json', write('crlf.mbox', text)]);
    expect(subjects(r)).toEqual(['message 1', 'message 2', 'message 3']);
    const parts = [...splitMbox(new Uint8Array(Buffer.from(text)))];
    expect(Buffer.from(parts[0]).toString()).toBe(msg(1).replace(/\n/g, '\r\n'));
  });

  it('an mbox whose first message has no separator, or that starts with blank lines', async () => {
    const r = await run(['--json', write('noleading.mbox', msg(1) + '\n' + SEP(2) + msg(2) + '\n' + SEP(3) + msg(3))]);
    expect(r.json().map((o: { file: string }) => o.file.slice(dir.length + 1))).toEqual(['noleading.mbox#1', 'noleading.mbox#2', 'noleading.mbox#3']);
    expect(subjects(r)).toEqual(['message 1', 'message 2', 'message 3']);
    expect(subjects(await run(['--json', write('blank-first.mbox', '\n\n' + SEP(1) + msg(1) + '\n' + SEP(2) + msg(2))]))).toEqual(['message 1', 'message 2']);
    // An .eml is one message even when its body quotes an mbox separator line.
    const eml = await run(['--json', write('quotes.eml', msg(1, 'see below\n\n' + SEP(2) + 'old text'))]);
    expect(eml.json().map((o: { file: string }) => o.file)).toEqual([join(dir, 'quotes.eml')]);
  });

  it('a 200 MB mbox of small messages splits on bytes, fast, without a string copy', () => {
    const one = Buffer.from(SEP(1) + msg(1, 'x'.repeat(800)) + '\n');
    const count = Math.ceil((200 * 1024 * 1024) / one.length);
    const big = Buffer.allocUnsafe(one.length * count);
    for (let i = 0; i < count; i++) one.copy(big, i * one.length);
    const started = Date.now();
    let n = 0;
    let sameBuffer = true;
    for (const m of splitMbox(new Uint8Array(big.buffer, big.byteOffset, big.length))) {
      n++;
      if (m.buffer !== big.buffer) sameBuffer = false;
    }
    expect(n).toBe(count);
    expect(sameBuffer).toBe(true); // views into the file, not copies
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});

describe('odd content and names', () => {
  it('NUL bytes in a message are analyzed, not refused', async () => {
    const r = await run(['--json', join(dir, 'x') && (writeFileSync(join(dir, 'nul.eml'), msg(1, 'a\0b\0c')), join(dir, 'nul.eml'))]);
    expect(r.code).toBe(0);
    expect(r.json()[0].ok).toBe(true);
  });

  it('spaces, newlines, control characters and unicode in names: JSON stays one line, text shows no control bytes', async () => {
    const weird = join(dir, 'we ird\nname\x1b[31m\x07 ñ 📧.eml');
    writeFileSync(weird, msg(1));
    const r = await run(['--json', weird, join(dir, 'tree/sub/a.eml')]);
    const lines = r.out.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]).file).toBe(weird);
    const text = await run([weird]);
    expect(text.out).toContain('ñ 📧.eml');
    // eslint-disable-next-line no-control-regex
    expect(text.out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(text.out).not.toContain('ird\nname');
    expect(text.out).toContain('we ird\\nname\\x1b[31m\\x07 ñ');
  });
});

describe('stdout closed early', () => {
  it('EPIPE on the output ends the run quietly: no exception, no summary', async () => {
    class ClosedPipe extends Writable {
      writes = 0;
      _write(_c: Buffer, _e: string, cb: (e?: Error) => void) {
        this.writes++;
        cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      }
    }
    const out = new ClosedPipe();
    const err = new Capture();
    const code = await main(['--json', join(dir, 'many')], out, err);
    expect(code).toBe(0);
    expect(out.writes).toBeLessThan(50); // it stopped instead of analysing 2000 messages into the void
    expect(err.text).toBe('');
  });
});
