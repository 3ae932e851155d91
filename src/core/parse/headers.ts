/**
 * Header section parsing (RFC 5322 §2.2, §3.2.2): split, unfold, decode; duplicates kept in order.
 */
import type { HeaderField } from '../types';
import { MAX_HEADER_BYTES } from '../limits';
import { decodeUtf8OrLatin1 } from './bytes';
import { decodeEncodedWords } from './postal';

export interface HeaderBlock {
  fields: HeaderField[];
  /** Offset of the first body byte (after the blank line), or `end` when there is no body. */
  bodyStart: number;
  defects: string[];
}

/** RFC 5322 field-name: printable US-ASCII except ":"; we also accept whitespace before the colon. */
const FIELD = /^([!-9;-~]+)[ \t]*:/;

/**
 * Reads the header section of the entity that starts at `start` in `src`.
 * RFC 5322 §2.1: the header section ends at the first empty line. Users and gateways paste
 * messages without one, so a line that is neither a field nor a continuation also ends it.
 */
export function readHeaderBlock(src: Uint8Array, start: number, end: number): HeaderBlock {
  const defects: string[] = [];
  const lines: string[] = [];
  let pos = start;
  // Pasted or exported messages often start with blank lines (or a BOM) before the first header;
  // at the top of the input they are noise, not an empty header section.
  if (start === 0) {
    if (src[0] === 0xef && src[1] === 0xbb && src[2] === 0xbf) pos = 3;
    let p = pos;
    while (p < end && (src[p] === 32 || src[p] === 9 || src[p] === 13 || src[p] === 10)) {
      if (src[p] === 10) pos = p + 1;
      p++;
    }
  }
  let bodyStart = end;
  let first = true;
  const limit = Math.min(end, start + MAX_HEADER_BYTES);
  while (pos < end) {
    let nl = src.indexOf(10, pos);
    if (nl < 0 || nl >= end) nl = end;
    let lineEnd = nl;
    if (lineEnd > pos && src[lineEnd - 1] === 13) lineEnd--;
    if (lineEnd === pos) {
      bodyStart = Math.min(nl + 1, end);
      break;
    }
    if (pos >= limit) {
      defects.push('header-section-too-large');
      bodyStart = pos;
      break;
    }
    // One enormous line (no line breaks, a 5 MB field) is cut at the header limit: decoding and
    // RFC 2047-decoding all of it costs seconds and no real field is that long.
    const cut = lineEnd > limit;
    const line = decodeUtf8OrLatin1(src.subarray(pos, cut ? limit : lineEnd));
    const isContinuation = line[0] === ' ' || line[0] === '\t';
    // An mbox "From " separator line before the headers is not a header.
    if (first && start === 0 && line.startsWith('From ')) {
      first = false;
      pos = nl + 1;
      continue;
    }
    first = false;
    if (isContinuation) {
      if (lines.length) lines[lines.length - 1] += '\n' + line;
      else defects.push('continuation-without-field');
    } else if (FIELD.test(line)) {
      lines.push(line);
    } else {
      if (cut) defects.push('header-section-too-large');
      defects.push('missing-blank-line-after-headers');
      bodyStart = pos;
      break;
    }
    if (cut) {
      defects.push('header-section-too-large');
      bodyStart = Math.min(nl + 1, end);
      break;
    }
    pos = nl + 1;
  }
  const fields: HeaderField[] = [];
  for (const line of lines) {
    const m = FIELD.exec(line);
    if (!m) continue;
    const name = m[1];
    // RFC 5322 §2.2.3 unfolding: remove the CRLF before each folding whitespace.
    const raw = line.slice(m[0].length).replace(/\r?\n(?=[ \t])/g, '').trim();
    fields.push({ name, key: name.toLowerCase(), value: decodeEncodedWords(raw), raw });
  }
  return { fields, bodyStart, defects };
}

/** The first field with this name (case-insensitive). */
export function getHeader(fields: readonly HeaderField[], name: string): HeaderField | undefined {
  const key = name.toLowerCase();
  return fields.find((f) => f.key === key);
}

/** Every field with this name, in message order. */
export function getHeaders(fields: readonly HeaderField[], name: string): HeaderField[] {
  const key = name.toLowerCase();
  return fields.filter((f) => f.key === key);
}
