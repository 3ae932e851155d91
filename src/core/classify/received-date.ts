/**
 * Dates stamped on Received lines, read as leniently as real MTAs write them.
 *
 * RFC 5321 §4.4 puts `; date-time` (RFC 5322 §3.3) at the end of a Received field, but the wild has:
 * a missing ';', fractional seconds ("10:11:12.345"), named zones ("EDT", "CEST"), trailing
 * comments ("(PDT)", "(envelope-from ...)"), two-digit years (RFC 5322 §4.3: 00-49 → 20xx,
 * 50-99 → 19xx), sign-less offsets ("0100"), and Go-formatted stamps from SendGrid
 * ("2018-08-20 07:27:00.798484428 +0000 UTC m=+301564.139233496").
 *
 * A date is only returned when its zone is known: a wrong zone shifts a hop by hours and would make
 * delays lie. Unknown zone names (and RFC 5322 §4.3's military letters) give no date; "-0000" is UTC.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** Zone names in minutes east of UTC: RFC 5322 §4.3's obsolete US zones plus names MTAs commonly print.
 *  Ambiguous abbreviations (IST, CST-as-China, BST-as-Bangladesh) are resolved the way mail software
 *  of the region prints them most often; a numeric offset always wins over a name. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  bst: 60, ist: 60, west: 60, cet: 60, met: 60, mez: 60, cest: 120, mest: 120, mesz: 120,
  eet: 120, eest: 180, msk: 180, jst: 540, kst: 540, hkt: 480, sgt: 480, awst: 480,
  acst: 570, acdt: 630, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

function offsetOf(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  const z = zone.trim();
  const num = /^([+-]?)(\d{2}):?(\d{2})$/.exec(z);
  if (num) {
    // RFC 5322 §3.3: "-0000" is still Universal Time (only the sender's local zone is unknown).
    const minutes = Number(num[2]) * 60 + Number(num[3]);
    if (Number(num[2]) > 14 || Number(num[3]) > 59) return undefined;
    return num[1] === '-' ? -minutes : minutes;
  }
  return ZONES[z.toLowerCase()];
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  if (y.length === 3) return 1900 + n;
  return n;
}

function build(year: number, month: number, day: number, h: number, m: number, s: number, ms: number, offset: number | undefined): string | undefined {
  if (offset === undefined) return undefined;
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60 || year < 1970 || year > 2200) return undefined;
  const t = Date.UTC(year, month, day, h, m, Math.min(s, 59), ms) - offset * 60_000;
  const d = new Date(t);
  // Reject "31 Feb": Date.UTC would roll it into March.
  if (d.getTime() !== t || new Date(Date.UTC(year, month, day)).getUTCMonth() !== month) return undefined;
  return d.toISOString();
}

/** Removes (nested) comments, keeping the text between them. */
function stripComments(s: string): { text: string; comments: string[] } {
  let depth = 0;
  let text = '';
  let cur = '';
  const comments: string[] = [];
  for (const ch of s) {
    if (ch === '(') {
      if (depth++ > 0) cur += ch;
      continue;
    }
    if (ch === ')' && depth > 0) {
      if (--depth === 0) {
        comments.push(cur.trim());
        cur = '';
        text += ' ';
      } else cur += ch;
      continue;
    }
    if (depth > 0) cur += ch;
    else text += ch;
  }
  return { text, comments };
}

const MON = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?';
const ZONE = '([+-]?\\d{2}:?\\d{2}\\b|[a-z]{1,5}\\b)?';
/** RFC 5322 style: [Day,] 1 Jan 2024 10:00[:00[.123]] [zone] */
const RFC = new RegExp(`(?:^|[\\s,;])(\\d{1,2})[\\s-]+${MON}[\\s-]+(\\d{2,4})\\s+${TIME}\\s*${ZONE}`, 'gi');
/** ISO / Go style: 2024-01-01[T ]10:00:00[.123456789][Z| +0000 [UTC]] */
const ISO = new RegExp(`(\\d{4})-(\\d{2})-(\\d{2})[T\\s]+${TIME}(?:\\s*(z\\b|[+-]\\d{2}:?\\d{2}\\b|[a-z]{2,5}\\b))?(?:\\s+([a-z]{2,5})\\b)?`, 'gi');
/** asctime / ctime style: Mon Jan  1 10:00:00 [zone] 2024 */
const CTIME = new RegExp(`${MON}\\s+(\\d{1,2})\\s+${TIME}\\s+(?:([+-]\\d{4}|[a-z]{1,5})\\s+)?(\\d{4})`, 'gi');

function ms(frac: string | undefined): number {
  return frac ? Math.round(Number(`0.${frac.slice(0, 6)}`) * 1000) : 0;
}

/** The last date-time found in `text` (Received dates sit at the end), as ISO 8601 UTC. */
export function parseDateText(input: string): string | undefined {
  const { text, comments } = stripComments(input);
  // A bare zone name in a trailing comment ("10:00:00 (UTC)") counts when the text itself has none.
  const commentZone = comments.map((c) => c.trim()).reverse().find((c) => offsetOf(c) !== undefined);
  let best: { at: number; iso: string | undefined } | undefined;
  const consider = (at: number, iso: string | undefined) => {
    if (!best || at >= best.at) best = { at, iso };
  };
  for (const m of text.matchAll(RFC)) {
    // An unknown word after the time (a military letter, Go's "m=+301.2") is not a zone we can use:
    // fall back to a zone named in a comment, else give no date.
    const zone = m[8] && offsetOf(m[8]) !== undefined ? m[8] : /^[+-]?\d/.test(m[8] ?? '') ? undefined : commentZone;
    const offset = offsetOf(zone);
    consider(m.index ?? 0, offset === undefined ? undefined : build(fullYear(m[3]), MONTHS[m[2].toLowerCase().slice(0, 3)], Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms(m[7]), offset));
  }
  for (const m of text.matchAll(ISO)) {
    const zone = m[8] && offsetOf(m[8]) !== undefined ? m[8] : m[9] && offsetOf(m[9]) !== undefined ? m[9] : commentZone;
    consider(m.index ?? 0, build(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms(m[7]), offsetOf(zone)));
  }
  for (const m of text.matchAll(CTIME)) {
    const zone = m[7] ?? commentZone;
    consider(m.index ?? 0, build(Number(m[8]), MONTHS[m[1].toLowerCase().slice(0, 3)], Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5] ?? 0), ms(m[6]), offsetOf(zone)));
  }
  return best?.iso;
}

/**
 * Splits a Received value into its clauses and its date. The date is after the last ';' when that
 * parses; otherwise the last date-like text anywhere (SendGrid's ';'-less stamps), and the clauses
 * end where it starts.
 */
export function splitReceivedDate(raw: string): { clauses: string; date?: string } {
  const semi = raw.lastIndexOf(';');
  if (semi >= 0) {
    const date = parseDateText(raw.slice(semi + 1));
    if (date) return { clauses: raw.slice(0, semi), date };
  }
  const date = parseDateText(raw);
  if (!date) return { clauses: semi >= 0 ? raw.slice(0, semi) : raw };
  // Cut the clauses before the date text: find where a date-looking run starts near the end.
  const cut = /\s(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{1,2}\s+[a-z]{3}|\d{4}-\d{2}-\d{2}|[a-z]{3}\s+\d{1,2}\s+\d)/gi;
  let at = -1;
  for (const m of raw.matchAll(cut)) at = m.index ?? at;
  return { clauses: at > 0 ? raw.slice(0, at) : raw, date };
}
