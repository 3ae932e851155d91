/**
 * A tolerant BER/DER reader (X.690) for the few structures Veil looks into: CMS and X.509.
 *
 * Why not only a schema library: CMS blobs in mail are often streamed BER (indefinite lengths,
 * chunked OCTET STRINGs, as OpenSSL `-stream` and NSS write them) and we deliberately read only a
 * prefix of a big EnvelopedData (the recipients come before the ciphertext). Schema parsers need the
 * whole outer TLV; this reader walks whatever is there and flags what is cut off. It never throws:
 * every read is bounds-checked and a bad length ends the walk with `truncated`/`bad` set.
 */
import { toHex } from '../parse/bytes';

export interface Tlv {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number;
  constructed: boolean;
  /** Tag number (low 5 bits, or the long form). */
  tag: number;
  /** Offset of the identifier octet in `buf`. */
  start: number;
  contentStart: number;
  /** End of the contents (exclusive), capped to what the buffer holds. */
  contentEnd: number;
  /** End of the whole TLV, including an end-of-contents marker (exclusive), capped likewise. */
  end: number;
  /** The buffer ended before this TLV did. */
  truncated: boolean;
  /** The encoding is not valid BER (bad length, runaway nesting). */
  bad: boolean;
  /** Length was indefinite (BER). */
  indefinite: boolean;
  buf: Uint8Array;
}

export const CLS_UNIVERSAL = 0;
export const CLS_CONTEXT = 2;

export const T_BOOLEAN = 1;
export const T_INTEGER = 2;
export const T_BIT_STRING = 3;
export const T_OCTET_STRING = 4;
export const T_NULL = 5;
export const T_OID = 6;
export const T_UTF8 = 12;
export const T_SEQUENCE = 16;
export const T_SET = 17;
export const T_UTC_TIME = 23;
export const T_GENERALIZED_TIME = 24;

/** Nesting guard for indefinite-length scans (hostile input could nest without end). */
const MAX_DEPTH = 64;

/** Reads one TLV at `off` (bounded by `limit`); null when not even an identifier and a length fit. */
export function readTlv(buf: Uint8Array, off: number, limit = buf.length, depth = 0): Tlv | null {
  const end0 = Math.min(limit, buf.length);
  if (off >= end0) return null;
  const start = off;
  const first = buf[off++];
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (off >= end0 || i > 4) return null;
      const b = buf[off++];
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (off >= end0) return null;
  const lb = buf[off++];
  const base = { cls, constructed, tag, start, buf };
  if (lb === 0x80) {
    // Indefinite length (X.690 §8.1.3.6): contents run to an end-of-contents pair 00 00.
    if (!constructed || depth > MAX_DEPTH) {
      return { ...base, contentStart: off, contentEnd: end0, end: end0, truncated: false, bad: true, indefinite: true };
    }
    let pos = off;
    while (pos < end0) {
      if (pos + 1 < end0 && buf[pos] === 0 && buf[pos + 1] === 0) {
        return { ...base, contentStart: off, contentEnd: pos, end: pos + 2, truncated: false, bad: false, indefinite: true };
      }
      const child = readTlv(buf, pos, end0, depth + 1);
      if (!child || child.bad || child.truncated) {
        return {
          ...base,
          contentStart: off,
          contentEnd: end0,
          end: end0,
          truncated: !child || child.truncated,
          bad: !!child && child.bad,
          indefinite: true,
        };
      }
      pos = child.end;
    }
    return { ...base, contentStart: off, contentEnd: end0, end: end0, truncated: true, bad: false, indefinite: true };
  }
  let len = 0;
  if (lb < 0x80) {
    len = lb;
  } else {
    const n = lb & 0x7f;
    if (n > 6 || lb === 0xff) {
      return { ...base, contentStart: off, contentEnd: off, end: off, truncated: false, bad: true, indefinite: false };
    }
    for (let i = 0; i < n; i++) {
      if (off >= end0) return null;
      len = len * 256 + buf[off++];
    }
  }
  const declaredEnd = off + len;
  const truncated = declaredEnd > end0;
  const contentEnd = truncated ? end0 : declaredEnd;
  return { ...base, contentStart: off, contentEnd, end: contentEnd, truncated, bad: false, indefinite: false };
}

/** The direct children of a constructed TLV (as many as can be read). */
export function children(t: Tlv | null | undefined, max = 100000): Tlv[] {
  const out: Tlv[] = [];
  if (!t || !t.constructed) return out;
  let pos = t.contentStart;
  while (pos < t.contentEnd && out.length < max) {
    const c = readTlv(t.buf, pos, t.contentEnd);
    if (!c) break;
    out.push(c);
    if (c.bad || c.end <= pos) break;
    pos = c.end;
  }
  return out;
}

