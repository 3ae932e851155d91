/**
 * Safe display of internationalised domain names. A look-alike domain (Cyrillic "а" in "pаypal")
 * is a classic phishing trick, so the UI shows Unicode and its punycode (the ASCII form mail
 * servers see) side by side, and flags a label that mixes writing systems.
 * Punycode: RFC 3492; IDNA labels "xn--": RFC 5890 §2.3.2.1. Mixed-script rule: a simplified
 * UTS #39 §5.2 "Highly Restrictive" level (Latin may combine with Han/Kana or Han/Hangul only).
 */

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
/** RFC 1035 §2.3.4 / RFC 5890 §2.3.2.1: a label is at most 63 octets, a name at most 253 characters. */
const MAX_LABEL = 63;
const MAX_DOMAIN = 253;

function adapt(delta: number, numPoints: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digitToChar(d: number): string {
  return String.fromCharCode(d < 26 ? 97 + d : 22 + d);
}

function charToDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 22;
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return BASE;
}

/** RFC 3492 §6.3. Returns null for input that is not valid punycode. */
export function punycodeEncode(input: string): string | null {
  const cps = Array.from(input, (c) => c.codePointAt(0)!);
  let out = cps.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
  const basic = out.length;
  let h = basic;
  if (basic > 0) out += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (h < cps.length) {
    // The smallest code point not yet handled (a loop: spreading a 200,000-element array overflows the stack).
    let m = Infinity;
    for (const c of cps) if (c >= n && c < m) m = c;
    delta += (m - n) * (h + 1);
    if (!Number.isSafeInteger(delta)) return null;
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
          if (q < t) break;
          out += digitToChar(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        out += digitToChar(q);
        bias = adapt(delta, h + 1, h === basic);
        delta = 0;
        h++;
      }
    }
    delta++;
    n++;
  }
  return out;
}

/** RFC 3492 §6.2. Returns null for input that is not valid punycode. */
export function punycodeDecode(input: string): string | null {
  const out: number[] = [];
  const dash = input.lastIndexOf('-');
  for (let j = 0; j < Math.max(dash, 0); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    out.push(c);
  }
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let idx = dash > 0 ? dash + 1 : 0; idx < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (idx >= input.length) return null;
      const digit = charToDigit(input.charCodeAt(idx++));
      if (digit >= BASE) return null;
      i += digit * w;
      if (!Number.isSafeInteger(i)) return null;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return null;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /\p{Script=Katakana}/u],
  ['Hangul', /\p{Script=Hangul}/u],
];

/** Scripts used by the letters of a label (digits, hyphens and combining marks count for none). */
export function scriptsOf(label: string): string[] {
  const found = new Set<string>();
  for (const ch of label) {
    if (/[\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) continue;
    const hit = SCRIPTS.find(([, re]) => re.test(ch));
    found.add(hit ? hit[0] : 'Other');
  }
  return [...found];
}

/** UTS #39 Highly Restrictive: one script, or Latin + one of the East Asian combinations. */
const ALLOWED_MIXES: string[][] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Hangul'],
  ['Latin', 'Han'],
];

function isMixed(scripts: string[]): boolean {
  if (scripts.length <= 1) return false;
  return !ALLOWED_MIXES.some((allowed) => scripts.every((s) => allowed.includes(s)));
}

export interface DomainView {
  /** As the person reads it (xn-- labels decoded). */
  unicode: string;
  /** As mail servers see it (non-ASCII labels punycode-encoded). */
  ascii: string;
  /** Whether the domain has any internationalised label. */
  idn: boolean;
  /** A label mixes writing systems (e.g. Latin with Cyrillic). */
  mixedScripts: boolean;
  /** Every script seen, for the warning. */
  scripts: string[];
  /** An xn-- label that does not decode: shown as is and treated as suspicious. */
  invalid: boolean;
}

/**
 * Normalises a domain (or the domain part of an address) for safe display. Never throws, and costs
 * linear time: a name longer than DNS allows is not a domain anyone can reach, so it is shown cut and
 * flagged instead of being converted (punycode's cost grows with length × distinct characters).
 */
export function viewDomain(input: string): DomainView {
  const domain = input.includes('@') ? input.slice(input.lastIndexOf('@') + 1) : input;
  if (domain.length > MAX_DOMAIN + 1) {
    const shown = domain.slice(0, MAX_DOMAIN);
    return { unicode: shown, ascii: shown, idn: /[^\x00-\x7f]/.test(shown), mixedScripts: true, scripts: scriptsOf(shown), invalid: true };
  }
  const labels = domain.trim().replace(/\.$/, '').split('.');
  const uni: string[] = [];
  const asc: string[] = [];
  const scripts = new Set<string>();
  let idn = false;
  let mixed = false;
  let invalid = false;
  for (const raw of labels) {
    const label = raw.normalize('NFC');
    let u = label;
    let a = label;
    if (/^xn--/i.test(label)) {
      idn = true;
      const dec = label.length <= MAX_LABEL ? punycodeDecode(label.slice(4).toLowerCase()) : null;
      if (dec === null) invalid = true;
      else u = dec;
      a = label.toLowerCase();
    } else if (/[^\x00-\x7f]/.test(label)) {
      idn = true;
      const lower = label.toLowerCase();
      u = lower;
      // Each non-ASCII character costs at least one punycode character: past 63 it cannot be a label.
      const enc = lower.length <= MAX_LABEL ? punycodeEncode(lower) : null;
      if (enc === null) invalid = true;
      else a = `xn--${enc}`;
    } else {
      u = a = label.toLowerCase();
    }
    const s = scriptsOf(u);
    s.forEach((x) => scripts.add(x));
    if (isMixed(s)) mixed = true;
    uni.push(u);
    asc.push(a);
  }
  return { unicode: uni.join('.'), ascii: asc.join('.'), idn, mixedScripts: mixed || invalid, scripts: [...scripts], invalid };
}
