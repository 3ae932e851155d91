/**
 * Finds and decodes OpenPGP ASCII armor (RFC 9580 §6.2) and cleartext signatures (§7) in mail text
 * as it really arrives: CRLF or LF, quoted with "> ", indented, with non-breaking spaces, or inside
 * HTML (escaped entities, <br>, <div> per line, <pre>). The CRC24 checksum is optional (§6.1) and
 * only reported when present and wrong. Never throws.
 */

export type ArmorType = 'message' | 'message-part' | 'signed-message' | 'signature' | 'public-key' | 'private-key' | 'other';

export interface ArmorBlock {
  type: ArmorType;
  /** The label between "BEGIN " and the dashes, e.g. "PGP MESSAGE, PART 1/2". */
  label: string;
  /** For "MESSAGE, PART x[/y]". */
  partNumber?: number;
  partTotal?: number;
  headers: [string, string][];
  /** The decoded base64 body (for a signed message: its signature block's). */
  data: Uint8Array;
  problems: string[];
  /** Cleartext signature framework: the signed text as lines (dash-escapes kept, prefix removed). */
  cleartextLines?: string[];
  /** Hash armor header values of a cleartext signed message. */
  hashes?: string[];
  /** Armored signature text of a cleartext-signed message, re-assembled without quoting prefixes. */
  signatureArmor?: string;
  /** The block had a quoting/indent prefix or came from HTML, so its text may not be byte-exact. */
  reformatted: boolean;
  /** Base64-alphabet characters in the (signature) body: a handful means prose quoting the markers. */
  bodyChars?: number;
  /** Body lines made of words (two or more spaces inside a line): text, never base64 (RFC 9580 §6.3). */
  words?: boolean;
}

export interface ArmorScan {
  blocks: ArmorBlock[];
  /** Non-blank text outside every block: the armor sits inside other prose ("partial"). */
  textOutside: boolean;
}

const MAX_BLOCKS = 64;
const BEGIN_RE = /^-----BEGIN PGP ([A-Z0-9 ,/]+)-----\s*$/;
const END_RE = /^-----END PGP ([A-Z0-9 ,/]+)-----/;
// Leading whitespace, non-breaking spaces and quoting marks ("> ", ">>", "| ").
const PREFIX_RE = /^[\s\u00a0>|]*/;
const HEADER_RE = /^([A-Za-z][A-Za-z0-9-]*):\s?(.*)$/;

function typeOf(label: string): { type: ArmorType; partNumber?: number; partTotal?: number } {
  if (label === 'MESSAGE') return { type: 'message' };
  const m = /^MESSAGE, PART (\d+)(?:\/(\d+))?$/.exec(label);
  if (m) return { type: 'message-part', partNumber: Number(m[1]), partTotal: m[2] ? Number(m[2]) : undefined };
  if (label === 'SIGNED MESSAGE') return { type: 'signed-message' };
  if (label === 'SIGNATURE') return { type: 'signature' };
  if (label === 'PUBLIC KEY BLOCK') return { type: 'public-key' };
  if (label === 'PRIVATE KEY BLOCK' || label === 'SECRET KEY BLOCK') return { type: 'private-key' };
  return { type: 'other' };
}

/** Quick test before the full scan: is there any armor line at all? */
export function hasArmor(text: string): boolean {
  return text.includes('-----BEGIN PGP ');
}

/** The same test for HTML, where dashes and spaces may be written as entities. */
export function mayHaveArmorHtml(html: string): boolean {
  // `\s` already matches U+00A0: listing it again made `(?:\s|\u00a0)+` exponential on a run of them.
  return /BEGIN(?:\s|&nbsp;|&#0*32;|&#x0*20;)+PGP/i.test(html);
}

/** Scans text for armor blocks. `html` converts HTML to text first. */
export function findArmor(input: string, opts: { html?: boolean } = {}): ArmorScan {
  const blocks: ArmorBlock[] = [];
  let textOutside = false;
  // HTML may escape the dashes themselves (&#45;), so look for the words before converting.
  if (opts.html ? !mayHaveArmorHtml(input) : !hasArmor(input)) return { blocks, textOutside: /\S/.test(input) };
  const text = opts.html ? htmlToText(input) : input;
  const lines = text.split(/\r\n|\n|\r/);
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i];
    const prefix = PREFIX_RE.exec(raw)?.[0] ?? '';
    const bare = raw.slice(prefix.length).trimEnd();
    const m = BEGIN_RE.exec(bare);
    if (!m || blocks.length >= MAX_BLOCKS) {
      if (bare.replace(/\u00a0/g, '').trim() && !textOutside) textOutside = true;
      i++;
      continue;
    }
    const t = typeOf(m[1]);
    const reformatted = !!opts.html || prefix.length > 0;
    if (t.type === 'signed-message') {
      const r = readCleartext(lines, i + 1, prefix, reformatted);
      blocks.push(r.block);
      i = r.next;
    } else {
      const r = readArmorBody(lines, i + 1, m[1]);
      blocks.push({ ...t, label: m[1], headers: r.headers, data: r.data, problems: r.problems, reformatted, bodyChars: r.bodyChars, ...(r.words ? { words: true } : {}) });
      i = r.next;
    }
  }
  return { blocks, textOutside };
}

