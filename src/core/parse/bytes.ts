/**
 * Byte helpers for the MIME scanner: input normalisation, charset decoding and transfer decoding
 * that can stop early (the first bytes of a payload) or read only the end (a ZIP's central directory).
 */

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('windows-1252');

export function toBytes(raw: Uint8Array | string): Uint8Array {
  return typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
}

/** Decodes bytes as UTF-8 when they are valid UTF-8, else as Windows-1252 (what 8-bit headers usually are). */
export function decodeUtf8OrLatin1(bytes: Uint8Array): string {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** Decodes text in the given charset; unknown charsets fall back to UTF-8 (lenient) then Windows-1252. */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? '').trim().toLowerCase();
  if (label && label !== 'us-ascii' && label !== 'utf-8' && label !== 'utf8') {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // unknown label: fall through
    }
  }
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return label === 'utf-8' || label === 'utf8' ? utf8.decode(bytes) : latin1.decode(bytes);
  }
}

/** Bytes as a string of char codes 0-255, for ASCII searches that must keep byte offsets. */
export function binaryString(bytes: Uint8Array, start = 0, end = bytes.length): string {
  // fromCharCode takes the typed array itself (no copy into an Array); chunks stay far below the
  // engines' argument-count limits. Parts are joined once at the end.
  const CHUNK = 0x2000;
  if (end - start <= CHUNK) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  const parts: string[] = [];
  for (let i = start; i < end; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]));
  }
  return parts.join('');
}

const B64 = new Int16Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  B64[c.charCodeAt(0)] = i;
});
// URL-safe alphabet too: some gateways emit it.
B64['-'.charCodeAt(0)] = 62;
B64['_'.charCodeAt(0)] = 63;

/**
 * Decodes base64, skipping anything outside the alphabet (line breaks, spaces, stray characters).
 * Stops once `limit` output bytes are produced.
 */
export function decodeBase64(src: Uint8Array, start = 0, end = src.length, limit = Infinity): Uint8Array {
  const maxOut = Math.min(limit, Math.ceil(((end - start) * 3) / 4));
  const out = new Uint8Array(Math.max(0, maxOut));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = start; i < end && n < maxOut; i++) {
    const c = src[i];
    if (c === 61) break; // '=' padding ends the data
    const v = B64[c];
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/**
 * The last `count` bytes of what `decodeBase64` would return for the same range, without decoding
 * the rest. The 4-character groups are counted from the START (a damaged body with a stray or
 * missing character shifts every later group), so this costs one scan of the characters but no
 * output; the full decode also stops at the first "=", and so does this.
 */
export function decodeBase64Tail(src: Uint8Array, start: number, end: number, count: number): Uint8Array {
  let stop = end;
  let chars = 0;
  for (let i = start; i < end; i++) {
    const c = src[i];
    if (c === 61) {
      stop = i;
      break;
    }
    if (B64[c] >= 0) chars++;
  }
  const total = Math.floor((chars * 6) / 8);
  const first = Math.max(0, total - Math.max(0, count));
  const group = Math.floor(first / 3);
  // Walk back from the stop to the (4 * group)-th character.
  let need = chars - 4 * group;
  let p = stop;
  while (need > 0 && p > start) {
    p--;
    if (B64[src[p]] >= 0) need--;
  }
  return decodeBase64(src, p, stop).subarray(first - 3 * group);
}

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Decodes quoted-printable (RFC 2045 §6.7), leniently: a bad escape is kept as written. */
export function decodeQuotedPrintable(src: Uint8Array, start = 0, end = src.length, limit = Infinity): Uint8Array {
  const out = new Uint8Array(Math.min(end - start, limit));
  let n = 0;
  for (let i = start; i < end && n < out.length; i++) {
    const c = src[i];
    if (c !== 61) {
      out[n++] = c;
      continue;
    }
    // soft line break: "=" then optional whitespace then CRLF or LF
    let j = i + 1;
    while (j < end && (src[j] === 32 || src[j] === 9)) j++;
    if (j < end && src[j] === 13 && src[j + 1] === 10) {
      i = j + 1;
      continue;
    }
    if (j < end && src[j] === 10) {
      i = j;
      continue;
    }
    if (j >= end) {
      i = j;
      continue;
    }
    const h = hex(src[i + 1]);
    const l = hex(src[i + 2]);
    if (h >= 0 && l >= 0) {
      out[n++] = (h << 4) | l;
      i += 2;
    } else {
      out[n++] = c;
    }
  }
  return out.subarray(0, n);
}

export function startsWithBytes(src: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > src.length) return false;
  for (let i = 0; i < prefix.length; i++) if (src[at + i] !== prefix[i]) return false;
  return true;
}

export function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/**
 * Line ends as CRLF: the canonical form a detached signature covers, for S/MIME (RFC 8551 §3.1.1)
 * and PGP/MIME (RFC 3156 §5) alike. Mail stored with bare LF is converted; CRLF is kept as is.
 */
export function canonicalCrlf(bytes: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10 && (i === 0 || bytes[i - 1] !== 13)) extra++;
  if (!extra) return bytes;
  const out = new Uint8Array(bytes.length + extra);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 10 && (i === 0 || bytes[i - 1] !== 13)) out[o++] = 13;
    out[o++] = bytes[i];
  }
  return out;
}

/** Lowercase hex, no separators (the house format for ids, serials and fingerprints). */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, '0');
  return s;
}

/** Joins chunks whose lengths add up to `total`. */
export function concatBytes(chunks: readonly Uint8Array[], total = chunks.reduce((n, c) => n + c.length, 0)): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
