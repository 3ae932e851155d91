/**
 * Threading: Message-ID, In-Reply-To, References (RFC 5322 §3.6.4), Outlook's Thread-Index /
 * Thread-Topic, help-desk ticket markers, and whether this message will join its conversation.
 *
 * Relays change the picture (RELAYS-AND-HOSTS.md §0.1): Firefox Relay drops In-Reply-To and
 * References on both legs; SimpleLogin and addy.io mint a new Message-ID on the reply leg but keep
 * In-Reply-To/References, so the reply still threads.
 */
import type { Evidence, Sender, Threading } from '../types';
import { getHeader, getHeaders } from '../parse/headers';
import { parseAddressList } from '../parse/postal';
import { readText } from '../parse/mime';
import type { ClassifyContext } from './context';
import { serviceById } from './relay-services';
import { relayLegOf } from './sender';
import { clip, headerEvidence, ruleEvidence } from './address';

/** Bytes of each text part read for ticket markers (they sit in the first or last lines). */
const BODY_SCAN_BYTES = 64 * 1024;
const MAX_TEXT_PARTS = 4;

/** Every <msg-id> in a header value; bare ids (no angle brackets) are accepted when alone. */
export function parseMessageIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids = value.match(/<[^<>\s]+>/g);
  if (ids) return ids.map((id) => id.slice(1, -1));
  const bare = value.trim();
  return bare && !/\s/.test(bare) ? [bare] : [];
}

/** Ids from the raw value, or from the RFC 2047-decoded value when a mailer encoded them (seen in the wild). */
function idsOf(ctx: ClassifyContext, name: string): string[] {
  const f = getHeader(ctx.msg.headers, name);
  if (!f) return [];
  const raw = parseMessageIds(f.raw);
  if (raw.length && !raw[0].startsWith('=?')) return raw;
  return f.value !== f.raw ? parseMessageIds(f.value) : raw;
}

/** "Re:", "RE:", "Aw:", "Sv:", "Antw:", "Ref:", "Rif:", "Odp:", "回复:" … at the start of the Subject. */
const REPLY_SUBJECT = /^\s*(?:\[[^\]]*\]\s*)?(re|aw|sv|vs|antw|ref|réf|rif|odp|ynt|ang|atb|odg|res|回复|答复)\s*(?:(\[\d+\])\s*)?[:：]/i;

/**
 * Zendesk encoded ticket id, e.g. [1G7EOR-0Q2J] (support.zendesk.com article 8396827889946; the
 * grammar is generalised from documented examples: 6 + 4 upper-case letters/digits). A Jira-style
 * key (letters only, then digits only) is not one.
 */
const ZENDESK_ID = /\[([0-9A-Z]{6}-[0-9A-Z]{4})\]/g;
const JIRA_LIKE = /^[A-Z]+-\d+$/;
/** Zendesk reply address support+id<ENCODED>@<sub>.zendesk.com (§A.6 zendesk_token). */
const ZENDESK_ADDR = /\+id([0-9a-z]{4,}(?:-[0-9a-z]{4,})?)@[a-z0-9-]+\.zendesk\.com$/i;
/** Freshdesk: "[#123]" in the subject (support.freshdesk.com 226802, 50000009268). */
const FRESHDESK = /\[#(\d{1,12})\]/;
/** A generic "Ticket #123" / "Case #123" / "Request #123" in the subject. */
const TICKET_WORD = /\b(ticket|case|request|incident)\s*#\s*(\d{1,12})\b/i;

type Marker = NonNullable<Threading['markers']>[number];

/** The bracketed id alone on its line (after quote marks, spaces, HTML tags): how Zendesk writes it in the body. */
function standalone(text: string, index: number, length: number): boolean {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index + length);
  const before = text.slice(start, index);
  const after = text.slice(index + length, end < 0 ? text.length : end);
  // HTML parts: tags around it (Zendesk hides it in a white <span>) do not count as text.
  return /^(?:\s|&gt;|>|<[^<>]*>)*$/.test(before) && /^(?:\s|<[^<>]*>)*$/.test(after);
}

/**
 * An encoded id is base-36: a random one has no digit about 4% of the time ((26/36)^10), so letters
 * only must count too. But "[URGENT-HELP]" has the same shape, so an all-letter id counts only with
 * corroboration: the message is Zendesk's (a zendesk.com address or X-Zendesk-* header), or the id
 * stands alone on its line as Zendesk writes it. Ids with letters and digits count anywhere.
 */
function zendeskIds(text: string, where: string, out: Marker[], zendeskContext = false): void {
  for (const m of text.matchAll(ZENDESK_ID)) {
    const id = m[1];
    if (JIRA_LIKE.test(id) || !/[A-Z]/.test(id)) continue;
    if (!/[0-9]/.test(id) && !zendeskContext && !(where.startsWith('body') && standalone(text, m.index ?? 0, m[0].length))) continue;
    if (!out.some((x) => x.system === 'zendesk' && x.value === id)) out.push({ system: 'zendesk', value: id, where });
  }
}

