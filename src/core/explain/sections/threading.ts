/**
 * Threading: whether this message joins its conversation (RFC 5322 §3.6.4: In-Reply-To and
 * References), and why not when a relay stripped or replaced them (RELAYS-AND-HOSTS.md). The
 * detector's reason codes drive the sentences; an unknown code is named in the evidence only.
 */
import { ev, line, type Line } from '../model';
import type { Facts } from '../facts';

const REASONS = [
  'relay-strips-references',
  'relay-replaces-message-id',
  'no-references',
  'thread-index-only',
  'no-message-id',
] as const;
/** Codes that explain a verdict already said in the first sentence. */
const SILENT = new Set(['references', 'ticket-marker', 'new-conversation']);

export function threadingSection(f: Facts): Line[] {
  const th = f.a.threading;
  const out: Line[] = [];
  const refEv = [
    ...(th.inReplyTo ? [ev('header', 'In-Reply-To', `<${th.inReplyTo}>`)] : []),
    ...(th.references.length ? [ev('header', 'References', th.references.map((r) => `<${r}>`).join(' '))] : []),
  ];
  const e = th.evidence.length ? th.evidence : refEv;
  const reasons = th.reasons ?? [];
  // The classifier says 'new-conversation' for a first message (no references, not a "Re:"); guess
  // only for an Analysis made before it gave reasons.
  const isNew = th.reasons
    ? reasons.includes('new-conversation')
    : !th.inReplyTo && !th.references.length && !th.markers?.length;
  if (th.willThread === 'no') out.push(line('thread.no', {}, e));
  else if (th.willThread === 'unknown') out.push(line('thread.unknown', {}, e));
  else if (isNew) out.push(line('thread.new', {}, th.messageId ? [ev('header', 'Message-ID', `<${th.messageId}>`)] : e));
  else if (th.willThread === 'yes') out.push(line(th.inReplyTo || th.references.length ? 'thread.yes' : 'thread.yes.marker', {}, e));
  else if (th.inReplyTo || th.references.length) out.push(line('thread.reply', {}, refEv));
  for (const r of reasons) {
    if (SILENT.has(r)) continue;
    const known = (REASONS as readonly string[]).includes(r) ? (r as (typeof REASONS)[number]) : undefined;
    out.push(line(known ? `thread.reason.${known}` : 'thread.reason.other', {}, [ev('rule', 'threading', r)]));
  }
  for (const m of th.markers ?? []) {
    out.push(line('thread.marker', { system: m.system, value: m.value }, [/subject/i.test(m.where) ? ev('header', 'Subject', m.value) : ev('body', m.where, m.value)]));
  }
  if (th.threadIndex && !reasons.includes('thread-index-only')) out.push(line('thread.outlook', {}, [ev('header', 'Thread-Index', th.threadIndex)]));
  return out;
}
