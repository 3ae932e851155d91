/**
 * Text from mail, made safe to quote and cheap to trim.
 *
 * Everything a message says is written by whoever sent it. When Veil quotes a value from it (a file
 * name, a subject, a display name, a header) into an explanation, evidence, the internal note or the
 * customer reply, the value must not be able to change how the text around it reads: a U+202E
 * (right-to-left override) turns "invoice‮gpj.exe" into "invoiceexe.jpg" on screen, a U+2028 starts
 * a new line inside a pasted reply, a BEL or an ANSI escape rings or recolours a terminal. `inert()`
 * shows such characters as visible escapes (`‹U+202E›`), flattens line breaks to spaces and cuts long
 * values with an ellipsis. It is applied centrally (render.ts for parameters, the evidence pass in
 * analyze.ts), so no sentence has to remember it.
 *
 * The trims are loops, not /x+$/ patterns: on a long run of the trimmed character followed by
 * something else, such a pattern retries from every position of the run (quadratic).
 */

/**
 * Characters that change the direction, the lines or the terminal around them, or hide text:
 * C0 and C1 controls and DEL (tab, LF, CR, VT and FF are turned into spaces before this), the
 * Arabic letter mark U+061C, LRM/RLM U+200E–U+200F, the bidi embeddings and overrides U+202A–U+202E,
 * the bidi isolates U+2066–U+2069, and the line and paragraph separators U+2028–U+2029.
 */
export function isUnsafeChar(c: number): boolean {
  return (
    c <= 0x1f ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x061c ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

/** `‹U+202E›`: the visible form of an unsafe character. */
export function escapeChar(c: number): string {
  return `‹U+${c.toString(16).toUpperCase().padStart(4, '0')}›`;
}

const ELLIPSIS = '…';

/**
 * A value from mail, ready to quote: ASCII whitespace runs (space, tab, CR, LF, VT, FF) become one
 * space and the ends are trimmed, unsafe characters are escaped, and the result is at most `max`
 * UTF-16 units, cut at a character boundary with "…". Idempotent, and linear in the input.
 */
export function inert(value: string, max = Infinity): string {
  let out = '';
  let space = false;
  const limit = Math.max(1, max);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
      space = out.length > 0;
      continue;
    }
    let piece: string;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const lo = value.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        piece = value.slice(i, i + 2);
        i++;
      } else piece = value[i];
    } else piece = isUnsafeChar(c) ? escapeChar(c) : value[i];
    const add = (space ? 1 : 0) + piece.length;
    if (out.length + add > limit) {
      // Keep room for the ellipsis; never leave half an escape or half a surrogate pair behind.
      while (out.length + 1 > limit && out.length) out = dropLast(out);
      return out.replace(/ $/, '') + ELLIPSIS;
    }
    if (space) out += ' ';
    out += piece;
    space = false;
  }
  return out;
}

/** Removes the last whole character (an escape, a surrogate pair, or one unit). */
function dropLast(s: string): string {
  if (s.endsWith('›')) {
    const at = s.lastIndexOf('‹');
    if (at >= 0 && /^‹U\+[0-9A-F]{4,6}›$/.test(s.slice(at))) return s.slice(0, at);
  }
  const c = s.charCodeAt(s.length - 1);
  return c >= 0xdc00 && c <= 0xdfff && s.length > 1 ? s.slice(0, -2) : s.slice(0, -1);
}

/** `s` without any of `chars` at its end (a loop: `/[.]+$/` is quadratic on "....x"). */
export function trimEndChars(s: string, chars: string): string {
  let e = s.length;
  while (e > 0 && chars.includes(s[e - 1])) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** `s` without any of `chars` at its start. */
export function trimStartChars(s: string, chars: string): string {
  let b = 0;
  while (b < s.length && chars.includes(s[b])) b++;
  return b ? s.slice(b) : s;
}