function findMarkers(ctx: ClassifyContext, subject: string): Marker[] {
  const out: Marker[] = [];
  const delivered = (name: string) => getHeaders(ctx.msg.headers, name).flatMap((f) => parseAddressList(f.raw));
  const addressFields: [string, { address: string }[]][] = [
    ['To', ctx.to],
    ['Cc', ctx.cc],
    ['Reply-To', ctx.replyTo],
    ['From', ctx.from],
    ['Delivered-To', delivered('delivered-to')],
    ['X-Original-To', delivered('x-original-to')],
  ];
  const zendeskContext =
    addressFields.some(([, list]) => list.some((m) => /[@.]zendesk\.com$/i.test(m.address ?? ''))) ||
    ctx.msg.headers.some((f) => f.key.startsWith('x-zendesk-'));
  zendeskIds(subject, 'Subject', out, zendeskContext);
  const fd = FRESHDESK.exec(subject);
  if (fd) out.push({ system: 'freshdesk', value: fd[1], where: 'Subject' });
  const tw = TICKET_WORD.exec(subject);
  if (tw && !fd) out.push({ system: 'ticket', value: tw[2], where: 'Subject' });
  for (const [where, list] of addressFields) {
    for (const m of list) {
      const z = ZENDESK_ADDR.exec(m.address ?? '');
      if (z && !out.some((x) => x.value === z[1].toUpperCase())) out.push({ system: 'zendesk', value: z[1].toUpperCase(), where });
    }
  }
  // Body: the first few text parts, bounded reads only (never a whole attachment).
  // Parts of an attached message (message/rfc822) belong to another conversation: skip them.
  const attached = ctx.msg.nodes.filter((n) => n.attached).map((n) => n.path);
  let scanned = 0;
  for (const node of ctx.msg.nodes) {
    if (scanned >= MAX_TEXT_PARTS) break;
    if (node.contentType !== 'text/plain' && node.contentType !== 'text/html') continue;
    if (node.disposition === 'attachment') continue;
    if (attached.some((p) => node.path === p || node.path.startsWith(p + '.'))) continue;
    scanned++;
    let text: string;
    try {
      text = readText(node, BODY_SCAN_BYTES);
    } catch {
      continue;
    }
    zendeskIds(text, `body:${node.path}`, out, zendeskContext);
  }
  return out;
}

export function classifyThreading(ctx: ClassifyContext, sender?: Sender): Threading {
  const h = ctx.msg.headers;
  const evidence: Evidence[] = [];
  const messageId = idsOf(ctx, 'message-id')[0];
  const inReplyTo = idsOf(ctx, 'in-reply-to')[0];
  const references = idsOf(ctx, 'references');
  const threading: Threading = { references, evidence };
  if (messageId) threading.messageId = messageId;
  if (inReplyTo) threading.inReplyTo = inReplyTo;
  const index = getHeader(h, 'thread-index')?.value;
  if (index) threading.threadIndex = index;
  const topic = getHeader(h, 'thread-topic')?.value;
  if (topic) threading.threadTopic = topic;

  const subject = getHeader(h, 'subject')?.value ?? '';
  const markers = findMarkers(ctx, subject);
  if (markers.length) threading.markers = markers;

  const reasons: string[] = [];
  const hasRefs = inReplyTo !== undefined || references.length > 0;
  const looksLikeReply = REPLY_SUBJECT.test(subject);
  const relay = sender?.masked && sender.service ? serviceById(sender.service) : undefined;
  const leg = relay && sender ? relayLegOf(ctx, sender) : undefined;
  const effect = relay?.threading ? (leg === 'forward' ? relay.threading.forward : relay.threading.reply) : undefined;

  // Firefox Relay only relays replies, so a message from a mask with no references is a reply that
  // lost them; a forwarded first message (forward leg, no "Re:") still opens its own conversation.
  const stripped = effect === 'strips-references' && !hasRefs && (leg !== 'forward' || looksLikeReply);
  if (stripped) {
    reasons.push('relay-strips-references');
    evidence.push(ruleEvidence(`${relay!.id}.threading`, `the relay drops In-Reply-To and References (${relay!.threading!.source})`));
  }
  if (effect === 'replaces-message-id') {
    reasons.push('relay-replaces-message-id');
    if (messageId) evidence.push(headerEvidence('Message-ID', `<${messageId}>`));
    evidence.push(ruleEvidence(`${relay!.id}.threading`, `the relay mints its own Message-ID but keeps In-Reply-To/References (${relay!.threading!.source})`));
  }
  if (hasRefs) {
    reasons.push('references');
    if (inReplyTo) evidence.push(headerEvidence('In-Reply-To', `<${inReplyTo}>`));
    if (references.length) evidence.push(headerEvidence('References', clip(references.map((r) => `<${r}>`).join(' '))));
  }
  if (markers.length) {
    reasons.push('ticket-marker');
    evidence.push(ruleEvidence('threading.ticket-marker', 'help desks join mail to a ticket by its id in the subject, body or reply address (Zendesk article 8396827889946; Freshdesk 226802)'));
    for (const m of markers) evidence.push({ source: m.where.startsWith('body') ? 'body' : 'header', where: m.where, value: `${m.system} ${m.value}` });
  }

  if (hasRefs || markers.length) {
    threading.willThread = 'yes';
  } else if (stripped) {
    threading.willThread = 'no';
    if (looksLikeReply) evidence.push(headerEvidence('Subject', subject));
  } else if (looksLikeReply) {
    reasons.push('no-references');
    evidence.push(headerEvidence('Subject', subject), ruleEvidence('threading.no-references', 'the Subject says it is a reply, but there is no In-Reply-To, no References and no ticket mark to join it by (RFC 5322 §3.6.4)'));
    if (index) {
      // Outlook/Exchange can still thread on Thread-Index; help desks do not.
      reasons.push('thread-index-only');
      evidence.push(headerEvidence('Thread-Index', index));
      threading.willThread = 'unknown';
    } else {
      threading.willThread = 'no';
    }
  } else {
    reasons.push('new-conversation');
    threading.willThread = 'yes';
    if (messageId) evidence.push(headerEvidence('Message-ID', `<${messageId}>`));
    evidence.push(ruleEvidence('threading.new-conversation', 'no In-Reply-To/References and the Subject is not a reply: the message starts its own conversation'));
  }
  threading.reasons = reasons;
  return threading;
}
