/**
 * Transport: the Received chain (RFC 5321 §4.4), newest first, with what each hop says about TLS,
 * and where the receiving system's own hops end.
 *
 * What cannot be known (ENCRYPTION.md §C3): TLS is recorded hop by hop, never end to end; hops that
 * left no Received line and the final mailbox access (IMAP, webmail) are invisible; and every line
 * below the receiving system's first hop was written by servers we cannot check, so it can be forged.
 */
import type { Hop, Transport } from '../types';
import { getHeader, getHeaders } from '../parse/headers';
import type { ClassifyContext } from './context';
import { splitReceivedDate } from './received-date';
import { readHopTls } from './received-tls';
import { isIpLiteral, isPrivateIp, isPublicHostname, normalizeHost, orgDomain } from './org-domain';

interface Token {
  text: string;
  /** Comments that follow this token (parentheses removed). */
  comments: string[];
}

/** Splits clause text into words, attaching each (nested) comment to the word before it. */
function tokenize(s: string): { tokens: Token[]; leading: string[] } {
  const tokens: Token[] = [];
  const leading: string[] = [];
  let depth = 0;
  let word = '';
  let comment = '';
  const flush = () => {
    if (word) tokens.push({ text: word, comments: [] });
    word = '';
  };
  for (const ch of s) {
    if (depth === 0 && ch === '(') {
      flush();
      depth = 1;
      comment = '';
      continue;
    }
    if (depth > 0) {
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      if (depth === 0) (tokens.length ? tokens[tokens.length - 1].comments : leading).push(comment.trim());
      else comment += ch;
      continue;
    }
    if (/\s/.test(ch)) flush();
    else word += ch;
  }
  if (depth > 0 && comment) (tokens.length ? tokens[tokens.length - 1].comments : leading).push(comment.trim());
  flush();
  return { tokens, leading };
}

const KEYWORDS = new Set(['from', 'by', 'via', 'with', 'id', 'for']);
/** Protocol keywords (RFC 5321 §4.4, RFC 3848, RFC 6531), to find one written after a vendor name. */
const PROTOCOL = /^(?:e?smtps?a?|lmtps?a?|utf8(?:smtp|lmtp)s?a?)$/i;

interface Clauses {
  from?: Token;
  by?: Token;
  with?: string;
  /** The protocol keyword when a vendor word precedes it ("with MailEnable ESMTPA"). */
  protocol?: string;
  id?: string;
  for?: string;
}

function readClauses(text: string): Clauses {
  const { tokens } = tokenize(text);
  const out: Clauses = {};
  for (let i = 0; i < tokens.length - 1; i++) {
    const kw = tokens[i].text.toLowerCase();
    if (!KEYWORDS.has(kw)) continue;
    const next = tokens[i + 1];
    // "with \tid X" (a clause left empty): never take the next keyword as a value.
    if (KEYWORDS.has(next.text.toLowerCase())) continue;
    if (kw === 'from' && !out.from) out.from = next;
    else if (kw === 'by' && !out.by) out.by = next;
    else if (kw === 'with' && !out.with) {
      // Exchange writes a phrase, not a keyword: "with Microsoft SMTP Server (...)".
      const phrase = tokens.slice(i + 1, i + 4).map((t) => t.text).join(' ');
      out.with = /^Microsoft SMTP Server$/i.test(phrase) ? 'Microsoft SMTP Server' : next.text;
      const later = tokens.slice(i + 2, i + 4).map((t) => t.text).find((t) => PROTOCOL.test(t));
      if (!PROTOCOL.test(next.text) && out.with !== 'Microsoft SMTP Server' && later) out.protocol = later;
    } else if (kw === 'id' && !out.id) out.id = next.text.replace(/[;,]$/, '');
    else if (kw === 'for' && !out.for) out.for = next.text.replace(/^<|>[;,]?$/g, '').replace(/;$/, '');
    else continue;
    i++;
  }
  return out;
}

/** Real Received values are under 2 kB; longer ones are read from both ends only (the date is last). */
const MAX_READ_CHARS = 16 * 1024;

/** Parses one Received value (unfolded). Never throws. */
export function parseReceived(raw: string): Hop {
  const hop: Hop = { tls: null, raw };
  const text = raw.length > MAX_READ_CHARS ? `${raw.slice(0, MAX_READ_CHARS / 2)} ${raw.slice(-MAX_READ_CHARS / 2)}` : raw;
  const { clauses, date } = splitReceivedDate(text);
  const c = readClauses(clauses);
  if (c.from) hop.from = c.from.text;
  if (c.by) hop.by = c.by.text;
  if (c.with) hop.with = c.with;
  if (c.id) hop.id = c.id;
  if (c.for) hop.for = c.for;
  if (date) hop.date = date;
  const t = readHopTls(text, c.protocol ?? c.with);
  hop.tls = t.tls;
  if (t.tlsVersion) hop.tlsVersion = t.tlsVersion;
  if (t.cipher) hop.cipher = t.cipher;
  if (t.tlsVerify) hop.tlsVerify = t.tlsVerify;
  if (t.evidence) hop.tlsEvidence = t.evidence;
  return hop;
}

/** Seconds a hop took, allowing this much clock disagreement before calling it skew. */
const SKEW_TOLERANCE_S = 60;

/** Fills `delay` (seconds since the next-older hop) or `clockSkew` when the clocks contradict. */
function fillDelays(hops: Hop[]): void {
  for (let i = 0; i < hops.length - 1; i++) {
    const a = hops[i].date;
    const b = hops[i + 1].date;
    if (!a || !b) continue;
    const d = Math.round((Date.parse(a) - Date.parse(b)) / 1000);
    // A hop stamped before the hop that handed it the message means one of the two clocks is wrong:
    // a small difference is rounding (0), a large one is skew and any number would be false.
    if (d >= 0) hops[i].delay = d;
    else if (d >= -SKEW_TOLERANCE_S) hops[i].delay = 0;
    else hops[i].clockSkew = true;
  }
}

