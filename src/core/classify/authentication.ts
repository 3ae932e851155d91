/**
 * Authentication: SPF, DKIM, DMARC and ARC results as stamped by the receiving system (RFC 8601, 8617).
 *
 * Trust (RFC 8601 §1.2, §5, §7.1): anyone can write an Authentication-Results header, so only the
 * receiving system's own are used. Which system that is:
 * - when the caller names it (`options.authservIds`, RFC 8601 §7.1's "explicit list"), results
 *   whose authserv-id is one of those names (or a subdomain) are trusted, nothing else;
 * - otherwise the topmost Authentication-Results (the last one added, §4.1) names it, and results of
 *   the same organisation are trusted too (iCloud stamps spf.icloud.com, dkim-verifier.icloud.com...).
 * In both cases a header sitting below the receiving system's first Received hop (see transport.ts)
 * was there before the receiving system saw the message, and headers inside an attached message
 * belong to another message (§7.10). What the rule cannot tell: when the receiver stamps nothing and
 * the message carries no Received lines, a forged header at the top looks like the receiver's own;
 * and for a receiver that stamps just below its boundary Received line (Gmail), a header carrying
 * the receiver's own authserv-id placed there by the sender looks the same (RFC 8601 §5 makes the
 * receiver delete such headers; we cannot check that it did).
 *
 * DKIM alignment (RFC 7489 §3.1.1, relaxed): a d= of the same organisational domain as From. A relay,
 * list or forwarder that re-signs with its own d= breaks alignment; combining that with the sender
 * analysis is left to the explanation.
 */
import type { AuthMethodResult, AuthResult, AuthResultsHeader, Authentication, Evidence, HeaderField } from '../types';
import { getHeaders } from '../parse/headers';
import { MAX_EVIDENCE_CHARS } from '../limits';
import type { ClassifyContext } from './context';
import { parseAuthResults, parseTagList } from './auth-results';
import { readArcChain } from './arc-chain';
import { classifyTransport } from './transport';
import { normalizeHost, orgDomain, relaxedAligned } from './org-domain';
import { senderCheckOf } from './sender-check';

