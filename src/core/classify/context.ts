import type { AnalyzeOptions, Mailbox } from '../types';
import type { ParsedMessage } from '../parse/mime';

/** What every classifier receives: the parsed message, the caller's options and a few shared lookups. */
export interface ClassifyContext {
  msg: ParsedMessage;
  options: AnalyzeOptions;
  from: Mailbox[];
  to: Mailbox[];
  cc: Mailbox[];
  replyTo: Mailbox[];
}