/** The host that handed the message to this hop: names and IP literals from the `from` clause. */
function fromSide(hop: Hop): { names: string[]; ips: string[]; verified?: string } {
  const names: string[] = [];
  const ips: string[] = [];
  let verified: string | undefined;
  const m = /^\s*from\s+(\S+)((?:\s*\([^()]*(?:\([^()]*\)[^()]*)*\))*)/i.exec(hop.raw.slice(0, MAX_READ_CHARS));
  if (!m) return { names, ips };
  const helo = normalizeHost(m[1]);
  const comments = m[2] ?? '';
  for (const ip of comments.matchAll(/\[(?:ipv6:)?([0-9a-f:.]+)\]|\(((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]*:[0-9a-f:]+)\)/gi)) ips.push(ip[1] ?? ip[2]);
  if (isIpLiteral(helo)) ips.push(helo);
  // Postfix/Sendmail/Gmail "(rdns [ip])": the name before the bracket is the receiver's reverse lookup.
  const rdns = /\(\s*([a-z0-9.-]+\.[a-z]{2,})\.?\s+\[/i.exec(comments);
  if (rdns) verified = normalizeHost(rdns[1]);
  // Exim "from rdns ([ip] helo=...)": the first word is the looked-up name when a bracketed IP follows.
  else if (/^\s*\(\s*\[/.test(comments) && isPublicHostname(helo)) verified = helo;
  if (isPublicHostname(helo) || !isIpLiteral(helo)) names.push(helo);
  // Yahoo "(EHLO name)", Exim "(helo=name)", qmail "(HELO name)": the name the client claimed.
  for (const h of comments.matchAll(/\b(?:ehlo|helo)[= ]\s*([a-z0-9.-]+)/gi)) names.push(normalizeHost(h[1]));
  return { names, ips, verified };
}

/** Whether the host that handed this hop the message sits inside the receiving organisation. */
function cameFromInside(hop: Hop, orgs: Set<string>): boolean {
  if (!/\bfrom\s/i.test(hop.raw) || hop.from === undefined) return true; // "Received: by x with HTTP": nothing crossed a boundary
  const { names, ips, verified } = fromSide(hop);
  if (verified) return orgs.has(orgDomain(verified)) || (ips.length > 0 && ips.every(isPrivateIp));
  if (ips.length > 0 && ips.every(isPrivateIp)) return true;
  const publicNames = names.filter(isPublicHostname);
  // LIMITATION: without a reverse-DNS name, the HELO name is all we have (Exchange writes only it),
  // and a sender can lie in HELO; the boundary is then a best reading, not proof.
  if (publicNames.length) return publicNames.some((n) => orgs.has(orgDomain(n)));
  return ips.length === 0; // a bare "from localhost" or "from mx4" with no address
}

/**
 * Marks each hop 'receiving' or 'before'. The topmost hop was added last, by the system that holds
 * the message now; walking down, a hop still belongs to it while the host that handed the message
 * over was internal (private address, internal name) or of the same organisation. The first hop
 * that accepted the message from outside is the boundary; anything older is a claim.
 */
function markZones(hops: Hop[]): { boundary?: number; org?: string } {
  if (!hops.length) return {};
  const orgs = new Set<string>();
  let org: string | undefined;
  let boundary = hops.length - 1;
  for (let i = 0; i < hops.length; i++) {
    const by = normalizeHost(hops[i].by?.replace(/[;,]$/, ''));
    if (isPublicHostname(by)) {
      orgs.add(orgDomain(by));
      org ??= orgDomain(by);
    }
    if (!cameFromInside(hops[i], orgs)) {
      boundary = i;
      break;
    }
  }
  hops.forEach((h, i) => (h.zone = i <= boundary ? 'receiving' : 'before'));
  return { boundary, org };
}

export function classifyTransport(ctx: ClassifyContext): Transport {
  // Newest first: the receiving system's own lines come first and are the ones worth reading.
  const received = getHeaders(ctx.msg.headers, 'received');
  const budget = ctx.msg.budget;
  const max = budget?.limits.hops ?? Infinity;
  if (received.length > max) budget?.reach('hops', `${received.length - max} older Received lines were not read`);
  const hops = received.slice(0, max).map((f) => parseReceived(f.raw));
  fillDelays(hops);
  const transport: Transport = { hops };
  const { boundary, org } = markZones(hops);
  if (boundary !== undefined) transport.receivingBoundary = boundary;
  if (org) transport.receivingOrg = org;
  transport.summary = {
    hopsWithTls: hops.filter((h) => h.tls === true).length,
    hopsWithoutTls: hops.filter((h) => h.tls === false).length,
    hopsUnknown: hops.filter((h) => h.tls === null).length,
  };
  // RFC 8689 §5: "TLS-Required: No" asks relays to ignore REQUIRETLS/MTA-STS/DANE policy.
  if (/^\s*no\b/i.test(getHeader(ctx.msg.headers, 'tls-required')?.value ?? '')) transport.tlsRequiredNo = true;
  const cannotKnow = ['tls-is-per-hop', 'mailbox-access-not-recorded'];
  if (!hops.length) cannotKnow.push('no-received-headers');
  else if (boundary !== undefined && boundary < hops.length - 1) cannotKnow.push('hops-before-receiver-unverifiable');
  if (hops.some((h) => h.clockSkew)) cannotKnow.push('clock-skew');
  if (hops.some((h) => h.tls === null)) cannotKnow.push('hops-without-tls-information');
  transport.cannotKnow = cannotKnow;
  return transport;
}
