/**
 * The sender as the agent sees it: From, Reply-To, where a reply goes, and whether a relay masks it.
 */
import type { Sender } from '../types';
import type { ClassifyContext } from './context';

export function classifySender(ctx: ClassifyContext): Sender {
  const from = ctx.from[0];
  const replyTo = ctx.replyTo.map((m) => m.address).filter(Boolean);
  const sender: Sender = { masked: false, evidence: [] };
  if (from?.address) sender.from = from.address;
  if (from?.name) sender.fromName = from.name;
  if (replyTo.length) sender.replyTo = replyTo;
  const reply = replyTo[0] ?? from?.address;
  if (reply) sender.replyAddress = reply;
  return sender;
}
