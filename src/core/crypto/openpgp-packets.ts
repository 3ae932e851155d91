/**
 * A small, never-throwing walker over binary OpenPGP (RFC 9580 §4, §5). It reads only what a
 * classifier needs without any key: who a message is encrypted to (PKESK), whether a passphrase
 * opens it (SKESK), which cipher a v2 SEIPD names, who signed it (one-pass signature / signature
 * packets) and which key a key block carries. It stops at the first encrypted-data packet, so a
 * 20 MB SEIPD body is never walked; callers hand it a bounded prefix of the payload.
 *
 * Every length is checked against the buffer: a truncated or hostile stream yields `problems`,
 * never an exception and never a loop that does not advance.
 */
import { concatBytes, toHex } from '../parse/bytes';
import { inflate } from './inflate';
import type { Budget } from '../budget';

/** Packet tags (RFC 9580 §5, Table 3). */
export const TAG = {
  PKESK: 1,
  SIGNATURE: 2,
  SKESK: 3,
  ONE_PASS_SIGNATURE: 4,
  SECRET_KEY: 5,
  PUBLIC_KEY: 6,
  SECRET_SUBKEY: 7,
  COMPRESSED: 8,
  SED: 9,
  MARKER: 10,
  LITERAL: 11,
  TRUST: 12,
  USER_ID: 13,
  PUBLIC_SUBKEY: 14,
  USER_ATTRIBUTE: 17,
  SEIPD: 18,
  MDC: 19,
  AEAD: 20,
  PADDING: 21,
} as const;

const KNOWN_TAGS = new Set<number>(Object.values(TAG));

export interface PkeskInfo {
  version: number;
  /** v3: 16 lowercase hex; "0000000000000000" for an anonymous (wildcard) recipient. v6: derived from the fingerprint. */
  keyId?: string;
  /** v6 only: the recipient key's fingerprint (40 hex for a v4 key, 64 for v6). */
  fingerprint?: string;
  /** No recipient named (v3 wildcard key id, or v6 with a zero-length key field). */
  anonymous: boolean;
  publicKeyAlgorithm: number;
  /** X25519/X448 v3 PKESK carry the session key's symmetric algorithm in clear (RFC 9580 §5.1.6). */
  symmetricAlgorithm?: number;
}

export interface SkeskInfo {
  version: number;
  symmetricAlgorithm: number;
  aeadAlgorithm?: number;
  s2kType?: number;
  /** v4 only: the packet carries an encrypted session key. Without one, the passphrase-derived key
   *  itself encrypts the data with `symmetricAlgorithm` (RFC 9580 §5.3.1). Unset when unknown. */
  hasSessionKey?: boolean;
}

export interface EncryptedDataInfo {
  tag: number;
  version?: number;
  /** SEIPD v2 and AEAD (tag 20) name the cipher and AEAD mode in clear. */
  symmetricAlgorithm?: number;
  aeadAlgorithm?: number;
  /** The packet's length ends exactly at the end of the bytes given (a whole message was read). */
  exact?: boolean;
}

export interface SignatureInfo {
  /** Where it came from: a one-pass signature (tag 4) or a signature packet (tag 2). */
  tag: number;
  version: number;
  signatureType: number;
  publicKeyAlgorithm: number;
  hashAlgorithm: number;
  keyId?: string;
  fingerprint?: string;
  /** Creation time (signature subpacket 2, or the v3 field), ISO 8601. */
  created?: string;
}

export interface KeyPacketInfo {
  tag: number;
  version: number;
  publicKeyAlgorithm: number;
  created?: string;
  /** The bytes a fingerprint is computed over (the public part of the key packet body). */
  publicBody?: Uint8Array;
  /** v3 keys only: the key id is the low 64 bits of the RSA modulus. */
  keyId?: string;
}

export type PacketKind =
  | 'encrypted'
  | 'signed'
  | 'signature'
  | 'public-key'
  | 'secret-key'
  | 'compressed'
  | 'literal'
  | 'empty'
  | 'not-openpgp'
  | 'unknown';

