/**
 * Authentication: SPF, DKIM, DMARC and ARC in plain words. Only results stamped by the receiving
 * system count; others are listed as ignored (RFC 8601 §1.1, §5: the header's mere presence proves
 * nothing, and anyone upstream can write one).
 */
import type { AuthResult, Evidence } from '../../types';
import { ev, line, ref, type Line, type ParamValue } from '../model';
import type { Facts } from '../facts';

const WHY = ['below-receiving-system', 'different-authserv-id', 'inside-attached-message'] as const;
const KNOWN = ['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror', 'policy'] as const;

function resultRef(r: AuthResult): ParamValue {
  const k = (KNOWN as readonly string[]).includes(r) ? (r as (typeof KNOWN)[number]) : undefined;
  // A result outside RFC 8601 §2.7 ("success", a typo) is data: shown in parentheses, never as prose.
  return k ? ref(`auth.result.${k}`) : ref('auth.result.other', { value: r });
}

export function authenticationSection(f: Facts): Line[] {
  const au = f.a.authentication;
  const out: Line[] = [];
  const trusted = au.headers.filter((h) => h.trusted);
  const ignored = au.headers.filter((h) => !h.trusted);
  const evFor = (method: string): Evidence[] =>
    trusted.flatMap((h) =>
      h.results.filter((r) => r.method === method).map((r) => ev('header', h.header, `${h.authservId}; ${r.method}=${r.result}`)),
    );
  if (au.spf) {
    const r = resultRef(au.spf);
    out.push(au.spfDomain ? line('auth.spf.domain', { result: r, domain: au.spfDomain }, evFor('spf'), ['spf']) : line('auth.spf', { result: r }, evFor('spf'), ['spf']));
  }
  if (au.dkim) out.push(line('auth.dkim', { result: resultRef(au.dkim) }, evFor('dkim'), ['dkim']));
  if (au.dkimDomains.length) {
    const unique = [...new Set(au.dkimDomains)];
    const domains = unique.join(', ');
    const one = unique.length === 1;
    const e = unique.map((d) => ev('header', 'DKIM-Signature', `d=${d}`));
    // Name only the seal(s) that match From, when the detector says which (RFC 7489 §3.1.1).
    const aligned = [...new Set((au.dkimSignatures ?? []).filter((s) => s.aligned).map((s) => s.domain))];
    if (au.dkimAligned === true) out.push(line('auth.dkim.aligned', { domains: aligned.length ? aligned.join(', ') : domains }, aligned.length ? aligned.map((d) => ev('header', 'DKIM-Signature', `d=${d}`)) : e, ['dkim']));
    else if (au.dkimAligned === false) out.push(line(one ? 'auth.dkim.not-aligned.one' : 'auth.dkim.not-aligned', { domains }, e, ['dkim']));
    else out.push(line(one ? 'auth.dkim.domains.one' : 'auth.dkim.domains', { domains }, e, ['dkim']));
  }
  if (au.dmarc) out.push(line('auth.dmarc', { result: resultRef(au.dmarc) }, evFor('dmarc'), ['dmarc']));
  if (au.arc && au.arc !== 'none') out.push(line('auth.arc', { result: resultRef(au.arc) }, evFor('arc'), ['arc']));
  if (au.arcChain?.structure === 'broken') {
    // The seals themselves are the evidence; the detector's problem codes stay in the JSON as rules.
    const seals = f.a.message.headers.filter((h) => h.key === 'arc-seal').slice(0, 3).map((h) => ev('header', 'ARC-Seal', h.raw));
    out.push(line('auth.arc.broken', {}, [...seals, ...au.arcChain.problems.map((p) => ev('rule', 'arc-chain', p))], ['arc']));
  }
  if (au.trustedAuthservId) out.push(line('auth.trusted', { id: au.trustedAuthservId }, [ev('header', 'Authentication-Results', au.trustedAuthservId)]));
  // One sentence per reason the detector gave (RFC 8601 §5, §7.1), each with its headers as evidence.
  const byReason = new Map<string, typeof ignored>();
  for (const h of ignored) {
    const r = h.ignoredBecause === 'not-a-configured-authserv-id' ? 'different-authserv-id' : h.ignoredBecause ?? 'other';
    byReason.set(r, [...(byReason.get(r) ?? []), h]);
  }
  for (const [reason, hs] of byReason) {
    const named = [...new Set(hs.map((h) => h.authservId).filter(Boolean))];
    const ids = named.join(', ');
    const why = WHY.find((w) => w === reason) ?? 'other';
    const key = named.length
      ? hs.length === 1 ? 'auth.ignored.one' : 'auth.ignored'
      : hs.length === 1 ? 'auth.ignored.one.noid' : 'auth.ignored.noid';
    // What the set-aside lines said, in their own syntax; why they were set aside is the next sentence.
    const said = (h: (typeof hs)[number]) => [h.authservId, ...h.results.map((r) => `${r.method}=${r.result}`)].filter(Boolean).join('; ');
    out.push(line(key, { count: hs.length, ids }, [...hs.map((h) => ev('header', h.header, said(h))), ...hs.map((h) => ev('rule', 'auth-ignored', h.ignoredBecause ?? 'other'))]));
    out.push(line(`auth.ignored.why.${why}`));
  }
  if (!out.length) return [];
  if (!trusted.length && !au.spf && !au.dkim && !au.dmarc) out.push(line('auth.unchecked'));
  return out;
}
