/**
 * The full explanation of one message. Everything here comes from the message (hostile input) or
 * from our catalogues, and reaches the page only as JSX text nodes.
 */
import type { Analysis, Lang } from '../../core';
import { shownEvidence } from '../../core/explain/evidence';
import { ui } from '../../core/i18n/ui';
import { CopyButton } from './CopyButton';
import { DomainLine, addressesOf } from './DomainLine';
import { VerdictChip } from './VerdictChip';
import { inert } from '../../core/text';

/** Longest subject shown above the explanation (the JSON keeps the whole one). */
const MAX_SUBJECT_SHOWN = 300;

export function AnalysisView({ analysis, lang, copy }: { analysis: Analysis; lang: Lang; copy: (t: string) => Promise<void> }) {
  const ex = analysis.explanation;
  const addresses = addressesOf(analysis);
  return (
    <article class="analysis" data-verdict={analysis.verdict} aria-labelledby="veil-headline">
      <VerdictChip verdict={analysis.verdict} lang={lang} />
      <h2 id="veil-headline" class="headline" tabIndex={-1}>
        {ex.headline}
      </h2>
      {analysis.message?.subject && (
        <p class="subject">
          <bdi>{inert(analysis.message.subject, MAX_SUBJECT_SHOWN)}</bdi>
        </p>
      )}
      {addresses.length > 0 && (
        <section class="domains" aria-label={ui(lang, 'popup.domains')}>
          <ul>
            {addresses.map((a) => (
              <li key={a}>
                <DomainLine value={a} lang={lang} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {(ex.internalNote || ex.customerReply) && (
        <div class="copies">
          {ex.internalNote && <CopyButton text={ex.internalNote} label="popup.copyNote" lang={lang} copy={copy} />}
          {ex.customerReply && <CopyButton text={ex.customerReply} label="popup.copyReply" lang={lang} copy={copy} />}
        </div>
      )}
      {ex.sections.map((s) => ({ ...s, evidence: shownEvidence(analysis, s.evidence) })).map((s) => (
        <section key={s.id} data-section={s.id} class="section">
          <h3>{s.title}</h3>
          {/* One claim per line in section.text (the explanation engine's layout). */}
          {s.text
            .split(/\n+/)
            .filter((line) => line.trim())
            .map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          {s.evidence.length > 0 && (
            <details class="evidence">
              <summary>
                {ui(lang, 'popup.evidence')} ({s.evidence.length})
              </summary>
              <ul>
                {s.evidence.map((e, i) => (
                  <li key={i}>
                    <code>
                      <bdi>{e.where}</bdi>
                    </code>
                    : <bdi class="value">{e.value}</bdi>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      ))}
      {ex.internalNote && (
        <details class="note">
          <summary>{ui(lang, 'popup.internalNote')}</summary>
          <pre>{ex.internalNote}</pre>
        </details>
      )}
      {ex.customerReply && (
        <details class="note">
          <summary>{ui(lang, 'popup.customerReply')}</summary>
          <pre>{ex.customerReply}</pre>
        </details>
      )}
    </article>
  );
}
