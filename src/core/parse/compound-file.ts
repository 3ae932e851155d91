/**
 * A whole-file reader for Compound Files (MS-CFB), the container of Outlook items (.msg) and of
 * legacy and encrypted Office documents. `crypto/cfb.ts` answers one question from a few bytes of
 * an attachment (is this Office file encrypted?); this one reads every storage and stream of a file
 * it holds in full, for the Outlook item reader (`outlook.ts`).
 *
 * MS-CFB §2.2 header: signature D0CF11E0A1B11AE1; major version at 0x1A (3: 512-byte sectors,
 * 4: 4096); sector shift 0x1E; mini sector shift 0x20; FAT sector count 0x2C; first directory
 * sector 0x30; mini stream cutoff 0x38 (4096); first mini FAT sector 0x3C, count 0x40; first DIFAT
 * sector 0x44, count 0x48; the first 109 FAT sector ids at 0x4C. Sector n starts at (n + 1) << shift.
 * §2.3 DIFAT sectors: (size / 4 - 1) FAT sector ids, then the next DIFAT sector. §2.6 directory
 * entries of 128 bytes: UTF-16LE name (64 bytes), name length in bytes at 64, object type at 66
 * (1 storage, 2 stream, 5 root), left/right sibling and child ids at 68/72/76 (a red-black tree of
 * the storage's children), start sector at 116, stream size at 120 (8 bytes; version 3 files use
 * only the low 4). Streams below the cutoff live in the mini stream (the root entry's chain), in
 * 64-byte mini sectors chained by the mini FAT.
 *
 * Every number in the file is attacker-written. A chain may loop, leave the file or be shared by
 * two streams; a sibling tree may loop or hang one entry under two storages; sizes may lie. So:
 * every chain walk stamps the sectors it visits (a loop ends the walk, with a problem); a stream's
 * walk stops at the sectors its size needs; the directory tree gives each entry to one storage
 * only; and all reads together may visit at most a few times the file's sectors (`READ_FACTOR`),
 * so sharing sectors between thousands of streams costs linear time, not quadratic.
 */

const MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** MS-CFB §2.1: ids above MAXREGSECT are markers (DIFSECT, FATSECT, ENDOFCHAIN, FREESECT). */
const MAXREGSECT = 0xfffffffa;
const NOSTREAM = 0xffffffff;
const ENTRY = 128;
/** All reads together visit at most this many times the file's sectors (honest files need 1). */
const READ_FACTOR = 4;

export const STORAGE = 1;
export const STREAM = 2;
export const ROOT = 5;

export function looksLikeCompoundFile(head: Uint8Array): boolean {
  return head.length >= 8 && MAGIC.every((m, i) => head[i] === m);
}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

export interface CfbEntry {
  id: number;
  name: string;
  type: number;
  start: number;
  size: number;
  left: number;
  right: number;
  child: number;
}

export interface StreamRead {
  bytes: Uint8Array;
  /** Why fewer bytes than the entry's size came back (a loop, a chain that leaves the file, ...). */
  problem?: string;
}

/** Sector chains, walked with loop detection: a sector seen twice in one walk ends it. */
class Chains {
  /** Walk generation per sector: equal to `gen` when the current walk has visited it. */
  private stamp: Uint32Array;
  private gen = 0;
  constructor(
    private table: Uint32Array,
    readonly count: number,
  ) {
    this.stamp = new Uint32Array(count);
  }
  /**
   * The sector ids of the chain from `start`, at most `max` of them. `problem` says why the walk
   * stopped early (a loop, an id outside the file, a free or marker sector in the middle).
   */
  walk(start: number, max: number): { ids: number[]; problem?: string } {
    const ids: number[] = [];
    if (++this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    let id = start;
    while (ids.length < max) {
      if (id > MAXREGSECT) return { ids, problem: id === 0xfffffffe ? 'the chain ends early' : 'the chain runs into a free or reserved sector' };
      if (id >= this.count) return { ids, problem: `the chain leaves the file (sector ${id})` };
      if (this.stamp[id] === this.gen) return { ids, problem: `the chain loops back to sector ${id}` };
      this.stamp[id] = this.gen;
      ids.push(id);
      id = id < this.table.length ? this.table[id] : 0xfffffffe;
    }
    return { ids };
  }
}

export class CompoundFile {
  /** What was wrong with the file's structure, in words (reading went on around it). */
  readonly problems: string[] = [];
  readonly entries: CfbEntry[] = [];
  private fat!: Chains;
  private miniFat!: Chains;
  private mini: Uint8Array = new Uint8Array(0);
  private ssz = 512;
  private cutoff = 4096;
  private claimed: Uint8Array = new Uint8Array(0);
  private kids = new Map<number, CfbEntry[]>();
  private visitsLeft = 0;
  private visitsBudget = 0;
  private problemSet = new Set<string>();

  private constructor(private readonly src: Uint8Array) {}

