/**
 * Threading: Message-ID, In-Reply-To, References (RFC 5322 §3.6.4) and Outlook's Thread-Index.
 */
import type { Sender, Threading } from '../types';
import { getHeader } from '../parse/headers';
import type { ClassifyContext } from './context';

/** Every <msg-id> in a header value; bare ids (no angle brackets) are accepted when alone. */
export function parseMessageIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids = value.match(/<[^<>\s]+>/g);
  if (ids) return ids.map((id) => id.slice(1, -1));
  const bare = value.trim();
  return bare && !/\s/.test(bare) ? [bare] : [];
}

export function classifyThreading(ctx: ClassifyContext, _sender?: Sender): Threading {
  const h = ctx.msg.headers;
  const messageId = parseMessageIds(getHeader(h, 'message-id')?.raw)[0];
  const inReplyTo = parseMessageIds(getHeader(h, 'in-reply-to')?.raw)[0];
  const references = parseMessageIds(getHeader(h, 'references')?.raw);
  const threading: Threading = { references, evidence: [] };
  if (messageId) threading.messageId = messageId;
  if (inReplyTo) threading.inReplyTo = inReplyTo;
  const index = getHeader(h, 'thread-index')?.value;
  if (index) threading.threadIndex = index;
  const topic = getHeader(h, 'thread-topic')?.value;
  if (topic) threading.threadTopic = topic;
  return threading;
}
