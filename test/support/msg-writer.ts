/**
 * Writes Outlook items (.msg) for tests: a Compound File (MS-CFB) writer and an MS-OXMSG layer on
 * top. Our own code, from the specifications (MS-CFB §2, MS-OXMSG §2), so the reader is tested on
 * files it did not make and on shapes no corpus has: S/MIME items with keys made at test time, ANSI
 * strings in a code page, embedded messages, and deliberately broken files (loops in every chain).
 *
 * The writer is simple and honest by default: version 3 (512-byte sectors) or 4 (4096), streams
 * under 4096 bytes in the mini stream, sibling trees sorted the MS-CFB way (length, then upper case)
 * and balanced, all nodes black. `Hostile` options break one thing at a time.
 */

// ---------------------------------------------------------------------------------------------
// Compound file
// ---------------------------------------------------------------------------------------------

export interface CfbStream {
  name: string;
  data: Uint8Array;
}
export interface CfbStorage {
  name: string;
  children: (CfbStream | CfbStorage)[];
}

export interface Hostile {
  /** The FAT chain of the largest regular stream loops back to its first sector, halfway through. */
  fatLoop?: boolean;
  /** The mini FAT chain of the first mini stream of two or more mini sectors loops back to its start. */
  miniFatLoop?: boolean;
  /** The root's first child names itself as its right sibling's right sibling (a directory loop). */
  directoryLoop?: boolean;
  /** The directory sector chain loops. */
  directoryChainLoop?: boolean;
  /** The DIFAT chain points at itself (used with files big enough to need DIFAT sectors). */
  difatLoop?: boolean;
  /** Every stream of this name (in every storage) claims the same start sector as the first one. */
  shareSectorsOf?: string;
}

export interface CfbOptions {
  version?: 3 | 4;
  hostile?: Hostile;
}

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const DIFSECT = 0xfffffffc;
const NOSTREAM = 0xffffffff;
const CUTOFF = 4096;

