// Byte-level builders for the encrypted-attachment tests, for formats no installed tool can write here
// (no 7z, qpdf, msoffcrypto-tool or LibreOffice on these machines): a WinZip-AES ZIP, PDFs with and
// without /Encrypt, and an MS-CFB compound file with chosen streams.

// ---------------------------------------------------------------------------------------------
// ZIP (PKWARE APPNOTE 6.3.x; WinZip AE-x extra field 0x9901)
// ---------------------------------------------------------------------------------------------

function le(n: number, bytes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) out.push((n >>> (8 * i)) & 0xff);
  return out;
}

export interface ZipEntrySpec {
  name: string;
  data: Uint8Array;
  /** Sets general-purpose bit 0. */
  encrypted?: boolean;
  /** AES strength 1/2/3 (128/192/256): adds the 0x9901 field and method 99. */
  aes?: 1 | 2 | 3;
}

/** A stored (uncompressed) ZIP; the "encrypted" data is just the given bytes (readers only look at flags). */
export function buildZip(entries: ZipEntrySpec[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  let localLen = 0;
  const centrals: number[] = [];
  for (const e of entries) {
    const name = [...Buffer.from(e.name, 'utf8')];
    const extra = e.aes ? [...le(0x9901, 2), ...le(7, 2), ...le(2, 2), 0x41, 0x45, e.aes, ...le(0, 2)] : [];
    const flags = e.encrypted ? 1 : 0;
    const method = e.aes ? 99 : 0;
    const offset = localLen;
    const common = [...le(flags, 2), ...le(method, 2), ...le(0, 2), ...le(0x21, 2), ...le(0, 4), ...le(e.data.length, 4), ...le(e.data.length, 4), ...le(name.length, 2), ...le(extra.length, 2)];
    const header = Uint8Array.from([...le(0x04034b50, 4), ...le(e.aes ? 51 : 20, 2), ...common, ...name, ...extra]);
    chunks.push(header, e.data);
    localLen += header.length + e.data.length;
    centrals.push(...le(0x02014b50, 4), ...le(0x033f, 2), ...le(e.aes ? 51 : 20, 2), ...common, ...le(0, 2), ...le(0, 2), ...le(0, 2), ...le(0, 4), ...le(offset, 4), ...name, ...extra);
  }
  const eocd = [...le(0x06054b50, 4), ...le(0, 2), ...le(0, 2), ...le(entries.length, 2), ...le(entries.length, 2), ...le(centrals.length, 4), ...le(localLen, 4), ...le(0, 2)];
  chunks.push(Uint8Array.from(centrals), Uint8Array.from(eocd));
  return Uint8Array.from(Buffer.concat(chunks));
}

// ---------------------------------------------------------------------------------------------
// PDF (ISO 32000-1 §7.5: header, body, xref, trailer)
// ---------------------------------------------------------------------------------------------

export interface PdfSpec {
  /** Encryption dictionary body (without << >>), e.g. "/Filter /Standard /V 5 /R 6 /Length 256". */
  encrypt?: string;
  /** Put the encryption dictionary inline in the trailer instead of as an indirect object. */
  inline?: boolean;
  /** Use a cross-reference stream (PDF 1.5) instead of a classic trailer. */
  xrefStream?: boolean;
  /** Padding bytes inside the page stream (to make the file big). */
  padding?: number;
  /** Extra text in the page content stream (e.g. the literal "/Encrypt 9 0 R"). */
  pageText?: string;
  /** Linearized layout: the first-page trailer with /Encrypt sits near the head; the last trailer lacks it. */
  linearizedHead?: boolean;
}

export function buildPdf(spec: PdfSpec = {}): Uint8Array {
  const parts: string[] = [];
  const offsets: number[] = [];
  let text = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const add = (n: number, body: string) => {
    offsets[n] = Buffer.byteLength(text, 'latin1');
    text += `${n} 0 obj\n${body}\nendobj\n`;
  };
  const enc = spec.encrypt && !spec.inline ? ' /Encrypt 5 0 R' : spec.encrypt ? ` /Encrypt << ${spec.encrypt} >>` : '';
  if (spec.linearizedHead) {
    // First-page section: linearization dict, then a first-page trailer that carries /Encrypt.
    add(6, '<< /Linearized 1 /L 0 /O 3 /E 0 /N 1 /T 0 >>');
    text += `xref\n6 1\n0000000009 00000 n \ntrailer\n<< /Size 7 /Root 1 0 R${enc} /ID [<00><00>] >>\n`;
  }
  const content = `BT /F1 12 Tf 72 712 Td (Hello) Tj ET${spec.pageText ? `\n${spec.pageText}` : ''}${spec.padding ? `\n%${'x'.repeat(spec.padding)}` : ''}`;
  add(1, '<< /Type /Catalog /Pages 2 0 R >>');
  add(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  add(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>');
  add(4, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  if (spec.encrypt && !spec.inline) add(5, `<< ${spec.encrypt} >>`);
  const last = spec.linearizedHead ? '' : enc;
  const xrefAt = Buffer.byteLength(text, 'latin1');
  const count = spec.encrypt && !spec.inline ? 6 : 5;
  if (spec.xrefStream) {
    parts.push(`7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R${last} /Length 0 >>\nstream\n\nendstream\nendobj\n`);
    text += parts.join('') + `startxref\n${xrefAt}\n%%EOF\n`;
  } else {
    let xref = `xref\n0 ${count}\n0000000000 65535 f \n`;
    for (let i = 1; i < count; i++) xref += `${String(offsets[i] ?? 0).padStart(10, '0')} 00000 n \n`;
    text += `${xref}trailer\n<< /Size ${count} /Root 1 0 R${last} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  }
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

// ---------------------------------------------------------------------------------------------
// MS-CFB compound file (version 3, 512-byte sectors, 4096-byte mini stream cutoff)
// ---------------------------------------------------------------------------------------------

const FREE = 0xffffffff;
const END = 0xfffffffe;
const FATSECT = 0xfffffffd;

export interface CfbStream {
  name: string;
  data: Uint8Array;
}

/**
 * A compound file holding the given streams under the root storage. Small streams go to the mini
 * stream, as real writers do. `directoryLast` places the directory sector at the end of the file
 * (so a reader that only has the first bytes must find it another way).
 */
export function buildCfb(streams: CfbStream[], o: { directoryLast?: boolean; padSectors?: number } = {}): Uint8Array {
  const SS = 512;
  const mini = streams.filter((s) => s.data.length < 4096);
  const big = streams.filter((s) => s.data.length >= 4096);
  // Mini stream layout.
  const miniStarts = new Map<CfbStream, number>();
  const miniFat: number[] = [];
  const miniBytes: number[] = [];
  for (const s of mini) {
    const n = Math.max(1, Math.ceil(s.data.length / 64));
    const start = miniFat.length;
    miniStarts.set(s, s.data.length ? start : END);
    for (let i = 0; i < n; i++) miniFat.push(i === n - 1 ? END : start + i + 1);
    const padded = new Uint8Array(n * 64);
    padded.set(s.data);
    miniBytes.push(...padded);
  }
  const sectorsOf = (len: number) => Math.ceil(len / SS);
  const miniStreamSectors = sectorsOf(miniBytes.length);
  const miniFatSectors = sectorsOf(miniFat.length * 4);
  const bigSectors = big.map((s) => sectorsOf(s.data.length));
  const entries = 1 + streams.length;
  const dirSectors = sectorsOf(entries * 128);
  const pad = o.padSectors ?? 0;
  const dataSectors = miniStreamSectors + miniFatSectors + bigSectors.reduce((a, b) => a + b, 0) + dirSectors + pad;
  let fatSectors = 1;
  while (fatSectors * 128 < dataSectors + fatSectors) fatSectors++;
  // Sector plan: FAT, [dir], miniFAT, ministream, big streams, padding, [dir].
  let next = 0;
  const take = (n: number) => {
    const s = next;
    next += n;
    return s;
  };
  const fatStart = take(fatSectors);
  const dirStart = o.directoryLast ? -1 : take(dirSectors);
  const miniFatStart = miniFatSectors ? take(miniFatSectors) : END;
  const miniStreamStart = miniStreamSectors ? take(miniStreamSectors) : END;
  const bigStarts = bigSectors.map((n) => take(n));
  const padStart = take(pad);
  const dirAt = o.directoryLast ? take(dirSectors) : dirStart;
  const total = next;
  const fat = new Array<number>(fatSectors * 128).fill(FREE);
  const chain = (start: number, n: number) => {
    for (let i = 0; i < n; i++) fat[start + i] = i === n - 1 ? END : start + i + 1;
  };
  for (let i = 0; i < fatSectors; i++) fat[fatStart + i] = FATSECT;
  chain(dirAt, dirSectors);
  if (miniFatSectors) chain(miniFatStart as number, miniFatSectors);
  if (miniStreamSectors) chain(miniStreamStart as number, miniStreamSectors);
  big.forEach((_, i) => chain(bigStarts[i], bigSectors[i]));
  if (pad) chain(padStart, pad);

  const file = new Uint8Array(SS * (1 + total));
  const put32 = (at: number, v: number) => file.set(le(v, 4), at);
  const put16 = (at: number, v: number) => file.set(le(v, 2), at);
  // Header (MS-CFB §2.2).
  file.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  put16(24, 0x003e);
  put16(26, 3);
  put16(28, 0xfffe);
  put16(30, 9);
  put16(32, 6);
  put32(44, fatSectors);
  put32(48, dirAt);
  put32(56, 4096);
  put32(60, miniFatStart as number);
  put32(64, miniFatSectors);
  put32(68, END);
  put32(72, 0);
  for (let i = 0; i < 109; i++) put32(76 + i * 4, i < fatSectors ? fatStart + i : FREE);
  const sectorAt = (id: number) => SS * (id + 1);
  fat.forEach((v, i) => put32(sectorAt(fatStart) + i * 4, v));
  const mf = [...miniFat];
  while (mf.length % 128) mf.push(FREE);
  if (miniFatSectors) mf.forEach((v, i) => put32(sectorAt(miniFatStart as number) + i * 4, v));
  if (miniStreamSectors) file.set(miniBytes, sectorAt(miniStreamStart as number));
  big.forEach((s, i) => file.set(s.data, sectorAt(bigStarts[i])));
  // Directory (§2.6): root, then each stream as the right sibling of the previous one.
  const dir = sectorAt(dirAt);
  const entry = (i: number, name: string, type: number, start: number, size: number, child: number, right: number) => {
    const at = dir + i * 128;
    for (let k = 0; k < 128; k += 4) put32(at + k, 0);
    const n = Buffer.from(name + '\0', 'utf16le');
    file.set(n, at);
    put16(at + 64, n.length);
    file[at + 66] = type;
    file[at + 67] = 1;
    put32(at + 68, FREE);
    put32(at + 72, right);
    put32(at + 76, child);
    put32(at + 116, start);
    put32(at + 120, size);
  };
  entry(0, 'Root Entry', 5, miniStreamSectors ? (miniStreamStart as number) : END, miniBytes.length, streams.length ? 1 : FREE, FREE);
  streams.forEach((s, i) => {
    const start = s.data.length >= 4096 ? bigStarts[big.indexOf(s)] : (miniStarts.get(s) ?? END);
    entry(i + 1, s.name, 2, start, s.data.length, FREE, i + 1 < streams.length ? i + 2 : FREE);
  });
  for (let i = entries; i < dirSectors * 4; i++) {
    const at = dir + i * 128;
    put32(at + 68, FREE);
    put32(at + 72, FREE);
    put32(at + 76, FREE);
  }
  return file;
}

/** An agile EncryptionInfo stream (MS-OFFCRYPTO §2.3.4.10): version 4.4, reserved 0x40, XML descriptor. */
export function agileEncryptionInfo(keyBits = 256): Uint8Array {
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
    `<keyData saltSize="16" blockSize="16" keyBits="${keyBits}" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>` +
    '<dataIntegrity encryptedHmacKey="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==" encryptedHmacValue="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="/>' +
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
    `<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="${keyBits}" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA==" encryptedVerifierHashInput="AAAAAAAAAAAAAAAAAAAAAA==" encryptedVerifierHashValue="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==" encryptedKeyValue="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="/>` +
    '</keyEncryptor></keyEncryptors></encryption>';
  return Uint8Array.from([...le(4, 2), ...le(4, 2), ...le(0x40, 4), ...Buffer.from(xml, 'utf8')]);
}

/** A standard EncryptionInfo stream (MS-OFFCRYPTO §2.3.4.5): version 3.2 (or 4.2), header with AlgID. */
export function standardEncryptionInfo(algId = 0x660e, keyBits = 128): Uint8Array {
  const csp = Buffer.from('Microsoft Enhanced RSA and AES Cryptographic Provider\0', 'utf16le');
  const header = [...le(0x24, 4), ...le(0, 4), ...le(algId, 4), ...le(0x8004, 4), ...le(keyBits, 4), ...le(0x18, 4), ...le(0, 4), ...le(0, 4), ...csp];
  return Uint8Array.from([...le(3, 2), ...le(2, 2), ...le(0x24, 4), ...le(header.length, 4), ...header, ...new Array(16 + 4 + 16 + 20).fill(7)]);
}

/** The first bytes of a Word 97 FIB (MS-DOC §2.5.2): wIdent 0xA5EC, flags at 0x0A (0x0100 = fEncrypted). */
export function wordDocumentStream(encrypted: boolean): Uint8Array {
  const b = new Uint8Array(8192);
  b.set(le(0xa5ec, 2), 0);
  b.set(le(0x00c1, 2), 2);
  b.set(le(encrypted ? 0x0100 : 0, 2), 10);
  return b;
}

// ---------------------------------------------------------------------------------------------
// RAR (RARLAB "RAR 5.0 archive format"; RAR 4.x technote). RAR4 CRCs are left zero: readers of flags
// do not check them (RAR5 headers get a real CRC32 so 7-Zip can list them). No RAR writer is installable here (rar is non-free), hence bytes by hand.
// ---------------------------------------------------------------------------------------------

function vint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: number[]): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC32 of the size field and the header, then both (RAR5 §"General archive block format"). */
function rar5Header(fields: number[]): number[] {
  const body = [...vint(fields.length), ...fields];
  return [...le(crc32(body), 4), ...body];
}

/** A RAR5 archive with one file; `encryptFile` adds the file encryption extra record, `encryptHeaders` the archive encryption header. */
export function buildRar5(o: { encryptFile?: boolean; encryptHeaders?: boolean } = {}): Uint8Array {
  const sig = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00];
  if (o.encryptHeaders) {
    // type 4, flags 0, version 0, encryption flags 0, KDF count 15, salt 16.
    return Uint8Array.from([...sig, ...rar5Header([4, 0, 0, 0, 15, ...new Array(16).fill(9)]), ...new Array(64).fill(0xaa)]);
  }
  const main = rar5Header([1, 0, 0]);
  const name = [...Buffer.from('a.txt')];
  const data = [...Buffer.from('hello')];
  const encRecord = [1, 0, 0, 15, ...new Array(32).fill(7)]; // type 1, version 0 (AES-256), flags, KDF count, salt, IV
  const extra = o.encryptFile ? [...vint(encRecord.length), ...encRecord] : [];
  const fileFields = [2, extra.length ? 0x03 : 0x02, ...(extra.length ? vint(extra.length) : []), ...vint(data.length), 0, ...vint(data.length), 0, 0, 0, ...vint(name.length), ...name, ...extra];
  const file = [...rar5Header(fileFields), ...data];
  const end = rar5Header([5, 0, 0]);
  return Uint8Array.from([...sig, ...main, ...file, ...end]);
}

/** A RAR4 archive with one file header; `encryptFile` sets LHD_PASSWORD, `encryptHeaders` MHD_PASSWORD. */
export function buildRar4(o: { encryptFile?: boolean; encryptHeaders?: boolean } = {}): Uint8Array {
  const sig = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00];
  const main = [0, 0, 0x73, ...le(o.encryptHeaders ? 0x0080 : 0, 2), ...le(13, 2), 0, 0, 0, 0, 0, 0];
  const name = [...Buffer.from('a.txt')];
  const packed = 5;
  const fileHead = [0, 0, 0x74, ...le(0x8000 | (o.encryptFile ? 0x0004 : 0), 2), ...le(32 + name.length, 2), ...le(packed, 4), ...le(5, 4), 2, ...le(0, 4), ...le(0, 4), 29, 0x30, ...le(name.length, 2), ...le(0x20, 4), ...name];
  const end = [0, 0, 0x7b, ...le(0x4000, 2), ...le(7, 2)];
  return Uint8Array.from([...sig, ...main, ...fileHead, ...new Array(packed).fill(0x55), ...end]);
}
