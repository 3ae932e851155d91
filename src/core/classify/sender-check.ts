/**
 * Was the From address confirmed? Read only from the receiving system's trusted results (the trust
 * rule is authentication.ts's), because advice that tells someone to open a link, sign in or act on a
 * request must never rest on the sender's word alone (a "secure message" notice is a classic lure).
 *
 * - confirmed: DMARC pass for the From domain (RFC 7489 §3: an aligned SPF or DKIM pass), or a
 *   trusted DKIM pass whose d= aligns (relaxed, §3.1.1) with the From domain;
 * - failed: DMARC fail, or SPF fail with no aligned DKIM pass;
 * - unchecked: anything else: no trusted results, or only results that say nothing about the From
 *   domain (dmarc=none/temperror, an SPF pass for another envelope domain, a DKIM pass for another
 *   domain). Veil runs no check itself (no DNS), so it does not guess.
 *
 * A DMARC result that names another domain (header.from=) than the From line Veil read is not about
 * this From (two From fields, or a parser that read them differently): it confirms nothing.
 */
import type { Authentication, SenderCheck, WarningCode } from '../types';
import { relaxedAligned } from './org-domain';

/** The trusted result lines of one method, the receiver's own Authentication-Results first. */
function trustedResults(auth: Authentication, method: string) {
  const hs = auth.headers.filter((h) => h.trusted);
  const ordered = [...hs.filter((h) => h.header === 'Authentication-Results'), ...hs.filter((h) => h.header !== 'Authentication-Results')];
  return ordered.flatMap((h) => h.results.filter((r) => r.method === method).map((r) => ({ h, r })));
}

function sameDomain(a: string | undefined, b: string | undefined): boolean {
  return !a || !b || a.trim().toLowerCase().replace(/\.$/, '') === b.trim().toLowerCase().replace(/\.$/, '');
}

/** A DKIM pass the receiver verified, for a domain aligned with From. */
export function alignedDkimPass(auth: Authentication): boolean {
  const from = auth.fromDomain;
  if (auth.dkimPassDomains?.length && from) return auth.dkimPassDomains.some((d) => relaxedAligned(d, from));
  // A model without the verified domains (older or hand-made): the summary and the signatures' alignment.
  return auth.dkim === 'pass' && auth.dkimAligned === true;
}

export function senderCheckOf(auth: Authentication): SenderCheck {
  if (auth.senderCheck) return auth.senderCheck;
  const from = auth.fromDomain;
  const dmarc = trustedResults(auth, 'dmarc').find(({ r }) => sameDomain(r.props['header.from'], from))?.r.result ?? (from ? undefined : auth.dmarc);
  if (dmarc === 'fail') return 'failed';
  if (dmarc === 'pass') return 'confirmed';
  if (alignedDkimPass(auth)) return 'confirmed';
  if (auth.spf === 'fail') return 'failed';
  return 'unchecked';
}

export function senderWarnings(check: SenderCheck): WarningCode[] {
  return check === 'failed' ? ['unverified-sender'] : check === 'unchecked' ? ['sender-unchecked'] : [];
}
