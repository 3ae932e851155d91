// Text from mail is inert in what Veil writes (issue 11): bidi controls, C0/C1 controls and line
// separators in a value quoted from the message show as ‹U+XXXX›, long values are cut with "…".
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { analyze, type Analysis } from '../../../src/core';
import { inert, isUnsafeChar, trimEndChars } from '../../../src/core/text';
import { buildZip } from '../../support/file-builders';

/** Any character inert() must never let through. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

/** Every string Veil writes for a reader: headline, sections, evidence, note, reply. */
function written(a: Analysis): string[] {
  const ex = a.explanation;
  return [
    ex.headline,
    ...ex.sections.flatMap((s) => [s.title, ...s.text.split('\n'), ...s.evidence.flatMap((e) => [e.where, e.value])]),
    ...(ex.internalNote ?? '').split('\n'),
    ...(ex.customerReply ?? '').split('\n'),
    ...a.protection.flatMap((l) => l.evidence.flatMap((e) => [e.where, e.value])),
    ...a.notes.flatMap((n) => n.evidence.flatMap((e) => [e.where, e.value])),
    ...a.sender.evidence.flatMap((e) => [e.where, e.value]),
  ];
}

describe('inert()', () => {
  it('escapes what changes direction, lines or terminals, and keeps everything else', () => {
    expect(inert('invoice\u202egpj.exe')).toBe('invoice‹U+202E›gpj.exe');
    expect(inert('a\u2028b\u2029c\u0007d\u001b[31me\u0085f\u061cg\u200fh\u2066i')).toBe(
      'a‹U+2028›b‹U+2029›c‹U+0007›d‹U+001B›[31me‹U+0085›f‹U+061C›g‹U+200F›h‹U+2066›i',
    );
    expect(inert('  Ré:\tčau\r\n  مرحبا 你好 🙂  ')).toBe('Ré: čau مرحبا 你好 🙂');
    for (let c = 0; c < 0x3000; c++) {
      const ch = String.fromCharCode(c);
      if (/[\t\n\v\f\r ]/.test(ch)) continue;
      expect(UNSAFE.test(inert(ch)), `U+${c.toString(16)}`).toBe(false);
      expect(inert(ch) !== ch, `U+${c.toString(16)}`).toBe(isUnsafeChar(c));
    }
  });

  it('cuts at a character boundary with an ellipsis, never inside an escape or a surrogate pair', () => {
    expect(inert('x'.repeat(500), 160)).toHaveLength(160);
    expect(inert('x'.repeat(500), 160).endsWith('…')).toBe(true);
    expect(inert('ab\u202ecd', 5)).toBe('ab…');
    expect(inert('ab🙂cd', 4)).toBe('ab…');
    expect(inert('abc', 3)).toBe('abc');
    // Idempotent: quoting a quoted value changes nothing.
    const once = inert(`${'\u202e'.repeat(30)} ${'🙂'.repeat(40)}`, 120);
    expect(inert(once, 120)).toBe(once);
  });

  it('costs linear time on controls and on a long run of trailing dots (n against 4n, no wall-clock bound)', () => {
    const controls = (n: number) => '\u202e\u0007 '.repeat(n);
    const dots = (n: number) => `${'.'.repeat(n)}x${'.'.repeat(n)}`;
    expect(inert(controls(1000), 200).length).toBeLessThanOrEqual(200);
    expect(inert(controls(1000)).length).toBe(1000 * 17 - 1);
    expect(trimEndChars(dots(1000), '.')).toHaveLength(1001);
    /** Best of three runs: the least disturbed one is closest to the real cost on a busy machine. */
    const best = (f: () => unknown) => {
      let m = Infinity;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        f();
        m = Math.min(m, performance.now() - t);
      }
      return m;
    };
    for (const [name, run, n] of [
      ['controls', (k: number) => inert(controls(k)), 100_000],
      ['dots', (k: number) => trimEndChars(dots(k), '.'), 250_000],
    ] as const) {
      run(n); // warm the JIT
      const small = best(() => run(n));
      const large = best(() => run(4 * n));
      // Linear is ×4; a quadratic scan at these sizes is hundreds of times slower.
      expect(large, `${name}: n ${small.toFixed(1)} ms, 4n ${large.toFixed(1)} ms`).toBeLessThan(8 * small + 100);
    }
  });
});

describe('mail-derived values in the explanation, the note and the reply', () => {
  const zip = Buffer.from(buildZip([{ name: 'a.txt', data: randomBytes(64), encrypted: true }])).toString('base64');
  const b = (s: string) => `=?utf-8?b?${Buffer.from(s).toString('base64')}?=`;
  const message = (name: string, subject: string, file: string) => [
    `From: ${b(name)} <help@example.com>`,
    'To: desk@example.net',
    `Subject: ${b(subject)}`,
    'Message-ID: <h1@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary=b',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'see attached',
    '--b',
    `Content-Type: application/zip; name="${b(file)}"`,
    `Content-Disposition: attachment; filename="${b(file)}"`,
    'Content-Transfer-Encoding: base64',
    '',
    zip,
    '--b--',
    '',
  ].join('\r\n');
  const hostile = message('Support\u0007 Team\u202e', 'Invoice\u2028Pay now \u202eor else', 'invoice\u202egpj.zip');

  for (const lang of ['en', 'es'] as const) {
    it(`shows U+202E, U+2028 and BEL as visible escapes (${lang})`, async () => {
      const a = await analyze(hostile, { lang });
      expect(a.verdict).toBe('attachment-encrypted');
      // The data keeps what the message says; everything written for a reader is inert.
      expect(a.message.parts.find((p) => p.filename)?.filename).toBe('invoice\u202egpj.zip');
      for (const s of written(a)) expect(UNSAFE.test(s), JSON.stringify(s)).toBe(false);
      expect(a.explanation.headline + a.explanation.sections.map((s) => s.text).join('\n')).toContain('invoice‹U+202E›gpj.zip');
      expect(a.explanation.customerReply).toContain('invoice‹U+202E›gpj.zip');
      expect(a.explanation.internalNote).toContain('‹U+202E›');
    });
  }

  it('cuts a 100,000-character display name, file name and subject everywhere', async () => {
    const long = 'A'.repeat(100_000);
    const a = await analyze(message(long, long, `${long}.zip`));
    expect(a.message.parts.find((p) => p.filename)?.filename).toHaveLength(100_004);
    for (const s of written(a)) for (const line of s.split('\n')) expect(line.length).toBeLessThan(600);
    expect(a.explanation.customerReply).toMatch(/A+…/);
  });
});