  /** Opens a compound file, or says why it cannot be read at all. */
  static open(src: Uint8Array): { file?: CompoundFile; error?: string } {
    if (!looksLikeCompoundFile(src)) return { error: 'not a compound file (no D0CF11E0 signature)' };
    if (src.length < 512) return { error: `truncated: ${src.length} bytes, shorter than the 512-byte header` };
    const f = new CompoundFile(src);
    const error = f.load();
    return error ? { error } : { file: f };
  }

  private note(problem: string): void {
    if (this.problemSet.has(problem) || this.problems.length >= 50) return;
    this.problemSet.add(problem);
    this.problems.push(problem);
  }

  private load(): string | undefined {
    const h = this.src;
    const shift = u16(h, 0x1e);
    if (shift !== 9 && shift !== 12) return `unsupported sector size 2^${shift} (MS-CFB allows 512 and 4096)`;
    this.ssz = 1 << shift;
    const miniShift = u16(h, 0x20);
    if (miniShift !== 6) this.note(`unusual mini sector shift ${miniShift} (6 expected); read as 64-byte mini sectors`);
    this.cutoff = u32(h, 0x38) || 4096;
    if (this.cutoff !== 4096) this.note(`unusual mini stream cutoff ${this.cutoff} (4096 expected)`);
    // The last sector may be cut short by truncation: count it, its missing bytes read as absent.
    const sectors = Math.max(0, Math.ceil((h.length - this.ssz) / this.ssz));
    this.visitsLeft = this.visitsBudget = READ_FACTOR * (sectors + 16) + 1024;

    // FAT sector ids: 109 in the header, then the DIFAT chain (each sector's last id links the next).
    const per = this.ssz / 4;
    const maxFat = Math.ceil(sectors / per) + 1;
    const fatIds: number[] = [];
    const take = (id: number) => {
      if (id <= MAXREGSECT && fatIds.length < maxFat) fatIds.push(id);
    };
    for (let i = 0; i < 109; i++) take(u32(h, 0x4c + i * 4));
    let difat = u32(h, 0x44);
    const seenDifat = new Set<number>();
    while (difat <= MAXREGSECT && fatIds.length < maxFat) {
      if (difat >= sectors || seenDifat.has(difat)) {
        this.note(difat >= sectors ? 'the DIFAT chain leaves the file' : 'the DIFAT chain loops');
        break;
      }
      seenDifat.add(difat);
      const s = this.sector(difat);
      for (let i = 0; i < per - 1; i++) take(u32(s, i * 4));
      difat = u32(s, (per - 1) * 4);
    }
    const table = new Uint32Array(fatIds.length * per).fill(0xffffffff);
    fatIds.forEach((id, k) => {
      if (id >= sectors) {
        this.note(`a FAT sector lies outside the file (sector ${id})`);
        return;
      }
      const s = this.sector(id);
      for (let i = 0; i < per; i++) table[k * per + i] = u32(s, i * 4);
    });
    this.fat = new Chains(table, sectors);
    if (!fatIds.length) return 'the file has no FAT (sector allocation table)';

    // Directory: entry 0 is the root storage.
    const dir = this.fat.walk(u32(h, 0x30), sectors);
    if (dir.problem && !dir.ids.length) return `the directory cannot be found (${dir.problem})`;
    if (dir.problem && dir.problem !== 'the chain ends early') this.note(`directory: ${dir.problem}`);
    for (const id of dir.ids) {
      const s = this.sector(id);
      for (let o = 0; o + ENTRY <= s.length; o += ENTRY) this.entries.push(this.entry(s, o, this.entries.length));
    }
    const root = this.entries[0];
    if (!root || root.type !== ROOT) return 'the first directory entry is not the root storage';
    this.claimed = new Uint8Array(this.entries.length);
    this.claimed[0] = 1;

    // Mini FAT and the mini stream (held by the root entry), read once.
    const miniFatRead = this.fat.walk(u32(h, 0x3c), Math.min(sectors, Math.max(0, u32(h, 0x40)) || sectors));
    if (miniFatRead.problem && miniFatRead.problem !== 'the chain ends early' && u32(h, 0x3c) <= MAXREGSECT) this.note(`mini FAT: ${miniFatRead.problem}`);
    const miniTable = new Uint32Array(miniFatRead.ids.length * per);
    miniFatRead.ids.forEach((id, k) => {
      const s = this.sector(id);
      for (let i = 0; i < per; i++) miniTable[k * per + i] = u32(s, i * 4);
    });
    if (root.size > 0 && root.start <= MAXREGSECT) {
      const r = this.readChain(root.start, root.size, this.fat, this.ssz, (id) => this.sector(id));
      if (r.problem) this.note(`mini stream: ${r.problem}`);
      this.mini = r.bytes;
    }
    this.miniFat = new Chains(miniTable, Math.floor(this.mini.length / 64));
    return undefined;
  }

