/**
 * Does a piece of page text look like a raw RFC 5322 message (a header section at the top)?
 * Used by the generic adapter on <pre>, <textarea> and the selection, where most text is not mail.
 */

// RFC 5322 §2.2: a field name is printable US-ASCII except ":"; a folded line starts with WSP.
const FIELD = /^[\x21-\x39\x3b-\x7e]+:/;
const FOLDED = /^[ \t]/;
// Fields that (nearly) every raw message carries at least one of; a list of "Key: value" lines that
// has none of them is more likely a config snippet than an email.
const TELLING = /^(from|received|message-id|mime-version|return-path|delivered-to|content-type|dkim-signature|authentication-results|date|subject|to)$/i;
const MAX_HEADER_LINES = 2000;

/** Leading blank lines and indentation that a page's <pre> formatting may add are dropped. */
export function normalizePageRaw(text: string): string {
  return text.replace(/^\s*\n/, '').replace(/\u00a0/g, ' ');
}

export function looksLikeRawMessage(text: string): boolean {
  const lines = normalizePageRaw(text).split(/\r?\n/, MAX_HEADER_LINES);
  let i = 0;
  // An mbox "From " separator line may precede the headers (RFC 4155).
  if (lines[0]?.startsWith('From ')) i = 1;
  let fields = 0;
  const telling = new Set<string>();
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') break;
    if (FOLDED.test(line)) {
      if (fields === 0) return false;
      continue;
    }
    const m = FIELD.exec(line);
    if (!m) return false;
    fields++;
    const name = m[0].slice(0, -1);
    if (TELLING.test(name)) telling.add(name.toLowerCase());
  }
  return fields >= 2 && telling.size >= 2;
}
