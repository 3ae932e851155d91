/**
 * Damaged and hostile Outlook items: truncated, not an Outlook item, loops in every sector chain
 * (FAT, mini FAT, DIFAT, the directory's own chain) and in the directory's sibling tree, streams
 * sharing sectors, embedded messages nested too deep, random corruption. analyze() never throws or
 * hangs, says what broke, and keeps what it could read. Growth is measured as work done (sectors the
 * reader visits, nodes in the outline) at n, 2n and 4n: a deterministic count, not a timing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, t } from '../../../src/core';
import { CompoundFile } from '../../../src/core/parse/compound-file';
import { readOutlookItem, PID } from '../../../src/core/parse/outlook';
import type { Analysis } from '../../../src/core/types';
import { FIXTURES } from '../../support/paths';
import { writeCfb, writeMsg, type MsgItem } from '../../support/msg-writer';
import { base64Lines } from '../../support/mime-builder';
import { rng } from '../../support/rng';

/** Per input: generous for a shared 2-core machine; a hang or a quadratic blow-up is far above it. */
const BOUND_MS = 4000;
const enc = (s: string) => new TextEncoder().encode(s);

async function check(name: string, input: Uint8Array): Promise<Analysis> {
  const t0 = performance.now();
  let a: Analysis;
  try {
    a = await analyze(input);
  } catch (err) {
    throw new Error(`${name}: analyze threw ${String(err)}`);
  }
  const ms = performance.now() - t0;
  expect(ms, `${name} took ${ms.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
  expect(a.explanation.headline, name).toBeTruthy();
  expect(() => JSON.stringify(a), name).not.toThrow();
  if (!a.ok) expect(a.error, name).toMatch(/Outlook item|compound file|binary data|empty input|no e-mail headers/);
  expect(a.defects.filter((d) => /-failed: /.test(d)), name).toEqual([]);
  return a;
}

const ITEM: MsgItem = {
  subject: 'Quarterly report',
  senderName: 'Ann',
  senderEmail: 'ann@example.com',
  recipients: [{ name: 'Bob', address: 'bob@example.net' }, { type: 2, name: 'Cy', address: 'cy@example.org' }],
  body: 'Please find the report attached.',
  html: '<p>Please find the report attached.</p>',
  attachments: [
    { name: 'report.pdf', mimeTag: 'application/pdf', data: new Uint8Array(20_000).map((_, i) => i * 13) },
    { name: 'note.txt', data: enc('a short note') },
    { name: 'Forwarded', embedded: { subject: 'Inner', body: 'inner body', attachments: [{ name: 'inner.bin', data: new Uint8Array(6000).fill(7) }] } },
  ],
};

describe('damaged Outlook items', () => {
  it('truncated anywhere: a clear error or what could be read, never a crash', async () => {
    const real = new Uint8Array(readFileSync(join(FIXTURES, 'msg/attachmentFiles.msg')));
    const built = writeMsg(ITEM);
    for (const [label, bytes] of [['real', real], ['built', built]] as const) {
      for (const cut of [8, 100, 511, 512, 513, 1024, 4096]) await check(`${label} cut at ${cut}`, bytes.subarray(0, cut));
      for (let f = 0.05; f < 1; f += 0.05) await check(`${label} cut at ${f.toFixed(2)}`, bytes.subarray(0, Math.floor(bytes.length * f)));
    }
    // A real file cut at 90% still gives its subject, two of its three attachments, and says why.
    const a = await check('real 90%', real.subarray(0, Math.floor(real.length * 0.9)));
    expect(a.ok).toBe(true);
    expect(a.message.subject).toBe('attachmentFiles');
    expect(a.message.parts.map((p) => p.filename).filter(Boolean)).toEqual(['jpg.jpg', 'png.png']);
    expect(a.defects.some((d) => /^outlook-damaged: .*leaves the file/.test(d))).toBe(true);
    // Cut before its directory: nothing to read, and the error says so.
    const b = await check('real 10%', real.subarray(0, Math.floor(real.length * 0.1)));
    expect(b.ok).toBe(false);
    expect(b.error).toMatch(/^a damaged Outlook item \(\.msg\) that could not be read: /);
    expect(b.explanation.sections[0].text).toContain(t('en', 'error.outlook-damaged'));
    const c = await check('header only', real.subarray(0, 300));
    expect(c.error).toMatch(/shorter than the 512-byte header/);
  });

  it('a compound file that is not an Outlook item (a Word document) is named as such', async () => {
    const doc = writeCfb({ name: 'Root Entry', children: [{ name: 'WordDocument', data: new Uint8Array(5000).fill(1) }, { name: '\u0005SummaryInformation', data: new Uint8Array(200) }, { name: '1Table', data: new Uint8Array(700) }] });
    const a = await check('doc', doc);
    expect(a.ok).toBe(false);
    expect(a.error).toMatch(/not an Outlook item/);
    expect(a.explanation.sections[0].text).toContain(t('en', 'error.not-outlook'));
    expect((await analyze(doc, { lang: 'es' })).explanation.sections[0].text).toContain(t('es', 'error.not-outlook'));
    // Attached to an email, a .doc is an attachment like any other (no attached message, no defect).
    const raw = `From: a@example.com\r\nTo: b@example.net\r\nSubject: doc\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(doc)}\r\n--b--\r\n`;
    const m = await check('doc attached', enc(raw));
    expect(m.message.parts.map((p) => p.path)).toEqual(['1', '1.1', '1.2']);
    expect(m.defects).toEqual([]);
  });

  it('an unsupported sector size and a wrong root are clear errors', async () => {
    const bytes = writeMsg(ITEM);
    const badShift = bytes.slice();
    badShift[0x1e] = 20;
    expect((await check('shift', badShift)).error).toMatch(/unsupported sector size/);
    const noRoot = bytes.slice();
    // The directory's first entry: make it a plain stream.
    const dirSector = new DataView(noRoot.buffer).getUint32(0x30, true);
    noRoot[(dirSector + 1) * 512 + 66] = 2;
    expect((await check('root', noRoot)).error).toMatch(/first directory entry is not the root storage/);
  });
});

describe('loops and shared sectors', () => {
  const big: MsgItem = { ...ITEM, attachments: [...ITEM.attachments!, { name: 'big.bin', data: new Uint8Array(7_600_000).fill(3) }] };
  const cases: [string, Parameters<typeof writeMsg>[1], RegExp][] = [
    ['FAT chain loop', { hostile: { fatLoop: true } }, /outlook-damaged: .*loops back/],
    ['mini FAT chain loop', { hostile: { miniFatLoop: true } }, /outlook-damaged: .*loops back/],
    ['directory sibling loop', { hostile: { directoryLoop: true } }, /outlook-damaged: directory: the tree under "Root Entry" loops/],
    ['directory chain loop', { hostile: { directoryChainLoop: true } }, /outlook-damaged: directory: the chain loops back/],
  ];
  it.each(cases)('%s: cut, said, and the rest is read', async (_, opts, defect) => {
    const a = await check(String(opts), writeMsg(ITEM, opts));
    expect(a.ok).toBe(true);
    expect(a.message.subject).toBe('Quarterly report');
    expect(a.defects.some((d) => defect.test(d))).toBe(true);
  });

  it('a DIFAT chain loop (a file big enough to need DIFAT sectors)', async () => {
    const a = await check('difat', writeMsg(big, { hostile: { difatLoop: true } }));
    expect(a.ok).toBe(true);
    expect(a.message.subject).toBe('Quarterly report');
    expect(a.defects.some((d) => /DIFAT chain loops/.test(d))).toBe(true);
    expect(a.message.parts.find((p) => p.filename === 'big.bin')?.size).toBe(7_600_000);
  }, 20_000);

  it('hostile files with loops nested inside an email, an .msg inside an .msg', async () => {
    for (const hostile of cases.map((c) => c[1]!.hostile)) {
      const inner = writeMsg(ITEM, { hostile });
      const outer = writeMsg({ subject: 'outer', body: 'x', attachments: [{ name: 'inner.msg', data: inner }] });
      const raw = `From: a@example.com\r\nTo: b@example.net\r\nSubject: fwd\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/vnd.ms-outlook\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(outer)}\r\n--b--\r\n`;
      const a = await check(`nested ${JSON.stringify(hostile)}`, enc(raw));
      expect(a.ok).toBe(true);
      expect(a.defects.some((d) => /^outlook-damaged: .*\(part 1\.1\.1\.2\.1\)$/.test(d))).toBe(true);
    }
  });
});

describe('growth is linear (work counted at n, 2n, 4n)', () => {
  /** Sectors visited when every property of every storage is read. */
  function sectorsRead(bytes: Uint8Array): number {
    const r = readOutlookItem(bytes);
    for (const a of r.item?.attachments ?? []) a.embedded?.();
    r.item?.string(PID.subject);
    const cf = CompoundFile.open(bytes).file!;
    const walk = (s = cf.root) => {
      for (const e of cf.children(s)) {
        if (e.type === 2) cf.read(e);
        else walk(e);
      }
    };
    walk();
    return cf.sectorsRead;
  }
  const ratio = (xs: number[]) => [xs[1] / xs[0], xs[2] / xs[1]];

  it('in recipients, attachments and embedded messages', async () => {
    const sizes = [50, 100, 200];
    const shapes = {
      recipients: (n: number) => writeMsg({ subject: 's', recipients: Array.from({ length: n }, (_, i) => ({ name: `R ${i}`, address: `r${i}@example.com` })) }),
      attachments: (n: number) => writeMsg({ subject: 's', attachments: Array.from({ length: n }, (_, i) => ({ name: `a${i}.bin`, data: new Uint8Array(5000).fill(i) })) }),
      embedded: (n: number) => writeMsg({ subject: 's', attachments: Array.from({ length: n }, (_, i) => ({ name: `m${i}`, embedded: { subject: `inner ${i}`, body: 'b' } })) }),
    };
    for (const [name, make] of Object.entries(shapes)) {
      const files = sizes.map(make);
      const work = files.map(sectorsRead);
      for (const r of ratio(work)) expect(r, `${name} sectors ${work}`).toBeLessThan(2.3);
      const nodes = await Promise.all(files.map(async (f) => (await analyze(f)).message.parts.length));
      for (const r of ratio(nodes)) expect(r, `${name} parts ${nodes}`).toBeLessThan(2.3);
    }
  }, 60_000);

  it('streams that share one long chain cost a bounded multiple of the file, not n × chain', () => {
    // n attachments whose data streams all claim the same 200 KB chain: without the read budget,
    // reading them costs n × 400 sectors.
    const make = (n: number) =>
      writeMsg(
        { subject: 's', attachments: Array.from({ length: n }, (_, i) => ({ name: `a${i}`, data: new Uint8Array(200_000).fill(i) })) },
        { hostile: { shareSectorsOf: '__substg1.0_37010102' } },
      );
    const files = [20, 40, 80].map(make);
    const work = files.map(sectorsRead);
    const sectors = files.map((f) => f.length / 512);
    work.forEach((w, i) => expect(w, `work ${work} for ${sectors} sectors`).toBeLessThanOrEqual(4 * sectors[i] + 2000));
    const a = readOutlookItem(files[2]);
    expect(a.item!.attachments).toHaveLength(80);
    expect(a.fileProblems().concat(a.item!.problems).some((p) => /read budget used up/.test(p))).toBe(true);
  }, 60_000);
});

describe('nesting and random corruption', () => {
  it('embedded messages nested past the limit stop with a defect', async () => {
    let item: MsgItem = { subject: 'deepest', body: 'x' };
    for (let i = 0; i < 16; i++) item = { subject: `level ${i}`, body: 'x', attachments: [{ name: `l${i}`, embedded: item }] };
    const a = await check('deep', writeMsg(item));
    expect(a.ok).toBe(true);
    expect(a.defects.some((d) => /nested more than \d+ deep|too-deep/.test(d))).toBe(true);
  });

  it('seeded random corruption of a built item never crashes or hangs', async () => {
    const base = writeMsg(ITEM);
    const { next } = rng(12);
    for (let round = 0; round < 150; round++) {
      const bytes = base.slice();
      const flips = 1 + Math.floor(next() * 40);
      for (let i = 0; i < flips; i++) {
        // Bias toward the header and the metadata at the end, where the pointers are.
        const at = next() < 0.5 ? Math.floor(next() * 512) : bytes.length - 1 - Math.floor(next() * Math.min(bytes.length, 8192));
        bytes[at] = next() < 0.3 ? 0xff : Math.floor(next() * 256);
      }
      await check(`corruption round ${round}`, bytes);
    }
  }, 120_000);
});
