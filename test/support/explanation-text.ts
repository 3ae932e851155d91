/** Helpers to look at rendered explanations: the main text, the data inside them, leaks. */
import { draftExplanation, type Explainable } from '../../src/core/explain/explain';
import type { Line, Params } from '../../src/core/explain/model';
import { PRODUCT_NAMES } from '../../src/core/explain/names';
import { en } from '../../src/core/i18n/en';
import type { Explanation } from '../../src/core/types';

const MAIN = new Set(['what', 'why', 'cannot-recover', 'what-to-do', 'error']);

/** The text an agent reads first: the headline and the main sections. */
export function mainText(e: Explanation): string {
  return [e.headline, ...e.sections.filter((s) => MAIN.has(s.id)).map((s) => s.text)].join('\n');
}

/** Everything prose-free in an explanation: parameter values and evidence (data from the message). */
export function dataValues(a: Explainable): string[] {
  const out = new Set<string>();
  const walk = (p: Params | undefined) => {
    for (const v of Object.values(p ?? {})) {
      if (typeof v === 'object' && 'date' in v) out.add(v.date);
      else if (typeof v === 'object') walk(v.params);
      else out.add(String(v));
    }
  };
  const { draft } = draftExplanation(a);
  const lines: Line[] = [draft.headline, ...draft.sections.flatMap((s) => s.lines)];
  for (const l of lines) {
    walk(l.params);
    for (const e of l.evidence ?? []) {
      out.add(e.value);
      out.add(e.where);
    }
  }
  return [...out].filter(Boolean);
}

/** All the rendered strings of an explanation, titles and ready-to-paste texts included. */
export function allText(e: Explanation): string[] {
  return [e.headline, ...e.sections.flatMap((s) => [s.title, s.text]), e.internalNote ?? '', e.customerReply ?? ''];
}

const KEYS = Object.keys(en);

/** Keys, unfilled placeholders and JavaScript artefacts that must never reach a reader. */
export function leaks(text: string): string[] {
  const found: string[] = [];
  const ph = text.match(/\{\w+\}/g);
  if (ph) found.push(...ph);
  for (const bad of ['undefined', 'NaN', '[object', 'null']) if (new RegExp(`(^|[^\\w])${bad.replace('[', '\\[')}($|[^\\w])`).test(text)) found.push(bad);
  for (const k of KEYS) if (text.includes(k) && /\.[a-z]/.test(k)) found.push(k);
  return found;
}

/**
 * English words that must not appear in Spanish prose. Chosen to avoid words that are also Spanish
 * ("no", "a", "me", "he", "come", "real") and established loanwords ("ticket", as Zendesk's own
 * Spanish UI says); checked after removing data, product names, header names, file and domain
 * names, and quoted labels (an English-only product's button is quoted as it appears).
 */
export const ENGLISH_STOP_WORDS = [
  'the', 'and', 'this', 'that', 'with', 'from', 'is', 'are', 'was', 'were', 'be', 'been', 'of', 'for', 'your',
  'you', 'our', 'we', 'it', 'its', 'not', 'to', 'in', 'on', 'by', 'or', 'if', 'only', 'also', 'but', 'which', 'who',
  'what', 'where', 'when', 'there', 'here', 'has', 'have', 'does', 'will', 'would', 'could', 'should', 'cannot',
  'can', 'please', 'thank', 'thanks', 'hello', 'regards', 'warning', 'message', 'messages', 'sender', 'reply',
  'replies', 'encrypted', 'encryption', 'signed', 'signature', 'key', 'keys', 'relay', 'mail', 'email', 'attachment',
  'password', 'link', 'open', 'read', 'check', 'help', 'desk', 'thread', 'unknown', 'found', 'nothing',
  'none', 'yes', 'list', 'server', 'servers', 'hop', 'hops', 'part', 'whole', 'hidden', 'address',
];

export const HEADER_NAMES = [
  'Authentication-Results', 'DKIM-Signature', 'Delivered-To', 'In-Reply-To', 'Message-ID', 'Reply-To', 'TLS-Required',
  'Thread-Index', 'List-Id', 'References', 'Received', 'Subject', 'From', 'To',
];

/** English stop words left in a Spanish text once data, names, headers and quoted labels are gone. */
export function englishWordsIn(text: string, data: string[] = []): string[] {
  let t = text.replace(/“[^”]*”|«[^»]*»|"[^"]*"/g, ' ');
  // File and domain names (message.html, Encrypted_Message.htm, mail.google.com) are data.
  for (const v of [...data, ...PRODUCT_NAMES].sort((a, b) => b.length - a.length)) if (v.length > 1) t = t.split(v).join(' ');
  t = t.replace(/\S*@\S*|[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+|\S*_\S*/gu, ' ');
  for (const h of HEADER_NAMES) t = t.replace(new RegExp(`(?<![\\w-])${h}(?![\\w-])`, 'g'), ' ');
  const words = t.toLowerCase().match(/\p{L}+/gu) ?? [];
  return [...new Set(words.filter((w) => ENGLISH_STOP_WORDS.includes(w)))];
}
