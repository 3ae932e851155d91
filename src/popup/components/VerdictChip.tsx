import type { Lang, Verdict } from '../../core';
import { ui } from '../../core/i18n/ui';

/** One stable verdict code as a coloured, labelled chip (colour is never the only signal). */
export function VerdictChip({ verdict, lang }: { verdict: Verdict; lang: Lang }) {
  return (
    <span class="chip" data-verdict={verdict}>
      {ui(lang, `verdict.${verdict}`)}
    </span>
  );
}
