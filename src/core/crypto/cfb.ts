/**
 * Is this Office file encrypted? Encrypted OOXML (.docx/.xlsx/.pptx with a password) is not a ZIP:
 * it is a Compound File (MS-CFB) holding an "EncryptionInfo" stream and an "EncryptedPackage"
 * stream (MS-OFFCRYPTO §2.3.4.4 standard, §2.3.4.10 agile: EncryptionInfo version 4.4 followed by
 * an XML descriptor with keyData cipherAlgorithm/keyBits; standard encryption 2.2/3.2/4.2 carries
 * an EncryptionHeader with AlgID 0x660E/0x660F/0x6610 = AES-128/192/256, 0x6801 = RC4).
 * Legacy binary files: Word's FIB flag fEncrypted (MS-DOC §2.5.2, bit 0x0100 of the flags at 0x0A),
 * Excel's FILEPASS record 0x002F in the Workbook globals (MS-XLS §2.4.117), PowerPoint's
 * "EncryptedSummary" stream (MS-PPT §2.1.2).
 *
 * MS-CFB §2.2: header magic D0CF11E0A1B11AE1, sector shift at 0x1E, first directory sector at 0x30,
 * mini stream cutoff at 0x38, first mini FAT sector at 0x3C, the first 109 FAT sector ids at 0x4C;
 * §2.6 directory entries are 128 bytes (UTF-16LE name, name length at 64, type at 66, start at
 * 116, size at 120). We read only bytes we were given (the head, and the tail when its absolute
 * position is known); what we cannot reach we find by scanning for a directory entry's shape.
 */
import { binaryString } from '../parse/bytes';

export interface CfbVerdict {
  isCfb: boolean;
  encrypted: boolean;
  /** 'agile', 'standard', 'extensible', 'word-legacy', 'excel-legacy', 'powerpoint-legacy'. */
  method?: string;
  algorithm?: string;
  /** Directory entry names that decided it. */
  streams: string[];
}

const MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

export function looksLikeCfb(head: Uint8Array): boolean {
  return head.length >= 8 && MAGIC.every((m, i) => head[i] === m);
}

interface Entry {
  name: string;
  type: number;
  start: number;
  size: number;
}

/** Random access to the parts of the file we hold. */
class Bytes {
  constructor(
    private head: Uint8Array,
    private tail?: Uint8Array,
    private tailStart?: number,
  ) {}
  get(offset: number, len: number): Uint8Array | undefined {
    if (offset >= 0 && offset + len <= this.head.length) return this.head.subarray(offset, offset + len);
    if (this.tail && this.tailStart !== undefined && offset >= this.tailStart && offset + len - this.tailStart <= this.tail.length) {
      return this.tail.subarray(offset - this.tailStart, offset - this.tailStart + len);
    }
    return undefined;
  }
}

const AGILE_CIPHER = /<keyData\b[^>]*>/;

function standardAlg(id: number, keyBits: number): string | undefined {
  if (id === 0x660e) return 'AES-128';
  if (id === 0x660f) return 'AES-192';
  if (id === 0x6610) return 'AES-256';
  if (id === 0x6801) return `RC4${keyBits ? `-${keyBits}` : ''}`;
  return undefined;
}

function agileAlg(xml: string): string | undefined {
  const kd = AGILE_CIPHER.exec(xml)?.[0];
  if (!kd) return undefined;
  const cipher = /cipherAlgorithm="([^"]+)"/.exec(kd)?.[1];
  const bits = /keyBits="(\d+)"/.exec(kd)?.[1];
  return cipher ? `${cipher}${bits ? `-${bits}` : ''}` : undefined;
}

/** EncryptionInfo's first bytes → method and algorithm (MS-OFFCRYPTO §2.3.4.5, §2.3.4.10). */
function readEncryptionInfo(info: Uint8Array, v: CfbVerdict): void {
  if (info.length < 8) return;
  const major = u16(info, 0);
  const minor = u16(info, 2);
  if (major === 4 && minor === 4) {
    v.method = 'agile';
    v.algorithm = agileAlg(String.fromCharCode(...info.subarray(8, Math.min(info.length, 8 + 4096))));
  } else if (minor === 2 && major >= 2 && major <= 4 && info.length >= 32) {
    v.method = 'standard';
    v.algorithm = standardAlg(u32(info, 20), u32(info, 28));
  } else if (minor === 3) {
    v.method = 'extensible';
  }
}

