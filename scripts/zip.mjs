// Deterministic ZIP files for `npm run package`: entries sorted by name, one fixed timestamp, fixed
// permissions, no extra fields, so the same files give the same bytes (with the same Node and zlib).
// Also a small reader, to re-pack an archive another tool wrote (web-ext build) the same way.
// Format: APPNOTE.TXT (PKWARE) §4.3 local headers, §4.3.12 central directory, §4.3.16 end record.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * The fixed modification time of every entry, as DOS time and date (§4.4.6): SOURCE_DATE_EPOCH when
 * set (reproducible-builds.org), else 1980-01-01 00:00, the first instant a DOS date can hold.
 */
export function dosTime(epochSeconds = process.env.SOURCE_DATE_EPOCH) {
  const d = epochSeconds ? new Date(Number(epochSeconds) * 1000) : new Date(Date.UTC(1980, 0, 1));
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

const u16 = (n) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/**
 * A ZIP of `entries` ({ name, data, mode? }): names use "/" and are sorted by their bytes; each file
 * is deflated (level 9) unless that does not make it smaller; mode defaults to 0644.
 */
export function zip(entries, { time = dosTime() } = {}) {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const locals = [];
  const central = [];
  let offset = 0;
  const seen = new Set();
  for (const { name, data, mode = 0o644 } of sorted) {
    if (seen.has(name)) throw new Error(`zip: ${name} twice`);
    seen.add(name);
    if (name.startsWith('/') || name.split('/').includes('..')) throw new Error(`zip: unsafe entry name ${name}`);
    const raw = Buffer.from(data);
    const deflated = deflateRawSync(raw, { level: 9 });
    const method = deflated.length < raw.length ? 8 : 0;
    const body = method === 8 ? deflated : raw;
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(raw);
    if (raw.length > 0xfffffffe || offset > 0xfffffffe) throw new Error('zip: too large (no ZIP64 here)');
    // version needed 2.0; flag bit 11: the name is UTF-8.
    const common = Buffer.concat([u16(20), u16(0x0800), u16(method), u16(time.time), u16(time.date), u32(crc), u32(body.length), u32(raw.length), u16(fileName.length), u16(0)]);
    const local = Buffer.concat([u32(0x04034b50), common, fileName, body]);
    // Made by Unix (3) 2.0, so the external attributes carry the permission bits of a regular file.
    central.push(Buffer.concat([u32(0x02014b50), u16((3 << 8) | 20), common, u16(0), u16(0), u16(0), u32(((0o100000 | mode) << 16) >>> 0), u32(offset), fileName]));
    locals.push(local);
    offset += local.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(central.length), u16(central.length), u32(dir.length), u32(offset), u16(0)]);
  return Buffer.concat([...locals, dir, end]);
}

/** The files of a ZIP (stored or deflated entries; directories left out): [{ name, data, mode }]. */
export function unzip(buf) {
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('unzip: no end of central directory');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('unzip: bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const external = buf.readUInt32LE(p + 38);
    const at = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const body = buf.subarray(start, start + size);
    if (method !== 0 && method !== 8) throw new Error(`unzip: ${name}: compression method ${method}`);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    const mode = (external >>> 16) & 0o777;
    out.push({ name, data, mode: mode & 0o111 ? 0o755 : 0o644 });
  }
  return out;
}
