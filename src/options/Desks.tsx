/**
 * "Your help desk on its own address": the agent adds a desk origin (a host-mapped Zendesk, a
 * Zammad) and Veil asks the browser for that one origin; the list shows each desk, whether the
 * browser granted it, and whether the organisation set it (not removable here).
 *
 * The browser's permission prompt needs the click itself (Firefox refuses permissions.request
 * outside a user gesture, and an await before it loses the gesture): `request` is the first call
 * of each click handler, before anything is awaited.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../core/types';
import { ui } from '../core/i18n/ui';
import type { DeskStatus } from '../messaging/protocol';
import type { DesksApi } from '../shared/desk-client';
import { deskOriginOf, isBuiltInSite } from '../shared/desks';


type Line = { kind: 'ok' | 'error'; text: string } | null;

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function Desks({ api, lang }: { api: DesksApi; lang: Lang }) {
  const [desks, setDesks] = useState<DeskStatus[] | null>(null);
  const [address, setAddress] = useState('');
  const [line, setLine] = useState<Line>(null);

  useEffect(() => {
    void api.list().then(setDesks, (e: unknown) => setLine({ kind: 'error', text: ui(lang, 'desk.failed', { origin: '', reason: reason(e) }) }));
  }, [api, lang]);

  /** Asks for `origin` (synchronously, in the click), then adds it when the browser said yes. */
  const allow = (origin: string) => {
    const asked = api.request(origin);
    void (async () => {
      let granted = false;
      try {
        granted = await asked;
      } catch (e) {
        return setLine({ kind: 'error', text: ui(lang, 'desk.failed', { origin, reason: reason(e) }) });
      }
      if (!granted) return setLine({ kind: 'error', text: ui(lang, 'desk.declined', { origin }) });
      try {
        setDesks(await api.add(origin));
        setAddress('');
        setLine({ kind: 'ok', text: ui(lang, 'desk.added', { origin }) });
      } catch (e) {
        setLine({ kind: 'error', text: ui(lang, 'desk.failed', { origin, reason: reason(e) }) });
      }
    })();
  };

  const addTyped = () => {
    const origin = deskOriginOf(address);
    if (!origin) return setLine({ kind: 'error', text: ui(lang, 'desk.badAddress', { value: address.trim() }) });
    if (isBuiltInSite(origin)) return setLine({ kind: 'error', text: ui(lang, 'desk.builtIn', { origin }) });
    allow(origin);
  };

  const remove = async (origin: string) => {
    try {
      const r = await api.remove(origin);
      setDesks(r.desks);
      setLine({ kind: 'ok', text: ui(lang, r.released ? 'desk.removed' : 'desk.removedKept', { origin }) });
    } catch (e) {
      setLine({ kind: 'error', text: ui(lang, 'desk.failed', { origin, reason: reason(e) }) });
    }
  };

  return (
    <section aria-labelledby="o-desks">
      <h2 id="o-desks">{ui(lang, 'options.desks')}</h2>
      <p class="hint" id="o-desks-help">
        {ui(lang, 'options.desksHelp')}
      </p>
      <p class={line?.kind === 'error' ? 'error' : 'status'} role={line?.kind === 'error' ? 'alert' : 'status'} aria-live="polite" data-desk-line>
        {line?.text ?? ''}
      </p>
      <ul class="ids desks">
        {desks?.map((d) => (
          <li key={d.origin} data-desk={d.origin}>
            <span>
              <bdi>{d.origin}</bdi> — {ui(lang, d.granted ? 'options.deskActive' : 'options.deskNotAllowed')}
              {d.managed && ` ${ui(lang, 'options.managed')}`}
            </span>{' '}
            {!d.granted && (
              <button type="button" aria-label={ui(lang, 'options.deskAllowItem', { item: d.origin })} onClick={() => allow(d.origin)}>
                {ui(lang, 'options.deskAllow')}
              </button>
            )}{' '}
            {!d.managed && (
              <button type="button" aria-label={ui(lang, 'options.removeItem', { item: d.origin })} onClick={() => void remove(d.origin)}>
                {ui(lang, 'options.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <label for="o-desk">{ui(lang, 'options.deskAddress')}</label>
      <input
        id="o-desk"
        type="url"
        inputMode="url"
        placeholder="https://support.example.com"
        aria-describedby="o-desks-help"
        value={address}
        onInput={(e) => setAddress((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') addTyped();
        }}
      />
      <button type="button" onClick={addTyped}>
        {ui(lang, 'options.deskAdd')}
      </button>
    </section>
  );
}
