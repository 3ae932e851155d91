/**
 * Small address helpers shared by the sender and threading classifiers.
 */
import { MAX_EVIDENCE_CHARS } from '../limits';
import type { Evidence } from '../types';
import { trimEndChars } from '../text';

export interface Addr {
  /** Lower-cased whole address. */
  address: string;
  local: string;
  domain: string;
}

export function splitAddress(address: string | undefined): Addr | undefined {
  if (!address) return undefined;
  // A trailing root dot ("x@mozmail.com.") names the same host (RFC 1034 §3.1 absolute name); some
  // mailers write it, and the relay domain must still match.
  const a = trimEndChars(address.trim().replace(/^<|>$/g, '').toLowerCase(), '.');
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1) return undefined;
  return { address: a, local: a.slice(0, at), domain: a.slice(at + 1) };
}

/** RFC 5233 subaddressing: "local+tag@domain" → "local@domain". */
export function stripPlusTag(address: string): string {
  const a = splitAddress(address);
  if (!a) return address.trim().toLowerCase();
  const plus = a.local.indexOf('+');
  return plus > 0 ? `${a.local.slice(0, plus)}@${a.domain}` : a.address;
}

/** The organisational domain (RFC 7489 §3.2), one approximation for the sender, transport and
 *  authentication analyses alike (org-domain.ts). */
export { orgDomain } from './org-domain';

export function clip(value: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  return v.length > MAX_EVIDENCE_CHARS ? v.slice(0, MAX_EVIDENCE_CHARS - 1) + '…' : v;
}

export function headerEvidence(where: string, value: string): Evidence {
  return { source: 'header', where, value: clip(value) };
}

export function ruleEvidence(where: string, value: string): Evidence {
  return { source: 'rule', where, value: clip(value) };
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/;

function classTransitions(s: string): number {
  let n = 0;
  for (let i = 1; i < s.length; i++) {
    const a = s[i - 1] >= '0' && s[i - 1] <= '9';
    const b = s[i] >= '0' && s[i] <= '9';
    if (a !== b) n++;
  }
  return n;
}

/**
 * An account word followed by a hex/number id ("dev4f2a9c1e7b3d", "user8f3a2b9c1d0e", "emp20240117"):
 * how companies name machine or staff accounts. Random relay aliases do not start with these words
 * and end in hex only; such a local part is an ordinary company mailbox, not a mask.
 */
const ACCOUNT_ID = /^(?:dev|devops|user|usr|test|tester|admin|sys|sysadmin|ops|svc|srv|app|bot|build|ci|qa|emp|staff|acct|account|member|client|customer|guest|student|stud|host|node|server|mail|mbx|team|intern|temp|tmp)[0-9a-f]+$/;

/**
 * Whether a local part (or a +tag) looks machine-generated: a UUID, 16+ hex digits, or a long
 * letters-and-digits string that switches between letters and digits often. Names, words, dates,
 * "john1985", "jane+shop" and role words never qualify: the bar is deliberately high.
 */
export function isStrongToken(s: string): boolean {
  const t = s.toLowerCase();
  if (UUID.test(t)) return true;
  if (!/^[a-z0-9]+$/.test(t)) return false;
  if (ACCOUNT_ID.test(t)) return false;
  const digits = (t.match(/[0-9]/g) ?? []).length;
  const letters = t.length - digits;
  // 16+ hex digits are a token even when they happen to open with a word ("face0b1d...": hex
  // letters spell words by chance about one time in fifty).
  if (t.length >= 16 && /^[0-9a-f]+$/.test(t) && digits >= 2 && letters >= 2) return true;
  // A readable word first ("pepper2b49b8", "maria1985x7k2"): a person or account name with an id
  // appended. Only what follows the word is judged, so a word plus a short id is never a token.
  const word = /^[a-z]{4,}/.exec(t)?.[0];
  if (word && /[aeiouy]/.test(word) && word.length < t.length) return isStrongToken(t.slice(word.length));
  if (t.length >= 16 && digits >= 3 && letters >= 3 && classTransitions(t) >= 4) return true;
  if (t.length >= 12 && digits >= 4 && letters >= 4 && classTransitions(t) >= 5) return true;
  return false;
}

/** Role and bounce mailboxes: addresses a company sends from, never a person's mask. */
export const ROLE_LOCAL = /^(no-?reply|do-?not-?reply|notifications?|notify|alerts?|info|news(letter)?|support|help|hello|contact|team|billing|orders?|sales|service|bounces?|mailer-daemon|postmaster|admin|accounts?|security|updates?|marketing|feedback|reply|replies)([+._-].*)?$/;
