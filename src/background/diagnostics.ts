/**
 * The page diagnostics a content script reports (issue 9), rebuilt field by field before they are
 * stored: the sender is checked by the router, but a message's fields are still claims (STYLE.md
 * rule 6), so only known codes, bounded counts and bounded strings are kept.
 */
import type { Placement, RawUnavailableCode, Unplaced } from '../adapters/types';
import { MessageError, type DiagnosticMessage, type PageDiagnostics } from '../messaging/protocol';
import { MAX_ENTRIES } from './tab-state';

const PLACEMENTS: ReadonlySet<string> = new Set<Placement>(['comment-id', 'audit-id', 'time', 'order', 'element']);
const UNPLACED: ReadonlySet<string> = new Set<Unplaced>(['no-items', 'not-shown', 'ambiguous', 'counts-differ', 'note', 'several-tickets']);
const LIST_ERRORS: ReadonlySet<string> = new Set<RawUnavailableCode>([
  'gmail-open-original',
  'fetch-failed',
  'not-same-origin',
  'empty',
  'signed-out',
  'no-access',
  'not-found',
  'rate-limited',
  'redirected',
  'too-large',
]);
const MAX_MARKERS = 40;
const MAX_NOTES = 10;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1e7 ? v : undefined;
}

function text(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.length <= max ? v : undefined;
}

/** A code: lowercase words joined by dashes, as every code Veil writes. */
function code(v: unknown): string | undefined {
  const s = text(v, 40);
  return s !== undefined && /^[a-z][a-z0-9-]*$/.test(s) ? s : undefined;
}

function message(v: unknown): DiagnosticMessage | null {
  if (!isObject(v)) return null;
  const key = text(v.key, 300);
  if (!key) return null;
  const out: DiagnosticMessage = { key };
  // A long label is shortened, not dropped: the row still needs a name.
  if (typeof v.label === 'string' && v.label !== '') out.label = v.label.slice(0, 300);
  if (typeof v.placement === 'string' && PLACEMENTS.has(v.placement)) out.placement = v.placement as Placement;
  else if (typeof v.unplaced === 'string' && UNPLACED.has(v.unplaced)) out.unplaced = v.unplaced as Unplaced;
  return out;
}

export function cleanDiagnostics(v: unknown, site: string): PageDiagnostics {
  if (!isObject(v)) throw new MessageError('bad-request', 'diagnostics must be an object');
  if (!Array.isArray(v.messages)) throw new MessageError('bad-request', 'diagnostics.messages must be an array');
  const out: PageDiagnostics = {
    site: site as PageDiagnostics['site'],
    shape: code(v.shape) ?? 'unknown',
    onPage: count(v.onPage) ?? 0,
    markers: {},
    messages: v.messages
      .slice(0, MAX_ENTRIES)
      .map(message)
      .filter((m): m is DiagnosticMessage => m !== null),
  };
  const thread = text(v.thread, 40);
  if (thread !== undefined && /^[\w-]+$/.test(thread)) out.thread = thread;
  const listed = count(v.listed);
  if (listed !== undefined) out.listed = listed;
  const withRaw = count(v.withRaw);
  if (withRaw !== undefined) out.withRaw = withRaw;
  if (isObject(v.markers)) {
    for (const [k, n] of Object.entries(v.markers).slice(0, MAX_MARKERS)) {
      const c = count(n);
      if (code(k) !== undefined && c !== undefined) out.markers[k] = c;
    }
  }
  if (isObject(v.listError) && typeof v.listError.code === 'string' && LIST_ERRORS.has(v.listError.code)) {
    out.listError = { code: v.listError.code as RawUnavailableCode };
    const detail = text(v.listError.detail, 200);
    if (detail) out.listError.detail = detail;
  }
  if (Array.isArray(v.notes)) {
    const notes = v.notes.slice(0, MAX_NOTES).map(code).filter((n): n is string => n !== undefined);
    if (notes.length) out.notes = notes;
  }
  return out;
}