  /** Sector `id`'s bytes; a sector cut off by truncation comes back short. */
  private sector(id: number): Uint8Array {
    const at = (id + 1) * this.ssz;
    return this.src.subarray(Math.min(at, this.src.length), Math.min(at + this.ssz, this.src.length));
  }

  private entry(s: Uint8Array, o: number, id: number): CfbEntry {
    const len = Math.min(64, u16(s, o + 64));
    let name = '';
    for (let i = 0; i + 1 < len; i += 2) {
      const c = u16(s, o + i);
      if (c === 0) break;
      name += String.fromCharCode(c);
    }
    // Version 3 files may leave garbage in the high half of the size (MS-CFB §2.6.3).
    const hi = this.ssz === 4096 ? u32(s, o + 124) : 0;
    return {
      id,
      name,
      type: s[o + 66],
      start: u32(s, o + 116),
      size: hi ? Number.MAX_SAFE_INTEGER : u32(s, o + 120),
      left: u32(s, o + 68),
      right: u32(s, o + 72),
      child: u32(s, o + 76),
    };
  }

  /** Sectors and mini sectors visited by stream reads so far (the work the read budget bounds). */
  get sectorsRead(): number {
    return this.visitsBudget - this.visitsLeft;
  }

  get root(): CfbEntry {
    return this.entries[0];
  }

  /**
   * The children of a storage, in no particular order. The sibling tree is walked with an explicit
   * stack; an entry already given to a storage (a loop, or a second parent) is not given again.
   */
  children(storage: CfbEntry): CfbEntry[] {
    const cached = this.kids.get(storage.id);
    if (cached) return cached;
    const out: CfbEntry[] = [];
    const stack = [storage.child];
    let looped = false;
    while (stack.length) {
      const id = stack.pop()!;
      if (id === NOSTREAM || id > MAXREGSECT) continue;
      const e = this.entries[id];
      if (!e) {
        this.note(`directory: entry ${id} does not exist`);
        continue;
      }
      if (this.claimed[id]) {
        looped = true;
        continue;
      }
      this.claimed[id] = 1;
      if (e.type === STORAGE || e.type === STREAM) out.push(e);
      stack.push(e.right, e.left);
    }
    if (looped) this.note(`directory: the tree under "${storage.name}" loops or shares entries (cut)`);
    this.kids.set(storage.id, out);
    return out;
  }

  /** A child of `storage` by name (MS-CFB compares names case-insensitively). */
  child(storage: CfbEntry, name: string): CfbEntry | undefined {
    const want = name.toUpperCase();
    return this.children(storage).find((e) => e.name.toUpperCase() === want);
  }

  /** A stream's bytes, at most `limit` of them. */
  read(e: CfbEntry, limit = Infinity): StreamRead {
    if (e.type !== STREAM) return { bytes: new Uint8Array(0), problem: `"${e.name}" is not a stream` };
    const want = Math.min(e.size, limit);
    if (want === 0) return { bytes: new Uint8Array(0) };
    if (e.size < this.cutoff) return this.readChain(e.start, want, this.miniFat, 64, (id) => this.mini.subarray(id * 64, id * 64 + 64));
    return this.readChain(e.start, want, this.fat, this.ssz, (id) => this.sector(id));
  }

  /**
   * Follows a chain for `size` bytes. A chain of consecutive sectors (what writers produce for a
   * file written in one go) is returned as a view of the file, not copied.
   */
  private readChain(start: number, size: number, chains: Chains, unit: number, piece: (id: number) => Uint8Array): StreamRead {
    const need = Math.ceil(size / unit);
    if (this.visitsLeft <= 0) return { bytes: new Uint8Array(0), problem: 'read budget used up: streams share sectors' };
    const walk = chains.walk(start, Math.min(need, this.visitsLeft));
    this.visitsLeft -= walk.ids.length;
    let problem = walk.problem;
    if (!problem && walk.ids.length < need) problem = 'read budget used up: streams share sectors';
    const ids = walk.ids;
    let contiguous = unit === this.ssz && ids.length > 0;
    for (let i = 1; contiguous && i < ids.length; i++) if (ids[i] !== ids[i - 1] + 1) contiguous = false;
    let bytes: Uint8Array;
    if (contiguous) {
      const at = (ids[0] + 1) * unit;
      bytes = this.src.subarray(Math.min(at, this.src.length), Math.min(at + Math.min(size, ids.length * unit), this.src.length));
    } else {
      bytes = new Uint8Array(Math.min(size, ids.length * unit));
      let n = 0;
      for (const id of ids) {
        const p = piece(id);
        const take = Math.min(p.length, bytes.length - n);
        bytes.set(p.subarray(0, take), n);
        n += take;
        if (p.length < unit) break; // truncated file: nothing after a short sector
      }
      bytes = bytes.subarray(0, n);
    }
    if (bytes.length < size && !problem) problem = 'the file is cut short';
    return problem ? { bytes, problem } : { bytes };
  }
}
