/**
 * Turns the paths given on the command line into messages: an .eml file is one message, an mbox
 * file is every message in it, a directory is every mail-like file below it. Every problem becomes
 * an `InputItem` with an error, so the run goes on and the failure is still printed.
 */
import { readdirSync, readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { extname, join } from 'node:path';

export interface InputItem {
  /** The path as given; "#N" appended for the Nth message of an mbox (1-based). */
  file: string;
  raw?: Uint8Array;
  error?: string;
}

/** Files bigger than this are refused before reading (the core's own limit is lower still). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const MAIL_EXTENSIONS = new Set(['.eml', '.mbox', '.mbx', '.email', '.txt', '.msg822']);

/** Sniffs the first bytes: does this look like a message (header lines) or an mbox ("From " line)? */
export function looksLikeMail(head: Uint8Array): boolean {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
  if (text.startsWith('From ')) return true;
  const lines = text.split(/\r?\n/).slice(0, 20);
  let fields = 0;
  for (const line of lines) {
    if (line === '') break;
    if (/^[!-9;-~]+:/.test(line)) fields++;
    else if (!/^[ \t]/.test(line)) return false;
  }
  return fields >= 2;
}

function readHead(path: string, n = 4096): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** An mbox starts with a "From " separator line (RFC 4155). */
export function isMbox(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && bytes[0] === 70 && bytes[1] === 114 && bytes[2] === 111 && bytes[3] === 109 && bytes[4] === 32;
}

/**
 * Splits an mbox (RFC 4155): a message starts at each "From " line that begins the file or follows
 * an empty line. ">From " quoting (mboxrd) is undone. The separator line itself is dropped.
 */
export function splitMbox(bytes: Uint8Array): Uint8Array[] {
  // Buffer's 'latin1' is true ISO-8859-1 (one byte, one char, both ways); TextDecoder's is Windows-1252.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const starts: number[] = [];
  const re = /(^|\n\r?\n)From [^\n]*\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    starts.push(m.index + m[1].length);
    re.lastIndex = m.index + m[0].length;
  }
  const out: Uint8Array[] = [];
  starts.forEach((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : bytes.length;
    const lineEnd = text.indexOf('\n', s) + 1;
    let chunk = text.slice(lineEnd, end);
    chunk = chunk.replace(/^>(>*From )/gm, '$1');
    out.push(new Uint8Array(Buffer.from(chunk, 'latin1')));
  });
  return out;
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied: the file cannot be read';
  if (e?.code === 'EISDIR') return 'is a directory';
  return e?.message ?? String(err);
}

function fileItems(path: string, label: string): InputItem[] {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    return [{ file: label, error: errorText(err) }];
  }
  if (size > MAX_FILE_BYTES) return [{ file: label, error: `file too large (${size} bytes; the limit is ${MAX_FILE_BYTES})` }];
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (err) {
    return [{ file: label, error: errorText(err) }];
  }
  if (bytes.length === 0) return [{ file: label, error: 'empty file: there is no message to analyze' }];
  if (isMbox(bytes)) {
    const messages = splitMbox(bytes).filter((m) => m.some((b) => b !== 10 && b !== 13 && b !== 32));
    if (!messages.length) return [{ file: label, error: 'empty mbox: no messages in it' }];
    return messages.map((raw, i) => ({ file: `${label}#${i + 1}`, raw }));
  }
  return [{ file: label, raw: bytes }];
}

function walk(dir: string, out: string[], depth = 0): void {
  if (depth > 32) return;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out, depth + 1);
    else if (e.isFile()) {
      const ext = extname(e.name).toLowerCase();
      if (MAIL_EXTENSIONS.has(ext)) out.push(p);
      else if (ext === '') {
        try {
          if (looksLikeMail(readHead(p))) out.push(p);
        } catch {
          // unreadable extensionless file: not considered mail
        }
      }
    }
  }
}

/** Expands every path into messages, in order; a directory's files are sorted by name. */
export function* expandInputs(paths: string[]): Generator<InputItem> {
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      yield { file: p, error: errorText(err) };
      continue;
    }
    if (!isDir) {
      yield* fileItems(p, p);
      continue;
    }
    const files: string[] = [];
    walk(p, files);
    if (!files.length) {
      yield { file: p, error: 'no mail found in this directory (.eml, .mbox, .email, .txt or mail-like files)' };
      continue;
    }
    for (const f of files) yield* fileItems(f, f);
  }
}
