#!/usr/bin/env node
/**
 * veil: analyze message files, mbox files and folders of mail with the same core as the extension.
 *
 *   veil [--json] [--lang en|es] [--note] [--reply] [--written-to ADDR]... [--replies-from ADDR]
 *        [--authserv-id ID]... PATH...
 *
 * One pass, in input order: parse the command line → list the inputs lazily (inputs.ts) → analyze
 * each → format it. Exit status: 0 when every message was analyzed, 1 when any failed, 2 on a usage
 * error. The CLI's own lines follow --lang (src/core/i18n/cli).
 */
import { parseArgs as parseArgv } from 'node:util';
import { version } from '../../package.json';
import { analyze, failedAnalysis, type Analysis, type AnalyzeOptions, type Lang } from '../core';
import { cli, cliCount, type CliKey } from '../core/i18n/cli';
import { expandInputs, problemText, type InputItem } from './inputs';
import { formatText, makeStyle } from './format-text';

/** The options, for node:util parseArgs (strict: anything else is a usage error). */
const OPTIONS = {
  json: { type: 'boolean' },
  lang: { type: 'string' },
  note: { type: 'boolean' },
  reply: { type: 'boolean' },
  'written-to': { type: 'string', multiple: true },
  'replies-from': { type: 'string' },
  'authserv-id': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** --help: the options in this order, with the value each takes and its catalogue line. */
const HELP_ROWS: [string, CliKey][] = [
  ['--json', 'help.opt.json'],
  ['--lang en|es', 'help.opt.lang'],
  ['--note', 'help.opt.note'],
  ['--reply', 'help.opt.reply'],
  ['--written-to {address}', 'help.opt.written-to'],
  ['--replies-from {address}', 'help.opt.replies-from'],
  ['--authserv-id {id}', 'help.opt.authserv-id'],
  ['-h, --help', 'help.opt.help'],
  ['--version', 'help.opt.version'],
];

export interface Args {
  json: boolean;
  lang: Lang;
  note: boolean;
  reply: boolean;
  writtenTo: string[];
  repliesFrom?: string;
  authservIds: string[];
  paths: string[];
}

export type Command =
  | { kind: 'run'; args: Args }
  | { kind: 'help'; lang: Lang }
  | { kind: 'version' }
  | { kind: 'usage'; lang: Lang; message: string };

const isLang = (v: unknown): v is Lang => v === 'en' || v === 'es';

/**
 * Reads the command line with node:util parseArgs, strictly: an unknown option, a value given to a
 * flag (`--json=false`), a missing value (`--lang` last, or followed by another option) are usage
 * errors. A first lenient pass over parseArgs' tokens finds the language of the messages and words
 * the problem in it; the strict pass then has the last word.
 */
export function parseCommandLine(argv: string[]): Command {
  const { tokens } = parseArgv({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  let lang: Lang = 'en';
  for (const tok of tokens) if (tok.kind === 'option' && tok.name === 'lang' && isLang(tok.value)) lang = tok.value;
  const usage = (key: CliKey, params?: Record<string, string>): Command => ({ kind: 'usage', lang, message: cli(lang, key, params) });

  for (const tok of tokens) {
    if (tok.kind !== 'option') continue;
    const spec = (OPTIONS as Record<string, { type: 'boolean' | 'string' }>)[tok.name];
    if (!spec) return usage('usage.unknown-option', { option: tok.rawName });
    if (spec.type === 'boolean' && tok.value !== undefined) return usage('usage.no-value', { option: tok.rawName });
    // "--lang --json": the next option is no value (parseArgs calls it ambiguous); "--lang=" is empty.
    if (spec.type === 'string' && (tok.value === undefined || tok.value === '' || (!tok.inlineValue && tok.value.startsWith('-') && tok.value !== '-'))) {
      return usage('usage.needs-value', { option: tok.rawName });
    }
    if (tok.name === 'lang' && !isLang(tok.value)) return usage('usage.bad-lang', { value: String(tok.value) });
  }

  let parsed: ReturnType<typeof parseArgv<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: true }>>;
  try {
    parsed = parseArgv({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (e) {
    // Anything the lenient pass did not foresee: parseArgs' own (English) words, still exit 2.
    return { kind: 'usage', lang, message: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
  const v = parsed.values as { [K in OptionName]?: unknown };
  if (v.help) return { kind: 'help', lang };
  if (v.version) return { kind: 'version' };
  if (!parsed.positionals.length) return usage('usage.no-path');
  return {
    kind: 'run',
    args: {
      json: v.json === true,
      lang,
      note: v.note === true,
      reply: v.reply === true,
      writtenTo: (v['written-to'] as string[] | undefined) ?? [],
      ...(typeof v['replies-from'] === 'string' ? { repliesFrom: v['replies-from'] } : {}),
      authservIds: ((v['authserv-id'] as string[] | undefined) ?? []).map((id) => id.toLowerCase()),
      paths: parsed.positionals,
    },
  };
}

/** Words wrapped at `width`, every line after the first indented by `hang` spaces. */
function wrap(text: string, width: number, first: string, hang: number): string {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() && (line + ' ' + word).length > width) {
      lines.push(line);
      line = ' '.repeat(hang) + word;
    } else line = line.endsWith(' ') || line === '' ? line + word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The --help text in a language. */
export function helpText(lang: Lang): string {
  const values = { address: cli(lang, 'help.value.address'), id: cli(lang, 'help.value.id') };
  const rows = HELP_ROWS.map(([flags, key]) => [flags.replace(/\{(\w+)\}/g, (_m, n: 'address' | 'id') => values[n]), cli(lang, key)] as const);
  const col = Math.max(...rows.map(([f]) => f.length)) + 4;
  return [
    cli(lang, 'help.usage'),
    '',
    wrap(cli(lang, 'help.about'), 92, '', 0),
    '',
    wrap(cli(lang, 'help.paths'), 92, '', 0),
    '',
    cli(lang, 'help.options'),
    ...rows.map(([flags, text]) => wrap(text, 92, `  ${flags.padEnd(col - 2)}`, col)),
    '',
    wrap(cli(lang, 'help.exit'), 92, '', 0),
    '',
  ].join('\n');
}

/** The summary line: messages analyzed and failed, files skipped (not mail). */
export function summaryLine(lang: Lang, total: number, failed: number, skipped: number): string {
  let s = cliCount(lang, 'summary.analyzed', total, { ok: total - failed });
  if (failed) s += `, ${cliCount(lang, 'summary.failed', failed)}`;
  if (skipped) s += `; ${cliCount(lang, 'summary.skipped', skipped)}`;
  return s;
}

/** The JSON Lines object: the contract fields first, then the extensions. */
export function toJson(a: Analysis): string {
  const { file, ok, error, protection, transport, sender, threading, explanation, ...rest } = a;
  const ordered = { file, ok, ...(error !== undefined ? { error } : {}), protection, transport, sender, threading, explanation, ...rest };
  return JSON.stringify(ordered);
}

/** Where output goes: stdout and stderr by default; tests pass their own writable streams. */
export type Out = NodeJS.WritableStream & { isTTY?: boolean };

/** One input's answer: analyze() for a message, a failed analysis (in the reader's language) for a problem. */
export async function analyzeItem(item: InputItem, args: Args, options: AnalyzeOptions): Promise<Analysis> {
  if (item.raw && item.error === undefined) return analyze(item.raw, options);
  const result = failedAnalysis(args.lang, item.error ?? cli('en', 'input.empty'));
  // `error` stays in English (the JSON contract); the evidence the reader sees is in their language.
  if (item.problem && args.lang !== 'en') {
    const text = problemText(args.lang, item.problem);
    for (const s of result.explanation.sections) for (const ev of s.evidence) if (ev.value === item.error) ev.value = text;
  }
  return result;
}

export async function main(argv: string[], out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const command = parseCommandLine(argv);
  if (command.kind === 'usage') {
    err.write(`veil: ${command.message}\n${cli(command.lang, 'usage.line')}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    out.write(helpText(command.lang));
    return 0;
  }
  if (command.kind === 'version') {
    out.write(`veil ${version}\n`);
    return 0;
  }
  const { args } = command;
  const options: AnalyzeOptions = { lang: args.lang };
  if (args.writtenTo.length || args.repliesFrom) {
    options.support = { writtenTo: args.writtenTo, ...(args.repliesFrom ? { repliesFrom: args.repliesFrom } : {}) };
  }
  if (args.authservIds.length) options.authservIds = args.authservIds;
  const style = makeStyle(!args.json && !!out.isTTY && !process.env.NO_COLOR);
  const sink = watchOutput(out);
  let failed = 0;
  let total = 0;
  let skipped = 0;
  for (const item of expandInputs(args.paths)) {
    if (sink.closed) break;
    if (item.skipped) {
      skipped++;
      continue;
    }
    total++;
    const result = await analyzeItem(item, args, options);
    // JSON escapes the name itself; on a terminal a newline or an escape sequence in a file name
    // would forge lines or colours, so it is shown escaped, as `ls -b` does.
    result.file = args.json ? item.file : printableName(item.file);
    if (!result.ok) failed++;
    const text = args.json ? toJson(result) : formatText(result, style, { note: args.note, reply: args.reply });
    await sink.write(text + '\n');
  }
  // The reader went away (`veil ... | head`): stop quietly, as cat and grep do; no summary, no trace.
  if (sink.closed) return failed ? 1 : 0;
  if (!args.json) err.write(`${summaryLine(args.lang, total, failed, skipped)}\n`);
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