function stripPrefix(line: string): string {
  // trimEnd, not a /\s+$/ regex: that one is quadratic on long runs of blanks (hostile input).
  return line.replace(PREFIX_RE, '').trimEnd();
}

/** Armor headers, then base64 lines, an optional "=XXXX" checksum and the END line. */
function readArmorBody(
  lines: string[],
  start: number,
  label: string,
): { headers: [string, string][]; data: Uint8Array; problems: string[]; next: number; b64: string[]; bodyChars: number; words: boolean } {
  const headers: [string, string][] = [];
  const problems: string[] = [];
  const b64: string[] = [];
  let checksum: string | undefined;
  let inHeaders = true;
  let i = start;
  let ended = false;
  let badChars = false;
  for (; i < lines.length; i++) {
    const line = stripPrefix(lines[i]);
    if (END_RE.test(line)) {
      const endLabel = END_RE.exec(line)?.[1];
      if (endLabel !== label) problems.push(`END line does not match BEGIN (${endLabel})`);
      ended = true;
      i++;
      break;
    }
    if (BEGIN_RE.test(line)) break; // another block starts: this one was never closed
    if (!line) {
      inHeaders = false;
      continue;
    }
    // HTML bodies turned into text (Gmail's <div> per line) put blank lines between armor lines,
    // so a blank line may come before the headers: a line before any base64 that has a ':' is still
    // a header (§6.2.2: base64 never contains ':').
    if (inHeaders || !b64.length) {
      const h = HEADER_RE.exec(line);
      // A base64 line never contains ':' so a "Key: value" line is an armor header (§6.2.2).
      if (h) {
        headers.push([h[1], h[2]]);
        continue;
      }
      inHeaders = false;
    }
    if (/^=[A-Za-z0-9+/]{4}$/.test(line)) {
      checksum = line.slice(1);
      continue;
    }
    if (/[^A-Za-z0-9+/=]/.test(line)) badChars = true;
    b64.push(line);
  }
  if (!ended) problems.push('no END line (truncated armor)');
  if (badChars) problems.push('invalid characters in base64');
  const joined = b64.join('').replace(/[^A-Za-z0-9+/=]/g, '');
  const data = decodeB64(joined);
  if (!data) problems.push('invalid base64');
  if (stripPad(joined).length % 4 === 1) problems.push('base64 length is not valid');
  const bytes = data ?? new Uint8Array(0);
  if (checksum && bytes.length) {
    const want = decodeB64(checksum);
    const got = crc24(bytes);
    if (want && want.length === 3 && ((want[0] << 16) | (want[1] << 8) | want[2]) !== got) problems.push('armor checksum mismatch');
  }
  if (!bytes.length && !problems.includes('invalid base64')) problems.push('empty armor body');
  // A sentence has spaces between its words; base64 has none (a reformatting client may add one at a cut, not two).
  const words = b64.some((l) => l.trim().split(/\s+/).length > 2);
  return { headers, data: bytes, problems, next: i, b64, bodyChars: joined.length, words };
}

/**
 * Cleartext signature framework (RFC 9580 §7): "Hash:" headers, a blank line, the dash-escaped
 * text, then an armored SIGNATURE. The block's own prefix (what stood before "-----BEGIN") is removed
 * from each text line so quoted signed text can still be checked; deeper indentation is content.
 */
