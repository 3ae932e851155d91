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
  return k ? ref(`auth.result.${k}`) : r;
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
    if (au.dkimAligned === true) out.push(line('auth.dkim.aligned', { domains }, e, ['dkim']));
    else if (au.dkimAligned === false) out.push(line(one ? 'auth.dkim.not-aligned.one' : 'auth.dkim.not-aligned', { domains }, e, ['dkim']));
    else out.push(line(one ? 'auth.dkim.domains.one' : 'auth.dkim.domains', { domains }, e, ['dkim']));
  }
  if (au.dmarc) out.push(line('auth.dmarc', { result: resultRef(au.dmarc) }, evFor('dmarc'), ['dmarc']));
  if (au.arc && au.arc !== 'none') out.push(line('auth.arc', { result: resultRef(au.arc) }, evFor('arc'), ['arc']));
  if (au.arcChain?.structure === 'broken') {
    out.push(line('auth.arc.broken', {}, au.arcChain.problems.map((p) => ev('header', 'ARC-Seal', p)), ['arc']));
  }
  if (au.trustedAuthservId) out.push(line('auth.trusted', { id: au.trustedAuthservId }, [ev('header', 'Authentication-Results', au.trustedAuthservId)]));
  // One sentence per reason the detector gave (RFC 8601 §5, §7.1), each with its headers as evidence.
  const byReason = new Map<string, typeof ignored>();
  for (const h of ignored) {
    const r = h.ignoredBecause === 'not-a-configured-authserv-id' ? 'different-authserv-id' : h.ignoredBecause ?? 'other';
    byReason.set(r, [...(byReason.get(r) ?? []), h]);
  }
  for (const [reason, hs] of byReason) {
    const ids = [...new Set(hs.map((h) => h.authservId || '-'))].join(', ');
    const why = WHY.find((w) => w === reason) ?? 'other';
    out.push(
      line(hs.length === 1 ? 'auth.ignored.one' : 'auth.ignored', { count: hs.length, ids },
        hs.map((h) => ev('header', h.header, `${h.authservId}${h.ignoredBecause ? `; ${h.ignoredBecause}` : ''}`)),
      ),
    );
    out.push(line(`auth.ignored.why.${why}`));
  }
  if (!out.length) return [];
  if (!trusted.length && !au.spf && !au.dkim && !au.dmarc) out.push(line('auth.unchecked'));
  return out;
}
