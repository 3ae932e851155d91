// Hostile and damaged input: analyze() never throws, never hangs, keeps what it can read and says
// what was wrong in `defects`. A seeded fuzz over corpus messages (same inputs every run), hand-made
// worst cases, and a property test of readBody's partial decodes against the full decode.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyze } from '../../../src/core';
import { parseMessage, readBody, type MimeNode } from '../../../src/core/parse/mime';
import { join as joinPath } from 'node:path';
import { corpusFiles } from '../../support/corpus-files';
import { FIXTURE_CORPORA, HAVE_CORPORA, ROOT } from '../../support/paths';
import { rng, type Rng } from '../../support/rng';

const enc = (s: string) => new TextEncoder().encode(s);
const H = 'From: a@example.com\r\nTo: b@example.net\r\nSubject: x\r\n';
/** Per-input bound: generous for a shared 2-core machine; a hang or a quadratic blow-up is far above it. */
const BOUND_MS = 4000;

/** Runs analyze and checks what must hold for any input at all. */
async function check(name: string, input: Uint8Array | string) {
  const t = performance.now();
  let a;
  try {
    a = await analyze(input);
  } catch (err) {
    throw new Error(`${name}: analyze threw ${String(err)}`);
  }
  const ms = performance.now() - t;
  expect(ms, `${name} took ${ms.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
  expect(a.explanation.headline, name).toBeTruthy();
  expect(() => JSON.stringify(a), name).not.toThrow();
  // A mutated Outlook item (.msg) may be a damaged one, or a compound file that no longer is one.
  if (!a.ok) expect(a.error, name).toMatch(/^(empty input|no e-mail headers|binary data|a damaged Outlook item|a compound file)/);
  // analyze() guards each classifier; a guard that fired is still a bug in that classifier.
  expect(a.defects.filter((d) => /-failed: /.test(d)), name).toEqual([]);
  return a;
}

function outline(bytes: Uint8Array) {
  return parseMessage(bytes).nodes.map((n) => `${n.path} ${n.contentType} ${n.filename ?? ''} ${n.children}`);
}

describe('hand-made worst cases', () => {
  const deep = (n: number, same: boolean) => {
    let s = H + `Content-Type: multipart/mixed; boundary=b0\r\n\r\n`;
    for (let i = 1; i < n; i++) s += `--b${same ? 0 : i - 1}\r\nContent-Type: multipart/mixed; boundary=b${same ? 0 : i}\r\n\r\n`;
    return s;
  };
  const cases: [string, () => string | Uint8Array, (a: Awaited<ReturnType<typeof analyze>>) => void][] = [
    ['a parameter named __proto__ or constructor', () => H + 'Content-Type: multipart/mixed; __proto__*0=a; __proto__*1=b; constructor=x; boundary=b\r\n\r\n--b\r\n\r\nhi\r\n--b--\r\n', (a) => {
      expect(a.message.parts.map((p) => p.path)).toEqual(['1', '1.1']);
      expect(a.message.parts[0].params.constructor).toBe('x');
    }],
    ['CR-only line endings', () => (H + 'Content-Type: text/plain\r\n\r\nbody\r\n').replace(/\r\n/g, '\r'), (a) => {
      expect(a.message.headers.map((h) => h.key)).toEqual(['from', 'to', 'subject', 'content-type']);
      expect(a.defects).toContain('cr-line-endings');
    }],
    ['100 000 header fields', () => H + 'X-A: 1\r\n'.repeat(100_000) + '\r\nbody', (a) => expect(a.message.headers.length).toBe(100_003)],
    ['a single 5 MB header line', () => H + 'X-Big: ' + 'a'.repeat(5e6) + '\r\n\r\nbody', (a) => {
      expect(a.message.subject).toBe('x');
      expect(a.defects.join()).toMatch(/header-section-too-large/);
    }],
    ['5 MB of encoded words', () => H + 'X-Words: ' + '=?utf-8?q?a=C3?= '.repeat(3e5) + '\r\n\r\nbody', (a) => expect(a.defects.join()).toMatch(/header-section-too-large/)],
    ['5 MB of broken encoded words', () => H + 'X-Words: ' + '=?utf-8?b?'.repeat(5e5) + '\r\n\r\nbody', (a) => expect(a.message.subject).toBe('x')],
    ['a million continuation lines', () => H + 'X-C: a\r\n' + ' b\r\n'.repeat(1e6) + '\r\nbody', (a) => expect(a.defects.join()).toMatch(/header-section-too-large/)],
    ['10 000-deep multipart nesting', () => deep(10_000, false), (a) => {
      expect(a.message.parts.length).toBeGreaterThan(30);
      expect(a.defects.join()).toMatch(/too-deep/);
    }],
    ['10 000-deep nesting with one boundary', () => deep(10_000, true), (a) => {
      expect(a.message.parts.length).toBeLessThanOrEqual(2001);
      expect(a.defects).toContain('too-many-parts');
    }],
    ['200 000 parts', () => H + 'Content-Type: multipart/mixed; boundary=b\r\n\r\n' + '--b\r\n\r\nx\r\n'.repeat(200_000) + '--b--\r\n', (a) => {
      expect(a.message.parts.length).toBeLessThanOrEqual(2001);
      expect(a.defects).toContain('too-many-parts');
    }],
    ['a boundary that never appears', () => H + 'Content-Type: multipart/mixed; boundary=zzz\r\n\r\n' + 'line\r\n'.repeat(1e6), (a) => expect(a.defects.join()).toMatch(/boundary-not-found/)],
    ['boundaries that are prefixes of each other', () => H + 'Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/mixed; boundary=ab\r\n\r\n--ab\r\n\r\nx\r\n--ab--\r\n--a\r\n\r\ny\r\n--a--\r\n', (a) => {
      expect(a.message.parts.map((p) => p.path)).toEqual(['1', '1.1', '1.1.1', '1.2']);
    }],
    ['message/rfc822 nested in itself 45 times (base64 inside, 8bit outside)', () => {
      let m = 'From: x@y.z\r\nSubject: inner\r\n\r\nhi\r\n';
      for (let i = 0; i < 30; i++) m = `From: x@y.z\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(m).toString('base64')}\r\n`;
      for (let i = 0; i < 15; i++) m = `From: x@y.z\r\nContent-Type: message/rfc822\r\n\r\n${m}`;
      return m;
    }, (a) => expect(a.defects.join()).toMatch(/too-deep/)],
    ['NUL bytes in headers and body', () => H + 'X-N: a\0b\r\n\r\n\0\0\0', (a) => expect(a.message.headers.length).toBe(4)],
    ['8-bit and invalid UTF-8 headers', () => Buffer.concat([Buffer.from('From: '), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('\r\nSubject: \xe9t\xe9\r\n\r\nx', 'latin1')]), (a) => expect(a.message.subject).toBe('été')],
    ['base64 with garbage', () => H + 'Content-Type: application/zip; name=a.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n' + '!!@@##$$%%'.repeat(1e5), (a) => expect(a.message.parts[0].filename).toBe('a.zip')],
    ['quoted-printable with broken escapes', () => H + 'Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' + '=ZZ=4=\r=\n=='.repeat(1e5), (a) => expect(a.ok).toBe(true)],
  ];
  for (const [name, make, more] of cases) {
    it(name, async () => {
      const a = await check(name, make());
      expect(a.ok).toBe(true);
      more(a);
    }, 20_000);
  }
});

/**
 * Small corpus messages, picked by a seeded draw so the fuzz stays within its time budget: from
 * ../shared/corpora where it is beside the project, else from the project's own copies and samples.
 */
function sample(r: Rng, n: number): { file: string; bytes: Uint8Array }[] {
  const pool = HAVE_CORPORA ? corpusFiles() : [...corpusFiles(FIXTURE_CORPORA), ...corpusFiles(joinPath(ROOT, 'samples'))];
  const small = pool.map((f) => ({ file: f, bytes: new Uint8Array(readFileSync(f)) }))
    .filter((x) => x.bytes.length > 0 && x.bytes.length < 48 * 1024);
  const out = [];
  for (let i = 0; i < n; i++) out.push(small[r.int(small.length)]);
  return out;
}

const lines = (b: Uint8Array) => Buffer.from(b).toString('latin1').split(/(?<=\n)/);
const join = (l: string[]) => new Uint8Array(Buffer.from(l.join(''), 'latin1'));

const MUTATIONS: [string, (b: Uint8Array, r: Rng) => Uint8Array][] = [
  ['flip bytes', (b, r) => {
    const c = new Uint8Array(b);
    for (let k = 0; k < 1 + r.int(20); k++) c[r.int(c.length)] = r.int(256);
    return c;
  }],
  ['truncate', (b, r) => b.subarray(0, r.int(b.length))],
  ['truncate at a boundary line', (b, r) => {
    const l = lines(b);
    const at = l.map((x, i) => (x.startsWith('--') ? i : -1)).filter((i) => i >= 0);
    if (!at.length) return b;
    const i = at[r.int(at.length)];
    return join(l.slice(0, i + r.int(2)));
  }],
  ['delete or duplicate a boundary line', (b, r) => {
    const l = lines(b);
    const at = l.map((x, i) => (x.startsWith('--') ? i : -1)).filter((i) => i >= 0);
    if (!at.length) return b;
    const i = at[r.int(at.length)];
    if (r.next() < 0.5) l.splice(i, 1);
    else l.splice(i, 0, l[i]);
    return join(l);
  }],
  ['CR-only line endings', (b) => join([Buffer.from(b).toString('latin1').replace(/\r?\n/g, '\r')])],
  ['mixed CRLF and LF', (b, r) => join(lines(b).map((x) => (r.next() < 0.5 ? x.replace(/\r?\n$/, '\n') : x.replace(/\r?\n$/, '\r\n'))))],
  ['NUL bytes', (b, r) => {
    const l = lines(b);
    for (let k = 0; k < 5; k++) {
      const i = r.int(l.length);
      l[i] = l[i].slice(0, r.int(l[i].length)) + '\0' + l[i].slice(r.int(l[i].length));
    }
    return join(l);
  }],
  ['8-bit header bytes', (b, r) => {
    const l = lines(b);
    const i = r.int(Math.min(l.length, 15));
    l[i] = l[i].replace(/:/, ': \xe9\xff\xc3(');
    return join(l);
  }],
  ['broken RFC 2047 words', (b, r) => {
    const l = lines(b);
    const bad = ['=?utf-8?q?=C3=?=', '=?x-unknown?b?@@@?=', '=?utf-8?b?', '=?', '=?utf-8*en?q?a?=', '=?iso-2022-jp?b?GyRC?='];
    const i = r.int(Math.min(l.length, 15));
    l[i] = l[i].replace(/:/, `: ${bad[r.int(bad.length)]} `);
    return join(l);
  }],
  ['cut into a random line', (b, r) => {
    const l = lines(b);
    const i = r.int(l.length);
    l.splice(i, 1, l[i].slice(0, r.int(l[i].length + 1)));
    return join(l);
  }],
];

describe('seeded fuzz over corpus messages', () => {
  it('never throws, never hangs, answers with defects instead of failing', async () => {
    const r = rng(20261126);
    const started = Date.now();
    let runs = 0;
    for (const { file, bytes } of sample(r, 120)) {
      for (const [name, mutate] of MUTATIONS) {
        const input = mutate(bytes, r);
        const a = await check(`${name} of ${file}`, input);
        // Anything whose headers still parse must be analysed, not refused.
        if (parseMessage(input).headers.length) expect(a.ok, `${name} of ${file}`).toBe(true);
        runs++;
      }
      if (Date.now() - started > 20_000) break; // a slow shared machine still finishes in time
    }
    expect(runs).toBeGreaterThan(100);
  }, 30_000);

  it('line-ending changes do not lose or move parts of well-formed messages', () => {
    const r = rng(7);
    let compared = 0;
    for (const { file, bytes } of sample(r, 150)) {
      if (bytes[0] === 0xd0 && bytes[1] === 0xcf) continue; // an Outlook item (a compound file) is binary: no lines to change
      const msg = parseMessage(bytes);
      if (msg.defects.length || msg.nodes.length < 2) continue;
      const want = outline(bytes);
      const text = Buffer.from(bytes).toString('latin1');
      const lf = text.replace(/\r\n/g, '\n');
      for (const v of [lf, lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r')]) {
        expect(outline(new Uint8Array(Buffer.from(v, 'latin1'))), file).toEqual(want);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });
});

describe('readBody partial decodes are slices of the full decode', () => {
  const leaf = (encoding: string, body: Uint8Array): MimeNode => {
    const head = enc(`Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`);
    const src = new Uint8Array(head.length + body.length);
    src.set(head);
    src.set(body, head.length);
    return parseMessage(src).root;
  };
  const alphabet = enc('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n -_!%.');
  const qpChars = enc('ab=0123456789ABCDEFxyz\r\n \t=');

  it('base64, quoted-printable and identity, with garbage, on random inputs', () => {
    const r = rng(42);
    for (let round = 0; round < 1500; round++) {
      const encoding = ['base64', 'quoted-printable', '7bit'][round % 3];
      const len = r.int(400);
      const body = new Uint8Array(len);
      const pool = encoding === 'base64' ? alphabet : encoding === 'quoted-printable' ? qpChars : null;
      for (let i = 0; i < len; i++) {
        // Mostly alphabet, with a little garbage; "=" rare so the data is not always cut early.
        let c = pool ? pool[r.int(pool.length)] : r.int(256);
        if (encoding === 'base64' && c === 61 && r.next() < 0.9) c = 65;
        if (r.next() < 0.02) c = r.int(256);
        body[i] = c;
      }
      const node = leaf(encoding, body);
      const full = readBody(node);
      const n = r.int(full.length + 3);
      const what = `${encoding} ${JSON.stringify(Buffer.from(body).toString('latin1'))} n=${n}`;
      expect(Array.from(readBody(node, { limit: n })), `limit ${what}`).toEqual(Array.from(full.subarray(0, n)));
      expect(Array.from(readBody(node, { tail: n })), `tail ${what}`).toEqual(Array.from(full.subarray(Math.max(0, full.length - n))));
    }
  });
});
