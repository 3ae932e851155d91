// Hostile mail, measured (issue 11): each case below once froze the worker for seconds to hours,
// ate gigabytes, or put misleading text into what Veil writes. The timing cases assert how the cost
// grows (n against 4n: linear is ×4, quadratic ×16, exponential never returns), not a wall-clock
// figure, with a floor so a 2 ms run that takes 9 ms on a busy machine is not read as growth.
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { analyze } from '../../../src/core';
import { compressedData } from '../../support/cms-builders';

const H = 'From: a@example.com\r\nTo: b@example.net\r\nSubject: x\r\nMessage-ID: <1@example.com>\r\n';

async function ms(input: string | Uint8Array): Promise<number> {
  const t = performance.now();
  await analyze(input);
  return performance.now() - t;
}

/** Best of three: the least disturbed run is the closest to the real cost. */
async function best(input: string | Uint8Array): Promise<number> {
  let m = Infinity;
  for (let i = 0; i < 3; i++) m = Math.min(m, await ms(input));
  return m;
}

/** The cost at n and at 4n; linear growth is ×4, and anything quadratic at the size is far above 8×. */
async function expectLinear(make: (n: number) => string, n: number) {
  await analyze(make(n)); // warm the JIT
  const small = await best(make(n));
  const large = await best(make(4 * n));
  expect(large, `n=${n}: ${small.toFixed(1)} ms, 4n: ${large.toFixed(1)} ms`).toBeLessThan(8 * small + 150);
  return { small, large };
}

describe('patterns that backtracked on attacker-written text now run in linear time', () => {
  it('"<p>BEGIN" and no-break spaces in an HTML body (was exponential: 3.2 s at 26, doubling per space)', async () => {
    const html = (n: number) => `${H}Content-Type: text/html; charset=utf-8\r\n\r\n<p>BEGIN${'\u00a0'.repeat(n)}X</p>\r\n`;
    // 40 spaces would have run for hours; now it is one scan.
    expect(await best(html(40))).toBeLessThan(500);
    await expectLinear(html, 25_000);
    // And the same text with the armor really there is still found.
    const real = await analyze(`${H}Content-Type: text/html\r\n\r\n<p>-----BEGIN&nbsp;PGP&nbsp;MESSAGE-----</p><p>hQEMA</p><p>-----END PGP MESSAGE-----</p>\r\n`);
    expect([...real.notes.map((n) => n.kind as string), ...real.protection.map((l) => l.format ?? '')]).not.toEqual([]);
  });

  it('a 100 KB URL ending in "&nbsp;b" in a text body (portal link parsing, was 7 s)', async () => {
    const url = (n: number) => `${H}Content-Type: text/plain\r\n\r\nhttps://example.com/?${'a'.repeat(n)}&nbsp;b\r\n`;
    await expectLinear(url, 25_000);
    const entities = (n: number) => `${H}Content-Type: text/html\r\n\r\n<a href="https://example.com/${'&nbsp;'.repeat(n)}b">x</a>\r\n`;
    await expectLinear(entities, 5_000);
  });

  it('"Subject: Re" and 100,000 spaces (reply-subject check, was 5.7 s)', async () => {
    const subject = (n: number) => `From: a@example.com\r\nTo: b@example.net\r\nSubject: Re${' '.repeat(n)}x\r\n\r\nhi\r\n`;
    await expectLinear(subject, 25_000);
    const tabs = (n: number) => `From: a@example.com\r\nTo: b@example.net\r\nSubject: [${'\t'.repeat(n)}x\r\n\r\nhi\r\n`;
    await expectLinear(tabs, 25_000);
  });

  it('60 Received lines "with TLS1" and 16,000 spaces (Received TLS parsing, was 17.7 s)', async () => {
    const received = (n: number) => `${'Received: from a by b with TLS1' + ' '.repeat(n) + 'x\r\n'}`.repeat(60) + H + '\r\nhi\r\n';
    await expectLinear(received, 4_000);
    const a = await analyze(received(16_000));
    expect(a.transport.hops).toHaveLength(60);
    expect(a.transport.hops[0]).toMatchObject({ tls: true, tlsVersion: 'TLSv1.0' });
  });
});

