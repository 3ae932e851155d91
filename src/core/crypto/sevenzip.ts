/**
 * Is this 7-Zip archive password-protected? 7zFormat.txt (7-Zip's DOC/7zFormat.txt): a 32-byte
 * signature header ('7z\xBC\xAF\x27\x1C', version, CRC, then NextHeaderOffset and NextHeaderSize as
 * UINT64 at bytes 12 and 20); the header sits at 32 + NextHeaderOffset, normally the end of the
 * file. It starts with kHeader (0x01) when stored plain or kEncodedHeader (0x17) when packed; a
 * folder's coder list names each coder by id, and 06 F1 07 01 is 7zAES (AES-256 + SHA-256 key
 * derivation). A coder record is a flag byte (low nibble = id size, 0x20 = has properties) then the id.
 *
 * What can be told without unpacking anything: headers encrypted (-mhe=on: the packed header's
 * coder is 7zAES), or a plain header whose file coders include 7zAES. When the header is packed
 * with LZMA but not encrypted (the 7-Zip default without -mhe), the file coders are inside the
 * packed header: we do not decompress, so we say nothing rather than guess.
 */

export interface SevenZipVerdict {
  is7z: boolean;
  encrypted: boolean;
  /** 'headers' (file names hidden too) or 'files'. */
  scope?: 'headers' | 'files';
  /** Why nothing could be told, when that is the case. */
  unknown?: string;
}

const SIG = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
const AES_CODER = [0x06, 0xf1, 0x07, 0x01];

export function looksLike7z(head: Uint8Array): boolean {
  return head.length >= 6 && SIG.every((b, i) => head[i] === b);
}

function u64(b: Uint8Array, i: number): number {
  let v = 0;
  for (let k = 7; k >= 0; k--) v = v * 256 + b[i + k];
  return v;
}

function hasAesCoder(b: Uint8Array): boolean {
  for (let i = 1; i + 4 < b.length; i++) {
    if ((b[i - 1] & 0x0f) === 4 && (b[i - 1] & 0xc0) === 0 && AES_CODER.every((x, k) => b[i + k] === x)) return true;
  }
  return false;
}

/**
 * `tail` is the end of the file and `total` its length, when known (the header is located by offset).
 */
export function inspect7z(head: Uint8Array, tail?: Uint8Array, total?: number): SevenZipVerdict {
  const v: SevenZipVerdict = { is7z: looksLike7z(head), encrypted: false };
  if (!v.is7z) return v;
  if (head.length < 32) {
    v.unknown = 'signature header cut short';
    return v;
  }
  const offset = u64(head, 12);
  const size = u64(head, 20);
  const start = 32 + offset;
  let header: Uint8Array | undefined;
  if (start + size <= head.length) header = head.subarray(start, start + size);
  else if (tail && total !== undefined && start >= total - tail.length && start + size <= total) {
    const at = start - (total - tail.length);
    header = tail.subarray(at, at + size);
  }
  if (!header || size === 0 || size > 1 << 24) {
    v.unknown = 'the archive header is out of reach';
    return v;
  }
  if (header[0] === 0x17) {
    // Packed header: its own coders are visible (streams info), the files' are not.
    if (hasAesCoder(header)) {
      v.encrypted = true;
      v.scope = 'headers';
    } else v.unknown = 'the file list is compressed; whether the files are encrypted is inside it';
  } else if (header[0] === 0x01) {
    if (hasAesCoder(header)) {
      v.encrypted = true;
      v.scope = 'files';
    }
  } else v.unknown = 'unrecognised archive header';
  return v;
}
