import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core';
import { parseMessage, readBody } from '../../../src/core/parse/mime';
import { parseStructured } from '../../../src/core/parse/content-type';

const enc = (s: string) => new TextEncoder().encode(s);

const NESTED = [
  'From: =?UTF-8?Q?Jos=C3=A9_P=C3=A9rez?= <jose@example.com>',
  'To: "Support, Team" <support@example.net>, other@example.org',
  'Subject: =?ISO-8859-1?Q?Caf=E9?= order',
  'Received: from a.example.com by b.example.net with ESMTPS id 1; Tue, 1 Oct 2024 10:00:00 +0000',
  'Received: from c.example.com by a.example.com with ESMTP id 2; Tue, 1 Oct 2024 09:59:00 +0000',
  'X-Long: first',
  '\tsecond',
  '  third',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  'preamble',
  '--outer',
  'Content-Type: multipart/alternative; boundary=inner',
  '',
  '--inner',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'hello',
  '--inner',
  'Content-Type: text/html',
  '',
  '<p>hello</p>',
  '--inner--',
  '--outer',
  'Content-Type: application/octet-stream; name*0*=utf-8\'\'%E2%82%AC; name*1=".bin"',
  'Content-Disposition: attachment',
  'Content-Transfer-Encoding: base64',
  '',
  'AAECAwQF',
  'BgcICQ==',
  '--outer',
  'Content-Type: message/rfc822',
  '',
  'From: inner@example.com',
  'Subject: attached',
  '',
  'inner body',
  '--outer--',
  '',
].join('\r\n');

describe('header parsing', () => {
  it('unfolds, decodes RFC 2047 and keeps duplicates in order', async () => {
    const a = await analyze(NESTED);
    expect(a.ok).toBe(true);
    expect(a.message.subject).toBe('Café order');
    const received = a.message.headers.filter((h) => h.key === 'received');
    expect(received.map((h) => h.value.slice(-31))).toEqual(['Tue, 1 Oct 2024 10:00:00 +0000', 'Tue, 1 Oct 2024 09:59:00 +0000'].map((s) => ' ' + s));
    expect(a.message.headers.find((h) => h.key === 'x-long')?.value).toBe('first\tsecond  third');
    expect(a.message.from).toEqual([{ name: 'José Pérez', address: 'jose@example.com', domain: 'example.com' }]);
    expect(a.message.to.map((m) => m.address)).toEqual(['support@example.net', 'other@example.org']);
    expect(a.message.to[0].name).toBe('Support, Team');
  });
});

describe('MIME outline', () => {
  it('gives every part a path, type, parameters, size and file name', async () => {
    const a = await analyze(NESTED);
    expect(a.message.parts.map((p) => [p.path, p.contentType])).toEqual([
      ['1', 'multipart/mixed'],
      ['1.1', 'multipart/alternative'],
      ['1.1.1', 'text/plain'],
      ['1.1.2', 'text/html'],
      ['1.2', 'application/octet-stream'],
      ['1.3', 'message/rfc822'],
      ['1.3.1', 'text/plain'],
    ]);
    const bin = a.message.parts[4];
    expect(bin.filename).toBe('€.bin');
    expect(bin.disposition).toBe('attachment');
    expect(bin.encoding).toBe('base64');
    expect(a.message.parts[2].params).toEqual({ charset: 'utf-8' });
    expect(a.message.parts[2].size).toBe(5);
  });

  it('decodes only the bytes asked for, from the start or the end', () => {
    const msg = parseMessage(enc(NESTED));
    const bin = msg.nodes[4];
    expect([...readBody(bin)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...readBody(bin, { limit: 3 })]).toEqual([0, 1, 2]);
    expect([...readBody(bin, { tail: 4 }).slice(-4)]).toEqual([6, 7, 8, 9]);
  });

  it('survives an unterminated multipart and a missing boundary, and says so', async () => {
    const a = await analyze('From: a@example.com\nContent-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nhi\n');
    expect(a.ok).toBe(true);
    expect(a.message.parts.map((p) => p.path)).toEqual(['1', '1.1']);
    expect(a.defects.join()).toMatch(/unterminated-multipart/);
    const b = await analyze('From: a@example.com\nContent-Type: multipart/mixed\n\nbody\n');
    expect(b.ok).toBe(true);
    expect(b.defects.join()).toMatch(/multipart-without-boundary/);
  });

  it('parses RFC 2231 continuations and charsets', () => {
    expect(parseStructured(`attachment; filename*0*=iso-8859-1''caf%E9; filename*1=".txt"`).params.filename).toBe('café.txt');
    expect(parseStructured('text/plain; charset="us-ascii" (comment); format=flowed')).toEqual({
      value: 'text/plain',
      params: { charset: 'us-ascii', format: 'flowed' },
    });
  });
});

describe('bad input', () => {
  it('an empty input is a clear error, not an exception', async () => {
    const a = await analyze('');
    expect(a.ok).toBe(false);
    expect(a.error).toMatch(/empty/);
    expect(a.verdict).toBe('error');
    expect(a.explanation.headline).toBeTruthy();
  });
  it('binary data is a clear error', async () => {
    const a = await analyze(new Uint8Array([0, 1, 2, 0xff, 0, 0x89, 0x50, 0x4e, 0x47]));
    expect(a.ok).toBe(false);
    expect(a.error).toMatch(/binary/);
  });
  it('headers without a body are a fragment, still analysed', async () => {
    const a = await analyze('From: a@example.com\r\nSubject: only headers');
    expect(a.ok).toBe(true);
    expect(a.message.subject).toBe('only headers');
  });
});

describe('RFC 2231 continuations', () => {
  it('joins encoded pieces as bytes, so a character split across pieces survives', () => {
    // "€" is E2 82 AC in UTF-8, split across two pieces.
    expect(parseStructured(`attachment; filename*0*=utf-8''%E2%82; filename*1*=%AC.txt`).params.filename).toBe('€.txt');
  });
});

describe('pasted input', () => {
  it('skips blank lines and a byte-order mark before the headers', async () => {
    for (const prefix of ['\r\n\r\n', '\n \n', '\ufeff', '\ufeff\n']) {
      const a = await analyze(`${prefix}From: a@example.com\r\nSubject: pasted\r\n\r\nbody\r\n`);
      expect(a.ok, JSON.stringify(prefix)).toBe(true);
      expect(a.message.subject).toBe('pasted');
    }
  });
});
