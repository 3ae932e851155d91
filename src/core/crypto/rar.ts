/**
 * Is this RAR archive password-protected? From RARLAB's format notes ("RAR 5.0 archive format";
 * the RAR 4.x technote):
 * - RAR5: signature 52 61 72 21 1A 07 01 00; every header = CRC32, size (vint), type (vint), flags
 *   (vint), [extra size vint if flags & 1], [data size vint if flags & 2], then its fields. Type 4
 *   (archive encryption header) right after the signature means the headers themselves are
 *   encrypted (`rar -hp`); a file header (type 2) whose extra area has a record of type 1 (file
 *   encryption: version 0 = AES-256) means that file is encrypted (`rar -p`).
 * - RAR4: signature 52 61 72 21 1A 07 00; blocks = CRC16, type, flags (u16), size (u16), [ADD_SIZE
 *   u32 if flags & 0x8000]. Main header (0x73) flag 0x0080 = block headers encrypted; file header
 *   (0x74) flag 0x0004 = file encrypted.
 * Only the first bytes are read: the first file headers follow the signature.
 */

export interface RarVerdict {
  isRar: boolean;
  version?: 4 | 5;
  encrypted: boolean;
  scope?: 'headers' | 'files';
  algorithm?: string;
}

const SIG4 = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00];
const SIG5 = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00];

const starts = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

export function looksLikeRar(head: Uint8Array): boolean {
  return starts(head, SIG5) || starts(head, SIG4);
}

/** RAR5 variable-length integer: 7 bits per byte, high bit = more. Returns [value, next] or undefined. */
function vint(b: Uint8Array, i: number): [number, number] | undefined {
  let v = 0;
  let mul = 1;
  for (let k = 0; k < 10 && i + k < b.length; k++) {
    v += (b[i + k] & 0x7f) * mul;
    if (!(b[i + k] & 0x80)) return [v, i + k + 1];
    mul *= 128;
  }
  return undefined;
}

function rar5(b: Uint8Array, v: RarVerdict): void {
  let pos = SIG5.length;
  for (let n = 0; n < 256 && pos + 6 < b.length; n++) {
    const size = vint(b, pos + 4);
    if (!size) return;
    const [hsize, typeAt] = size;
    const end = typeAt + hsize;
    const type = vint(b, typeAt);
    if (!type || hsize === 0) return;
    if (type[0] === 4) {
      // Archive encryption header: RAR5 defines only version 0, AES-256.
      v.encrypted = true;
      v.scope = 'headers';
      v.algorithm = 'AES-256';
      return;
    }
    const flags = vint(b, type[1]);
    if (!flags) return;
    let p = flags[1];
    let extra = 0;
    let data = 0;
    if (flags[0] & 1) {
      const e = vint(b, p);
      if (!e) return;
      [extra, p] = e;
    }
    if (flags[0] & 2) {
      const d = vint(b, p);
      if (!d) return;
      [data, p] = d;
    }
    if (type[0] === 2 && extra > 0 && end <= b.length) {
      // Walk the extra area's records: size (vint, from the type on), type (vint), data.
      for (let r = end - extra; r < end; ) {
        const rs = vint(b, r);
        if (!rs) break;
        const rt = vint(b, rs[1]);
        if (!rt) break;
        if (rt[0] === 1) {
          const ver = vint(b, rt[1]);
          v.encrypted = true;
          v.scope = 'files';
          v.algorithm = ver && ver[0] === 0 ? 'AES-256' : 'AES';
          return;
        }
        if (rs[0] === 0) break;
        r = rs[1] + rs[0];
      }
    }
    if (type[0] === 5) return; // end of archive
    pos = end + data;
  }
}

function rar4(b: Uint8Array, v: RarVerdict): void {
  let pos = SIG4.length;
  const u16 = (i: number) => b[i] | (b[i + 1] << 8);
  const u32 = (i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
  for (let n = 0; n < 256 && pos + 7 <= b.length; n++) {
    const type = b[pos + 2];
    const flags = u16(pos + 3);
    const size = u16(pos + 5);
    if (size < 7) return;
    const add = flags & 0x8000 && pos + 11 <= b.length ? u32(pos + 7) : 0;
    if (type === 0x73 && flags & 0x0080) {
      v.encrypted = true;
      v.scope = 'headers';
      v.algorithm = 'AES-128';
      return;
    }
    if (type === 0x74 && flags & 0x0004) {
      v.encrypted = true;
      v.scope = 'files';
      v.algorithm = 'AES-128';
      return;
    }
    if (type === 0x7b) return; // end of archive
    pos += size + add;
  }
}

export function inspectRar(head: Uint8Array): RarVerdict {
  const v: RarVerdict = { isRar: looksLikeRar(head), encrypted: false };
  if (!v.isRar) return v;
  if (starts(head, SIG5)) {
    v.version = 5;
    rar5(head, v);
  } else {
    v.version = 4;
    rar4(head, v);
  }
  return v;
}