interface Flat {
  name: string;
  type: 1 | 2 | 5;
  data?: Uint8Array;
  kids: number[];
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

/** MS-CFB §2.6.4: shorter names first, then by upper-cased UTF-16 code units. */
function cfbCompare(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

const isStorage = (n: CfbStream | CfbStorage): n is CfbStorage => 'children' in n;

export function writeCfb(root: CfbStorage, opts: CfbOptions = {}): Uint8Array {
  const version = opts.version ?? 3;
  const ssz = version === 4 ? 4096 : 512;
  const per = ssz / 4;
  const h = opts.hostile ?? {};

  // Flatten the tree: entry 0 is the root.
  const flat: Flat[] = [];
  const add = (n: CfbStream | CfbStorage, type: 1 | 2 | 5): number => {
    const id = flat.length;
    flat.push({ name: n.name, type, data: isStorage(n) ? undefined : n.data, kids: [], left: NOSTREAM, right: NOSTREAM, child: NOSTREAM, start: ENDOFCHAIN, size: 0 });
    if (isStorage(n)) for (const c of n.children) flat[id].kids.push(add(c, isStorage(c) ? 1 : 2));
    return id;
  };
  add(root, 5);
  // Balanced binary search trees of each storage's children.
  for (const e of flat) {
    const sorted = [...e.kids].sort((a, b) => cfbCompare(flat[a].name, flat[b].name));
    const build = (lo: number, hi: number): number => {
      if (lo > hi) return NOSTREAM;
      const mid = (lo + hi) >> 1;
      const id = sorted[mid];
      flat[id].left = build(lo, mid - 1);
      flat[id].right = build(mid + 1, hi);
      return id;
    };
    e.child = build(0, sorted.length - 1);
  }

  // Mini stream: streams under the cutoff, 64-byte mini sectors.
  const miniFat: number[] = [];
  const miniChunks: Uint8Array[] = [];
  let miniLen = 0;
  const shared = new Map<string, { start: number; mini: boolean }>();
  for (const e of flat) {
    if (e.type !== 2 || !e.data || e.data.length >= CUTOFF) continue;
    e.size = e.data.length;
    if (!e.data.length) continue;
    if (h.shareSectorsOf === e.name && shared.has(e.name)) {
      e.start = shared.get(e.name)!.start;
      continue;
    }
    const n = Math.ceil(e.data.length / 64);
    e.start = miniFat.length;
    for (let i = 0; i < n; i++) miniFat.push(i === n - 1 ? ENDOFCHAIN : e.start + i + 1);
    if (h.miniFatLoop && n >= 2 && !shared.has('\0mini')) {
      // Halfway through the chain, back to its start: the walk meets the first mini sector again.
      miniFat[e.start + (n >> 1)] = e.start;
      shared.set('\0mini', { start: 0, mini: true });
    }
    const padded = new Uint8Array(n * 64);
    padded.set(e.data);
    miniChunks.push(padded);
    miniLen += padded.length;
    if (h.shareSectorsOf === e.name) shared.set(e.name, { start: e.start, mini: true });
  }
  const miniStream = new Uint8Array(miniLen);
  {
    let o = 0;
    for (const c of miniChunks) {
      miniStream.set(c, o);
      o += c.length;
    }
  }

  // Regular sectors: big streams, the mini stream, the mini FAT, the directory; then FAT and DIFAT.
  const sectors: Uint8Array[] = [];
  const fat: number[] = [];
  const place = (data: Uint8Array): number => {
    if (!data.length) return ENDOFCHAIN;
    const n = Math.ceil(data.length / ssz);
    const start = sectors.length;
    for (let i = 0; i < n; i++) {
      const s = new Uint8Array(ssz);
      s.set(data.subarray(i * ssz, (i + 1) * ssz));
      sectors.push(s);
      fat.push(i === n - 1 ? ENDOFCHAIN : start + i + 1);
    }
    return start;
  };
  let biggest: Flat | undefined;
  for (const e of flat) {
    if (e.type !== 2 || !e.data || e.data.length < CUTOFF) continue;
    e.size = e.data.length;
    if (h.shareSectorsOf === e.name && shared.has(e.name)) {
      e.start = shared.get(e.name)!.start;
      continue;
    }
    e.start = place(e.data);
    if (h.shareSectorsOf === e.name) shared.set(e.name, { start: e.start, mini: false });
    if (!biggest || e.data.length > biggest.size) biggest = e;
  }
  if (h.fatLoop && biggest) {
    const n = Math.ceil(biggest.size / ssz);
    fat[biggest.start + (n >> 1)] = biggest.start;
  }
  flat[0].start = place(miniStream);
  flat[0].size = miniStream.length;
  const miniFatBytes = u32s(miniFat, per);
  const miniFatStart = place(miniFatBytes);
  const miniFatCount = miniFatBytes.length / ssz;

  const dir = new Uint8Array(Math.ceil((flat.length * 128) / ssz) * ssz);
  flat.forEach((e, i) => dirEntry(dir, i * 128, e, version));
  for (let i = flat.length; i < dir.length / 128; i++) {
    // Unused entries: no name, siblings and child NOSTREAM.
    const o = i * 128;
    setU32(dir, o + 68, NOSTREAM);
    setU32(dir, o + 72, NOSTREAM);
    setU32(dir, o + 76, NOSTREAM);
  }
  if (h.directoryLoop) {
    // The root's child gets the root's child as its own right sibling: the tree walk meets it twice.
    const c = flat[0].child;
    setU32(dir, c * 128 + 72, c);
  }
  const dirStart = place(dir);
  if (h.directoryChainLoop) fat[dirStart + dir.length / ssz - 1] = dirStart;

  // FAT sectors describe every sector including themselves and the DIFAT sectors.
  let fatCount = 0;
  let difatCount = 0;
  for (;;) {
    const total = sectors.length + fatCount + difatCount;
    const needFat = Math.ceil(total / per);
    const needDifat = needFat > 109 ? Math.ceil((needFat - 109) / (per - 1)) : 0;
    if (needFat === fatCount && needDifat === difatCount) break;
    fatCount = needFat;
    difatCount = needDifat;
  }
  const fatStart = sectors.length;
  for (let i = 0; i < fatCount; i++) fat.push(FATSECT);
  const difatStart = sectors.length + fatCount;
  for (let i = 0; i < difatCount; i++) fat.push(DIFSECT);
  const fatBytes = u32s(fat, per, fatCount * per);
  for (let i = 0; i < fatCount; i++) sectors.push(fatBytes.subarray(i * ssz, (i + 1) * ssz));
  const fatIds = Array.from({ length: fatCount }, (_, i) => fatStart + i);
  for (let d = 0; d < difatCount; d++) {
    const s = new Uint8Array(ssz).fill(0xff);
    const ids = fatIds.slice(109 + d * (per - 1), 109 + (d + 1) * (per - 1));
    ids.forEach((id, i) => setU32(s, i * 4, id));
    setU32(s, (per - 1) * 4, d === difatCount - 1 ? (h.difatLoop ? difatStart : ENDOFCHAIN) : difatStart + d + 1);
    sectors.push(s);
  }

  const header = new Uint8Array(ssz);
  header.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  setU16(header, 0x18, 0x3e);
  setU16(header, 0x1a, version);
  setU16(header, 0x1c, 0xfffe);
  setU16(header, 0x1e, version === 4 ? 12 : 9);
  setU16(header, 0x20, 6);
  setU32(header, 0x28, version === 4 ? dir.length / ssz : 0);
  setU32(header, 0x2c, fatCount);
  setU32(header, 0x30, dirStart);
  setU32(header, 0x38, CUTOFF);
  setU32(header, 0x3c, miniFatCount ? miniFatStart : ENDOFCHAIN);
  setU32(header, 0x40, miniFatCount);
  setU32(header, 0x44, difatCount ? difatStart : ENDOFCHAIN);
  setU32(header, 0x48, difatCount);
  for (let i = 0; i < 109; i++) setU32(header, 0x4c + i * 4, i < fatIds.length ? fatIds[i] : FREESECT);

  const out = new Uint8Array(ssz * (1 + sectors.length));
  out.set(header, 0);
  sectors.forEach((s, i) => out.set(s, (i + 1) * ssz));
  return out;
}

function dirEntry(dir: Uint8Array, o: number, e: Flat, version: number): void {
  const name = e.name.slice(0, 31);
  for (let i = 0; i < name.length; i++) setU16(dir, o + i * 2, name.charCodeAt(i));
  setU16(dir, o + 64, (name.length + 1) * 2);
  dir[o + 66] = e.type;
  dir[o + 67] = 1; // black
  setU32(dir, o + 68, e.left);
  setU32(dir, o + 72, e.right);
  setU32(dir, o + 76, e.type === 2 ? NOSTREAM : e.child);
  setU32(dir, o + 116, e.type === 1 ? 0 : e.start);
  setU32(dir, o + 120, e.type === 1 ? 0 : e.size);
  if (version === 4) setU32(dir, o + 124, 0);
}

function u32s(values: number[], per: number, minEntries = 0): Uint8Array {
  const n = Math.max(values.length, minEntries);
  const out = new Uint8Array(Math.ceil(n / per) * per * 4).fill(0xff);
  values.forEach((v, i) => setU32(out, i * 4, v));
  return out;
}

function setU16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}
function setU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

// ---------------------------------------------------------------------------------------------
// Outlook item (MS-OXMSG)
// ---------------------------------------------------------------------------------------------

export type PropValue =
  | { type: 'string'; value: string }
  | { type: 'binary'; value: Uint8Array }
  | { type: 'int'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'time'; value: Date };

export interface MsgRecipient {
  /** 1 To, 2 Cc, 3 Bcc. */
  type?: number;
  name?: string;
  address?: string;
  /** 'SMTP' (default) or 'EX' (then `address` is the X.500 DN and `smtp` the SMTP address). */
  addressType?: string;
  smtp?: string;
}

export interface MsgAttachment {
  name?: string;
  mimeTag?: string;
  data?: Uint8Array;
  /** An embedded message (attach method 5). */
  embedded?: MsgItem;
  contentId?: string;
  hidden?: boolean;
  /** Overrides the attach method (e.g. 6 for an OLE object, 2 by reference). */
  method?: number;
}

export interface MsgItem {
  messageClass?: string;
  subject?: string;
  /** Strings as UTF-16 (default) or 8-bit in `codepage`. */
  ansi?: boolean;
  /** PidTagMessageCodepage for 8-bit strings (default 1252). */
  codepage?: number;
  /** Written as PidTagInternetCodepage. */
  internetCodepage?: number;
  senderName?: string;
  senderEmail?: string;
  sentRepresentingName?: string;
  sentRepresentingEmail?: string;
  transportHeaders?: string;
  body?: string;
  /** Written as binary PidTagBodyHtml. */
  html?: string | Uint8Array;
  /** Only a compressed-RTF body property (its bytes are not read). */
  rtfOnly?: boolean;
  date?: Date;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  recipients?: MsgRecipient[];
  attachments?: MsgAttachment[];
  /** More properties by id. */
  extra?: Record<number, PropValue>;
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
const TYPE = { string: 0x001f, ansi: 0x001e, binary: 0x0102, int: 0x0003, bool: 0x000b, time: 0x0040 };

function encodeAnsi(s: string, codepage: number): Uint8Array {
  // Test-side encoder for the code pages tests use: 1252/28591 one byte per char; 932 via Node.
  if (codepage === 932) return new Uint8Array(Buffer.from(encodeShiftJis(s)));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Shift_JIS for the few characters tests use (built from the platform's decoder, not a table). */
function encodeShiftJis(s: string): number[] {
  const dec = new TextDecoder('shift_jis');
  const out: number[] = [];
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    let found: number[] | undefined;
    for (let a = 0x81; a <= 0xfc && !found; a++) {
      if (a > 0x9f && a < 0xe0) continue;
      for (let b = 0x40; b <= 0xfc; b++) {
        if (dec.decode(new Uint8Array([a, b])) === ch) {
          found = [a, b];
          break;
        }
      }
    }
    if (!found) throw new Error(`no Shift_JIS code for ${ch}`);
    out.push(...found);
  }
  return out;
}

const utf16 = (s: string) => {
  const b = new Uint8Array(s.length * 2 + 2);
  for (let i = 0; i < s.length; i++) setU16(b, i * 2, s.charCodeAt(i));
  return b;
};

function filetime(d: Date): [number, number] {
  const ticks = BigInt(d.getTime() + 11644473600000) * 10000n;
  return [Number(ticks & 0xffffffffn), Number(ticks >> 32n)];
}

/** The storage of one item (root or embedded), with its recipients and attachments. */
function itemStorage(item: MsgItem, name: string, top: boolean): CfbStorage {
  const ansi = !!item.ansi;
  const cp = item.codepage ?? 1252;
  const props = new Map<number, PropValue>();
  const s = (id: number, v: string | undefined) => v !== undefined && props.set(id, { type: 'string', value: v });
  s(0x001a, item.messageClass ?? 'IPM.Note');
  s(0x0037, item.subject);
  s(0x0c1a, item.senderName);
  if (item.senderEmail) {
    s(0x0c1f, item.senderEmail);
    s(0x0c1e, 'SMTP');
  }
  s(0x0042, item.sentRepresentingName);
  if (item.sentRepresentingEmail) {
    s(0x0065, item.sentRepresentingEmail);
    s(0x0064, 'SMTP');
  }
  s(0x007d, item.transportHeaders);
  s(0x1000, item.body);
  s(0x1035, item.messageId);
  s(0x1042, item.inReplyTo);
  s(0x1039, item.references);
  if (item.html !== undefined) props.set(0x1013, { type: 'binary', value: typeof item.html === 'string' ? new TextEncoder().encode(item.html) : item.html });
  if (item.rtfOnly) props.set(0x1009, { type: 'binary', value: new Uint8Array([0x2d, 0, 0, 0, 0x2b, 0, 0, 0, 0x4c, 0x5a, 0x46, 0x75]) });
  if (item.date) {
    props.set(0x0039, { type: 'time', value: item.date });
    props.set(0x0e06, { type: 'time', value: item.date });
  }
  if (ansi || item.codepage) props.set(0x3ffd, { type: 'int', value: cp });
  if (item.internetCodepage) props.set(0x3fde, { type: 'int', value: item.internetCodepage });
  for (const [id, v] of Object.entries(item.extra ?? {})) props.set(Number(id), v);

  const recips = item.recipients ?? [];
  const atts = item.attachments ?? [];
  const children: (CfbStream | CfbStorage)[] = propertyStreams(props, ansi, cp, top ? 32 : 24, recips.length, atts.length);
  recips.forEach((r, i) => {
    const rp = new Map<number, PropValue>();
    rp.set(0x0c15, { type: 'int', value: r.type ?? 1 });
    if (r.name !== undefined) rp.set(0x3001, { type: 'string', value: r.name });
    if (r.address !== undefined) rp.set(0x3003, { type: 'string', value: r.address });
    rp.set(0x3002, { type: 'string', value: r.addressType ?? 'SMTP' });
    if (r.smtp) rp.set(0x39fe, { type: 'string', value: r.smtp });
    children.push({ name: `__recip_version1.0_#${i.toString(16).toUpperCase().padStart(8, '0')}`, children: propertyStreams(rp, ansi, cp, 8) });
  });
  atts.forEach((a, i) => {
    const ap = new Map<number, PropValue>();
    ap.set(0x3705, { type: 'int', value: a.method ?? (a.embedded ? 5 : 1) });
    if (a.name !== undefined) {
      ap.set(0x3707, { type: 'string', value: a.name });
      ap.set(0x3001, { type: 'string', value: a.name });
    }
    if (a.mimeTag) ap.set(0x370e, { type: 'string', value: a.mimeTag });
    if (a.contentId) ap.set(0x3712, { type: 'string', value: a.contentId });
    if (a.hidden) ap.set(0x7ffe, { type: 'bool', value: true });
    if (a.data) ap.set(0x3701, { type: 'binary', value: a.data });
    const kids: (CfbStream | CfbStorage)[] = propertyStreams(ap, ansi, cp, 8);
    if (a.embedded) {
      const inner = itemStorage(a.embedded, '__substg1.0_3701000D', false);
      kids.push(inner);
    }
    children.push({ name: `__attach_version1.0_#${i.toString(16).toUpperCase().padStart(8, '0')}`, children: kids });
  });
  if (top) children.push({ name: '__nameid_version1.0', children: [] });
  return { name, children };
}

function propertyStreams(props: Map<number, PropValue>, ansi: boolean, cp: number, headerSize: number, recipCount = 0, attachCount = 0): CfbStream[] {
  const streams: CfbStream[] = [];
  const entries = new Uint8Array(headerSize + props.size * 16);
  if (headerSize >= 24) {
    setU32(entries, 8, recipCount);
    setU32(entries, 12, attachCount);
    setU32(entries, 16, recipCount);
    setU32(entries, 20, attachCount);
  }
  let o = headerSize;
  for (const [id, v] of props) {
    let type: number;
    let data: Uint8Array | undefined;
    if (v.type === 'string') {
      type = ansi ? TYPE.ansi : TYPE.string;
      data = ansi ? concat(encodeAnsi(v.value, cp), new Uint8Array(1)) : utf16(v.value);
    } else if (v.type === 'binary') {
      type = TYPE.binary;
      data = v.value;
    } else if (v.type === 'int') {
      type = TYPE.int;
      setU32(entries, o + 8, v.value >>> 0);
    } else if (v.type === 'bool') {
      type = TYPE.bool;
      setU16(entries, o + 8, v.value ? 1 : 0);
    } else {
      type = TYPE.time;
      const [lo, hi] = filetime(v.value);
      setU32(entries, o + 8, lo);
      setU32(entries, o + 12, hi);
    }
    setU32(entries, o, ((id << 16) | type) >>> 0);
    setU32(entries, o + 4, 6);
    if (data) {
      setU32(entries, o + 8, data.length);
      streams.push({ name: `__substg1.0_${hex4(id)}${hex4(type)}`, data });
    }
    o += 16;
  }
  streams.unshift({ name: '__properties_version1.0', data: entries });
  return streams;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A whole .msg file for the item. */
export function writeMsg(item: MsgItem, opts: CfbOptions = {}): Uint8Array {
  return writeCfb(itemStorage(item, 'Root Entry', true), opts);
}
