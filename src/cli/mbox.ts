/**
 * mbox splitting on bytes (RFC 4155 and the mboxo / mboxrd / mboxcl / mboxcl2 variants).
 *
 * Works on the file's bytes with Buffer.indexOf: no latin1 string copy of a 200 MB file, and each
 * message is a view into the file (copied only when ">From " quoting has to be undone).
 */

const LF = 10;
const CR = 13;
const FROM = Buffer.from('From ');
const NL_FROM = Buffer.from('\nFrom ');
const QUOTED_FROM = Buffer.from('>From ');

/**
 * A separator line after the first: "From " + sender + a timestamp (RFC 4155 §2: "From " addr-spec
 * SP timestamp). Requiring the time of day keeps "From the desk of..." after a blank line in an
 * unquoted body (mboxcl2, sloppy exporters) from splitting a message.
 */
const SEPARATOR = /^From \S+ [^\n]*\d\d?:\d\d/;
/** Stricter still for a file that does not start with "From ": the asctime weekday too. */
const STRICT_SEPARATOR = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[, ][^\n]*\d\d?:\d\d/;

function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Offset of the first non-blank byte (after a UTF-8 BOM and empty lines). */
function skipBlank(b: Uint8Array): number {
  let p = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (p < b.length && (b[p] === LF || b[p] === CR || b[p] === 32 || b[p] === 9)) p++;
  return p;
}

/** Does the file start with a "From " separator line (blank lines and a BOM before it allowed)? */
export function startsLikeMbox(bytes: Uint8Array): boolean {
  const p = skipBlank(bytes);
  return view(bytes).subarray(p, p + 5).equals(FROM);
}

function lineAt(buf: Buffer, at: number): string {
  const nl = buf.indexOf(LF, at);
  return buf.toString('latin1', at, nl < 0 ? Math.min(buf.length, at + 200) : Math.min(nl, at + 200));
}

/** The next separator at or after `from`: a "From " line that follows an empty line. */
function nextSeparator(buf: Buffer, from: number, re: RegExp): number {
  let i = from;
  while ((i = buf.indexOf(NL_FROM, i)) >= 0) {
    const at = i + 1;
    // The line before must be empty: "\n\nFrom " or "\n\r\nFrom ".
    const blank = (i >= 1 && buf[i - 1] === LF) || (i >= 2 && buf[i - 1] === CR && buf[i - 2] === LF);
    if (blank && re.test(lineAt(buf, at))) return at;
    i = at;
  }
  return -1;
}

/**
 * mboxcl/mboxcl2 write a Content-Length header: the body's exact size, so a "From " line inside an
 * unquoted body is no separator. Trusted only when it lands on the end of the file or on a
 * separator (optionally after one empty line); anything else falls back to separator scanning.
 */
function contentLengthEnd(buf: Buffer, headStart: number, end: number): number {
  // Header section of this message: up to the first empty line.
  let p = headStart;
  let length = -1;
  let bodyStart = -1;
  while (p < end) {
    let nl = buf.indexOf(LF, p);
    if (nl < 0 || nl >= end) nl = end;
    const lineEnd = nl > p && buf[nl - 1] === CR ? nl - 1 : nl;
    if (lineEnd === p) {
      bodyStart = nl + 1;
      break;
    }
    if (lineEnd - p > 15 && (buf[p] === 67 || buf[p] === 99)) {
      const m = /^content-length:[ \t]*(\d{1,12})[ \t]*$/i.exec(buf.toString('latin1', p, lineEnd));
      if (m) length = Number(m[1]);
    }
    p = nl + 1;
  }
  if (length < 0 || bodyStart < 0) return -1;
  const stop = bodyStart + length;
  if (stop > end) return -1;
  let q = stop;
  if (buf[q] === CR) q++;
  if (buf[q] === LF) q++;
  if (q >= end) return end;
  if (buf[q] === CR) q++;
  if (buf[q] === LF) q++;
  if (q >= end) return end;
  return buf.subarray(q, q + 5).equals(FROM) && SEPARATOR.test(lineAt(buf, q)) ? q : -1;
}

/** mboxrd/mboxo: a body line ">From " (or ">>From "...) had one ">" added on writing; undo it. */
function unquote(msg: Buffer): Uint8Array {
  const drop: number[] = [];
  for (let i = msg.indexOf(QUOTED_FROM); i >= 0; i = msg.indexOf(QUOTED_FROM, i + 1)) {
    let q = i;
    while (q > 0 && msg[q - 1] === 62) q--;
    if (q === 0 || msg[q - 1] === LF) drop.push(q);
  }
  if (!drop.length) return new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
  const out = new Uint8Array(msg.length - drop.length);
  let from = 0;
  let o = 0;
  for (const d of drop) {
    out.set(msg.subarray(from, d), o);
    o += d - from;
    from = d + 1;
  }
  out.set(msg.subarray(from), o);
  return out;
}

/** True when only whitespace is in [s, e). */
function blank(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c !== LF && c !== CR && c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * The messages of an mbox, lazily, each without its "From " separator line.
 * A file that starts with "From " is split at every later separator line after an empty line.
 * A file that does not (an export with a preamble, or a first message missing its separator) is
 * split only at strict RFC 4155 lines; its leading text is then the first message if it is not
 * blank. When such a file has no strict separator, nothing is yielded: it is not an mbox.
 */
export function* splitMbox(bytes: Uint8Array): Generator<Uint8Array> {
  const buf = view(bytes);
  const end = buf.length;
  const first = skipBlank(bytes);
  let start: number;
  let re = SEPARATOR;
  if (buf.subarray(first, first + 5).equals(FROM)) start = first;
  else {
    re = STRICT_SEPARATOR;
    const sep = nextSeparator(buf, first, re);
    if (sep < 0) return;
    if (!blank(buf, first, sep)) yield unquote(trimBreak(buf, first, sep));
    start = sep;
  }
  while (start < end) {
    const nl = buf.indexOf(LF, start);
    const head = nl < 0 ? end : nl + 1;
    let next = contentLengthEnd(buf, head, end);
    if (next < 0) {
      next = nextSeparator(buf, head, re);
      if (next < 0) next = end;
    }
    if (!blank(buf, head, next)) yield unquote(trimBreak(buf, head, next));
    start = next;
  }
}

/** The message before a separator ends with the empty line that separates; that line is the mbox's. */
function trimBreak(buf: Buffer, s: number, e: number): Buffer {
  let t = e;
  if (t < buf.length && t > s && buf[t - 1] === LF) {
    t--;
    if (t > s && buf[t - 1] === CR) t--;
  }
  return buf.subarray(s, t);
}
