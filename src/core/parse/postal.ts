/**
 * The only door to postal-mime (STYLE.md rule 2).
 *
 * We use postal-mime for what it does best and what is easy to get subtly wrong: RFC 2047
 * encoded-word decoding (every charset the platform's TextDecoder knows) and RFC 5322 address
 * lists (groups, quoted names, comments). We do NOT call `PostalMime.parse()` on the message:
 * it decodes every attachment, and Veil must answer from the headers, the MIME outline and a few
 * bytes of each payload (a 25 MB attachment must cost a scan, not a decode). See parse/mime.ts.
 */
import { addressParser, decodeWords } from 'postal-mime';
import type { Mailbox } from '../types';

/** Decodes RFC 2047 encoded-words; returns the input unchanged when it has none or they are broken. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

/** Parses an address-list header value (raw, not yet decoded) into flat mailboxes. */
/** The longest address header read (see parseAddressList). */
export const MAX_ADDRESS_HEADER_CHARS = 32 * 1024;

export function parseAddressList(raw: string): Mailbox[] {
  let parsed: ReturnType<typeof addressParser>;
  // Real address headers are a few kilobytes (a thousand recipients fit in 32 KB); the parser costs
  // microseconds per character, so a hostile megabyte of ":" is cut first, at a comma where possible.
  if (raw.length > MAX_ADDRESS_HEADER_CHARS) {
    const comma = raw.lastIndexOf(',', MAX_ADDRESS_HEADER_CHARS);
    raw = raw.slice(0, comma > 0 ? comma : MAX_ADDRESS_HEADER_CHARS);
  }
  try {
    parsed = addressParser(raw, { flatten: true });
  } catch {
    return [];
  }
  const out: Mailbox[] = [];
  for (const entry of parsed) {
    if (entry.group) continue; // flatten:true unwraps groups; an empty group has no mailbox
    const address = (entry.address ?? '').trim();
    const name = decodeEncodedWords((entry.name ?? '').trim());
    const at = address.lastIndexOf('@');
    const mailbox: Mailbox = { name, address };
    if (at > 0 && at < address.length - 1) mailbox.domain = address.slice(at + 1).toLowerCase();
    if (address || name) out.push(mailbox);
  }
  return out;
}
