/**
 * "What Veil found on this page": the site and page shape recognised, the ticket, how many
 * comments the site listed, came by email and got a badge, why a list or a message failed, and a
 * button that copies a report without mail content (README "Reporting a page Veil does not know").
 * Open by itself when something went wrong, so a failure is never silent.
 */
import type { Lang } from '../../core/types';
import { ui, uiCatalogues, type UiKey } from '../../core/i18n/ui';
import type { TabState } from '../../messaging/protocol';
import { diagnosticsReport, progressOf, reasonCodeOf, type Row } from '../diagnostics';
import { CopyButton } from './CopyButton';

/** A UI string for a code the catalogue may not know (a newer content script): the code itself then. */
function uiOr(lang: Lang, key: string, fallback: string): string {
  return Object.hasOwn(uiCatalogues.en, key) ? ui(lang, key as UiKey) : fallback;
}

export function reasonText(lang: Lang, code: string): string {
  return uiOr(lang, `popup.reason.${code}`, code);
}

export function unplacedText(lang: Lang, code: string): string {
  return uiOr(lang, `popup.unplaced.${code}`, code);
}

export function Diagnostics({
  state,
  rows,
  lang,
  copy,
  version,
}: {
  state: TabState | null;
  rows: Row[];
  lang: Lang;
  copy: (text: string) => Promise<void>;
  version?: string;
}) {
  const d = state?.diagnostics;
  if (!d) return null;
  const p = progressOf(rows);
  const site = uiOr(lang, `popup.site.${d.site}`, d.site);
  const failed = rows.filter((r) => r.entry && !r.entry.analysis);
  const troubled = !!d.listError || failed.length > 0 || rows.some((r) => r.unplaced) || rows.length === 0;
  const report = diagnosticsReport(state, { version, lang, userAgent: globalThis.navigator?.userAgent });
  return (
    <details class="diag" open={troubled}>
      <summary>{ui(lang, 'popup.diag.title')}</summary>
      <ul class="diag-lines">
        <li>{ui(lang, 'popup.diag.recognised', { site, shape: uiOr(lang, `popup.shape.${d.shape}`, d.shape) })}</li>
        {d.thread && (d.site === 'zendesk' || d.site === 'zammad') && <li>{ui(lang, 'popup.diag.ticket', { id: d.thread })}</li>}
        {d.listed !== undefined ? (
          <li>{ui(lang, 'popup.diag.listed', { site, listed: d.listed, withRaw: d.withRaw ?? 0, placed: p.placed })}</li>
        ) : (
          <li>{ui(lang, 'popup.diag.onPage', { withRaw: d.withRaw ?? rows.length, placed: p.placed })}</li>
        )}
        <li>{ui(lang, 'popup.diag.progress', { done: p.done, failed: p.failed, pending: p.pending })}</li>
        {d.listError && (
          <li class="warning" role="alert">
            {ui(lang, 'popup.diag.listError', { site, reason: reasonText(lang, d.listError.code) })}
          </li>
        )}
        {(d.notes ?? []).map((n) => (
          <li key={n}>{uiOr(lang, `popup.note.${n}`, n)}</li>
        ))}
        {failed.map((r, i) => (
          <li key={r.key} class="warning">
            {ui(lang, 'popup.diag.failed', { label: r.label || ui(lang, 'popup.untitled', { n: i + 1 }), reason: reasonText(lang, reasonCodeOf(r.entry!)) })}
          </li>
        ))}
      </ul>
      <p class="hint">{ui(lang, 'popup.diag.copyHelp')}</p>
      <CopyButton text={report} label="popup.diag.copy" lang={lang} copy={copy} />
    </details>
  );
}
