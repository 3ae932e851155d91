/**
 * Is this ZIP archive password-protected? Read from the archive's own records, never from its name.
 *
 * Facts (PKWARE APPNOTE.TXT 6.3.x, §4.3.7 local file header, §4.3.12 central directory header,
 * §4.3.16 end of central directory, §4.4.4 general purpose flag: bit 0 = the entry is encrypted,
 * bit 6 = strong encryption, bit 13 = the central directory is encrypted; §7.2.4 strong encryption
 * header 0x0017 with its AlgID; WinZip "AE-x" AES extra field 0x9901, compression method 99,
 * strength byte 1/2/3 = AES-128/192/256).
 *
 * It works on two slices: the first bytes (local headers) and the last bytes (central directory and
 * end record), so a 20 MB archive costs two small reads. The central directory is authoritative
 * when it is visible; the local headers are the fallback.
 */

export interface ZipVerdict {
  /** The bytes are a ZIP archive (local header or end-of-central-directory signature). */
  isZip: boolean;
  encrypted: boolean;
  /** 'ZipCrypto', 'AES-128', 'AES-192', 'AES-256', '3DES', 'RC4'... */
  algorithm?: string;
  /** Entries seen / encrypted among them (files only; directories are never encrypted). */
  entries: number;
  encryptedEntries: number;
  /** Where the answer came from: 'central-directory' or 'local-headers'. */
  source?: 'central-directory' | 'local-headers';
  problems: string[];
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_SPANNED = 0x08074b50; // "PK\x07\x08": split/spanned archive marker before the first local header (§8.5.3)
const SIG_SPANNED_00 = 0x30304b50; // "PK00": same marker written by some tools

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** True when the bytes start like a ZIP archive. */
export function looksLikeZip(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const sig = u32(head, 0);
  return sig === SIG_LOCAL || sig === SIG_EOCD || sig === SIG_SPANNED || sig === SIG_SPANNED_00;
}

/** Strong-encryption AlgID (APPNOTE §7.2.3.2). */
const STRONG_ALG: Record<number, string> = {
  0x6601: 'DES',
  0x6602: 'RC2',
  0x6603: '3DES-168',
  0x6609: '3DES-112',
  0x660e: 'AES-128',
  0x660f: 'AES-192',
  0x6610: 'AES-256',
  0x6702: 'RC2',
  0x6720: 'Blowfish',
  0x6721: 'Twofish',
  0x6801: 'RC4',
};

interface EntryFlags {
  flags: number;
  method: number;
  extra: Uint8Array;
}

function algorithmOf(e: EntryFlags): string {
  // AES extra field 0x9901: data = vendor version(2) "AE"(2) strength(1) method(2).
  for (let i = 0; i + 4 <= e.extra.length; ) {
    const id = u16(e.extra, i);
    const len = u16(e.extra, i + 2);
    const data = i + 4;
    if (id === 0x9901 && len >= 5 && data + 5 <= e.extra.length) {
      const strength = e.extra[data + 4];
      return strength === 1 ? 'AES-128' : strength === 2 ? 'AES-192' : strength === 3 ? 'AES-256' : 'AES';
    }
    if (id === 0x0017 && len >= 4 && data + 4 <= e.extra.length) {
      // Strong encryption header: Format(2) AlgID(2) Bitlen(2) Flags(2).
      return STRONG_ALG[u16(e.extra, data + 2)] ?? 'PKWARE strong encryption';
    }
    i = data + len;
  }
  if (e.method === 99) return 'AES';
  if (e.flags & 0x40) return 'PKWARE strong encryption';
  return 'ZipCrypto';
}

/** Walks central directory records from `at`; stops at the first thing that is not one. */
function readCentral(b: Uint8Array, at: number): EntryFlags[] & { names: string[] } {
  const out = [] as unknown as EntryFlags[] & { names: string[] };
  out.names = [];
  let i = at;
  while (i + 46 <= b.length && u32(b, i) === SIG_CENTRAL) {
    const nameLen = u16(b, i + 28);
    const extraLen = u16(b, i + 30);
    const commentLen = u16(b, i + 32);
    const end = i + 46 + nameLen + extraLen + commentLen;
    if (end > b.length) break;
    const nameBytes = b.subarray(i + 46, i + 46 + nameLen);
    const name = String.fromCharCode(...nameBytes.subarray(0, 200));
    out.push({ flags: u16(b, i + 8), method: u16(b, i + 10), extra: b.subarray(i + 46 + nameLen, i + 46 + nameLen + extraLen) });
    out.names.push(name);
    i = end;
    if (out.length > 100000) break;
  }
  return out;
}

function findCentralStart(tail: Uint8Array): number {
  // The end record is within the last 22 + 65535 bytes; search backwards for its signature.
  for (let i = tail.length - 22; i >= 0 && i >= tail.length - 22 - 65535; i--) {
    if (u32(tail, i) !== SIG_EOCD) continue;
    const cdSize = u32(tail, i + 12);
    const start = i - cdSize;
    if (cdSize !== 0xffffffff && start >= 0 && (cdSize === 0 || u32(tail, start) === SIG_CENTRAL)) return start;
    break;
  }
  // Central directory larger than the tail, or Zip64: take the first central record we can see.
  for (let i = 0; i + 4 <= tail.length; i++) if (u32(tail, i) === SIG_CENTRAL && readCentral(tail, i).length > 0) return i;
  return -1;
}

function readLocal(head: Uint8Array): EntryFlags[] & { names: string[] } {
  const out = [] as unknown as EntryFlags[] & { names: string[] };
  out.names = [];
  let i = 0;
  const first = u32(head, 0);
  if (first === SIG_SPANNED || first === SIG_SPANNED_00) i = 4;
  while (i + 30 <= head.length && u32(head, i) === SIG_LOCAL) {
    const flags = u16(head, i + 6);
    const method = u16(head, i + 8);
    const csize = u32(head, i + 18);
    const nameLen = u16(head, i + 26);
    const extraLen = u16(head, i + 28);
    const dataStart = i + 30 + nameLen + extraLen;
    // A header cut short by the read limit still tells its flags; the extra field is what we have of it.
    out.push({ flags, method, extra: head.subarray(Math.min(head.length, i + 30 + nameLen), Math.min(head.length, dataStart)) });
    out.names.push(String.fromCharCode(...head.subarray(i + 30, Math.min(head.length, i + 30 + Math.min(nameLen, 200)))));
    if (dataStart > head.length) break;
    // A data descriptor (bit 3) leaves the sizes zero here: we cannot skip to the next header.
    if ((flags & 0x08) && csize === 0) break;
    i = dataStart + csize;
  }
  return out;
}

/**
 * Reads the ZIP's encryption flags from its first bytes and (optionally) its last bytes.
 * Never throws; damaged records end the walk and leave a problem.
 */
export function inspectZip(head: Uint8Array, tail?: Uint8Array): ZipVerdict {
  const v: ZipVerdict = { isZip: false, encrypted: false, entries: 0, encryptedEntries: 0, problems: [] };
  if (!looksLikeZip(head)) return v;
  v.isZip = true;
  let entries: (EntryFlags[] & { names: string[] }) | undefined;
  if (tail && tail.length >= 22) {
    const start = findCentralStart(tail);
    if (start >= 0) {
      const cd = readCentral(tail, start);
      if (cd.length) {
        entries = cd;
        v.source = 'central-directory';
      }
    }
  }
  if (!entries) {
    entries = readLocal(head);
    v.source = 'local-headers';
    if (!entries.length) v.problems.push('no readable ZIP entry header');
  }
  let algorithm: string | undefined;
  entries.forEach((e, i) => {
    const isDir = entries!.names[i].endsWith('/');
    if (isDir) return;
    v.entries++;
    if (e.flags & 0x01) {
      v.encryptedEntries++;
      algorithm ??= algorithmOf(e);
    }
  });
  // Bit 13 of a local header: the central directory itself is encrypted (APPNOTE §4.4.4, §7.3).
  if (!v.encryptedEntries && entries.some((e) => e.flags & 0x2000)) {
    v.encryptedEntries = 1;
    algorithm = 'PKWARE strong encryption';
  }
  if (v.encryptedEntries) {
    v.encrypted = true;
    v.algorithm = algorithm;
  }
  return v;
}
