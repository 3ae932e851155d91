/**
 * Authentication: SPF, DKIM, DMARC and ARC results as stamped by the receiving system (RFC 8601, 8617).
 */
import type { Authentication } from '../types';
import { getHeaders } from '../parse/headers';
import type { ClassifyContext } from './context';

export function classifyAuthentication(ctx: ClassifyContext): Authentication {
  const dkimDomains = getHeaders(ctx.msg.headers, 'dkim-signature')
    .map((f) => /(?:^|;)\s*d=([^;\s]+)/i.exec(f.raw)?.[1]?.toLowerCase())
    .filter((d): d is string => !!d);
  return { dkimDomains, headers: [], evidence: [] };
}
