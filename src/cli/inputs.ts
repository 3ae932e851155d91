/**
 * Turns the paths given on the command line into messages: an .eml file is one message, an mbox
 * file is every message in it, a directory is every mail-like file below it. Every problem becomes
 * an `InputItem` with an error, so the run goes on and the failure is still printed.
 *
 * Everything is lazy (generators): a tree of thousands of files or an mbox of 200 MB streams out
 * one message at a time instead of being collected first.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { extname, join } from 'node:path';
import { splitMbox, startsLikeMbox } from './mbox';

export { splitMbox } from './mbox';

export interface InputItem {
  /** The path as given; "#N" appended for the Nth message of an mbox (1-based). */
  file: string;
  raw?: Uint8Array;
  error?: string;
}

/** Files bigger than this are refused before reading (the core's own limit is lower still). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const MAIL_EXTENSIONS = new Set(['.eml', '.mbox', '.mbx', '.email', '.txt', '.msg822']);
/** Files that hold ONE message: never split, even when the body quotes an mbox separator line. */
const SINGLE_MESSAGE = new Set(['.eml', '.email', '.msg822']);
const MAX_DEPTH = 32;

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

/**
 * An Outlook item (.msg) or another Compound File (MS-CFB signature D0 CF 11 E0 A1 B1 1A E1): one
 * binary item, never split as an mbox (its bytes may hold a line starting "From ").
 */
export function isCompoundFile(head: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return head.length >= 8 && sig.every((b, i) => head[i] === b);
}

/** An mbox starts with a "From " separator line (RFC 4155), perhaps after blank lines. */
export function isMbox(bytes: Uint8Array): boolean {
  return startsLikeMbox(bytes);
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied: the file cannot be read';
  if (e?.code === 'EISDIR') return 'is a directory';
  if (e?.code === 'ELOOP') return 'too many levels of symbolic links';
  return e?.message ?? String(err);
}

/** What a path that is neither a file nor a directory is, in words. */
function notRegular(st: Stats | Dirent): string {
  const what = st.isFIFO() ? 'a named pipe (FIFO)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'a special file';
  return `not a regular file (${what}); only files and directories are read`;
}

/**
 * Reads a whole regular file. Opened non-blocking and checked with fstat on the open descriptor,
 * so a FIFO or a device (which would block or never end) is refused, not read.
 */
function readRegular(path: string): { bytes?: Uint8Array; error?: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { error: errorText(err) };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { error: 'is a directory' };
    if (!st.isFile()) return { error: notRegular(st) };
    if (st.size > MAX_FILE_BYTES) return { error: `file too large (${st.size} bytes; the limit is ${MAX_FILE_BYTES})` };
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break; // the file shrank while we read it
      got += n;
    }
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, got) };
  } catch (err) {
    return { error: errorText(err) };
  } finally {
    closeSync(fd);
  }
}

function readHead(path: string, n = 4096): Uint8Array {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) return new Uint8Array(0);
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function* fileItems(path: string, label: string): Generator<InputItem> {
  const { bytes, error } = readRegular(path);
  if (!bytes) {
    yield { file: label, error: error ?? 'nothing to read' };
    return;
  }
  if (bytes.length === 0) {
    yield { file: label, error: 'empty file: there is no message to analyze' };
    return;
  }
  const single = SINGLE_MESSAGE.has(extname(path).toLowerCase()) || isCompoundFile(bytes);
  if (!single || isMbox(bytes)) {
    let n = 0;
    // A file that does not start with "From " is split only at strict separator lines (see mbox.ts).
    for (const raw of splitMbox(bytes)) yield { file: `${label}#${++n}`, raw };
    if (n === 0 && isMbox(bytes)) yield { file: label, error: 'empty mbox: no messages in it' };
    if (n > 0 || isMbox(bytes)) return;
  }
  yield { file: label, raw: bytes };
}

interface Walk {
  /** Real paths of the directories entered so far: a symlink back up the tree is not followed twice. */
  seen: Set<string>;
}

/** Mail-like files below `dir`, sorted by name per directory; symlinks followed, loops cut. */
function* walk(dir: string, w: Walk, depth = 0): Generator<{ path: string; error?: string }> {
  if (depth > MAX_DEPTH) {
    yield { path: dir, error: `directory nested too deep (more than ${MAX_DEPTH} levels); not read` };
    return;
  }
  try {
    const real = realpathSync(dir);
    if (w.seen.has(real)) return; // a symlink loop, or a second link to a folder already read
    w.seen.add(real);
  } catch (err) {
    yield { path: dir, error: errorText(err) };
    return;
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    yield { path: dir, error: e?.code === 'EACCES' || e?.code === 'EPERM' ? 'permission denied: the directory cannot be read' : errorText(err) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    const ext = extname(e.name).toLowerCase();
    let kind: Dirent | Stats = e;
    if (e.isSymbolicLink()) {
      try {
        kind = statSync(p);
      } catch (err) {
        // A dangling link named like mail is worth a line; any other broken link is just skipped.
        if (MAIL_EXTENSIONS.has(ext)) yield { path: p, error: errorText(err) };
        continue;
      }
    }
    if (kind.isDirectory()) yield* walk(p, w, depth + 1);
    else if (kind.isFile()) {
      if (MAIL_EXTENSIONS.has(ext)) yield { path: p };
      else if (ext === '') {
        try {
          if (looksLikeMail(readHead(p))) yield { path: p };
        } catch {
          // unreadable extensionless file: not considered mail
        }
      }
    } else if (MAIL_EXTENSIONS.has(ext)) yield { path: p, error: notRegular(kind) };
  }
}

/** Expands every path into messages, in order; a directory's files are sorted by name. */
export function* expandInputs(paths: string[]): Generator<InputItem> {
  for (const p of paths) {
    let st: Stats;
    try {
      st = statSync(p);
    } catch (err) {
      yield { file: p, error: errorText(err) };
      continue;
    }
    if (st.isFile()) {
      yield* fileItems(p, p);
      continue;
    }
    if (!st.isDirectory()) {
      yield { file: p, error: notRegular(st) };
      continue;
    }
    let found = 0;
    for (const f of walk(p, { seen: new Set() })) {
      if (f.error !== undefined) {
        yield { file: f.path, error: f.error };
        continue;
      }
      found++;
      yield* fileItems(f.path, f.path);
    }
    if (!found) yield { file: p, error: 'no mail found in this directory (.eml, .mbox, .email, .txt or mail-like files)' };
  }
}