export interface PacketWalk {
  kind: PacketKind;
  /** Tags in stream order (as far as the walk went). */
  tags: number[];
  pkesk: PkeskInfo[];
  skesk: SkeskInfo[];
  data?: EncryptedDataInfo;
  signatures: SignatureInfo[];
  keys: KeyPacketInfo[];
  compressed?: { algorithm: number; body: Uint8Array; complete: boolean };
  /** The bytes ended before the walk was done (a prefix was given, or the stream is cut). */
  truncated: boolean;
  problems: string[];
}

/** Most packets read from one stream; real messages put what we need in the first few. */
const MAX_PACKETS = 256;

interface RawPacket {
  tag: number;
  body: Uint8Array;
  /** Offset of the next packet. */
  next: number;
  /** The body is shorter than its header said (the buffer ended). */
  cut: boolean;
  partial: boolean;
}

/**
 * Reads one packet header and body at `pos` (RFC 9580 §4.2). Partial body lengths (§4.2.1.4) are
 * joined, up to `maxBody` bytes. Returns a problem string instead of throwing.
 */
function readPacket(buf: Uint8Array, pos: number, maxBody: number): RawPacket | string {
  const first = buf[pos];
  if (first === undefined) return 'end of data';
  if ((first & 0x80) === 0) return `not an OpenPGP packet header (byte 0x${first.toString(16).padStart(2, '0')})`;
  let p = pos + 1;
  if (first & 0x40) {
    // OpenPGP (new) format: tag in the low six bits, length octets follow.
    const tag = first & 0x3f;
    const chunks: Uint8Array[] = [];
    let total = 0;
    let partial = false;
    for (;;) {
      const o1 = buf[p];
      if (o1 === undefined) return { tag, body: concatBytes(chunks, total), next: buf.length, cut: true, partial };
      let len: number;
      let more = false;
      if (o1 < 192) {
        len = o1;
        p += 1;
      } else if (o1 < 224) {
        const o2 = buf[p + 1];
        if (o2 === undefined) return { tag, body: concatBytes(chunks, total), next: buf.length, cut: true, partial };
        len = ((o1 - 192) << 8) + o2 + 192;
        p += 2;
      } else if (o1 === 255) {
        if (p + 5 > buf.length) return { tag, body: concatBytes(chunks, total), next: buf.length, cut: true, partial };
        len = ((buf[p + 1] << 24) | (buf[p + 2] << 16) | (buf[p + 3] << 8) | buf[p + 4]) >>> 0;
        p += 5;
      } else {
        len = 1 << (o1 & 0x1f);
        more = true;
        partial = true;
        p += 1;
      }
      const avail = Math.min(len, buf.length - p);
      if (total < maxBody) {
        const take = Math.min(avail, maxBody - total);
        chunks.push(buf.subarray(p, p + take));
        total += take;
      }
      if (avail < len) return { tag, body: concatBytes(chunks, total), next: buf.length, cut: true, partial };
      p += len;
      if (!more) return { tag, body: concatBytes(chunks, total), next: p, cut: false, partial };
    }
  }
  // Legacy (old) format: tag in bits 5-2, length type in bits 1-0 (RFC 9580 §4.2.2).
  const tag = (first >> 2) & 0x0f;
  const lt = first & 3;
  let len: number;
  if (lt === 0) {
    if (p + 1 > buf.length) return { tag, body: new Uint8Array(0), next: buf.length, cut: true, partial: false };
    len = buf[p];
    p += 1;
  } else if (lt === 1) {
    if (p + 2 > buf.length) return { tag, body: new Uint8Array(0), next: buf.length, cut: true, partial: false };
    len = (buf[p] << 8) | buf[p + 1];
    p += 2;
  } else if (lt === 2) {
    if (p + 4 > buf.length) return { tag, body: new Uint8Array(0), next: buf.length, cut: true, partial: false };
    len = ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
    p += 4;
  } else {
    // Indeterminate length: the packet runs to the end of the data.
    len = buf.length - p;
  }
  const avail = Math.min(len, buf.length - p);
  return {
    tag,
    body: buf.subarray(p, p + Math.min(avail, maxBody)),
    next: p + avail,
    cut: avail < len,
    partial: false,
  };
}

export { toHex };

