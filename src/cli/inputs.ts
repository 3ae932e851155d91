/**
 * Turns the paths given on the command line into messages. A file named on the command line is read
 * as mail whatever it holds (analyze() says clearly when it is not); a folder is searched by
 * CONTENT, not by name: every regular file whose first bytes are header lines, an mbox "From " line
 * or an Outlook item is mail (Maildir `cur/1700000000.M1P2.host,S=150:2,S`, MH `1`, `2`...,
 * Thunderbird's extensionless mbox files, `alice@example.uy`, any extension); any other file is
 * skipped without an error line and counted in the summary. Every problem becomes an `InputItem`
 * with an error, so the run goes on and the failure is still printed.
 *
 * Everything is lazy (generators): a tree of thousands of files or an mbox of 200 MB streams out
 * one message at a time instead of being collected first, in a stable order (names sorted per folder).
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { extname, join } from 'node:path';
import type { Lang } from '../core';
import { cli, cliCount, type CliKey, type CountedKey } from '../core/i18n/cli';
import { splitMbox, startsLikeMbox } from './mbox';

export { splitMbox } from './mbox';

/** A problem with an input, as a CLI catalogue key: shown in the reader's language. */
export interface InputProblem {
  key: CliKey;
  params?: Record<string, string | number>;
  /** For a counted key: the number that picks its singular or plural form (also its {count}). */
  count?: number;
}

export interface InputItem {
  /** The path as given; "#N" appended for the Nth message of an mbox (1-based). */
  file: string;
  raw?: Uint8Array;
  /** Why the input could not be read, in English: the JSON `error` keeps one stable wording. */
  error?: string;
  /** The same problem for the reader's language (`--lang`). */
  problem?: InputProblem;
  /** A file in a folder whose content is not mail: not analyzed, only counted in the summary. */
  skipped?: true;
}

function failure(file: string, key: CliKey, params?: Record<string, string | number>): InputItem {
  const problem: InputProblem = params ? { key, params } : { key };
  return { file, error: problemText('en', problem), problem };
}

function countedFailure(file: string, key: CountedKey, count: number): InputItem {
  const problem: InputProblem = { key, count };
  return { file, error: problemText('en', problem), problem };
}

/** An input problem in a language (counted ones take the singular or plural form). */
export function problemText(lang: Lang, p: InputProblem): string {
  return p.count !== undefined ? cliCount(lang, p.key as CountedKey, p.count, p.params) : cli(lang, p.key, p.params);
}

/** Files bigger than this are refused before reading (the core's own limit is lower still). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** How much of a file is read to decide whether it is mail: its first lines, never the whole file. */
export const SNIFF_BYTES = 8 * 1024;
/**
 * Names that hold ONE message, never split even when they start with an mbox "From " line or quote
 * one further down (an inline `git format-patch`, a forwarded mbox): .eml, .email, MimeKit's `.msg`
 * RFC 822 files and Outlook `.msg` items.
 */
const SINGLE_MESSAGE = new Set(['.eml', '.email', '.msg', '.msg822']);
/** Names that are mbox files even when the first message lost its "From " line (split strictly). */
const MBOX_NAMES = new Set(['.mbox', '.mbx', '.mboxrd', '.mboxo', '.mboxcl', '.mboxcl2']);
/** A dangling link, FIFO or device with one of these names is worth an error line in a walk. */
const MAIL_NAMES = new Set([...SINGLE_MESSAGE, ...MBOX_NAMES]);
/** Tool folders that never hold mail; not entered (nor counted). */
const NOT_MAIL_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules']);
const MAX_DEPTH = 32;

/**
 * An Outlook item (.msg) or another Compound File (MS-CFB §2.2 signature D0 CF 11 E0 A1 B1 1A E1):
 * one binary item, never split as an mbox (its bytes may hold a line starting "From ").
 */
export function isCompoundFile(head: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return head.length >= 8 && sig.every((b, i) => head[i] === b);
}

/**
 * Field names a message's header carries (RFC 5322 §3.6, RFC 2045, trace and authentication fields):
 * header lines are taken for mail only when at least one is among them, so a `key: value` notes or
 * config file is not.
 */
const MAIL_FIELDS = new Set([
  'from', 'sender', 'reply-to', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'in-reply-to', 'references',
  'received', 'return-path', 'delivered-to', 'x-original-to', 'envelope-to', 'mime-version', 'content-type',
  'content-transfer-encoding', 'authentication-results', 'arc-seal', 'arc-message-signature',
  'arc-authentication-results', 'dkim-signature', 'resent-from', 'resent-to', 'resent-date', 'list-id',
  'thread-index', 'thread-topic', 'x-mailer', 'user-agent',
]);
/** RFC 5322 §2.2 field-name (printable ASCII but ":"), obsolete WSP before the colon allowed (§4.5). */
const FIELD = /^([!-9;-~]+)[ \t]*:/;

