#!/usr/bin/env node
/**
 * veil: analyze .eml files, mbox files and directories of mail with the same core as the extension.
 *
 *   veil [--json] [--lang en|es] [--note] [--reply] [--written-to ADDR]... [--replies-from ADDR] PATH...
 *
 * Exit status: 0 when every message was analyzed, 1 when any failed, 2 on a usage error.
 */
import { analyze, failedAnalysis, type Analysis, type AnalyzeOptions, type Lang } from '../core';
import { expandInputs } from './inputs';
import { formatText, makeStyle } from './format-text';

const USAGE = `usage: veil [--json] [--lang en|es] [--note] [--reply]
            [--written-to ADDRESS]... [--replies-from ADDRESS] [--authserv-id ID]... PATH...

Explains whether each e-mail message is encrypted, signed or sent through a relay
that hides the sender, and what a support agent can do about it. Nothing is decrypted
or unmasked, and nothing leaves this machine.

PATH is an .eml file, an mbox file (every message in it) or a directory (searched
recursively for .eml, .mbox, .email, .txt and mail-like files without an extension).

  --json               print one JSON object per message (JSON Lines)
  --lang en|es         language of the explanations (default: en)
  --note               also print a ready-to-paste internal note for the ticket
  --reply              also print a customer reply template
  --written-to ADDR    an address customers write to (repeatable)
  --replies-from ADDR  the address the help desk sends replies from
  --authserv-id ID     your mail system's name in Authentication-Results (repeatable);
                       only results stamped with it are trusted (RFC 8601 section 7.1)
  -h, --help           show this help

Exit status: 0 when every message was analyzed, 1 when any failed, 2 on a usage error.
`;

interface Args {
  json: boolean;
  lang: Lang;
  note: boolean;
  reply: boolean;
  writtenTo: string[];
  repliesFrom?: string;
  authservIds: string[];
  paths: string[];
}

class UsageError extends Error {}

export function parseArgs(argv: string[]): Args | 'help' {
  const args: Args = { json: false, lang: 'en', note: false, reply: false, writtenTo: [], authservIds: [], paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${a.split('=')[0]} needs a value`);
      return v;
    };
    const name = a.startsWith('--') ? a.split('=')[0] : a;
    if (a === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    } else if (name === '-h' || name === '--help') return 'help';
    else if (name === '--json') args.json = true;
    else if (name === '--note') args.note = true;
    else if (name === '--reply') args.reply = true;
    else if (name === '--lang') {
      const v = value();
      if (v !== 'en' && v !== 'es') throw new UsageError(`--lang must be en or es, not "${v}"`);
      args.lang = v;
    } else if (name === '--written-to') args.writtenTo.push(value());
    else if (name === '--replies-from') args.repliesFrom = value();
    else if (name === '--authserv-id') args.authservIds.push(value().toLowerCase());
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else args.paths.push(a);
  }
  if (!args.paths.length) throw new UsageError('no PATH given');
  return args;
}

/** The JSON Lines object: the contract fields first, then the extensions. */
export function toJson(a: Analysis): string {
  const { file, ok, error, protection, transport, sender, threading, explanation, ...rest } = a;
  const ordered = { file, ok, ...(error !== undefined ? { error } : {}), protection, transport, sender, threading, explanation, ...rest };
  return JSON.stringify(ordered);
}

/** Where output goes: stdout and stderr by default; tests pass their own writable streams. */
export type Out = NodeJS.WritableStream & { isTTY?: boolean };

export async function main(argv: string[], out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`veil: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    out.write(USAGE);
    return 0;
  }
  const options: AnalyzeOptions = { lang: args.lang };
  if (args.writtenTo.length || args.repliesFrom) {
    options.support = { writtenTo: args.writtenTo, ...(args.repliesFrom ? { repliesFrom: args.repliesFrom } : {}) };
  }
  if (args.authservIds.length) options.authservIds = args.authservIds;
  const style = makeStyle(!args.json && !!out.isTTY && !process.env.NO_COLOR);
  const sink = watchOutput(out);
  let failed = 0;
  let total = 0;
  for (const item of expandInputs(args.paths)) {
    if (sink.closed) break;
    total++;
    let result: Analysis;
    if (item.error !== undefined || !item.raw) result = failedAnalysis(args.lang, item.error ?? 'nothing to read');
    else result = await analyze(item.raw, options);
    // JSON escapes the name itself; on a terminal a newline or an escape sequence in a file name
    // would forge lines or colours, so it is shown escaped, as `ls -b` does.
    result.file = args.json ? item.file : printableName(item.file);
    if (!result.ok) failed++;
    const text = args.json ? toJson(result) : formatText(result, style, { note: args.note, reply: args.reply });
    await sink.write(text + '\n');
  }
  // The reader went away (`veil ... | head`): stop quietly, as cat and grep do; no summary, no trace.
  if (sink.closed) return failed ? 1 : 0;
  if (!args.json) err.write(`${total - failed} of ${total} message${total === 1 ? '' : 's'} analyzed${failed ? `, ${failed} failed` : ''}\n`);
  return failed ? 1 : 0;
}

/**
 * Writes with back-pressure (a slow pipe never makes us queue a whole mbox of output in memory) and
 * notices when the reader has gone: EPIPE on a closed pipe is an 'error' event that would otherwise
 * be an uncaught exception with a stack trace.
 */
function watchOutput(out: Out): { readonly closed: boolean; write(s: string): Promise<void> } {
  let closed = false;
  let wake: (() => void) | undefined;
  out.on('error', (e: NodeJS.ErrnoException) => {
    // Any write error on our output ends the run: nothing more can be delivered.
    closed = true;
    if (e?.code !== 'EPIPE' && e?.code !== 'ERR_STREAM_DESTROYED') process.stderr.write(`veil: cannot write the output: ${e?.message ?? e}\n`);
    wake?.();
  });
  let writes = 0;
  return {
    get closed() {
      return closed;
    },
    async write(s: string) {
      if (closed) return;
      const ok = out.write(s);
      if (!ok && !closed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          out.once('drain', resolve);
        });
        wake = undefined;
      } else if (++writes % 16 === 0) {
        // Let a pending EPIPE 'error' event arrive even when every write was accepted at once.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** A file name with its control characters written as escapes (\n, \t, \x1b...). */
export function printableName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
