/**
 * The popup's view of a tab (issue 9): every message the page scan knows, in the site's order,
 * merged with what the background stored for each (analysis or failure), and the plain-text
 * "copy diagnostics" report. Pure: no DOM, no extension API.
 */
import type { Placement, Unplaced } from '../adapters/types';
import type { FoundEntry, PageDiagnostics, TabState } from '../messaging/protocol';

export interface Row {
  key: string;
  label?: string;
  /** Absent while the message is still being read. */
  entry?: FoundEntry;
  placement?: Placement;
  unplaced?: Unplaced;
}

/** The scan's messages first (site order), then entries it does not name (a selection, a link read from the menu). */
export function rowsOf(state: TabState | null): Row[] {
  if (!state) return [];
  const byKey = new Map(state.entries.map((e) => [e.key, e] as const));
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const m of state.diagnostics?.messages ?? []) {
    if (seen.has(m.key)) continue;
    seen.add(m.key);
    rows.push({ key: m.key, label: m.label ?? byKey.get(m.key)?.label, entry: byKey.get(m.key), placement: m.placement, unplaced: m.unplaced });
  }
  for (const e of state.entries) if (!seen.has(e.key)) rows.push({ key: e.key, label: e.label, entry: e });
  return rows;
}

export interface Progress {
  placed: number;
  done: number;
  failed: number;
  pending: number;
}

export function progressOf(rows: Row[]): Progress {
  const p: Progress = { placed: 0, done: 0, failed: 0, pending: 0 };
  for (const r of rows) {
    if (r.placement) p.placed++;
    if (!r.entry) p.pending++;
    else if (r.entry.analysis) p.done++;
    else p.failed++;
  }
  return p;
}

/** Why a failed entry has no analysis, as a code (older states stored only the sentence). */
export function reasonCodeOf(entry: FoundEntry): string {
  return entry.reason ?? 'analyze-failed';
}

/**
 * A report to attach to a bug report about a page shape Veil does not know: codes and counts only.
 * No labels, subjects, addresses, hosts or keys: nothing from the mail, nothing that names the desk.
 */
export function diagnosticsReport(state: TabState | null, meta: { version?: string; userAgent?: string; lang?: string } = {}): string {
  const d: PageDiagnostics | undefined = state?.diagnostics;
  const rows = rowsOf(state);
  const p = progressOf(rows);
  const lines = ['Veil diagnostics'];
  if (meta.version) lines.push(`version: ${meta.version}`);
  if (meta.userAgent) lines.push(`browser: ${meta.userAgent}`);
  if (meta.lang) lines.push(`language: ${meta.lang}`);
  lines.push(`site: ${d?.site ?? state?.site ?? 'none'}`);
  if (!d) {
    lines.push('page scan: none (no content script reported on this tab)');
  } else {
    lines.push(`shape: ${d.shape}`);
    if (d.thread) lines.push(`ticket: ${d.thread}`);
    if (d.listed !== undefined) lines.push(`listed by the site: ${d.listed}`);
    if (d.withRaw !== undefined) lines.push(`with a raw source: ${d.withRaw}`);
    lines.push(`items on the page: ${d.onPage}`);
    if (d.listError) lines.push(`list failed: ${d.listError.code}${d.listError.detail ? ` (${d.listError.detail})` : ''}`);
    if (d.notes?.length) lines.push(`notes: ${d.notes.join(', ')}`);
    const markers = Object.entries(d.markers);
    if (markers.length) lines.push(`markers: ${markers.map(([k, n]) => `${k}=${n}`).join(' ')}`);
  }
  lines.push(`placed: ${p.placed}, explained: ${p.done}, failed: ${p.failed}, reading: ${p.pending}`);
  rows.forEach((r, i) => {
    const where = r.placement ? `placed by ${r.placement}` : r.unplaced ? `not placed: ${r.unplaced}` : 'not from the page scan';
    const what = !r.entry ? 'reading' : r.entry.analysis ? r.entry.analysis.verdict : `failed: ${reasonCodeOf(r.entry)}`;
    lines.push(`${i + 1}. ${where}; ${what}`);
  });
  return `${lines.join('\n')}\n`;
}
