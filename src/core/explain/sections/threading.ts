/**
 * Threading: whether this message joins its conversation (RFC 5322 §3.6.4: In-Reply-To and
 * References), and why not when a relay stripped or replaced them (RELAYS-AND-HOSTS.md).
 */
import { ev, line, type Line } from '../model';
import type { Facts } from '../facts';

const REASONS = [
  'relay-strips-references',
  'relay-replaces-message-id',
  'no-references',
  'no-message-id',
  'subject-changed',
] as const;

export function threadingSection(f: Facts): Line[] {
  const th = f.a.threading;
  const out: Line[] = [];
  const refEv = [
    ...(th.inReplyTo ? [ev('header', 'In-Reply-To', `<${th.inReplyTo}>`)] : []),
    ...(th.references.length ? [ev('header', 'References', th.references.map((r) => `<${r}>`).join(' '))] : []),
  ];
  const e = th.evidence.length ? th.evidence : refEv;
  if (th.willThread === 'no') {
    out.push(line('thread.no', {}, e));
    for (const r of th.reasons ?? []) {
      const known = (REASONS as readonly string[]).includes(r) ? (r as (typeof REASONS)[number]) : undefined;
      out.push(known ? line(`thread.reason.${known}`, {}, [ev('rule', 'threading', r)]) : line('thread.reason.other', {}, [ev('rule', 'threading', r)]));
    }
  } else if (th.willThread === 'yes') out.push(line('thread.yes', {}, e));
  else if (th.inReplyTo || th.references.length) out.push(line('thread.reply', {}, refEv));
  else if (th.messageId) out.push(line('thread.new', {}, [ev('header', 'Message-ID', `<${th.messageId}>`)]));
  for (const m of th.markers ?? []) out.push(line('thread.marker', { system: m.system, value: m.value }, [/subject/i.test(m.where) ? ev('header', 'Subject', m.value) : ev('body', m.where, m.value)]));
  if (th.threadIndex) out.push(line('thread.outlook', {}, [ev('header', 'Thread-Index', th.threadIndex)]));
  return out;
}
