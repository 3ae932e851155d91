/**
 * Structured MIME header values: `value; name=token; name="quoted"` (RFC 2045 §5.1) with RFC 2231
 * parameter continuations and charsets (`name*0*=utf-8''%E2%82%AC`), plus the RFC 2047 encoded-words
 * that many mailers put inside quoted file names despite the rules.
 */
import { decodeCharset } from './bytes';
import { decodeEncodedWords } from './postal';

export interface StructuredValue {
  /** The main value, lower-cased (e.g. "multipart/mixed", "attachment"). */
  value: string;
  params: Record<string, string>;
}

/** Splits on ";" outside quotes and comments. */
function splitParams(input: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '\\' && i + 1 < input.length) {
        cur += input[++i];
        continue;
      }
      if (c === '"') quoted = false;
      cur += c;
    } else if (c === '"') {
      quoted = true;
      cur += c;
    } else if (c === '(' ) {
      depth++;
    } else if (c === ')' && depth > 0) {
      depth--;
    } else if (depth > 0) {
      continue;
    } else if (c === ';') {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1);
  return t;
}

/** Percent-decoding to bytes (RFC 2231 §4); pieces are joined as bytes before the charset decode. */
function percentBytes(value: string, out: number[]): void {
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      out.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = value.charCodeAt(i);
      if (code < 0x80) out.push(code);
      else for (const b of new TextEncoder().encode(c)) out.push(b);
    }
  }
}

export function parseStructured(input: string | undefined): StructuredValue {
  if (!input) return { value: '', params: {} };
  const [head, ...rest] = splitParams(input);
  const value = head.trim().toLowerCase();
  const params: Record<string, string> = {};
  // name*N[*] pieces, to be joined in order. A Map: a parameter may be named "__proto__" or "constructor".
  const pieces = new Map<string, { n: number; v: string; enc: boolean }[]>();
  for (const item of rest) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const rawName = item.slice(0, eq).trim().toLowerCase();
    const rawValue = item.slice(eq + 1).trim();
    // "__proto__" as a key would not be stored (and would touch the prototype): hostile, drop it.
    if (!rawName || rawName.startsWith('__proto__')) continue;
    const m = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(rawName);
    if (!m) {
      params[rawName] = unquote(rawValue);
      continue;
    }
    const [, name, num, star] = m;
    if (num === undefined && !star) {
      if (!Object.hasOwn(params, name)) params[name] = unquote(rawValue);
      continue;
    }
    let list = pieces.get(name);
    if (!list) pieces.set(name, (list = []));
    list.push({ n: num === undefined ? 0 : Number(num), v: unquote(rawValue), enc: !!star });
  }
  for (const [name, list] of pieces) {
    list.sort((a, b) => a.n - b.n);
    let charset = '';
    const bytes: number[] = [];
    list.forEach((p, idx) => {
      let v = p.v;
      if (p.enc && idx === 0) {
        // charset'language'value
        const q1 = v.indexOf("'");
        const q2 = q1 >= 0 ? v.indexOf("'", q1 + 1) : -1;
        if (q1 >= 0 && q2 >= 0) {
          charset = v.slice(0, q1);
          v = v.slice(q2 + 1);
        }
      }
      if (p.enc) percentBytes(v, bytes);
      else for (const b of new TextEncoder().encode(v)) bytes.push(b);
    });
    // RFC 2231 form wins over a plain duplicate.
    params[name] = decodeCharset(Uint8Array.from(bytes), charset || 'utf-8');
  }
  for (const k of Object.keys(params)) params[k] = decodeEncodedWords(params[k]);
  return { value, params };
}