export function is(t: Tlv | null | undefined, cls: number, tag: number): t is Tlv {
  return !!t && t.cls === cls && t.tag === tag;
}

export const isUniversal = (t: Tlv | null | undefined, tag: number): t is Tlv => is(t, CLS_UNIVERSAL, tag);
export const isContext = (t: Tlv | null | undefined, tag: number): t is Tlv => is(t, CLS_CONTEXT, tag);

/** The content octets (a view, no copy). */
export function content(t: Tlv): Uint8Array {
  return t.buf.subarray(t.contentStart, t.contentEnd);
}

/** The whole encoding, identifier to end (a view). */
export function raw(t: Tlv): Uint8Array {
  return t.buf.subarray(t.start, t.end);
}

/**
 * The value of an OCTET STRING, joining the segments of a constructed (BER) one (X.690 §8.7.3).
 * `max` caps the result so a hostile blob cannot make us copy without end.
 */
export function octets(t: Tlv, max = Infinity): Uint8Array {
  if (!t.constructed) return content(t);
  const parts: Uint8Array[] = [];
  let total = 0;
  const walk = (n: Tlv, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const c of children(n)) {
      if (total >= max) return;
      if (c.constructed) walk(c, depth + 1);
      else {
        const v = content(c);
        parts.push(v);
        total += v.length;
      }
    }
  };
  walk(t, 0);
  const out = new Uint8Array(Math.min(total, max));
  let o = 0;
  for (const p of parts) {
    const n = Math.min(p.length, out.length - o);
    out.set(p.subarray(0, n), o);
    o += n;
    if (o >= out.length) break;
  }
  return out;
}

/** Dotted OID text (X.690 §8.19); '' when empty or malformed. */
export function oid(t: Tlv | null | undefined): string {
  if (!t || t.constructed) return '';
  const b = content(t);
  if (!b.length) return '';
  const arcs: string[] = [];
  let v = 0n;
  let first = true;
  for (let i = 0; i < b.length; i++) {
    v = (v << 7n) | BigInt(b[i] & 0x7f);
    if ((b[i] & 0x80) === 0) {
      if (first) {
        const x = v < 40n ? 0n : v < 80n ? 1n : 2n;
        arcs.push(x.toString(), (v - x * 40n).toString());
        first = false;
      } else arcs.push(v.toString());
      v = 0n;
    } else if (i === b.length - 1) return '';
  }
  return arcs.join('.');
}

/** Lowercase hex (one implementation for the whole core, in parse/bytes.ts). */
export const hex = toHex;

/** INTEGER as lowercase hex of the minimal big-endian bytes: leading 00 octets stripped (house rule). */
export function integerHex(t: Tlv): string {
  const b = content(t);
  if (b.length && b[0] & 0x80) {
    // A negative serial (invalid under RFC 5280 §4.1.2.2 but issued in the wild): write it as openssl
    // does, a minus sign before the magnitude ("-05"), not as two's-complement bytes ("fb").
    const mag = new Uint8Array(b.length);
    let borrow = 1;
    for (let k = b.length - 1; k >= 0; k--) {
      const v = (~b[k] & 0xff) + borrow;
      mag[k] = v & 0xff;
      borrow = v >> 8;
    }
    let j = 0;
    while (j < mag.length - 1 && mag[j] === 0) j++;
    return '-' + hex(mag.subarray(j));
  }
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return hex(b.subarray(i));
}

/** A small non-negative INTEGER (versions), or -1. */
export function smallInt(t: Tlv | null | undefined): number {
  if (!t || t.constructed) return -1;
  const b = content(t);
  if (!b.length || b.length > 4) return -1;
  let v = 0;
  for (const x of b) v = v * 256 + x;
  return v;
}

/** UTCTime / GeneralizedTime → ISO 8601 (RFC 5280 §4.1.2.5: UTCTime YY ≥ 50 means 19YY). */
export function timeIso(t: Tlv | null | undefined): string | undefined {
  if (!t || t.constructed) return undefined;
  const s = latin1(content(t)).trim();
  let m: RegExpMatchArray | null;
  let year: number;
  if (t.tag === T_UTC_TIME) {
    m = s.match(/^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(Z|[+-]\d{4})?$/);
    if (!m) return undefined;
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (t.tag === T_GENERALIZED_TIME) {
    m = s.match(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(?:[.,]\d+)?(Z|[+-]\d{4})?$/);
    if (!m) return undefined;
    year = Number(m[1]);
  } else return undefined;
  const [, , mo, d, h, mi, sec, zone] = m;
  let ms = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0));
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60000;
  }
  if (!Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}