const cut = (s: string) => (s.length > MAX_EVIDENCE_CHARS ? `${s.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : s);

/** authserv-ids are host names in practice; compare them as such. */
function authority(id: string): string {
  return normalizeHost(id);
}

/** Same stamper: equal ids, or (for host-name ids) the same organisational domain. */
function sameAuthority(a: string, b: string): boolean {
  if (a === b) return true;
  if (!a.includes('.') || !b.includes('.')) return false;
  return orgDomain(a) === orgDomain(b);
}

/** An id is named by the caller's list: equal to an entry, or a subdomain of it. */
function namedBy(id: string, list: string[]): boolean {
  return list.some((entry) => id === entry || (id.length > entry.length && id.endsWith(`.${entry}`)));
}

interface Stamped {
  field: HeaderField;
  /** Position among the top-level header fields; -1 inside an attached message. */
  position: number;
  header: AuthResultsHeader;
}

function toHeader(field: HeaderField): AuthResultsHeader {
  const arc = field.key === 'arc-authentication-results';
  const parsed = parseAuthResults(field.raw, arc);
  const header: AuthResultsHeader = {
    header: arc ? 'ARC-Authentication-Results' : 'Authentication-Results',
    authservId: parsed.authservId,
    results: parsed.results,
    trusted: false,
  };
  if (parsed.instance !== undefined) header.instance = parsed.instance;
  if (parsed.version !== undefined) header.version = parsed.version;
  return header;
}

/** Picks the summary value of one method: any "pass" wins for DKIM (one good signature is enough), else the first. */
function summarize(results: AuthMethodResult[], method: string): AuthMethodResult | undefined {
  const of = results.filter((r) => r.method === method);
  if (method === 'dkim') return of.find((r) => r.result === 'pass') ?? of[0];
  return of[0];
}

/** "@example.com", "user@example.com", "example.com" → "example.com". */
function domainOf(v: string | undefined): string | undefined {
  const d = normalizeHost(v?.slice(v.lastIndexOf('@') + 1));
  return d && d.includes('.') ? d : undefined;
}

function describe(r: AuthMethodResult): string {
  const props = Object.entries(r.props).map(([k, v]) => `${k}=${v}`);
  return [`${r.method}=${r.result}`, ...props].join(' ');
}

export function classifyAuthentication(ctx: ClassifyContext): Authentication {
  const headers = ctx.msg.headers;
  const evidence: Evidence[] = [];

  // --- DKIM-Signature d= and alignment with From -------------------------------------------
  const fromDomain = ctx.from.find((m) => m.domain)?.domain?.toLowerCase();
  const dkimSignatures = getHeaders(headers, 'dkim-signature').flatMap((f) => {
    const { tags } = parseTagList(f.raw);
    const d = tags.get('d')?.toLowerCase();
    if (!d) return [];
    const sig: { domain: string; selector?: string; aligned: boolean } = { domain: d, aligned: relaxedAligned(d, fromDomain) };
    const s = tags.get('s');
    if (s) sig.selector = s;
    return [sig];
  });
  const auth: Authentication = { dkimDomains: dkimSignatures.map((s) => s.domain), headers: [], evidence };
  if (fromDomain) auth.fromDomain = fromDomain;
  if (dkimSignatures.length) auth.dkimSignatures = dkimSignatures;
  if (fromDomain && dkimSignatures.length) {
    auth.dkimAligned = dkimSignatures.some((s) => s.aligned);
    for (const s of dkimSignatures) {
      evidence.push({ source: 'header', where: 'DKIM-Signature', value: cut(`d=${s.domain}${s.selector ? ` s=${s.selector}` : ''} (${s.aligned ? 'aligned with' : 'not aligned with'} From ${fromDomain})`) });
    }
  }

  // --- Where the receiving system's own headers end ----------------------------------------
  const transport = classifyTransport(ctx);
  const receivedPositions: number[] = [];
  headers.forEach((h, i) => h.key === 'received' && receivedPositions.push(i));
  // The receiving system's first hop (the one that accepted the message from outside) is at
  // `boundaryAt`; the next-older Received at `olderAt`. A receiver stamps its results either above
  // its own Received lines (Postfix milters, Fastmail, posteo) or just below the boundary line
  // (Gmail, some Postfix setups), so the widest section that can hold them ends at `olderAt`.
  const boundary = transport.receivingBoundary;
  const boundaryAt = boundary !== undefined ? receivedPositions[boundary] : Infinity;
  const olderAt = boundary !== undefined && boundary + 1 < receivedPositions.length ? receivedPositions[boundary + 1] : Infinity;
  let sectionEnd = olderAt;

  // --- Collect every Authentication-Results / ARC-Authentication-Results -------------------
  const stamped: Stamped[] = [];
  headers.forEach((field, position) => {
    if (field.key === 'authentication-results' || field.key === 'arc-authentication-results') stamped.push({ field, position, header: toHeader(field) });
  });
  for (const node of ctx.msg.nodes) {
    if (!node.attached) continue;
    for (const field of node.headers) {
      if (field.key === 'authentication-results' || field.key === 'arc-authentication-results') stamped.push({ field, position: -1, header: toHeader(field) });
    }
  }

  // --- Decide the trusted authserv-id -------------------------------------------------------
  const configured = (ctx.options.authservIds ?? []).map(authority).filter(Boolean);
  const inside = (s: Stamped) => s.position >= 0 && s.position < sectionEnd;
  let trustedId: string | undefined;
  if (configured.length) {
    trustedId = stamped.find((s) => inside(s) && s.header.header === 'Authentication-Results' && namedBy(authority(s.header.authservId), configured))?.header.authservId;
  } else {
    trustedId = stamped.find((s) => inside(s) && s.header.header === 'Authentication-Results')?.header.authservId;
  }
  const isTrustedId = (id: string) =>
    configured.length ? namedBy(authority(id), configured) : trustedId !== undefined && sameAuthority(authority(id), authority(trustedId));
  // A receiver that stamps above its boundary line does so every time; then a header with its name
  // between the boundary line and the next one came in with the message (RFC 8601 §5 says it should
  // have been removed) and is not the receiver's.
  if (stamped.some((s) => s.position >= 0 && s.position < boundaryAt && s.header.header === 'Authentication-Results' && isTrustedId(s.header.authservId))) {
    sectionEnd = boundaryAt;
  }

  for (const s of stamped) {
    const h = s.header;
    if (s.position < 0) h.ignoredBecause = 'inside-attached-message';
    else if (!inside(s)) h.ignoredBecause = 'below-receiving-system';
    else if (!isTrustedId(h.authservId)) h.ignoredBecause = configured.length ? 'not-a-configured-authserv-id' : 'different-authserv-id';
    else h.trusted = true;
    auth.headers.push(h);
    if (!h.trusted) {
      evidence.push({ source: 'header', where: h.header, value: cut(`ignored (${h.ignoredBecause}): ${h.authservId || '(no authserv-id)'}; ${h.results.map(describe).join('; ')}`) });
    }
  }
  if (trustedId !== undefined) auth.trustedAuthservId = trustedId;

  // --- Summary from trusted results only -----------------------------------------------------
  const trusted = auth.headers.filter((h) => h.trusted);
  // The receiver's own AR first; its own ARC-Authentication-Results repeat the same verdicts.
  const ordered = [...trusted.filter((h) => h.header === 'Authentication-Results'), ...trusted.filter((h) => h.header !== 'Authentication-Results')];
  const all = ordered.flatMap((h) => h.results.map((r) => ({ h, r })));
  const pick = (method: string) => {
    const r = summarize(all.map((x) => x.r), method);
    if (!r) return undefined;
    const h = all.find((x) => x.r === r)!.h;
    evidence.push({ source: 'header', where: h.header, value: cut(`${h.authservId || '(no authserv-id)'}: ${describe(r)}${r.comment ? ` (${r.comment})` : ''}`) });
    return r.result as AuthResult;
  };
  const spf = pick('spf');
  if (spf) auth.spf = spf;
  const dkim = pick('dkim');
  if (dkim) auth.dkim = dkim;
  const dmarc = pick('dmarc');
  if (dmarc) auth.dmarc = dmarc;
  // Which domains the receiver actually verified: what DMARC compares with From (RFC 7489 §3.1).
  const passDomains = all
    .filter(({ r }) => r.method === 'dkim' && r.result === 'pass')
    .map(({ r }) => domainOf(r.props['header.d'] ?? r.props['header.i']))
    .filter((d): d is string => !!d);
  if (passDomains.length) auth.dkimPassDomains = [...new Set(passDomains)];
  const spfResult = all.find(({ r }) => r.method === 'spf')?.r;
  const spfDomain = domainOf(spfResult?.props['smtp.mailfrom'] ?? spfResult?.props['smtp.mfrom'] ?? spfResult?.props['smtp.helo']);
  if (spfDomain) auth.spfDomain = spfDomain;

  // --- ARC ---------------------------------------------------------------------------------
  const chain = readArcChain(headers);
  // The newest seal is the receiver's own when its ARC-Authentication-Results passed the trust rule above.
  const chainTrusted = chain.instances > 0 && trusted.some((h) => h.header === 'ARC-Authentication-Results' && h.instance === chain.instances);
  if (chain.instances > 0) {
    auth.arcChain = {
      instances: chain.instances,
      sealers: chain.sealers,
      structure: chain.structure,
      problems: chain.problems,
      trusted: chainTrusted,
    };
    if (chain.newestCv !== undefined) auth.arcChain.newestCv = chain.newestCv;
    evidence.push({ source: 'header', where: 'ARC-Seal', value: cut(`i=${chain.instances} cv=${chain.newestCv ?? '?'} d=${chain.sealers[chain.instances - 1] || '?'}${chain.problems.length ? `; problems: ${chain.problems.join(', ')}` : ''}`) });
  }
  const arc = pick('arc');
  if (arc) auth.arc = arc;
  // A structurally broken chain fails whoever looks at it (RFC 8617 §5.2); a sound one is only as
  // good as its newest sealer, so its cv= counts only when the receiving system sealed it.
  else if (chain.instances === 0) auth.arc = 'none';
  else if (chain.structure === 'broken') auth.arc = 'fail';
  else if (chainTrusted && chain.newestCv) auth.arc = chain.newestCv;

  auth.senderCheck = senderCheckOf(auth);
  return auth;
}