describe('found by the fuzz run', () => {
  it('an address header of 200,000 colons (postal-mime costs µs per character): read up to 32 KB', async () => {
    const addr = (n: number) => `X-Original-To: ${':'.repeat(n)} ab@example.net\r\nDelivered-To: ${':'.repeat(n)}\r\n${H}\r\nhi\r\n`;
    const { small, large } = await expectLinear(addr, 50_000);
    // Past the cut, the cost no longer grows at all.
    expect(large).toBeLessThan(small * 3 + 150);
  });

  it('ARC and DKIM tag lists of 18,000 empty tags: one problem each, not 18,000', async () => {
    const a = await analyze(`ARC-Seal: i=1; ${';'.repeat(18_000)} d=example.com\r\n`.repeat(20) + H + '\r\nhi\r\n');
    expect(a.authentication.arcChain?.problems.filter((p) => p === 'as-empty-tag')).toHaveLength(1);
    expect(JSON.stringify(a).length).toBeLessThan(2_000_000);
  });

  it('a version or instance of a thousand digits is not a number JSON can carry: dropped', async () => {
    const a = await analyze(`Authentication-Results: mx.example.net ${'9'.repeat(1000)}; spf=pass smtp.mailfrom=a@example.com\r\n${H}\r\nhi\r\n`);
    expect(a.authentication.headers[0].version).toBeUndefined();
    expect(JSON.parse(JSON.stringify(a)).authentication.headers[0].authservId).toBe('mx.example.net');
  });
});

describe('budgets per analysis', () => {
  // A MIME entity of ~34 MB of zeros compresses to ~33 KB: each part would inflate to the per-call cap.
  const bomb = deflateSync(Buffer.concat([Buffer.from('Content-Type: text/plain\r\n\r\n'), Buffer.alloc(34 * 1024 * 1024)]), { level: 9 });
  const p7z = Buffer.from(compressedData(bomb)).toString('base64').replace(/.{76}/g, '$&\r\n');
  const bombs = (n: number) => {
    let s = `${H}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n`;
    for (let i = 0; i < n; i++) {
      s += `--zz\r\nContent-Type: application/pkcs7-mime; smime-type=compressed-data; name="smime${i}.p7z"\r\nContent-Transfer-Encoding: base64\r\n\r\n${p7z}\r\n`;
    }
    return s + '--zz--\r\n';
  };

  it('100 compressed S/MIME parts in a 4.5 MB message are inflated within one budget (was 3.4 GB, 40 s)', async () => {
    const raw = bombs(100);
    expect(raw.length).toBeGreaterThan(4_000_000);
    const before = process.memoryUsage().rss;
    const t = performance.now();
    const a = await analyze(raw);
    const took = performance.now() - t;
    const grew = process.memoryUsage().rss - before;
    expect(a.ok).toBe(true);
    expect(a.partial).toContain('inflated');
    expect(a.defects.some((d) => /^partial-result: the inflated budget was reached/.test(d))).toBe(true);
    // Every part is still listed, as a compression note; those past the budget say they were not inflated.
    expect(a.notes.filter((n) => n.kind === 'smime-compressed')).toHaveLength(100);
    expect(a.notes.filter((n) => /not-inflated/.test(n.detail ?? '')).length).toBeGreaterThan(90);
    expect(a.explanation.sections[0].text).toMatch(/^Veil stopped reading this message early because it holds more compressed data/);
    expect(took, `${took.toFixed(0)} ms`).toBeLessThan(10_000);
    expect(grew, `RSS grew ${(grew / 1e6).toFixed(0)} MB`).toBeLessThan(800e6);
    const es = await analyze(raw, { lang: 'es' });
    expect(es.explanation.sections[0].text).toMatch(/^Veil dejó de leer este mensaje antes de terminar porque contiene más datos comprimidos/);
  }, 60_000);

  it('each budget, reached on a small message, marks the result partial and skips the rest', async () => {
    const b64 = Buffer.alloc(300_000, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const parts = `${H}Content-Type: multipart/mixed; boundary=b\r\n\r\n` + `--b\r\nContent-Type: application/octet-stream; name=a.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`.repeat(4) + '--b--\r\n';
    const decoded = await analyze(parts, {}, { decoded: 100_000 });
    expect(decoded.partial).toEqual(['decoded']);
    const hops = await analyze('Received: from a by b with ESMTPS; Mon, 1 Jan 2024 00:00:00 +0000\r\n'.repeat(150) + H + '\r\nhi\r\n');
    expect(hops.partial).toEqual(['hops']);
    expect(hops.transport.hops).toHaveLength(100);
    const time = await analyze(parts, {}, { ms: -1 });
    expect(time.partial).toEqual(['time']);
    expect(time.explanation.sections[0].text).toMatch(/took longer than Veil allows/);
    const many = await analyze(H + 'Content-Type: multipart/mixed; boundary=b\r\n\r\n' + '--b\r\n\r\nx\r\n'.repeat(3000) + '--b--\r\n');
    expect(many.partial).toEqual(['parts']);
    // A message within every budget is not partial.
    expect((await analyze(H + '\r\nhi\r\n')).partial).toBeUndefined();
  });
});
