/**
 * Which evidence a person reads. The JSON keeps every item (rule ids, the detectors' reasoning and
 * source citations included); the panel, the popup, the CLI text and the internal note show only what
 * is quoted from the message or is plain data (addresses, MIME types, key ids, file names), never
 * words Veil itself wrote in English ("0 Received", "9 random [a-z0-9]", "link to …", a reason code).
 * Quoted mail content stays as it is, in whatever language the mail is in.
 */
import type { Evidence, HeaderField, Lang } from '../types';
import { t, type MessageKey } from '../i18n';

/** What the check needs of an Analysis: its header fields, when it has them. */
export interface EvidenceSource {
  message?: { headers?: HeaderField[] };
}

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A cut value ends in an ellipsis (ev() and the detectors cap long values). */
const uncut = (s: string) => {
  // String methods, not /\s*(?:…|\.\.\.)$/: that pattern retries every space of a long run.
  const cut = s.endsWith('…') ? s.length - 1 : s.endsWith('...') ? s.length - 3 : -1;
  return cut < 0 ? s : s.slice(0, cut).trimEnd();
};

/** Long enough to tell header values apart, short enough for any cut value to keep it whole. */
const KEY = 48;
const indexes = new WeakMap<object, Map<string, string[]>>();

/**
 * Every header field's value (decoded and as written, whitespace collapsed), by name and first
 * characters: built once per message, so checking n evidence items against n fields stays linear.
 */
function headerIndex(a: EvidenceSource): Map<string, string[]> {
  const headers = a.message?.headers ?? [];
  const cached = indexes.get(headers);
  if (cached) return cached;
  const index = new Map<string, string[]>();
  for (const h of headers) {
    for (const v of new Set([flat(h.value), flat(h.raw)])) {
      const k = `${h.key}\u0000${v.slice(0, KEY)}`;
      const list = index.get(k);
      if (list) list.push(v);
      else index.set(k, [v]);
    }
  }
  indexes.set(headers, index);
  return index;
}

/** The value is one of the message's own header fields of that name, whole or cut short. */
function quotesHeader(a: EvidenceSource, e: Evidence): boolean {
  const want = flat(uncut(e.value));
  if (!want) return false;
  const cut = want !== flat(e.value);
  const candidates = headerIndex(a).get(`${e.where.toLowerCase()}\u0000${want.slice(0, KEY)}`) ?? [];
  return candidates.some((v) => v === want || (cut && v.startsWith(want)));
}

/** Punctuation around a token that does not make it data. */
const OPENERS = new Set('([{«“"\'¿¡');
const CLOSERS = new Set(')]}»”"\',;:.!?');

/** The token without its edge punctuation: two index walks, linear (an anchored `[…]+$` is not). */
function trimEdges(t: string): string {
  let start = 0;
  let end = t.length;
  while (start < end && OPENERS.has(t[start])) start++;
  while (end > start && CLOSERS.has(t[end - 1])) end--;
  return t.slice(start, end);
}

/** The text with every closed quotation ("…", “…”, «…») replaced by a space, in one left-to-right pass. */
function withoutQuoted(value: string): string {
  const PAIRS: Record<string, string> = { '"': '"', '“': '”', '«': '»' };
  // A closing mark not found once is not found from any later opener either: remembered, so a
  // run of unclosed openers costs one scan, not one per opener.
  const unclosed = new Set<string>();
  let out = '';
  let i = 0;
  while (i < value.length) {
    const close = Object.hasOwn(PAIRS, value[i]) ? PAIRS[value[i]] : undefined;
    const j = close === undefined || unclosed.has(close) ? -1 : value.indexOf(close, i + 1);
    if (close !== undefined && j < 0) unclosed.add(close);
    if (j < 0) {
      out += value[i++];
      continue;
    }
    out += ' ';
    i = j + 1;
  }
  return out;
}

/**
 * Plain data: nothing in it reads as a word of prose. Quoted spans are mail content; a token is a
 * word when it is letters only and not an acronym (CMS, PGP); anything with a digit, a dot, a slash,
 * an @, = or - is data (addresses, MIME types, file names, k=v pairs, key ids, armour lines).
 */
function plainData(value: string): boolean {
  const unquoted = withoutQuoted(value);
  return unquoted
    .split(/\s+/)
    .map(trimEdges)
    .every((t) => !t || !/^\p{L}+$/u.test(t) || (t === t.toUpperCase() && t.length <= 6));
}

export function isShownEvidence(a: EvidenceSource, e: Evidence): boolean {
  if (e.source === 'rule') return false;
  if (e.source === 'option') return true;
  if (e.source === 'header' && quotesHeader(a, e)) return true;
  return plainData(e.value);
}

/** The evidence of a list that a person reads (see above); the JSON keeps the whole list. */
export function shownEvidence(a: EvidenceSource, list: readonly Evidence[]): Evidence[] {
  return list.filter((e) => isShownEvidence(a, e));
}

/** Settings the agent gave Veil, by their name in the Analysis: said in the reader's words. */
const OPTIONS: Record<string, MessageKey> = { 'support.repliesFrom': 'evidence.option.replies-from', 'support.writtenTo': 'evidence.option.written-to' };

/** Where an item was read, in the reader's language: "header From", "parte 1.2", "your reply address (settings)". */
export function evidenceLabel(lang: Lang, e: Evidence): string {
  if (e.source === 'option') {
    const key = Object.hasOwn(OPTIONS, e.where) ? OPTIONS[e.where] : undefined;
    return key ? t(lang, key) : `${t(lang, 'evidence.option')} ${e.where}`;
  }
  return `${t(lang, `evidence.${e.source}`)} ${e.where}`;
}

const QUOTES: Record<Lang, [string, string]> = { en: ['“', '”'], es: ['«', '»'] };

/**
 * One evidence item as a person reads it: "encabezado Subject: «Re: su pedido»". Words quoted from the
 * message's own headers are set in the language's quotation marks, so mail content (in whatever
 * language it is) is never mistaken for Veil's words; data (addresses, MIME types, ids) is shown bare.
 * `max` cuts long values (a terminal line), keeping the closing mark.
 */
export function evidenceText(a: EvidenceSource, lang: Lang, e: Evidence, max = Infinity): string {
  const v = e.value.length > max ? `${e.value.slice(0, max - 1)}…` : e.value;
  const [open, close] = QUOTES[lang] ?? QUOTES.en;
  const quoted = e.source === 'header' && !plainData(e.value) && quotesHeader(a, e);
  return `${evidenceLabel(lang, e)}: ${quoted ? `${open}${v}${close}` : v}`;
}
