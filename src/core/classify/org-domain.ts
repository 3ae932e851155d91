/**
 * Organisational domains and host names, as far as they can be told without the Public Suffix List.
 *
 * DMARC relaxed alignment (RFC 7489 §3.1.1, §3.2) compares "organizational domains", which the RFC
 * defines through the Public Suffix List. The full list is ~250 kB and changes weekly, so we keep a
 * small table of the second-level suffixes that carry most mail and otherwise take the last two
 * labels. LIMITATION: a registry we don't list (e.g. `example.com.xx` under an unlisted ccTLD) is
 * compared on two labels, so two unrelated registrants under it would look "aligned"; private
 * suffixes (github.io, herokuapp.com...) are not modelled at all.
 */
import { trimEndChars } from '../text';

/** Second-level public suffixes (registries that sell names at the third level). */
const SECOND_LEVEL = new Set([
  // United Kingdom, Australia, New Zealand, South Africa, Ireland-era leftovers
  'co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'net.uk', 'ac.uk', 'gov.uk', 'nhs.uk', 'sch.uk',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'id.au', 'asn.au',
  'co.nz', 'net.nz', 'org.nz', 'ac.nz', 'govt.nz', 'geek.nz',
  'co.za', 'org.za', 'net.za', 'gov.za', 'ac.za',
  // Asia
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp', 'ad.jp', 'ed.jp', 'gr.jp', 'lg.jp',
  'co.kr', 'or.kr', 'ne.kr', 'ac.kr', 'go.kr',
  'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn',
  'com.tw', 'net.tw', 'org.tw', 'edu.tw', 'gov.tw',
  'com.hk', 'net.hk', 'org.hk', 'edu.hk', 'gov.hk',
  'com.sg', 'net.sg', 'org.sg', 'edu.sg', 'gov.sg',
  'co.in', 'net.in', 'org.in', 'firm.in', 'gen.in', 'ind.in', 'ac.in', 'gov.in',
  'co.id', 'or.id', 'ac.id', 'go.id', 'web.id',
  'com.my', 'net.my', 'org.my', 'edu.my', 'gov.my',
  'com.ph', 'net.ph', 'org.ph', 'com.vn', 'net.vn', 'org.vn', 'co.th', 'in.th', 'ac.th', 'go.th',
  'com.pk', 'com.bd', 'com.np', 'com.lk',
  // Middle East, Africa
  'co.il', 'org.il', 'ac.il', 'gov.il', 'com.tr', 'net.tr', 'org.tr', 'gen.tr', 'com.sa', 'com.eg',
  'co.ke', 'or.ke', 'com.ng', 'co.tz', 'co.ug', 'co.ma',
  // Americas
  'com.br', 'net.br', 'org.br', 'gov.br', 'edu.br', 'art.br', 'blog.br',
  'com.mx', 'org.mx', 'gob.mx', 'edu.mx', 'net.mx',
  'com.ar', 'net.ar', 'org.ar', 'gob.ar', 'com.co', 'net.co', 'org.co', 'gov.co',
  'com.pe', 'org.pe', 'gob.pe', 'com.ve', 'com.uy', 'org.uy', 'com.ec', 'com.bo', 'com.py', 'cl.cl',
  'com.gt', 'com.do', 'com.pa', 'co.cr', 'com.cu',
  // Europe
  'com.es', 'nom.es', 'org.es', 'gob.es', 'edu.es', 'com.pl', 'net.pl', 'org.pl', 'com.pt', 'org.pt',
  'com.gr', 'com.cy', 'com.mt', 'com.ua', 'org.ua', 'net.ua', 'co.ua', 'com.ru', 'org.ru', 'net.ru',
  'co.at', 'or.at', 'ac.at', 'gv.at', 'com.de', 'co.hu', 'com.ro', 'co.rs', 'com.hr',
]);

/** Lower-cased, trailing dot and surrounding brackets removed. */
export function normalizeHost(host: string | undefined): string {
  return trimEndChars((host ?? '').trim().toLowerCase().replace(/^\[|\]$/g, ''), '.');
}

/** An IPv4 or IPv6 literal (with or without the RFC 5321 "IPv6:" tag). */
export function isIpLiteral(host: string): boolean {
  const h = normalizeHost(host).replace(/^ipv6:/, '');
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(h) || (/^[0-9a-f:.]+$/.test(h) && h.includes(':') && h.split(':').length >= 3);
}

/** RFC 1918 / RFC 6598 / loopback / link-local / ULA addresses: never the public internet. */
export function isPrivateIp(host: string): boolean {
  const h = normalizeHost(host).replace(/^ipv6:/, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h.replace(/^::ffff:/, ''));
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
      (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (!h.includes(':')) return false;
  return h === '::1' || h === '::' || /^f[cd][0-9a-f]{0,2}:/.test(h) || /^fe[89ab][0-9a-f]?:/.test(h);
}

/** Top-level names that never reach the public DNS (RFC 6761, RFC 8375, common site conventions). */
const INTERNAL_TLDS = new Set(['internal', 'local', 'localdomain', 'lan', 'home', 'corp', 'intranet', 'private', 'localhost', 'arpa', 'test', 'invalid', 'intra', 'priv']);

/** A host name that resolves in the public DNS as far as its shape tells: dotted, alphabetic TLD, not internal. */
export function isPublicHostname(host: string): boolean {
  const h = normalizeHost(host);
  if (!h || isIpLiteral(h) || !h.includes('.')) return false;
  if (!/^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$/.test(h)) return false;
  const tld = h.slice(h.lastIndexOf('.') + 1);
  return /^[a-z]{2,}$|^xn--/.test(tld) && !INTERNAL_TLDS.has(tld);
}

/** Organisational domain: last two labels, or three under a listed second-level public suffix. */
export function orgDomain(host: string | undefined): string {
  const h = normalizeHost(host);
  if (!h || isIpLiteral(h)) return h;
  const labels = h.split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const lastTwo = labels.slice(-2).join('.');
  return SECOND_LEVEL.has(lastTwo) || GENERIC_SECOND_LEVEL.test(lastTwo) ? labels.slice(-3).join('.') : lastTwo;
}

/** The generic registry labels that nearly every ccTLD uses for its second level (co.ae, com.qa,
 *  gov.sg, ac.ir...): names are sold under them, never as them. Covers ccTLDs the table omits. */
const GENERIC_SECOND_LEVEL = /^(?:co|com|net|org|gov|govt|edu|ac|gob|mil|nom|ltd|plc|sch|ne|or|go)\.[a-z]{2}$/;

/** Relaxed alignment (RFC 7489 §3.1.1): same organisational domain. */
export function relaxedAligned(a: string | undefined, b: string | undefined): boolean {
  const x = orgDomain(a);
  return !!x && x === orgDomain(b);
}
