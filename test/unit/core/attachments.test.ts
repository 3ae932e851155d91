// Encrypted attachments are read from the bytes (ZIP flags and AES field, PDF /Encrypt, Office CFB
// streams), never from the name. Real ZIPs come from Info-ZIP `zip -P` at test time; formats no
// installed tool writes here (AES ZIP, PDF, CFB) are built byte by byte in test/support/file-builders.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { analyze } from '../../../src/core';
import type { ProtectionLayer } from '../../../src/core';
import { leaf, message, multipart } from '../../support/mime-builder';
import { agileEncryptionInfo, buildCfb, buildPdf, buildRar4, buildRar5, buildZip, standardEncryptionInfo, wordDocumentStream } from '../../support/file-builders';
import { inspectRar } from '../../../src/core/crypto/rar';
import { inspectZip } from '../../../src/core/crypto/zip';
import { inspectPdf } from '../../../src/core/crypto/pdf';
import { inspectCfb } from '../../../src/core/crypto/cfb';
import { inspect7z } from '../../../src/core/crypto/sevenzip';

const dir = mkdtempSync(join(tmpdir(), 'veil-att-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function has(tool: string, arg = '--version'): boolean {
  try {
    execFileSync(tool, [arg], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasZip = () => has('zip', '-v');

/** Runs Info-ZIP in the temp dir and returns the archive's bytes. */
function zip(name: string, files: Record<string, Uint8Array | string>, password?: string, append = false): Uint8Array {
  for (const [f, data] of Object.entries(files)) writeFileSync(join(dir, f), data);
  const out = join(dir, name);
  if (!append) rmSync(out, { force: true });
  execFileSync('zip', ['-q', ...(password ? ['-P', password] : []), out, ...Object.keys(files)], { cwd: dir });
  return new Uint8Array(readFileSync(out));
}

/** A message with a short text body and the file attached (base64), at part 1.2. */
function withAttachment(filename: string, bytes: Uint8Array, type = 'application/octet-stream'): string {
  return message(multipart('mixed', [leaf('text/plain', 'Please see the attached file.\n'), leaf(type, bytes, { filename })]), { subject: 'Files' });
}

async function layersOf(raw: string): Promise<ProtectionLayer[]> {
  const a = await analyze(raw);
  expect(a.ok).toBe(true);
  return a.protection.filter((l) => l.scheme === 'attachment');
}

describe.runIf(hasZip())('ZIP made by Info-ZIP', () => {
  it('zip -P (ZipCrypto) is encrypted, read from the bytes, with its part path', async () => {
    const bytes = zip('a.zip', { 'report.txt': 'quarterly numbers '.repeat(50) }, 'secret-' + randomBytes(4).toString('hex'));
    const [layer, ...rest] = await layersOf(withAttachment('report.zip', bytes, 'application/zip'));
    expect(rest).toEqual([]);
    expect(layer).toMatchObject({ scheme: 'attachment', kind: 'encrypted', part: '1.2', format: 'zip', algorithm: 'ZipCrypto', passphrase: true });
    expect(layer.evidence.map((e) => e.value).join(' ')).toMatch(/1 of 1 entries/);
  });

  it('a ZIP without a password is not encrypted', async () => {
    const bytes = zip('b.zip', { 'notes.txt': 'hello', 'more.txt': 'world' });
    expect(await layersOf(withAttachment('notes.zip', bytes, 'application/zip'))).toEqual([]);
  });

  it('an encrypted entry after a big plain one is found in the central directory (tail), not the head', async () => {
    zip('c.zip', { 'big.bin': randomBytes(3 * 1024 * 1024) });
    const bytes = zip('c.zip', { 'secret.txt': 'the code is 1234' }, 'pw' + randomBytes(3).toString('hex'), true);
    // The first local header (big.bin) is not encrypted: only the tail can tell.
    expect(bytes[6] & 1).toBe(0);
    const [layer] = await layersOf(withAttachment('mixed.zip', bytes));
    expect(layer).toMatchObject({ part: '1.2', format: 'zip', algorithm: 'ZipCrypto' });
    expect(layer.evidence.map((e) => e.value).join(' ')).toMatch(/1 of 2 entries .* central directory/);
  });

  it('a plain .docx (a ZIP of XML parts) is not encrypted', async () => {
    const bytes = zip('d.docx', { '[Content_Types].xml': '<?xml version="1.0"?><Types/>', 'document.xml': '<w:document/>' });
    expect(await layersOf(withAttachment('letter.docx', bytes, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'))).toEqual([]);
  });
});

describe.runIf(has('7z', '-h'))('ZIP made by 7-Zip with AES (installed here: p7zip-full)', () => {
  it.each([['AES128', 'AES-128'], ['AES256', 'AES-256']])('-mem=%s', async (mem, name) => {
    writeFileSync(join(dir, 'n.txt'), 'numbers');
    writeFileSync(join(dir, 'r.bin'), randomBytes(200_000));
    const out = join(dir, `${mem}.zip`);
    rmSync(out, { force: true });
    execFileSync('7z', ['a', '-tzip', `-p${randomBytes(6).toString('hex')}`, `-mem=${mem}`, out, 'n.txt', 'r.bin'], { cwd: dir, stdio: 'ignore' });
    const [layer] = await layersOf(withAttachment('files.zip', new Uint8Array(readFileSync(out))));
    expect(layer).toMatchObject({ format: 'zip', algorithm: name, passphrase: true });
    expect(layer.evidence.map((e) => e.value).join(' ')).toMatch(/2 of 2 entries .* central directory/);
  });
});

describe.runIf(has('7z', '-h'))('7z archives made by 7-Zip', () => {
  const make = (name: string, args: string[]): Uint8Array => {
    writeFileSync(join(dir, 's.txt'), 'secret numbers');
    writeFileSync(join(dir, 'r.bin'), randomBytes(150_000));
    const out = join(dir, name);
    rmSync(out, { force: true });
    execFileSync('7z', ['a', '-t7z', ...args, out, 's.txt', 'r.bin'], { cwd: dir, stdio: 'ignore' });
    return new Uint8Array(readFileSync(out));
  };
  it('-mhe=on (names hidden) and -mhc=off (plain header): 7zAES is named, read from the header at the end', async () => {
    const pw = `-p${randomBytes(5).toString('hex')}`;
    const [hidden] = await layersOf(withAttachment('a.7z', make('h.7z', [pw, '-mhe=on']), 'application/x-7z-compressed'));
    expect(hidden).toMatchObject({ part: '1.2', format: '7z', algorithm: 'AES-256', passphrase: true });
    expect(hidden.evidence.map((e) => e.value).join(' ')).toMatch(/header is encrypted/);
    const [plainHeader] = await layersOf(withAttachment('b.7z', make('p.7z', [pw, '-mhc=off'])));
    expect(plainHeader.evidence.map((e) => e.value).join(' ')).toMatch(/files are packed with the 7zAES coder/);
  });
  it('a 7z without a password is not encrypted', async () => {
    expect(await layersOf(withAttachment('c.7z', make('n.7z', []), 'application/x-7z-compressed'))).toEqual([]);
    expect(await layersOf(withAttachment('d.7z', make('n2.7z', ['-mhc=off'])))).toEqual([]);
  });
});

describe.runIf(has('qpdf'))('PDF encrypted by qpdf (installed here)', () => {
  const source = () => {
    // Incompressible page text so the file has a distinct head and tail.
    writeFileSync(join(dir, 'in.pdf'), buildPdf({ pageText: `(${randomBytes(150_000).toString('hex')}) Tj` }));
    return join(dir, 'in.pdf');
  };
  const qpdf = (args: string[]): Uint8Array => {
    const out = join(dir, `q-${randomBytes(4).toString('hex')}.pdf`);
    try {
      execFileSync('qpdf', [...args, source(), out], { stdio: 'ignore' });
    } catch {
      // exit code 3 = warnings only; the file is written
    }
    return new Uint8Array(readFileSync(out));
  };
  it.each([
    ['AES-256 (R6)', ['--encrypt', 'user', 'owner', '256', '--'], 'AES-256'],
    ['AES-128 (R4)', ['--encrypt', 'user', 'owner', '128', '--use-aes=y', '--'], 'AES-128'],
    ['RC4-40 (R2)', ['--allow-weak-crypto', '--encrypt', 'user', 'owner', '40', '--'], 'RC4-40'],
    ['linearized AES-256', ['--linearize', '--encrypt', 'user', 'owner', '256', '--'], 'AES-256'],
    ['object streams, owner password only', ['--object-streams=generate', '--encrypt', '', 'owner', '256', '--'], 'AES-256'],
  ])('%s', async (_label, args, algorithm) => {
    const pdf = qpdf(args as string[]);
    expect(pdf.length).toBeGreaterThan(65536 * 2);
    const [layer] = await layersOf(withAttachment('doc.pdf', pdf, 'application/pdf'));
    expect(layer).toMatchObject({ format: 'pdf', algorithm, passphrase: true });
  });
  it('qpdf output without encryption (linearized, object streams) is not encrypted', async () => {
    for (const args of [['--linearize'], ['--object-streams=generate']]) {
      expect(await layersOf(withAttachment('doc.pdf', qpdf(args), 'application/pdf'))).toEqual([]);
    }
  });
});

describe('ZIP built byte by byte', () => {
  it('the WinZip AES extra field 0x9901 gives the key size', async () => {
    for (const [aes, name] of [[1, 'AES-128'], [2, 'AES-192'], [3, 'AES-256']] as const) {
      const bytes = buildZip([{ name: 'a.txt', data: randomBytes(40), encrypted: true, aes }]);
      const [layer] = await layersOf(withAttachment('x.zip', bytes));
      expect(layer).toMatchObject({ format: 'zip', algorithm: name });
    }
  });

  it('a file named .zip that is not a ZIP is not encrypted; nor is a PK-less file with the flag byte', async () => {
    expect(await layersOf(withAttachment('invoice.zip', new TextEncoder().encode('this is not an archive at all'), 'application/zip'))).toEqual([]);
    expect(await layersOf(withAttachment('random.zip', randomBytes(5000)))).toEqual([]);
  });

  it('the name does not matter: an encrypted ZIP named .txt (text/plain, attachment) is found', async () => {
    const bytes = buildZip([{ name: 'a.txt', data: randomBytes(40), encrypted: true }]);
    const [layer] = await layersOf(withAttachment('readme.txt', bytes, 'text/plain'));
    expect(layer).toMatchObject({ part: '1.2', format: 'zip', algorithm: 'ZipCrypto' });
  });

  it('truncated and damaged archives never throw', () => {
    const good = buildZip([{ name: 'a.txt', data: randomBytes(100), encrypted: true, aes: 3 }]);
    for (let n = 0; n < good.length; n += 7) {
      expect(() => inspectZip(good.subarray(0, n), good.subarray(0, n))).not.toThrow();
      const broken = Uint8Array.from(good);
      broken[n] ^= 0xff;
      expect(() => inspectZip(broken, broken)).not.toThrow();
    }
    expect(inspectZip(good.subarray(0, 40)).encrypted).toBe(true); // the local header alone is enough
  });

  it('7z signature with garbage or truncated headers never throws nor claims encryption', () => {
    const sig = Uint8Array.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]);
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from([...sig, ...randomBytes(n * 5)]);
      const v = inspect7z(b, b, b.length);
      expect(v.is7z).toBe(true);
      expect(v.encrypted).toBe(false);
    }
  });
});

describe('RAR built byte by byte', () => {
  it('RAR5: a file encryption record, or the archive encryption header (-hp)', async () => {
    const [file] = await layersOf(withAttachment('a.rar', buildRar5({ encryptFile: true }), 'application/vnd.rar'));
    expect(file).toMatchObject({ part: '1.2', format: 'rar', algorithm: 'AES-256', passphrase: true });
    expect(file.evidence.map((e) => e.value).join(' ')).toMatch(/RAR5 file header marked encrypted/);
    const [headers] = await layersOf(withAttachment('b.rar', buildRar5({ encryptHeaders: true })));
    expect(headers.evidence.map((e) => e.value).join(' ')).toMatch(/RAR5 archive encryption header/);
    expect(await layersOf(withAttachment('c.rar', buildRar5(), 'application/vnd.rar'))).toEqual([]);
  });

  it('RAR4: LHD_PASSWORD on a file header, MHD_PASSWORD on the main header; a plain one is nothing', () => {
    expect(inspectRar(buildRar4({ encryptFile: true }))).toMatchObject({ encrypted: true, version: 4, scope: 'files' });
    expect(inspectRar(buildRar4({ encryptHeaders: true }))).toMatchObject({ encrypted: true, scope: 'headers' });
    expect(inspectRar(buildRar4())).toMatchObject({ isRar: true, encrypted: false });
  });

  it('damaged RAR headers never throw', () => {
    for (const good of [buildRar5({ encryptFile: true }), buildRar4({ encryptFile: true })]) {
      for (let n = 0; n < good.length; n++) {
        const broken = Uint8Array.from(good);
        broken[n] ^= 0xff;
        expect(() => inspectRar(broken)).not.toThrow();
        expect(() => inspectRar(good.subarray(0, n))).not.toThrow();
      }
    }
  });
});

describe('PDF', () => {
  it('an indirect /Encrypt dictionary in the trailer: AES-256 (/V 5 /R 6)', async () => {
    const pdf = buildPdf({ encrypt: '/Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /Length 32 >> >> /StmF /StdCF /StrF /StdCF /O <00> /U <00> /P -1028' });
    const [layer] = await layersOf(withAttachment('statement.pdf', pdf, 'application/pdf'));
    expect(layer).toMatchObject({ part: '1.2', format: 'pdf', algorithm: 'AES-256', passphrase: true });
    expect(layer.evidence.map((e) => e.value).join(' ')).toMatch(/\/Filter \/Standard \/V 5 \/R 6/);
  });

  it('an inline /Encrypt in a cross-reference stream: RC4 128 (/V 2)', async () => {
    const pdf = buildPdf({ xrefStream: true, inline: true, encrypt: '/Filter /Standard /V 2 /R 3 /Length 128 /O (x) /U (y) /P -4' });
    const [layer] = await layersOf(withAttachment('a.pdf', pdf, 'application/pdf'));
    expect(layer).toMatchObject({ format: 'pdf', algorithm: 'RC4-128' });
  });

  it('a certificate-encrypted PDF (/Adobe.PubSec) is encrypted but not password-based', async () => {
    const pdf = buildPdf({ encrypt: '/Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 /R 4' });
    const [layer] = await layersOf(withAttachment('a.pdf', pdf, 'application/pdf'));
    expect(layer.format).toBe('pdf');
    expect(layer.passphrase).toBeUndefined();
    expect(layer.algorithm).toMatch(/certificate/);
  });

  it('a linearized PDF whose /Encrypt is only in the first-page trailer (head), behind 300 KB of page data', async () => {
    const pdf = buildPdf({ linearizedHead: true, padding: 300_000, encrypt: '/Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 >> >>' });
    const [layer] = await layersOf(withAttachment('big.pdf', pdf, 'application/pdf'));
    expect(layer).toMatchObject({ format: 'pdf', algorithm: 'AES-128' });
  });

  it('a normal PDF is not encrypted, even with "/Encrypt 9 0 R" written in its page text or an /EncryptMetadata key', async () => {
    expect(await layersOf(withAttachment('a.pdf', buildPdf(), 'application/pdf'))).toEqual([]);
    const tricky = buildPdf({ pageText: '(/Encrypt 9 0 R) Tj /EncryptMetadata false', padding: 5000 });
    expect(inspectPdf(tricky, tricky).encrypted).toBe(false);
    expect(await layersOf(withAttachment('b.pdf', tricky, 'application/pdf'))).toEqual([]);
  });

  it('a PDF stuffed with thousands of /Encrypt names in page text stays fast and unencrypted', () => {
    const pdf = buildPdf({ pageText: '/Encrypt 1 0 R trailer '.repeat(6000) });
    const t0 = performance.now();
    expect(inspectPdf(pdf.subarray(0, 65536), pdf.subarray(-65536)).encrypted).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a .pdf name on bytes that are not a PDF is nothing', async () => {
    expect(await layersOf(withAttachment('scan.pdf', new TextEncoder().encode('trailer << /Encrypt 5 0 R /Root 1 0 R /Size 3 >>'), 'application/pdf'))).toEqual([]);
  });
});

describe('Office (compound file)', () => {
  const pkg = () => ({ name: 'EncryptedPackage', data: randomBytes(9000) });

  it('agile encryption (EncryptionInfo 4.4 in the mini stream + EncryptedPackage): AES-256', async () => {
    const cfb = buildCfb([{ name: 'EncryptionInfo', data: agileEncryptionInfo(256) }, pkg()]);
    const [layer] = await layersOf(withAttachment('budget.xlsx', cfb, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
    expect(layer).toMatchObject({ part: '1.2', format: 'office', algorithm: 'AES-256', passphrase: true });
    expect(layer.evidence.map((e) => e.value).join(' ')).toMatch(/EncryptionInfo \+ EncryptedPackage \(agile encryption\)/);
  });

  it('standard encryption (EncryptionInfo 3.2): AlgID 0x660E = AES-128', () => {
    const cfb = buildCfb([{ name: 'EncryptionInfo', data: standardEncryptionInfo(0x660e, 128) }, pkg()]);
    expect(inspectCfb(cfb)).toMatchObject({ encrypted: true, method: 'standard', algorithm: 'AES-128' });
  });

  it('the directory beyond the first 64 KiB is found through the tail (or by its entry shape)', async () => {
    const cfb = buildCfb([{ name: 'EncryptionInfo', data: agileEncryptionInfo(128) }, pkg()], { directoryLast: true, padSectors: 400 });
    expect(cfb.length).toBeGreaterThan(200_000);
    const [layer] = await layersOf(withAttachment('deck.pptx', cfb));
    expect(layer).toMatchObject({ format: 'office', algorithm: 'AES-128' });
  });

  it('legacy Word: the FIB fEncrypted flag; an unencrypted .doc is nothing', async () => {
    const enc = buildCfb([{ name: 'WordDocument', data: wordDocumentStream(true) }, { name: '1Table', data: randomBytes(5000) }]);
    const [layer] = await layersOf(withAttachment('old.doc', enc, 'application/msword'));
    expect(layer.format).toBe('office');
    expect(layer.evidence.map((e) => e.value).join(' ')).toMatch(/WordDocument \(word-legacy/);
    const plain = buildCfb([{ name: 'WordDocument', data: wordDocumentStream(false) }, { name: '1Table', data: randomBytes(5000) }]);
    expect(await layersOf(withAttachment('old.doc', plain, 'application/msword'))).toEqual([]);
  });

  it('legacy Excel: FILEPASS right after BOF in the Workbook stream; legacy PowerPoint: EncryptedSummary', () => {
    const rec = (type: number, len: number) => [type & 0xff, type >> 8, len & 0xff, len >> 8, ...new Array(len).fill(0)];
    const book = (encrypted: boolean) => {
      const b = new Uint8Array(6000);
      b.set([...rec(0x0809, 16), ...(encrypted ? rec(0x002f, 54) : []), ...rec(0x0042, 2), ...rec(0x000a, 0)]);
      return b;
    };
    expect(inspectCfb(buildCfb([{ name: 'Workbook', data: book(true) }]))).toMatchObject({ encrypted: true, method: 'excel-legacy' });
    expect(inspectCfb(buildCfb([{ name: 'Workbook', data: book(false) }])).encrypted).toBe(false);
    const ppt = buildCfb([{ name: 'PowerPoint Document', data: randomBytes(5000) }, { name: 'EncryptedSummary', data: randomBytes(300) }]);
    expect(inspectCfb(ppt)).toMatchObject({ encrypted: true, method: 'powerpoint-legacy' });
    expect(inspectCfb(buildCfb([{ name: 'PowerPoint Document', data: randomBytes(5000) }])).encrypted).toBe(false);
  });

  it('damaged compound files never throw', () => {
    const cfb = buildCfb([{ name: 'EncryptionInfo', data: agileEncryptionInfo() }, pkg()]);
    for (let n = 8; n < 4096; n += 37) {
      const broken = Uint8Array.from(cfb);
      broken.set(randomBytes(16), n);
      expect(() => inspectCfb(broken, broken, 0)).not.toThrow();
      expect(() => inspectCfb(cfb.subarray(0, n))).not.toThrow();
    }
  });
});

describe('cost and placement', () => {
  it('a 20 MB attachment is classified quickly (head + tail only)', async () => {
    const big = buildZip([{ name: 'a.bin', data: randomBytes(20 * 1024 * 1024), encrypted: true }]);
    const raw = withAttachment('huge.zip', big);
    const t0 = performance.now();
    const [layer] = await layersOf(raw);
    const ms = performance.now() - t0;
    expect(layer).toMatchObject({ format: 'zip', algorithm: 'ZipCrypto' });
    expect(ms).toBeLessThan(5000);
  }, 30_000);

  it('an encrypted ZIP inside a forwarded message is marked attached, with its nested path', async () => {
    const inner = message(multipart('mixed', [leaf('text/plain', 'see attached'), leaf('application/zip', buildZip([{ name: 'a', data: randomBytes(10), encrypted: true }]), { filename: 'a.zip' })]));
    const raw = message(multipart('mixed', [leaf('text/plain', 'FYI'), { headers: ['Content-Type: message/rfc822'], body: inner }]));
    const [layer] = await layersOf(raw);
    expect(layer).toMatchObject({ part: '1.2.1.2', format: 'zip', attached: true });
  });
});
