/**
 * The ARC chain (RFC 8617) as far as it can be checked WITHOUT DNS or cryptography.
 *
 * RFC 8617 §5.2 has a validator first check the chain's structure: every instance 1..N present
 * exactly once in each of ARC-Seal (AS), ARC-Message-Signature (AMS) and ARC-Authentication-Results
 * (AAR), N ≤ 50 (§4.2.1), well-formed tags, and cv= "none" on i=1 and "pass" on every later seal
 * (§5.1.1, §4.1.3). A structural failure makes the chain fail. The signature checks (§5.2 steps 5–7)
 * need the sealers' DNS keys and are not done here: a structurally sound chain is "unverified", never
 * "pass" — only the receiving system's own results can say pass.
 */
import type { HeaderField } from '../types';
import { parseTagList } from './auth-results';

export interface ArcChain {
  instances: number;
  newestCv?: string;
  sealers: string[];
  structure: 'ok' | 'broken';
  problems: string[];
}

const MAX_INSTANCES = 50;
const BASE64 = /^[A-Za-z0-9+/ ]+=*$/;
const REQUIRED_AS = ['a', 'b', 'cv', 'd', 'i', 's'];
const REQUIRED_AMS = ['a', 'b', 'bh', 'd', 'h', 'i', 's'];
/** RFC 8617 §4.1.2/§4.1.3 reuse DKIM's algorithms; rsa-sha256 is what every implementation uses. RFC 8463 adds ed25519. */
const ALGORITHMS = new Set(['rsa-sha256', 'ed25519-sha256']);

function instanceOf(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** Checks one AS or AMS tag list; returns its instance or undefined. */
function checkSignature(kind: 'as' | 'ams', value: string, problems: string[]): { i?: number; tags: Map<string, string> } {
  const { tags, problems: tagProblems } = parseTagList(value);
  for (const p of tagProblems) problems.push(`${kind}-${p}`);
  // h= must be there but may be empty (the ValiMail suite's "ams_fields_h_empty" chain passes).
  for (const t of kind === 'as' ? REQUIRED_AS : REQUIRED_AMS) if (t === 'h' ? !tags.has(t) : !tags.get(t)) problems.push(`${kind}-missing-${t}`);
  const a = tags.get('a');
  if (a && !ALGORITHMS.has(a)) problems.push(`${kind}-unknown-algorithm`);
  for (const t of ['b', 'bh']) {
    const v = tags.get(t);
    if (v && !BASE64.test(v)) problems.push(`${kind}-invalid-${t}`);
  }
  for (const t of ['t', 'x']) {
    const v = tags.get(t);
    if (v !== undefined && !/^\d+$/.test(v)) problems.push(`${kind}-invalid-${t}`);
  }
  // RFC 8617 §4.1.3: the seal signs a fixed header set, so it carries no h= tag.
  if (kind === 'as' && tags.has('h')) problems.push('as-has-h');
  const i = instanceOf(tags.get('i'));
  if (tags.has('i') && (i === undefined || i < 1 || i > MAX_INSTANCES)) problems.push(`${kind}-invalid-i`);
  return { i: i !== undefined && i >= 1 && i <= MAX_INSTANCES ? i : undefined, tags };
}

export function readArcChain(headers: readonly HeaderField[]): ArcChain {
  const problems: string[] = [];
  const seals = new Map<number, Map<string, string>[]>();
  const sigs = new Map<number, number>();
  const aars = new Map<number, number>();
  let any = false;
  const push = <T>(m: Map<number, T[]>, i: number, v: T) => m.set(i, [...(m.get(i) ?? []), v]);
  for (const h of headers) {
    if (h.key === 'arc-seal') {
      any = true;
      const { i, tags } = checkSignature('as', h.raw, problems);
      if (i !== undefined) push(seals, i, tags);
    } else if (h.key === 'arc-message-signature') {
      any = true;
      const { i } = checkSignature('ams', h.raw, problems);
      if (i !== undefined) sigs.set(i, (sigs.get(i) ?? 0) + 1);
    } else if (h.key === 'arc-authentication-results') {
      any = true;
      const m = /^\s*i\s*=\s*(?:([^;\s]+)\s*)?;/.exec(h.raw);
      const i = instanceOf(m?.[1]);
      if (i === undefined || i < 1 || i > MAX_INSTANCES) problems.push('aar-invalid-i');
      else aars.set(i, (aars.get(i) ?? 0) + 1);
    }
  }
  if (!any) return { instances: 0, sealers: [], structure: 'ok', problems: [] };
  const n = Math.max(0, ...seals.keys(), ...sigs.keys(), ...aars.keys());
  const sealers: string[] = [];
  for (let i = 1; i <= n; i++) {
    const s = seals.get(i) ?? [];
    const count = sigs.get(i) ?? 0;
    const a = aars.get(i) ?? 0;
    if (s.length !== 1) problems.push(s.length ? `duplicate-as-${i}` : `missing-as-${i}`);
    if (count !== 1) problems.push(count ? `duplicate-ams-${i}` : `missing-ams-${i}`);
    if (a !== 1) problems.push(a ? `duplicate-aar-${i}` : `missing-aar-${i}`);
    sealers.push(s[0]?.get('d')?.toLowerCase() ?? '');
    const cv = s[0]?.get('cv');
    // §5.1.1: the first seal says "none"; every later one says "pass" (a sealer that saw a failed
    // chain writes "fail", which ends the chain for everyone after it).
    if (cv !== undefined && cv !== (i === 1 ? 'none' : 'pass')) problems.push(cv === 'fail' ? `cv-fail-at-${i}` : `unexpected-cv-at-${i}`);
  }
  const newestCv = seals.get(n)?.[0]?.get('cv');
  const chain: ArcChain = { instances: n, sealers, structure: problems.length ? 'broken' : 'ok', problems: [...new Set(problems)] };
  if (newestCv !== undefined) chain.newestCv = newestCv;
  return chain;
}
