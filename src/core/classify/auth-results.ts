/**
 * Authentication-Results (RFC 8601 §2.2) and ARC-Authentication-Results (RFC 8617 §4.1.1) values.
 *
 *   authres-header = authserv-id [ CFWS authres-version ] ( no-result / 1*resinfo )
 *   resinfo        = ";" methodspec [ CFWS reasonspec ] [ CFWS 1*propspec ]
 *   methodspec     = method [ "/" version ] "=" result
 *   reasonspec     = "reason" "=" value            propspec = ptype "." property "=" pvalue
 *
 * Real stampers bend it: Microsoft omits the authserv-id ("spf=pass (sender IP is ...) ..."), some
 * put several methods in one segment without ";", Microsoft adds "action=" and "compauth=", values
 * may be quoted, and comments ("(1024-bit key)") sit anywhere. Parsing never throws.
 */
import type { AuthMethodResult } from '../types';

type Tok = { kind: 'word'; text: string; comments: string[] } | { kind: 'semi' } | { kind: 'eq' };

/** Words (quoted strings unquoted and kept whole), "=", ";", with comments attached to the word before. */
function tokenize(s: string): { toks: Tok[]; leading: string[] } {
  const toks: Tok[] = [];
  const leading: string[] = [];
  let word = '';
  let inWord = false;
  // The word a comment belongs to: the last one in the current ";"-segment (kept, not searched, so
  // hostile input with many comments stays linear).
  let last: { kind: 'word'; text: string; comments: string[] } | undefined;
  const flush = () => {
    if (inWord) {
      last = { kind: 'word', text: word, comments: [] };
      toks.push(last);
    }
    word = '';
    inWord = false;
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') {
      inWord = true;
      for (i++; i < s.length && s[i] !== '"'; i++) word += s[i] === '\\' && i + 1 < s.length ? s[++i] : s[i];
      continue;
    }
    if (ch === '(') {
      flush();
      let depth = 1;
      let c = '';
      for (i++; i < s.length && depth > 0; i++) {
        if (s[i] === '\\' && i + 1 < s.length) c += s[++i];
        else if (s[i] === '(') (depth++, (c += '('));
        else if (s[i] === ')') {
          if (--depth > 0) c += ')';
        } else c += s[i];
      }
      i--;
      (last ? last.comments : leading).push(c.trim());
      continue;
    }
    if (ch === ';' || ch === '=') {
      flush();
      if (ch === ';') last = undefined;
      toks.push({ kind: ch === ';' ? 'semi' : 'eq' });
      continue;
    }
    if (/\s/.test(ch)) flush();
    else {
      word += ch;
      inWord = true;
    }
  }
  flush();
  return { toks, leading };
}

interface Pair {
  key: string;
  value: string;
  comments: string[];
}

/** Splits tokens into ";"-segments of key=value pairs and lone words. */
interface Segment {
  pairs: Pair[];
  words: string[];
  /** Words written before the segment's first key=value pair. */
  lead: string[];
}

function segments(toks: Tok[]): Segment[] {
  const out: Segment[] = [{ pairs: [], words: [], lead: [] }];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const seg = out[out.length - 1];
    if (t.kind === 'semi') {
      out.push({ pairs: [], words: [], lead: [] });
      continue;
    }
    if (t.kind !== 'word') continue;
    const eq = toks[i + 1];
    const val = toks[i + 2];
    if (eq?.kind === 'eq' && val?.kind === 'word') {
      seg.pairs.push({ key: t.text, value: val.text, comments: [...t.comments, ...val.comments] });
      i += 2;
    } else if (eq?.kind === 'eq') {
      seg.pairs.push({ key: t.text, value: '', comments: t.comments });
      i += 1;
    } else {
      seg.words.push(t.text);
      if (!seg.pairs.length) seg.lead.push(t.text);
    }
  }
  return out;
}

