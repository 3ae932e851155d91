import type { Analysis } from '../../core/types';

/** What a badge shows: the message is being read, its analysis, or why it could not be read. */
export type BadgeState =
  | { kind: 'loading' }
  | { kind: 'done'; analysis: Analysis }
  | { kind: 'error'; message: string };
