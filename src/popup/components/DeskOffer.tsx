/**
 * On a page Veil does not read (not Zendesk, not Gmail, not one of the agent's desks): "Use Veil on
 * this site", for a help desk on its own address (a host-mapped Zendesk, a Zammad). The browser's
 * prompt may close the popup before it answers; the background then finishes by itself
 * (expectDesk, permissions.onAdded). If the popup is still open, it says what happened.
 */
import { useState } from 'preact/hooks';
import type { Lang } from '../../core/types';
import { ui } from '../../core/i18n/ui';
import type { DesksApi } from '../../shared/desk-client';

export function DeskOffer({ origin, lang, desks }: { origin: string; lang: Lang; desks: DesksApi }) {
  const [line, setLine] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const allow = () => {
    // First, synchronously, in the click: the browser's prompt needs the user's gesture.
    const asked = desks.request(origin);
    void (async () => {
      try {
        if (!(await asked)) return setLine({ kind: 'error', text: ui(lang, 'desk.declined', { origin }) });
        await desks.add(origin);
        setLine({ kind: 'ok', text: ui(lang, 'desk.added', { origin }) });
      } catch (e) {
        setLine({ kind: 'error', text: ui(lang, 'desk.failed', { origin, reason: e instanceof Error ? e.message : String(e) }) });
      }
    })();
  };
  return (
    <section class="desk-offer" aria-labelledby="veil-desk">
      <h2 id="veil-desk">{ui(lang, 'popup.desk.title')}</h2>
      <p>{ui(lang, 'popup.desk.offer', { origin })}</p>
      {line ? (
        <p class={line.kind === 'error' ? 'error' : 'status'} role={line.kind === 'error' ? 'alert' : 'status'}>
          {line.text}
        </p>
      ) : (
        <>
          <button type="button" onClick={allow}>
            {ui(lang, 'popup.desk.add')}
          </button>
          <p class="hint">{ui(lang, 'popup.desk.hint')}</p>
        </>
      )}
    </section>
  );
}
