/** IDN display: punycode both ways (checked against Node's WHATWG URL implementation) and mixed scripts. */
import { domainToASCII, domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { punycodeDecode, punycodeEncode, viewDomain } from '../../src/shared/idn';

describe('idn', () => {
  const domains = ['münchen.de', 'bücher.example', 'пример.рф', 'ελληνικά.gr', '例え.テスト', '日本語ドメイン.jp', '☃.net', 'faß.de', 'xn--mnchen-3ya.de', 'example.com', 'EXAMPLE.com'];

  it.each(domains)('shows %s as Unicode and ASCII like the URL standard does', (d) => {
    const v = viewDomain(d);
    expect(v.ascii).toBe(domainToASCII(d));
    expect(v.unicode).toBe(domainToUnicode(domainToASCII(d)));
    expect(v.idn).toBe(domainToASCII(d) !== d.toLowerCase() || d.toLowerCase().includes('xn--'));
  });

  it('round-trips RFC 3492 sample strings', () => {
    // RFC 3492 §7.1 (A) Arabic (Egyptian) and (L) Japanese sample.
    expect(punycodeEncode('\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F')).toBe('egbpdaj6bu4bxfgehfvwxn');
    expect(punycodeDecode('3B-ww4c5e180e575a65lsy2b')).toBe('3年B組金八先生');
    expect(punycodeDecode('!!!')).toBeNull();
  });

  it('flags a label mixing Latin with Cyrillic or Greek, not a single-script or Japanese name', () => {
    expect(viewDomain('pаypal.com')).toMatchObject({ mixedScripts: true, ascii: 'xn--pypal-4ve.com' });
    expect(viewDomain('support@аpple.com').mixedScripts).toBe(true);
    expect(viewDomain('gοogle.com').scripts.sort()).toEqual(['Greek', 'Latin']);
    expect(viewDomain('пример.рф').mixedScripts).toBe(false);
    expect(viewDomain('日本語ドメイン.jp').mixedScripts).toBe(false);
    expect(viewDomain('münchen.de').mixedScripts).toBe(false);
  });

  it('treats an xn-- label that does not decode as suspicious, without throwing', () => {
    const v = viewDomain('xn--zz-!!.com');
    expect(v.invalid).toBe(true);
    expect(v.mixedScripts).toBe(true);
  });
});

describe('hostile domains (issue 11)', () => {
  it('a 200,000-character label does not overflow the stack, and is shown cut and flagged', () => {
    for (const label of ['é'.repeat(200_000), 'a'.repeat(200_000), `xn--${'a'.repeat(200_000)}`]) {
      const t = performance.now();
      const v = viewDomain(`user@${label}.com`);
      expect(performance.now() - t).toBeLessThan(1000);
      expect(v.unicode.length).toBeLessThanOrEqual(253);
      expect(v.invalid).toBe(true);
      expect(v.mixedScripts).toBe(true);
    }
  });

  it('20,000 distinct CJK characters cost linear time (punycode is never run past the 63-octet label limit)', () => {
    const cjk = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    const t = performance.now();
    const v = viewDomain(`${cjk(20_000)}.jp`);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(v.invalid).toBe(true);
    // Labels of legal length are still converted: 60 distinct characters.
    const ok = viewDomain(`${cjk(20)}.jp`);
    expect(ok.ascii).toBe(domainToASCII(`${cjk(20)}.jp`));
    expect(ok.invalid).toBe(false);
    // A 64-character Unicode label cannot be a DNS label at all.
    expect(viewDomain(`${cjk(64)}.jp`).invalid).toBe(true);
  });

  it('punycodeEncode itself takes long arrays without spreading them', () => {
    expect(punycodeEncode('é'.repeat(200_000))?.length).toBeGreaterThan(0);
  });
});
