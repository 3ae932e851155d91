// ASCII armor (RFC 9580 §6.2) and cleartext signatures (§7) as mail really carries them.
// Bodies are made by gpg at test time so the decoded bytes can be compared with gpg's own --dearmor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc24, decodeEntities, findArmor, htmlToText } from '../../../src/core/crypto/armor';
import { makeGpgHome, type GpgHome, type GpgKey } from '../../support/gpg';

let g: GpgHome;
let key: GpgKey;
let armored = '';
let binary: Uint8Array;

beforeAll(() => {
  g = makeGpgHome();
  key = g.genKey();
  armored = g.run(['--armor', '--encrypt', '-r', key.email], 'armor test').toString();
  binary = new Uint8Array(g.run(['--dearmor'], armored));
}, 60_000);
afterAll(() => g?.cleanup());

const same = (a: Uint8Array, b: Uint8Array) => expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);

describe('findArmor', () => {
  it('decodes a plain LF block exactly like gpg --dearmor, with no problems', () => {
    const { blocks, textOutside } = findArmor(armored);
    expect(blocks).toHaveLength(1);
    expect(blocks[0].type).toBe('message');
    same(blocks[0].data, binary);
    expect(blocks[0].problems).toEqual([]);
    expect(textOutside).toBe(false);
  });

  it('tolerates CRLF, "> " quoting, indentation and non-breaking spaces', () => {
    const crlf = armored.replace(/\n/g, '\r\n');
    same(findArmor(crlf).blocks[0].data, binary);
    const quoted = armored.split('\n').map((l) => `>> ${l}`).join('\n');
    same(findArmor(quoted).blocks[0].data, binary);
    const indented = armored.split('\n').map((l) => `\u00a0   ${l}\u00a0`).join('\n');
    same(findArmor(indented).blocks[0].data, binary);
  });

  it('reads armor headers and a missing blank line after them', () => {
    const lines = armored.trim().split('\n');
    const withHeaders = [lines[0], 'Version: Test 1.0', 'Comment: https://example.test/x', ...lines.slice(2)].join('\n');
    const b = findArmor(withHeaders).blocks[0];
    expect(b.headers).toEqual([['Version', 'Test 1.0'], ['Comment', 'https://example.test/x']]);
    same(b.data, binary);
  });

  it('checks the optional CRC24 only when present', () => {
    const lines = armored.trim().split('\n');
    const noCrc = lines.filter((l) => !/^=[A-Za-z0-9+/]{4}$/.test(l)).join('\n');
    expect(findArmor(noCrc).blocks[0].problems).toEqual([]);
    const badCrc = lines.map((l) => (/^=[A-Za-z0-9+/]{4}$/.test(l) ? '=AAAA' : l)).join('\n');
    expect(findArmor(badCrc).blocks[0].problems).toContain('armor checksum mismatch');
    const crcLine = lines.find((l) => /^=[A-Za-z0-9+/]{4}$/.test(l));
    if (crcLine) {
      const want = Buffer.from(crcLine.slice(1), 'base64');
      expect(crc24(binary)).toBe((want[0] << 16) | (want[1] << 8) | want[2]);
    }
  });

  it('reports truncated armor and bad base64 as problems, never throws', () => {
    const cut = armored.slice(0, Math.floor(armored.length / 2));
    expect(findArmor(cut).blocks[0].problems).toContain('no END line (truncated armor)');
    const bad = armored.replace(/\n([A-Za-z0-9+/]{10})/, '\n$1%%%');
    expect(findArmor(bad).blocks[0].problems).toContain('invalid characters in base64');
    expect(() => findArmor('-----BEGIN PGP MESSAGE-----\n\n====\n-----END PGP MESSAGE-----')).not.toThrow();
  });

  it('names MESSAGE, PART x/y and PART x, keys, signatures', () => {
    const body = armored.trim().split('\n').slice(1, -1).join('\n');
    const part = findArmor(`-----BEGIN PGP MESSAGE, PART 2/3-----\n${body}\n-----END PGP MESSAGE, PART 2/3-----`).blocks[0];
    expect(part).toMatchObject({ type: 'message-part', partNumber: 2, partTotal: 3 });
    expect(findArmor(`-----BEGIN PGP MESSAGE, PART 4-----\n${body}\n-----END PGP MESSAGE, PART 4-----`).blocks[0]).toMatchObject({ type: 'message-part', partNumber: 4 });
    const pub = g.run(['--armor', '--export', key.email]).toString();
    const priv = g.run(['--armor', '--export-secret-keys', key.email]).toString();
    const sig = g.run(['--armor', '--detach-sign'], 'x').toString();
    expect(findArmor(`${pub}\n${priv}\n${sig}`).blocks.map((b) => b.type)).toEqual(['public-key', 'private-key', 'signature']);
  });

  it('finds armor in HTML: entities, <br>, <div> lines, &nbsp; lines, <pre>, blockquote', () => {
    const esc = armored.trim().replace(/\+/g, '&#43;').replace(/\//g, '&#x2f;');
    const html = `<div>Hi</div><blockquote><div>${esc.split('\n').map((l) => l || '&nbsp;').join('</div><br><div>')}</div></blockquote>`;
    const scan = findArmor(html, { html: true });
    same(scan.blocks[0].data, binary);
    expect(scan.textOutside).toBe(true);
    same(findArmor(`<pre>${esc}</pre>`, { html: true }).blocks[0].data, binary);
  });

  it('keeps a cleartext-signed text with its dash escapes and the signature', () => {
    const cs = g.run(['--clearsign'], 'line one\n-----not a header\nfrom here\n').toString();
    const b = findArmor(cs).blocks[0];
    expect(b.type).toBe('signed-message');
    expect(b.cleartextLines).toEqual(['line one', '- -----not a header', 'from here']);
    expect(b.hashes?.length).toBe(1);
    expect(b.data.length).toBeGreaterThan(50);
    expect(b.reformatted).toBe(false);
    const quoted = findArmor(cs.split('\n').map((l) => `> ${l}`).join('\n')).blocks[0];
    expect(quoted.cleartextLines).toEqual(['line one', '- -----not a header', 'from here']);
    expect(quoted.reformatted).toBe(true);
  });
});

describe('hostile text stays linear', () => {
  it('long blank runs, padding runs and unclosed tags finish quickly', () => {
    const t = Date.now();
    const blanks = ' '.repeat(1_000_000) + 'x';
    findArmor(`-----BEGIN PGP MESSAGE-----\n${blanks}\n${'='.repeat(1_000_000)}A\n-----END PGP MESSAGE-----`);
    findArmor(`-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${blanks}\n`);
    htmlToText('<style'.repeat(200_000));
    htmlToText('<!--'.repeat(200_000));
    htmlToText('<a '.repeat(200_000));
    findArmor(`${'<div>-----BEGIN PGP MESSAGE-----</div>'.repeat(20_000)}`, { html: true });
    expect(Date.now() - t).toBeLessThan(3000);
  });
});

describe('HTML helpers', () => {
  it('decodes named and numeric entities, leaves unknown ones', () => {
    expect(decodeEntities('&lt;a&gt; &amp;amp; &#43;&#x2F;&#X2f; &nbsp;&bogus;')).toBe('<a> &amp; +// \u00a0&bogus;');
  });
  it('drops style/head/comments and turns line tags into line breaks', () => {
    expect(htmlToText('<head><style>p{}</style></head><!-- x --><p>a</p><br/>b&lt;c&gt;').split('\n').filter(Boolean)).toEqual(['a', 'b<c>']);
  });
});