/**
 * Do these first bytes start with header lines? Every line up to the first empty one is a field or
 * the folded continuation of one, and at least one field is one a message has. Only the bytes given
 * are looked at (a header longer than them is judged on its start).
 */
export function startsWithHeaderLines(head: Uint8Array): boolean {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
  const lines = text.split('\n');
  // The last line may have been cut by the sniff window: judge only whole lines (or the whole file).
  if (head.byteLength >= SNIFF_BYTES && lines.length > 1) lines.pop();
  let fields = 0;
  let mail = false;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') break;
    const m = FIELD.exec(line);
    if (m) {
      fields++;
      if (MAIL_FIELDS.has(m[1].toLowerCase())) mail = true;
    } else if (!(fields > 0 && (line[0] === ' ' || line[0] === '\t'))) return false;
  }
  return fields > 0 && mail;
}

/** Reads `length` bytes at `offset` of the file being sniffed (fewer at its end). */
export type ReadAt = (offset: number, length: number) => Uint8Array;

/** Stream names only an Outlook item's Compound File has (MS-OXMSG §2.1: properties, recipients, attachments). */
const OUTLOOK_STREAMS = ['__substg1.0_', '__properties_version1.0', '__nameid_version1.0', '__recip_version1.0_', '__attach_version1.0_'].map((n) =>
  Buffer.from(n, 'utf16le'),
);

/**
 * An Outlook item (.msg): a Compound File (MS-CFB) whose first directory sector names Outlook's
 * streams, or any Compound File named .msg. Reads one directory sector more than the head, at most
 * 4 KiB; analyze() reads the item itself (and says when a Compound File is not an Outlook item).
 */
export function isOutlookCandidate(head: Uint8Array, name: string, readAt?: ReadAt): boolean {
  if (head.length < 0x34 || !isCompoundFile(head)) return false;
  if (extname(name).toLowerCase() === '.msg') return true;
  if (!readAt) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const shift = view.getUint16(0x1e, true); // MS-CFB §2.2: 9 (512-byte sectors) or 12 (4096)
  if (shift !== 9 && shift !== 12) return false;
  const firstDirSector = view.getUint32(0x30, true);
  if (firstDirSector >= 0xfffffffa) return false; // a special value, not a sector number
  const dir = Buffer.from(readAt((firstDirSector + 1) * 2 ** shift, 2 ** shift));
  return OUTLOOK_STREAMS.some((n) => dir.includes(n));
}

export type MailKind = 'message' | 'mbox' | 'outlook';

/**
 * What a file's first bytes say it holds: an mbox (a "From " separator line first), an Outlook
 * item, one message (header lines), or undefined when it is not mail.
 */
export function sniffMail(head: Uint8Array, name: string, readAt?: ReadAt): MailKind | undefined {
  if (startsLikeMbox(head)) return 'mbox';
  if (isOutlookCandidate(head, name, readAt)) return 'outlook';
  if (startsWithHeaderLines(head)) return 'message';
  return undefined;
}

/**
 * The predicate a folder walk uses: is this file mail for analyze()? `head` is its first
 * SNIFF_BYTES; `readAt` reads a little more where a format says where to look (a Compound File).
 */
export function isMessageCandidate(head: Uint8Array, name: string, readAt?: ReadAt): boolean {
  return sniffMail(head, name, readAt) !== undefined;
}

function errorItem(file: string, err: unknown, dir = false): InputItem {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return failure(file, 'input.not-found');
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return failure(file, dir ? 'input.dir-denied' : 'input.file-denied');
  if (e?.code === 'EISDIR') return failure(file, 'input.is-directory');
  if (e?.code === 'ELOOP') return failure(file, 'input.loop');
  return failure(file, 'input.unreadable', { detail: e?.message ?? String(err) });
}