function decodeName(b: Uint8Array): string {
  const len = Math.min(64, u16(b, 64));
  let s = '';
  for (let i = 0; i + 1 < len; i += 2) {
    const c = u16(b, i);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

class Reader {
  ssz: number;
  fatIds: number[] = [];
  constructor(
    private bytes: Bytes,
    private hdr: Uint8Array,
  ) {
    this.ssz = 1 << u16(hdr, 30);
    for (let i = 0; i < 109; i++) this.fatIds.push(u32(hdr, 76 + i * 4));
  }
  sector(id: number): Uint8Array | undefined {
    return this.bytes.get((id + 1) * this.ssz, this.ssz);
  }
  next(id: number): number | undefined {
    const per = this.ssz / 4;
    const fatSector = this.fatIds[Math.floor(id / per)];
    if (fatSector === undefined || fatSector >= END_OF_CHAIN) return undefined;
    const s = this.sector(fatSector);
    return s ? u32(s, (id % per) * 4) : undefined;
  }
  /** Sector ids of a chain, as far as we can follow it. */
  chain(start: number, max = 4096): number[] {
    const out: number[] = [];
    for (let id = start; id < END_OF_CHAIN - 3 && out.length < max; ) {
      out.push(id);
      const n = this.next(id);
      if (n === undefined || out.includes(n)) break;
      id = n;
    }
    return out;
  }
  directory(): Entry[] {
    const out: Entry[] = [];
    for (const id of this.chain(u32(this.hdr, 48), 256)) {
      const s = this.sector(id);
      if (!s) break;
      for (let i = 0; i + 128 <= s.length; i += 128) {
        const e = s.subarray(i, i + 128);
        const type = e[66];
        if (type === 0) continue;
        out.push({ name: decodeName(e), type, start: u32(e, 116), size: u32(e, 120) });
      }
    }
    return out;
  }
  /** The first `len` bytes of a stream, from the mini stream when it is below the cutoff. */
  streamHead(e: Entry, root: Entry | undefined, len: number): Uint8Array | undefined {
    const cutoff = u32(this.hdr, 56) || 4096;
    if (e.size >= cutoff) {
      const s = this.sector(e.start);
      return s?.subarray(0, Math.min(len, e.size));
    }
    if (!root) return undefined;
    // Mini stream: 64-byte mini sectors stored in the root entry's chain; we only need the first one
    // or two mini sectors, which are consecutive in most writers' output — follow the mini FAT anyway.
    const miniFat = this.chain(u32(this.hdr, 60), 64).map((id) => this.sector(id));
    const miniNext = (id: number): number | undefined => {
      const per = this.ssz / 4;
      const s = miniFat[Math.floor(id / per)];
      return s ? u32(s, (id % per) * 4) : undefined;
    };
    const rootChain = this.chain(root.start);
    const out = new Uint8Array(Math.min(len, e.size));
    let n = 0;
    for (let mid = e.start; n < out.length && mid < END_OF_CHAIN - 3; ) {
      const pos = mid * 64;
      const sid = rootChain[Math.floor(pos / this.ssz)];
      const sec = sid === undefined ? undefined : this.sector(sid);
      if (!sec) return n ? out.subarray(0, n) : undefined;
      const piece = sec.subarray(pos % this.ssz, (pos % this.ssz) + 64);
      const take = Math.min(piece.length, out.length - n);
      out.set(piece.subarray(0, take), n);
      n += take;
      const nx = miniNext(mid);
      if (nx === undefined) break;
      mid = nx;
    }
    return out.subarray(0, n);
  }
}

/** Finds directory entries by shape in raw bytes (for when the directory sector is out of reach). */
function scanEntries(b: Uint8Array): string[] {
  const found: string[] = [];
  for (const name of ['EncryptionInfo', 'EncryptedPackage', 'EncryptedSummary']) {
    const pat = new Uint8Array((name.length + 1) * 2);
    for (let i = 0; i < name.length; i++) pat[i * 2] = name.charCodeAt(i);
    outer: for (let i = 0; i + 128 <= b.length; i++) {
      if (b[i] !== pat[0]) continue;
      for (let k = 1; k < pat.length; k++) if (b[i + k] !== pat[k]) continue outer;
      if (u16(b, i + 64) === pat.length && b[i + 66] === 2) {
        found.push(name);
        break;
      }
    }
  }
  return found;
}

function legacyWord(fib: Uint8Array): boolean {
  return fib.length >= 12 && u16(fib, 0) === 0xa5ec && (u16(fib, 10) & 0x0100) !== 0;
}

function legacyExcel(book: Uint8Array): boolean {
  // BIFF8 records: type(2) length(2) data. FILEPASS follows BOF in the globals substream.
  let i = 0;
  for (let n = 0; i + 4 <= book.length && n < 64; n++) {
    const type = u16(book, i);
    if (type === 0x002f) return true;
    if (n === 0 && type !== 0x0809) return false;
    if (type === 0x000a) return false; // EOF of the globals substream
    i += 4 + u16(book, i + 2);
  }
  return false;
}

/**
 * Reads the compound file's directory from what we hold. `tailStart` is the tail's absolute offset
 * in the file, when known.
 */
export function inspectCfb(head: Uint8Array, tail?: Uint8Array, tailStart?: number): CfbVerdict {
  const v: CfbVerdict = { isCfb: looksLikeCfb(head), encrypted: false, streams: [] };
  if (!v.isCfb || head.length < 512) return v;
  const bytes = new Bytes(head, tail, tailStart);
  const r = new Reader(bytes, head.subarray(0, 512));
  let entries: Entry[] = [];
  if (r.ssz === 512 || r.ssz === 4096) {
    try {
      entries = r.directory();
    } catch {
      entries = [];
    }
  }
  const byName = (n: string) => entries.find((e) => e.name === n && e.type === 2);
  const root = entries.find((e) => e.type === 5);
  const info = byName('EncryptionInfo');
  if (info || byName('EncryptedPackage')) {
    v.encrypted = true;
    v.streams = ['EncryptionInfo', 'EncryptedPackage'].filter((n) => byName(n));
    if (info) {
      const b = r.streamHead(info, root, 4096);
      if (b) readEncryptionInfo(b, v);
    }
  } else if (byName('EncryptedSummary')) {
    v.encrypted = true;
    v.method = 'powerpoint-legacy';
    v.streams = ['EncryptedSummary'];
  } else {
    const word = byName('WordDocument');
    const book = byName('Workbook') ?? byName('Book');
    const fib = word && r.streamHead(word, root, 64);
    const bk = book && r.streamHead(book, root, 512);
    if (fib && legacyWord(fib)) {
      v.encrypted = true;
      v.method = 'word-legacy';
      v.streams = ['WordDocument'];
    } else if (bk && legacyExcel(bk)) {
      v.encrypted = true;
      v.method = 'excel-legacy';
      v.streams = [book!.name];
    }
  }
  if (!v.encrypted && !entries.some((e) => e.type === 2)) {
    // Directory out of reach: look for the encryption streams' directory entries by their shape.
    const found = [...new Set([...scanEntries(head), ...(tail ? scanEntries(tail) : [])])];
    if (found.length) {
      v.encrypted = true;
      v.streams = found;
      if (found.includes('EncryptedSummary') && found.length === 1) v.method = 'powerpoint-legacy';
    }
  }
  if (v.encrypted && !v.algorithm && v.method !== 'powerpoint-legacy') {
    // The agile descriptor is plain XML: find it in whatever bytes we hold.
    for (const b of [head, tail]) {
      if (!b) continue;
      const text = binaryString(b, 0, Math.min(b.length, 65536));
      const at = text.indexOf('<encryption ');
      if (at >= 0) {
        v.method ??= 'agile';
        v.algorithm = agileAlg(text.slice(at, at + 4096));
        break;
      }
    }
  }
  return v;
}