function readCleartext(lines: string[], start: number, prefix: string, reformatted: boolean): { block: ArmorBlock; next: number } {
  const headers: [string, string][] = [];
  const problems: string[] = [];
  let i = start;
  // Headers until the first blank line.
  for (; i < lines.length; i++) {
    const line = stripPrefix(lines[i]);
    if (!line) {
      i++;
      break;
    }
    const h = HEADER_RE.exec(line);
    if (!h) {
      problems.push('missing blank line after armor headers');
      break;
    }
    headers.push([h[1], h[2]]);
  }
  const text: string[] = [];
  const qp = prefix.trimEnd();
  let sigAt = -1;
  for (; i < lines.length; i++) {
    const bare = stripPrefix(lines[i]);
    if (bare === '-----BEGIN PGP SIGNATURE-----') {
      sigAt = i;
      break;
    }
    if (BEGIN_RE.test(bare) && !/^- /.test(lines[i])) break;
    let l = lines[i];
    if (prefix && l.startsWith(prefix)) l = l.slice(prefix.length);
    else if (qp && l.startsWith(qp)) l = l.slice(qp.length);
    text.push(l);
  }
  const block: ArmorBlock = {
    type: 'signed-message',
    label: 'SIGNED MESSAGE',
    headers,
    data: new Uint8Array(0),
    problems,
    cleartextLines: text,
    hashes: headers.filter(([k]) => k.toLowerCase() === 'hash').flatMap(([, v]) => v.split(',').map((s) => s.trim())),
    reformatted,
  };
  if (sigAt < 0) {
    problems.push('signature block missing');
    return { block, next: i };
  }
  const r = readArmorBody(lines, sigAt + 1, 'SIGNATURE');
  block.data = r.data;
  block.bodyChars = r.bodyChars;
  for (const p of r.problems) problems.push(p);
  const sigHeaders = r.headers.map(([k, v]) => `${k}: ${v}\n`).join('');
  block.signatureArmor = `-----BEGIN PGP SIGNATURE-----\n${sigHeaders}\n${r.b64.join('\n')}\n-----END PGP SIGNATURE-----\n`;
  return { block, next: r.next };
}

const B64_VALUES = new Int16Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  B64_VALUES[c.charCodeAt(0)] = i;
});

/** Strict-alphabet base64 (input already filtered); null when nothing decodes. */
function decodeB64(s: string): Uint8Array | null {
  const clean = stripPad(s);
  if (/=/.test(clean)) return null; // padding in the middle: two bodies glued together, or damage
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64_VALUES[clean.charCodeAt(i)];
    if (v === undefined || v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return n ? out.subarray(0, n) : null;
}

/** CRC-24 of RFC 9580 §6.1 (init 0xB704CE, generator 0x1864CFB). */
export function crc24(data: Uint8Array): number {
  let crc = 0xb704ce;
  for (const b of data) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

const NAMED_ENTITIES: Record<string, string> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'",
};

/** Decodes the HTML entities armor can contain (&lt; &gt; &amp; &nbsp; &#NN; &#xHH;). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return NAMED_ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** Trailing "=" padding removed, without a backtracking regex. */
function stripPad(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 61) e--;
  return s.slice(0, e);
}

/** Trailing spaces, tabs (and a stray CR) removed: RFC 9580 §7.2 trailing whitespace. */
function trimSpaceTab(s: string): string {
  let e = s.length;
  while (e > 0) {
    const c = s.charCodeAt(e - 1);
    if (c !== 32 && c !== 9 && c !== 13) break;
    e--;
  }
  return s.slice(0, e);
}

const SKIP_CONTENT = new Set(['head', 'style', 'script', 'title']);
const LINE_TAGS = new Set(['br', 'p', 'div', 'pre', 'tr', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'ul', 'ol']);

/**
 * HTML to text, just enough for armor, in one forward pass (no backtracking regex, so hostile HTML
 * stays linear): drop head/style/script/title content and comments, turn line-ish tags (<br>, <p>,
 * <div>, <pre>, <tr>, <li>, <blockquote>) into line breaks, drop other tags, decode entities last
 * (so an escaped "&lt;" never becomes a tag).
 */
export function htmlToText(html: string): string {
  // ASCII-only lower-casing keeps indices aligned with the original.
  const lower = html.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  const out: string[] = [];
  let pos = 0;
  while (pos < html.length) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) {
      out.push(html.slice(pos));
      break;
    }
    out.push(html.slice(pos, lt));
    if (lower.startsWith('<!--', lt)) {
      const end = lower.indexOf('-->', lt + 4);
      pos = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break;
    const m = /^<\/?\s*([a-z][a-z0-9]*)/.exec(lower.slice(lt, Math.min(gt + 1, lt + 40)));
    const name = m?.[1] ?? '';
    const closing = lower[lt + 1] === '/';
    pos = gt + 1;
    if (!closing && SKIP_CONTENT.has(name)) {
      const end = lower.indexOf(`</${name}`, pos);
      if (end < 0) break;
      const endGt = html.indexOf('>', end);
      pos = endGt < 0 ? html.length : endGt + 1;
      continue;
    }
    if (LINE_TAGS.has(name)) out.push('\n');
  }
  return decodeEntities(out.join(''));
}

/**
 * The bytes a cleartext signature covers (RFC 9580 §7.1, §7.2): dash-escapes removed, trailing
 * spaces and tabs cut from every line, lines joined with CRLF, no final line ending. `byteString`
 * lines hold one byte per char (from a binary scan, so the original charset is kept); otherwise the
 * lines are encoded as UTF-8.
 */
export function cleartextSignedBytes(lines: string[], byteString: boolean): Uint8Array {
  const text = lines.map((l) => trimSpaceTab(l.startsWith('- ') ? l.slice(2) : l)).join('\r\n');
  if (!byteString) return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