/** What a path that is neither a file nor a directory is. */
function notRegular(file: string, st: Stats | Dirent): InputItem {
  return failure(file, st.isFIFO() ? 'input.fifo' : st.isSocket() ? 'input.socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'input.device' : 'input.special');
}

/**
 * Reads a whole regular file. Opened non-blocking and checked with fstat on the open descriptor,
 * so a FIFO or a device (which would block or never end) is refused, not read.
 */
function readRegular(path: string, label: string): { bytes?: Uint8Array; item?: InputItem } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { item: errorItem(label, err) };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { item: failure(label, 'input.is-directory') };
    if (!st.isFile()) return { item: notRegular(label, st) };
    if (st.size > MAX_FILE_BYTES) return { item: failure(label, 'input.too-large', { size: st.size, limit: MAX_FILE_BYTES }) };
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break; // the file shrank while we read it
      got += n;
    }
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, got) };
  } catch (err) {
    return { item: errorItem(label, err) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Is this regular file mail? Reads its first SNIFF_BYTES (and, for a Compound File, one directory
 * sector) through one non-blocking descriptor, never the whole file.
 */
function sniffFile(path: string, name: string): { mail?: boolean; item?: InputItem } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { item: errorItem(path, err) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { item: notRegular(path, st) };
    const readAt: ReadAt = (offset, length) => {
      const buf = new Uint8Array(Math.max(0, Math.min(length, st.size - offset)));
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    };
    return { mail: isMessageCandidate(readAt(0, SNIFF_BYTES), name, readAt) };
  } catch (err) {
    return { item: errorItem(path, err) };
  } finally {
    closeSync(fd);
  }
}

/** The messages of one file: one, or every message of an mbox. */
function* fileItems(path: string, label: string): Generator<InputItem> {
  const { bytes, item } = readRegular(path, label);
  if (!bytes) {
    yield item ?? failure(label, 'input.empty');
    return;
  }
  if (bytes.length === 0) {
    yield failure(label, 'input.empty');
    return;
  }
  const ext = extname(path).toLowerCase();
  const startsWithFrom = startsLikeMbox(bytes.subarray(0, SNIFF_BYTES));
  // A "From " line first makes an mbox, unless the name says one message. A file named like an mbox
  // whose first message lost its separator is split at strict separator lines only (see mbox.ts).
  if (!SINGLE_MESSAGE.has(ext) && !isCompoundFile(bytes) && (startsWithFrom || MBOX_NAMES.has(ext))) {
    let n = 0;
    for (const raw of splitMbox(bytes)) yield { file: `${label}#${++n}`, raw };
    if (n > 0) return;
    if (startsWithFrom) {
      yield failure(label, 'input.empty-mbox');
      return;
    }
  }
  yield { file: label, raw: bytes };
}

interface Walk {
  /** Real paths of the directories entered so far: a symlink back up the tree is not followed twice. */
  seen: Set<string>;
}

type Found = { path: string; item?: InputItem; skipped?: true };

/** Mail files below `dir` by content, sorted by name per directory; symlinks followed, loops cut. */
function* walk(dir: string, w: Walk, depth = 0): Generator<Found> {
  if (depth > MAX_DEPTH) {
    yield { path: dir, item: failure(dir, 'input.too-deep', { max: MAX_DEPTH }) };
    return;
  }
  try {
    const real = realpathSync(dir);
    if (w.seen.has(real)) return; // a symlink loop, or a second link to a folder already read
    w.seen.add(real);
  } catch (err) {
    yield { path: dir, item: errorItem(dir, err, true) };
    return;
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    yield { path: dir, item: errorItem(dir, err, true) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Maildir: tmp/ holds messages still being delivered, which readers leave alone (cr.yp.to/proto/maildir.html).
  const names = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  const maildir = names.has('cur') && names.has('new');
  for (const e of entries) {
    if (NOT_MAIL_DIRS.has(e.name) || (maildir && e.name === 'tmp')) continue;
    const p = join(dir, e.name);
    let kind: Dirent | Stats = e;
    if (e.isSymbolicLink()) {
      try {
        kind = statSync(p);
      } catch (err) {
        // A dangling link named like mail is worth a line; any other broken link is just skipped.
        if (MAIL_NAMES.has(extname(e.name).toLowerCase())) yield { path: p, item: errorItem(p, err) };
        continue;
      }
    }
    if (kind.isDirectory()) yield* walk(p, w, depth + 1);
    else if (kind.isFile()) {
      const { mail, item } = sniffFile(p, e.name);
      if (item) yield { path: p, item };
      else if (mail) yield { path: p };
      else yield { path: p, skipped: true };
    } else if (MAIL_NAMES.has(extname(e.name).toLowerCase())) yield { path: p, item: notRegular(p, kind) };
  }
}

/** Expands every path into messages, in order; a directory's files are sorted by name. */
export function* expandInputs(paths: string[]): Generator<InputItem> {
  for (const p of paths) {
    let st: Stats;
    try {
      st = statSync(p);
    } catch (err) {
      yield errorItem(p, err);
      continue;
    }
    if (st.isFile()) {
      yield* fileItems(p, p);
      continue;
    }
    if (!st.isDirectory()) {
      yield notRegular(p, st);
      continue;
    }
    let found = 0;
    let skipped = 0;
    for (const f of walk(p, { seen: new Set() })) {
      if (f.item) yield f.item;
      else if (f.skipped) {
        skipped++;
        yield { file: f.path, skipped: true };
      } else {
        found++;
        yield* fileItems(f.path, f.path);
      }
    }
    if (!found) yield skipped ? countedFailure(p, 'input.no-mail-skipped', skipped) : failure(p, 'input.no-mail');
  }
}