/** A fingerprint's key id: v4 keys use the low 64 bits, v5/v6 keys the high 64 bits (RFC 9580 §5.5.4). */
export function keyIdFromFingerprint(fp: string): string {
  return fp.length === 40 ? fp.slice(-16) : fp.slice(0, 16);
}

function isoFromSeconds(b: Uint8Array, at: number): string | undefined {
  if (at + 4 > b.length) return undefined;
  const secs = ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
  const d = new Date(secs * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** PKESK (RFC 9580 §5.1): v3 names an 8-octet key id, v6 a versioned fingerprint (or nothing). */
function readPkesk(b: Uint8Array): PkeskInfo | string {
  const v = b[0];
  if (v === 3) {
    if (b.length < 10) return 'PKESK v3 too short';
    const keyId = toHex(b.subarray(1, 9));
    const algo = b[9];
    const info: PkeskInfo = { version: 3, keyId, anonymous: keyId === '0000000000000000', publicKeyAlgorithm: algo };
    // X25519 (25) / X448 (26): ephemeral key, one-octet size, then the cleartext cipher octet (§5.1.6, §5.1.7).
    const eph = algo === 25 ? 32 : algo === 26 ? 56 : 0;
    if (eph && b.length > 10 + eph + 1) info.symmetricAlgorithm = b[10 + eph + 1];
    return info;
  }
  if (v === 6) {
    if (b.length < 3) return 'PKESK v6 too short';
    const n = b[1];
    if (2 + n >= b.length) return 'PKESK v6 truncated';
    if (n === 0) return { version: 6, keyId: '0000000000000000', anonymous: true, publicKeyAlgorithm: b[2] };
    const fp = toHex(b.subarray(3, 2 + n));
    return { version: 6, fingerprint: fp, keyId: keyIdFromFingerprint(fp), anonymous: false, publicKeyAlgorithm: b[2 + n] };
  }
  return `unsupported PKESK version ${v}`;
}

/** Length of an S2K specifier by type (RFC 9580 §3.7.1): simple, salted, iterated and salted, Argon2. */
const S2K_LENGTH: Record<number, number> = { 0: 2, 1: 10, 3: 11, 4: 20 };

/** SKESK (RFC 9580 §5.3): v4 cipher + S2K; v5/v6 add an AEAD mode. */
function readSkesk(b: Uint8Array): SkeskInfo | string {
  const v = b[0];
  if (v === 4) {
    if (b.length < 3) return 'SKESK v4 too short';
    const info: SkeskInfo = { version: 4, symmetricAlgorithm: b[1], s2kType: b[2] };
    const s2k = S2K_LENGTH[b[2]];
    if (s2k !== undefined) info.hasSessionKey = b.length > 2 + s2k;
    return info;
  }
  if (v === 5 || v === 6) {
    // v6 starts with a count octet; v5 (LibrePGP) does not.
    const o = v === 6 ? 2 : 1;
    if (b.length < o + 3) return `SKESK v${v} too short`;
    return { version: v, symmetricAlgorithm: b[o], aeadAlgorithm: b[o + 1], s2kType: b[o + (v === 6 ? 3 : 2)] };
  }
  return `unsupported SKESK version ${v}`;
}

function readEncryptedData(tag: number, b: Uint8Array): EncryptedDataInfo | string {
  if (tag === TAG.SED) return { tag };
  const v = b[0];
  if (tag === TAG.SEIPD) {
    if (v === 1) return { tag, version: 1 };
    if (v === 2) {
      if (b.length < 4) return 'SEIPD v2 too short';
      return { tag, version: 2, symmetricAlgorithm: b[1], aeadAlgorithm: b[2] };
    }
    return `unsupported SEIPD version ${v}`;
  }
  // AEAD Encrypted Data (tag 20, LibrePGP / RFC 4880bis): version 1, cipher, AEAD mode.
  if (v === 1 && b.length >= 3) return { tag, version: 1, symmetricAlgorithm: b[1], aeadAlgorithm: b[2] };
  return `unsupported AEAD packet version ${v}`;
}

/** One-pass signature (RFC 9580 §5.4): v3 names the issuer key id, v6 the issuer fingerprint. */
function readOnePass(b: Uint8Array): SignatureInfo | string {
  const v = b[0];
  if (v === 3) {
    if (b.length < 13) return 'one-pass signature too short';
    return { tag: TAG.ONE_PASS_SIGNATURE, version: 3, signatureType: b[1], hashAlgorithm: b[2], publicKeyAlgorithm: b[3], keyId: toHex(b.subarray(4, 12)) };
  }
  if (v === 6) {
    const saltLen = b[4];
    if (saltLen === undefined || b.length < 5 + saltLen + 32) return 'one-pass signature v6 too short';
    const fp = toHex(b.subarray(5 + saltLen, 5 + saltLen + 32));
    return { tag: TAG.ONE_PASS_SIGNATURE, version: 6, signatureType: b[1], hashAlgorithm: b[2], publicKeyAlgorithm: b[3], fingerprint: fp, keyId: keyIdFromFingerprint(fp) };
  }
  return `unsupported one-pass signature version ${v}`;
}

/** Signature packet (RFC 9580 §5.2): v3 fixed fields; v4/v5/v6 subpackets 2, 16 and 33. */
function readSignature(b: Uint8Array): SignatureInfo | string {
  const v = b[0];
  if (v === 3 || v === 2) {
    if (b.length < 17) return 'signature v3 too short';
    return {
      tag: TAG.SIGNATURE,
      version: v,
      signatureType: b[2],
      created: isoFromSeconds(b, 3),
      keyId: toHex(b.subarray(7, 15)),
      publicKeyAlgorithm: b[15],
      hashAlgorithm: b[16],
    };
  }
  if (v !== 4 && v !== 5 && v !== 6) return `unsupported signature version ${v}`;
  const info: SignatureInfo = { tag: TAG.SIGNATURE, version: v, signatureType: b[1], publicKeyAlgorithm: b[2], hashAlgorithm: b[3] };
  const wide = v !== 4; // v5/v6 use four-octet subpacket area lengths
  let p = 4;
  const areas: [Uint8Array, boolean][] = [];
  for (const hashed of [true, false]) {
    const need = wide ? 4 : 2;
    if (p + need > b.length) return areas.length ? finishSig(info, areas) : 'signature subpacket area truncated';
    const len = wide ? ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0 : (b[p] << 8) | b[p + 1];
    p += need;
    const end = Math.min(b.length, p + len);
    areas.push([b.subarray(p, end), hashed]);
    if (end < p + len) break;
    p = end;
  }
  return finishSig(info, areas);
}

function finishSig(info: SignatureInfo, areas: [Uint8Array, boolean][]): SignatureInfo {
  for (const [area, hashed] of areas) {
    let p = 0;
    let guard = 0;
    while (p < area.length && guard++ < 4096) {
      const o1 = area[p];
      let len: number;
      if (o1 < 192) {
        len = o1;
        p += 1;
      } else if (o1 < 255) {
        if (p + 2 > area.length) break;
        len = ((o1 - 192) << 8) + area[p + 1] + 192;
        p += 2;
      } else {
        if (p + 5 > area.length) break;
        len = ((area[p + 1] << 24) | (area[p + 2] << 16) | (area[p + 3] << 8) | area[p + 4]) >>> 0;
        p += 5;
      }
      if (len < 1 || p + len > area.length) break;
      const type = area[p] & 0x7f;
      const data = area.subarray(p + 1, p + len);
      // Creation time counts only from the hashed area (an unhashed one could be rewritten by anyone).
      if (type === 2 && data.length === 4 && hashed) info.created = isoFromSeconds(data, 0);
      else if (type === 16 && data.length === 8 && !info.keyId) info.keyId = toHex(data);
      else if (type === 33 && data.length >= 21) {
        const fp = toHex(data.subarray(1));
        if (fp.length === 40 || fp.length === 64) {
          info.fingerprint = fp;
          info.keyId = keyIdFromFingerprint(fp);
        }
      }
      p += len;
    }
  }
  return info;
}

function mpiLength(b: Uint8Array, at: number): number {
  if (at + 2 > b.length) return -1;
  const bits = (b[at] << 8) | b[at + 1];
  return 2 + ((bits + 7) >> 3);
}

/** Length of the public key material for a v4 key (RFC 9580 §5.5.5), or -1 when unknown. */
function v4MaterialLength(algo: number, b: Uint8Array, at: number): number {
  const mpis = (n: number, from: number): number => {
    let p = from;
    for (let i = 0; i < n; i++) {
      const l = mpiLength(b, p);
      if (l < 0) return -1;
      p += l;
    }
    return p - at;
  };
  const oid = (from: number): number => (from < b.length ? 1 + b[from] : -1);
  switch (algo) {
    case 1:
    case 2:
    case 3:
      return mpis(2, at);
    case 16:
    case 20:
      return mpis(3, at);
    case 17:
      return mpis(4, at);
    case 19:
    case 22: {
      const o = oid(at);
      if (o < 0) return -1;
      const m = mpiLength(b, at + o);
      return m < 0 ? -1 : o + m;
    }
    case 18: {
      const o = oid(at);
      if (o < 0) return -1;
      const m = mpiLength(b, at + o);
      if (m < 0 || at + o + m >= b.length) return -1;
      return o + m + 1 + b[at + o + m];
    }
    case 25:
      return 32;
    case 26:
      return 56;
    case 27:
      return 32;
    case 28:
      return 57;
    default:
      return -1;
  }
}

/** Key packets (RFC 9580 §5.5.2): version, creation time, algorithm, then the public material. */
function readKey(tag: number, b: Uint8Array): KeyPacketInfo | string {
  const v = b[0];
  if (v === 4) {
    if (b.length < 6) return 'key packet too short';
    const len = v4MaterialLength(b[5], b, 6);
    const info: KeyPacketInfo = { tag, version: 4, publicKeyAlgorithm: b[5], created: isoFromSeconds(b, 1) };
    if (len >= 0 && 6 + len <= b.length) info.publicBody = b.subarray(0, 6 + len);
    return info;
  }
  if (v === 5 || v === 6) {
    if (b.length < 10) return 'key packet too short';
    const len = ((b[6] << 24) | (b[7] << 16) | (b[8] << 8) | b[9]) >>> 0;
    const info: KeyPacketInfo = { tag, version: v, publicKeyAlgorithm: b[5], created: isoFromSeconds(b, 1) };
    if (10 + len <= b.length) info.publicBody = b.subarray(0, 10 + len);
    return info;
  }
  if (v === 3 || v === 2) {
    if (b.length < 10) return 'key packet too short';
    const info: KeyPacketInfo = { tag, version: v, publicKeyAlgorithm: b[7], created: isoFromSeconds(b, 1) };
    const l = mpiLength(b, 8);
    if (l > 10 && 8 + l <= b.length) info.keyId = toHex(b.subarray(8 + l - 8, 8 + l));
    return info;
  }
  return `unsupported key packet version ${v}`;
}

const ESK_TAGS = new Set<number>([TAG.PKESK, TAG.SKESK, TAG.MARKER, TAG.PADDING]);
const DATA_TAGS = new Set<number>([TAG.SED, TAG.SEIPD, TAG.AEAD]);

/**
 * Walks the packets at the start of `bytes`. `maxCompressed` bounds how many bytes of a compressed
 * packet's body are kept for a later inflate.
 */
export function walkPackets(bytes: Uint8Array, opts: { maxCompressed?: number } = {}): PacketWalk {
  const w: PacketWalk = { kind: 'empty', tags: [], pkesk: [], skesk: [], signatures: [], keys: [], truncated: false, problems: [] };
  const maxCompressed = opts.maxCompressed ?? 64 * 1024;
  let pos = 0;
  try {
    while (pos < bytes.length && w.tags.length < MAX_PACKETS) {
      const first = w.tags.length === 0;
      // Small bodies are enough for everything but compressed data: never copy a big payload.
      const raw = readPacket(bytes, pos, 64 * 1024 + maxCompressed);
      if (typeof raw === 'string') {
        w.problems.push(raw);
        if (first) w.kind = 'not-openpgp';
        break;
      }
      const { tag, body } = raw;
      if (!KNOWN_TAGS.has(tag) || tag === 0) {
        w.problems.push(`unknown packet tag ${tag}`);
        if (first) w.kind = 'not-openpgp';
        // Critical tags (< 40) that are unknown make the stream unusable (RFC 9580 §4.3).
        if (tag < 40) break;
      }
      w.tags.push(tag);
      if (raw.cut) w.truncated = true;
      if (tag === TAG.PKESK) {
        const r = readPkesk(body);
        if (typeof r === 'string') w.problems.push(r);
        else w.pkesk.push(r);
      } else if (tag === TAG.SKESK) {
        const r = readSkesk(body);
        if (typeof r === 'string') w.problems.push(r);
        else w.skesk.push(r);
      } else if (DATA_TAGS.has(tag)) {
        const r = readEncryptedData(tag, body);
        if (typeof r === 'string') w.problems.push(r);
        else w.data = { ...r, exact: !raw.cut && raw.next === bytes.length };
        break; // the ciphertext is opaque: nothing after it is readable without a key
      } else if (tag === TAG.ONE_PASS_SIGNATURE) {
        const r = readOnePass(body);
        if (typeof r === 'string') w.problems.push(r);
        else w.signatures.push(r);
      } else if (tag === TAG.SIGNATURE) {
        const r = readSignature(body);
        if (typeof r === 'string') w.problems.push(r);
        else w.signatures.push(r);
        // In a key block, signatures are certifications: the first key packet is what matters.
        if (w.keys.length) {
          pos = raw.next;
          continue;
        }
      } else if (tag === TAG.COMPRESSED) {
        if (body.length < 1) w.problems.push('empty compressed packet');
        else w.compressed = { algorithm: body[0], body: body.subarray(1), complete: !raw.cut && body.length < 64 * 1024 + maxCompressed };
        break;
      } else if (tag === TAG.PUBLIC_KEY || tag === TAG.SECRET_KEY || tag === TAG.PUBLIC_SUBKEY || tag === TAG.SECRET_SUBKEY) {
        const r = readKey(tag, body);
        if (typeof r === 'string') w.problems.push(r);
        else w.keys.push(r);
      } else if (tag === TAG.LITERAL) {
        // The literal data of a signed message: its signatures follow it, if the prefix reaches them.
      }
      if (raw.cut) break;
      pos = raw.next;
    }
  } catch (e) {
    // Defensive: nothing above should throw, but a classifier must never see an exception.
    w.problems.push(`packet walk failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  w.kind = kindOf(w);
  if (w.truncated && !w.problems.includes('truncated')) w.problems.push('truncated');
  return w;
}

function kindOf(w: PacketWalk): PacketKind {
  if (w.kind === 'not-openpgp') return 'not-openpgp';
  const t = w.tags.filter((x) => x !== TAG.MARKER && x !== TAG.PADDING);
  if (t.length === 0) return w.problems.length ? 'not-openpgp' : 'empty';
  const head = t[0];
  if (head === TAG.PKESK || head === TAG.SKESK || DATA_TAGS.has(head)) {
    // Session-key packets may only be followed by more of them and then the encrypted data.
    let i = 0;
    while (i < t.length && ESK_TAGS.has(t[i])) i++;
    if (i === t.length) return w.truncated || w.pkesk.length + w.skesk.length > 0 ? 'encrypted' : 'unknown';
    return DATA_TAGS.has(t[i]) ? 'encrypted' : 'unknown';
  }
  if (head === TAG.PUBLIC_KEY) return 'public-key';
  if (head === TAG.SECRET_KEY) return 'secret-key';
  if (head === TAG.ONE_PASS_SIGNATURE) return 'signed';
  if (head === TAG.SIGNATURE) return t.includes(TAG.LITERAL) || t.includes(TAG.COMPRESSED) ? 'signed' : 'signature';
  if (head === TAG.COMPRESSED) return 'compressed';
  if (head === TAG.LITERAL) return 'literal';
  return 'unknown';
}

/** Whether a walk shows a real OpenPGP encrypted message (not a key, not random bytes). */
export function isEncryptedWalk(w: PacketWalk): boolean {
  if (w.kind !== 'encrypted') return false;
  // A lone data packet with no session-key packet is legacy (PGP 2 "conventional") encryption. Its
  // first byte is all there is to go on, so random bytes would match one time in ~60: believe it only
  // when the packet's length is exactly the length of the whole file.
  if (w.pkesk.length + w.skesk.length === 0) return !!w.data && w.data.exact === true;
  return true;
}

/**
 * Walks, and when the message is compressed (gpg --sign compresses by default, RFC 9580 §5.6),
 * inflates a bounded amount with DecompressionStream where the platform has it, then walks the
 * inner packets. Without DecompressionStream the walk reports 'compressed' and stops.
 */
export async function walkPacketsDeep(bytes: Uint8Array, maxInflate = 64 * 1024, budget?: Budget): Promise<PacketWalk> {
  const w = walkPackets(bytes);
  let cur = w;
  for (let depth = 0; depth < 3 && cur.kind === 'compressed' && cur.compressed; depth++) {
    const { algorithm, body } = cur.compressed;
    let inner: Uint8Array | null;
    if (algorithm === 0) inner = body;
    else if (algorithm === 1 || algorithm === 2) {
      const r = await inflate(body, algorithm === 1 ? 'deflate-raw' : 'deflate', maxInflate, budget, 'an OpenPGP compressed packet');
      if (r?.overBudget && !r.bytes.length) {
        w.problems.push('compressed: not inflated (the analysis had already inflated as much as it may)');
        break;
      }
      inner = r?.bytes ?? null;
    }
    else {
      w.problems.push(algorithm === 3 ? 'bzip2-compressed: not inflated' : `unknown compression algorithm ${algorithm}`);
      break;
    }
    if (!inner) {
      w.problems.push('compressed: could not inflate');
      break;
    }
    const iw = walkPackets(inner);
    w.tags.push(...iw.tags);
    w.signatures.push(...iw.signatures);
    w.pkesk.push(...iw.pkesk);
    w.skesk.push(...iw.skesk);
    if (iw.data) w.data = iw.data;
    w.keys.push(...iw.keys);
    for (const p of iw.problems) if (p !== 'truncated') w.problems.push(`inside compressed data: ${p}`);
    w.kind = iw.kind === 'empty' ? 'compressed' : iw.kind;
    w.compressed = iw.compressed;
    cur = iw;
  }
  return w;
}

/** Fingerprint of a key packet (RFC 9580 §5.5.4): SHA-1 for v4, SHA-256 for v5/v6. */
export async function keyFingerprint(k: KeyPacketInfo): Promise<string | undefined> {
  if (!k.publicBody) return undefined;
  const n = k.publicBody.length;
  try {
    if (k.version === 4) {
      const pre = new Uint8Array(3 + n);
      pre[0] = 0x99;
      pre[1] = (n >> 8) & 0xff;
      pre[2] = n & 0xff;
      pre.set(k.publicBody, 3);
      return toHex(new Uint8Array(await crypto.subtle.digest('SHA-1', pre)));
    }
    const pre = new Uint8Array(5 + n);
    pre[0] = k.version === 6 ? 0x9b : 0x9a;
    pre[1] = (n >>> 24) & 0xff;
    pre[2] = (n >> 16) & 0xff;
    pre[3] = (n >> 8) & 0xff;
    pre[4] = n & 0xff;
    pre.set(k.publicBody, 5);
    return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', pre)));
  } catch {
    return undefined;
  }
}

// Named as the S/MIME side names them (AES-256, AES-256-GCM...), so one message reads the same way
// whatever the scheme (RFC 9580 §9.3, §9.6 algorithm ids).
const CIPHERS: Record<number, string> = {
  1: 'IDEA', 2: '3DES', 3: 'CAST5', 4: 'Blowfish', 7: 'AES-128', 8: 'AES-192', 9: 'AES-256',
  10: 'Twofish', 11: 'Camellia-128', 12: 'Camellia-192', 13: 'Camellia-256',
};
const AEADS: Record<number, string> = { 1: 'EAX', 2: 'OCB', 3: 'GCM' };

export function cipherName(id: number): string {
  return CIPHERS[id] ?? `cipher-${id}`;
}
export function aeadName(id: number): string {
  return AEADS[id] ?? `aead-${id}`;
}
