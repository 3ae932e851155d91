import type { Lang } from '../../core';
import { ui } from '../../core/i18n/ui';
import { viewDomain } from '../../shared/idn';
import { inert } from '../../core/text';

/** Longest address shown: a 100,000-character name must not push the popup's layout apart. */
const MAX_SHOWN = 120;

/**
 * An address or domain shown safely: Unicode as people read it, the punycode mail servers see beside
 * it, and a warning when a label mixes writing systems (a look-alike of another domain).
 */
export function DomainLine({ value, lang }: { value: string; lang: Lang }) {
  const at = value.lastIndexOf('@');
  const local = at >= 0 ? value.slice(0, at + 1) : '';
  const view = viewDomain(at >= 0 ? value.slice(at + 1) : value);
  return (
    <span class="domain" data-idn={view.idn ? 'true' : undefined} data-mixed={view.mixedScripts ? 'true' : undefined}>
      <bdi>{inert(local + view.unicode, MAX_SHOWN)}</bdi>
      {view.idn && view.ascii !== view.unicode && (
        <span class="punycode">
          {' ('}
          {ui(lang, 'popup.idnPunycode', { ascii: inert(view.ascii, MAX_SHOWN) })}
          {')'}
        </span>
      )}
      {view.mixedScripts && (
        <strong class="warning" role="note">
          {' ⚠ '}
          {ui(lang, 'popup.idnMixed', { scripts: view.scripts.join(', ') })}
        </strong>
      )}
    </span>
  );
}

/** Every distinct address the message names for the sender or a reply. */
export function addressesOf(a: { sender: { from?: string; replyTo?: string[]; replyAddress?: string } }): string[] {
  const all = [a.sender.from, ...(a.sender.replyTo ?? []), a.sender.replyAddress].filter((x): x is string => !!x);
  return [...new Set(all)];
}