export interface ParsedAuthResults {
  /** "" when the stamper wrote none (Microsoft). */
  authservId: string;
  version?: number;
  /** ARC instance (i=), for ARC-Authentication-Results. */
  instance?: number;
  results: AuthMethodResult[];
}

/** Keys without a "." that qualify the current result rather than start a new one. */
const RESULT_QUALIFIERS = new Set(['reason', 'action']);

/** Real Authentication-Results values are a few hundred bytes; beyond this, the rest is not read. */
const MAX_VALUE_CHARS = 16 * 1024;

export function parseAuthResults(value: string, arc = false): ParsedAuthResults {
  const { toks } = tokenize(value.length > MAX_VALUE_CHARS ? value.slice(0, MAX_VALUE_CHARS) : value);
  const segs = segments(toks);
  const out: ParsedAuthResults = { authservId: '', results: [] };
  let first = 0;
  if (arc) {
    // RFC 8617 §4.1.1: "i=N;" comes first, then the authserv-id.
    const inst = segs[0]?.pairs.find((p) => p.key.toLowerCase() === 'i');
    if (inst && /^\d{1,9}$/.test(inst.value)) out.instance = Number(inst.value);
    if (inst) first = 1;
  }
  const head = segs[first];
  if (head && head.lead.length > 0) {
    out.authservId = head.lead[0].toLowerCase();
    // A thousand digits is a number JSON cannot carry (Infinity becomes null): keep only safe integers.
    if (head.lead[1] && /^\d{1,9}$/.test(head.lead[1])) out.version = Number(head.lead[1]);
    // Some stampers forget the ";" after the authserv-id: the head then also holds results.
    if (!head.pairs.length) first++;
  }
  for (const seg of segs.slice(first)) {
    let current: AuthMethodResult | undefined;
    for (const p of seg.pairs) {
      const key = p.key.toLowerCase();
      if (!key.includes('.') && !RESULT_QUALIFIERS.has(key)) {
        // A method: "dkim=pass", "spf/1=fail" (method-version is dropped from the name).
        current = { method: key.split('/', 1)[0], result: p.value.toLowerCase(), props: {} };
        const comment = p.comments.join(' ').trim();
        if (comment) current.comment = comment;
        out.results.push(current);
      } else if (current) {
        if (key === 'reason') current.reason = p.value;
        else current.props[key] = p.value;
      }
    }
    // RFC 8601 §2.2 no-result: "; none".
  }
  return out;
}

/** DKIM-style tag=value lists (RFC 6376 §3.2), used by DKIM-Signature, ARC-Seal and ARC-Message-Signature. */
export function parseTagList(value: string): { tags: Map<string, string>; problems: string[] } {
  const tags = new Map<string, string>();
  // Each problem once: 18,000 empty tags are one "empty-tag", not 18,000 entries in the output.
  const found = new Set<string>();
  const problems = { push: (p: string) => void found.add(p) };
  // Real DKIM/ARC tag lists are a few kilobytes (b= of a 4096-bit key is 683 characters).
  const parts = (value.length > MAX_VALUE_CHARS ? value.slice(0, MAX_VALUE_CHARS) : value).split(';');
  parts.forEach((part, i) => {
    const spec = part.trim();
    if (!spec) {
      // A trailing ";" is allowed; an empty tag-spec in the middle is not.
      if (i !== parts.length - 1) problems.push('empty-tag');
      return;
    }
    const eq = spec.indexOf('=');
    if (eq <= 0) {
      problems.push('malformed-tag');
      return;
    }
    const name = spec.slice(0, eq).trim();
    // Tag names are case-sensitive ALPHA *ALNUMPUNC (RFC 6376 §3.2).
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) problems.push('malformed-tag');
    if (tags.has(name)) problems.push(`duplicate-tag-${name}`);
    tags.set(name, spec.slice(eq + 1).replace(/\s+/g, ' ').trim());
  });
  return { tags, problems: [...found] };
}
