/**
 * analyze(raw, options) → Analysis: the whole pipeline, shared by the service worker, the popup and the CLI.
 *
 * It never throws: unreadable input comes back as `ok: false` with an `error`, and a classifier that
 * fails leaves its part of the model empty and says so in `defects` (partial results over none).
 */
import type { Analysis, AnalyzeOptions, Lang, MessageSummary } from './types';
import { MAX_RAW_BYTES } from './limits';
import { toBytes } from './parse/bytes';
import { getHeader } from './parse/headers';
import { parseMessage, partInfo, type ParsedMessage } from './parse/mime';
import { parseAddressList } from './parse/postal';
import type { ClassifyContext } from './classify/context';
import { classifyProtection } from './classify/protection';
import { classifyTransport } from './classify/transport';
import { classifySender } from './classify/sender';
import { classifyThreading } from './classify/threading';
import { classifyAuthentication } from './classify/authentication';
import { senderCheckOf, senderWarnings } from './classify/sender-check';
import { verdictOf } from './verdict';
import { Budget, type BudgetLimits } from './budget';
import { explain, type Explainable } from './explain/explain';
import { inertEvidence } from './explain/model';

/** An Analysis for input that could not be analysed at all, explained in `lang`. */
export function failedAnalysis(lang: Lang, error: string, size = 0): Analysis {
  const base: Explainable = {
    ok: false,
    error,
    verdict: 'error',
    warnings: [],
    protection: [],
    notes: [],
    transport: { hops: [] },
    sender: { masked: false, evidence: [] },
    threading: { references: [], evidence: [] },
    authentication: { dkimDomains: [], headers: [], evidence: [] },
    message: { from: [], to: [], cc: [], replyTo: [], headers: [], parts: [], size },
    defects: [],
  };
  return { ...base, explanation: explain(base, lang) };
}

/** Why this input is not an e-mail message at all, or undefined when it may be one. */
function notMail(bytes: Uint8Array, msg: ParsedMessage): string | undefined {
  if (bytes.length === 0) return 'empty input: there is no message to analyze';
  if (msg.fatal) return msg.fatal;
  if (msg.headers.length === 0 && !msg.root.outlook) {
    let binary = 0;
    const n = Math.min(bytes.length, 4096);
    for (let i = 0; i < n; i++) if (bytes[i] === 0) binary++;
    return binary
      ? 'binary data, not an e-mail message (no header lines were found)'
      : 'no e-mail headers were found (a message starts with lines like "From:" and "Subject:")';
  }
  return undefined;
}

async function guard<T>(label: string, defects: string[], fallback: T, run: () => T | Promise<T>, budget?: Budget): Promise<T> {
  // Past the time budget the remaining classifiers are skipped: a partial answer now beats a frozen worker.
  if (budget?.timeUp(`the ${label} checks`)) return fallback;
  try {
    return await run();
  } catch (err) {
    defects.push(`${label}-failed: ${err instanceof Error ? err.message : String(err)}`);
    return fallback;
  }
}

/**
 * `budget` replaces the default budgets of limits.ts (tests use it to reach one on a small message);
 * the CLI, the worker and the popup never pass it.
 */
export async function analyze(raw: Uint8Array | string, options: AnalyzeOptions = {}, budget?: Partial<BudgetLimits>): Promise<Analysis> {
  const lang: Lang = options.lang ?? 'en';
  let bytes: Uint8Array;
  try {
    bytes = toBytes(raw);
  } catch {
    return failedAnalysis(lang, 'the input is neither text nor bytes', 0);
  }
  if (bytes.length > MAX_RAW_BYTES) {
    return failedAnalysis(lang, `message too large (${bytes.length} bytes; the limit is ${MAX_RAW_BYTES})`, bytes.length);
  }
  let msg: ParsedMessage;
  const spend = new Budget(budget);
  try {
    msg = parseMessage(bytes, spend);
  } catch (err) {
    return failedAnalysis(lang, `the message could not be parsed: ${err instanceof Error ? err.message : String(err)}`, bytes.length);
  }
  const problem = notMail(bytes, msg);
  if (problem) return failedAnalysis(lang, problem, bytes.length);

  const h = msg.headers;
  const addresses = (name: string) => parseAddressList(getHeader(h, name)?.raw ?? '');
  const ctx: ClassifyContext = {
    msg,
    options,
    from: addresses('from'),
    to: addresses('to'),
    cc: addresses('cc'),
    replyTo: addresses('reply-to'),
  };
  const defects = [...msg.defects];
  const protection = await guard('protection', defects, { layers: [], notes: [] }, () => classifyProtection(ctx), spend);
  // A detector that failed still lets the others answer; say which one failed.
  defects.push(...(protection.defects ?? []));
  const transport = await guard('transport', defects, { hops: [] }, () => classifyTransport(ctx), spend);
  const sender = await guard('sender', defects, { masked: false, evidence: [] }, () => classifySender(ctx), spend);
  const threading = await guard('threading', defects, { references: [], evidence: [] }, () => classifyThreading(ctx, sender), spend);
  const authentication = await guard('authentication', defects, { dkimDomains: [], headers: [], evidence: [] }, () =>
    classifyAuthentication(ctx),
  spend);
  defects.push(...spend.defects());

  const message: MessageSummary = {
    from: ctx.from,
    to: ctx.to,
    cc: ctx.cc,
    replyTo: ctx.replyTo,
    headers: h,
    parts: msg.nodes.map(partInfo),
    size: bytes.length,
  };
  const subject = getHeader(h, 'subject')?.value;
  if (subject !== undefined) message.subject = subject;
  const date = getHeader(h, 'date')?.value;
  if (date) message.date = date;
  if (msg.root.outlook) message.outlook = msg.root.outlook;

  // Every evidence value is quoted somewhere (the sections, the internal note, the popup): inert here, once.
  for (const list of [
    ...protection.layers.map((l) => l.evidence),
    ...protection.notes.map((n) => n.evidence),
    sender.evidence,
    threading.evidence,
    authentication.evidence,
  ]) {
    inertEvidence(list);
  }

  const base: Explainable = {
    ok: true,
    verdict: verdictOf(protection.layers, sender),
    warnings: senderWarnings(senderCheckOf(authentication)),
    ...(spend.reached.size ? { partial: [...spend.reached.keys()] } : {}),
    protection: protection.layers,
    notes: protection.notes,
    transport,
    sender,
    threading,
    authentication,
    message,
    defects,
  };
  const explanation = await guard('explanation', defects, { lang, headline: '', sections: [] }, () => explain(base, lang));
  return { ...base, explanation };
}
