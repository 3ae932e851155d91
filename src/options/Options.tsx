/**
 * The options page: support addresses, the agent's own certificate/key identifiers, language, sites,
 * the agent's own desk domains. What the organisation set (storage.managed) is shown, read-only,
 * in place of the agent's own value, with a line saying so; the agent's own value is kept beneath.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../core';
import { ui } from '../core/i18n/ui';
import { chooseLang } from '../shared/locale';
import type { ManagedSettings } from '../shared/managed';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { Desks } from './Desks';
import type { DesksApi } from '../shared/desk-client';
import { isAddress, parseCertificate, parsePgpKey } from './identifiers';

export interface OptionsApi {
  /** The agent's own settings (not the managed ones): what `save` writes back. */
  load(): Promise<Settings>;
  save(s: Settings): Promise<void>;
  browserLanguage(): string;
  /** What the organisation set through the browser's policy. */
  managed?(): Promise<ManagedSettings>;
  desks?: DesksApi;
}

/** "Set by your organisation." under a control the policy fixes. */
function Managed({ on, lang, id }: { on: boolean; lang: Lang; id: string }) {
  return on ? (
    <p class="hint managed" id={id}>
      {ui(lang, 'options.managed')}
    </p>
  ) : null;
}

export function OptionsPage({ api }: { api: OptionsApi }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [writtenTo, setWrittenTo] = useState('');
  const [authserv, setAuthserv] = useState('');
  const [certText, setCertText] = useState('');
  const [keyText, setKeyText] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [managed, setManaged] = useState<ManagedSettings>({});

  useEffect(() => {
    const noPolicy: ManagedSettings = {};
    void Promise.all([api.load(), api.managed ? api.managed().catch(() => noPolicy) : noPolicy]).then(([s, m]) => {
      setManaged(m);
      setSettings(s);
      setWrittenTo((m.writtenTo ?? s.support.writtenTo).join('\n'));
      setAuthserv((m.authservIds ?? s.support.authservIds).join('\n'));
    });
  }, [api]);

  const s = settings ?? DEFAULT_SETTINGS;
  const lang: Lang = chooseLang(managed.lang ?? s.lang, api.browserLanguage());
  const anyManaged = Object.keys(managed).length > 0;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = ui(lang, 'options.title');
  }, [lang]);

  const persist = async (next: Settings) => {
    setSettings(next);
    await api.save(next);
    setMessage({ kind: 'ok', text: ui(lang, 'options.saved') });
  };

  const saveAddresses = async () => {
    // A field the organisation set is not the agent's to save: their own value stays as it was.
    const list = managed.writtenTo ? s.support.writtenTo : writtenTo.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
    const bad = [...list, s.support.repliesFrom].filter(Boolean).find((a) => !isAddress(a));
    if (bad) return setMessage({ kind: 'error', text: ui(lang, 'options.badAddress', { value: bad }) });
    // Host-name-like ids only (RFC 8601 §2.2 authserv-id is a value, in practice the receiver's host name).
    const ids = managed.authservIds ? s.support.authservIds : authserv.split(/[\s,;]+/).map((x) => x.trim().toLowerCase()).filter(Boolean);
    const badId = ids.find((x) => !/^[a-z0-9._-]+$/.test(x));
    if (badId) return setMessage({ kind: 'error', text: ui(lang, 'options.badAuthserv', { value: badId }) });
    await persist({ ...s, support: { ...s.support, writtenTo: list, authservIds: ids } });
  };

  const addCertificate = async () => {
    const r = parseCertificate(certText);
    if (!r.ok) {
      return setMessage({
        kind: 'error',
        text: r.reason === 'private-key' ? ui(lang, 'options.privateKey') : ui(lang, 'options.badCertificate', { reason: 'PEM' }),
      });
    }
    setCertText('');
    const rest = s.certificates.filter((c) => !(c.issuer === r.value.issuer && c.serial === r.value.serial));
    await persist({ ...s, certificates: [...rest, r.value] });
  };

  const addKey = async () => {
    const r = await parsePgpKey(keyText);
    if (!r.ok) {
      return setMessage({
        kind: 'error',
        text: r.reason === 'private-key' ? ui(lang, 'options.privateKey') : ui(lang, 'options.badKey', { reason: r.detail ?? 'armor' }),
      });
    }
    setKeyText('');
    const rest = s.pgpKeys.filter((k) => k.fingerprints[0] !== r.value.fingerprints[0]);
    await persist({ ...s, pgpKeys: [...rest, r.value] });
  };

  if (!settings) return <main class="options" aria-busy="true" />;

  return (
    <main class="options" lang={lang}>
      <h1>{ui(lang, 'options.title')}</h1>
      <p>{ui(lang, 'options.intro')}</p>
      {anyManaged && <p class="hint managed">{ui(lang, 'options.managedIntro')}</p>}
      <p class={message?.kind === 'error' ? 'error' : 'status'} role={message?.kind === 'error' ? 'alert' : 'status'} aria-live="polite">
        {message?.text ?? ''}
      </p>

      <section aria-labelledby="o-lang">
        <h2 id="o-lang">{ui(lang, 'options.language')}</h2>
        <select
          id="o-lang-select"
          aria-labelledby="o-lang"
          aria-describedby={managed.lang ? 'o-lang-managed' : undefined}
          disabled={!!managed.lang}
          value={managed.lang ?? s.lang}
          onChange={(e) => void persist({ ...s, lang: (e.target as HTMLSelectElement).value as Settings['lang'] })}
        >
          <option value="auto">{ui(lang, 'options.languageAuto')}</option>
          <option value="en">English</option>
          <option value="es">Español</option>
        </select>
        <Managed on={!!managed.lang} lang={lang} id="o-lang-managed" />
      </section>

      <section aria-labelledby="o-support">
        <h2 id="o-support">{ui(lang, 'options.support')}</h2>
        <label for="o-written">{ui(lang, 'options.writtenTo')}</label>
        <textarea
          id="o-written"
          rows={3}
          value={writtenTo}
          readOnly={!!managed.writtenTo}
          aria-describedby={managed.writtenTo ? 'o-written-managed' : undefined}
          onInput={(e) => setWrittenTo((e.target as HTMLTextAreaElement).value)}
        />
        <Managed on={!!managed.writtenTo} lang={lang} id="o-written-managed" />
        <label for="o-replies">{ui(lang, 'options.repliesFrom')}</label>
        <input
          id="o-replies"
          type="email"
          readOnly={managed.repliesFrom !== undefined}
          aria-describedby={managed.repliesFrom !== undefined ? 'o-replies-managed' : undefined}
          value={managed.repliesFrom ?? s.support.repliesFrom}
          onInput={(e) => setSettings({ ...s, support: { ...s.support, repliesFrom: (e.target as HTMLInputElement).value.trim() } })}
        />
        <Managed on={managed.repliesFrom !== undefined} lang={lang} id="o-replies-managed" />
        <label for="o-authserv">{ui(lang, 'options.authservIds')}</label>
        <p class="hint" id="o-authserv-help">
          {ui(lang, 'options.authservHelp')}
        </p>
        <textarea
          id="o-authserv"
          rows={2}
          aria-describedby={managed.authservIds ? 'o-authserv-help o-authserv-managed' : 'o-authserv-help'}
          readOnly={!!managed.authservIds}
          value={authserv}
          onInput={(e) => setAuthserv((e.target as HTMLTextAreaElement).value)}
        />
        <Managed on={!!managed.authservIds} lang={lang} id="o-authserv-managed" />
        <button type="button" onClick={() => void saveAddresses()}>
          {ui(lang, 'options.save')}
        </button>
      </section>

      <section aria-labelledby="o-certs">
        <h2 id="o-certs">{ui(lang, 'options.certificates')}</h2>
        <p class="hint">{ui(lang, 'options.certificatesHelp')}</p>
        <ul class="ids">
          {s.certificates.length === 0 && <li>{ui(lang, 'options.none')}</li>}
          {s.certificates.map((c, i) => (
            <li key={`${c.issuer}|${c.serial}`}>
              <span>
                {c.label ? `${c.label} — ` : ''}
                {ui(lang, 'options.certLine', { issuer: c.issuer ?? '?', serial: c.serial ?? '?' })}
              </span>{' '}
              <button
                type="button"
                aria-label={ui(lang, 'options.removeItem', { item: ui(lang, 'options.certLine', { issuer: c.issuer ?? '?', serial: c.serial ?? '?' }) })}
                onClick={() => void persist({ ...s, certificates: s.certificates.filter((_, j) => j !== i) })}
              >
                {ui(lang, 'options.remove')}
              </button>
            </li>
          ))}
        </ul>
        <label for="o-cert" class="sr-only">
          {ui(lang, 'options.certificates')}
        </label>
        <textarea id="o-cert" rows={4} spellcheck={false} value={certText} onInput={(e) => setCertText((e.target as HTMLTextAreaElement).value)} />
        <button type="button" onClick={() => void addCertificate()}>
          {ui(lang, 'options.addCertificate')}
        </button>
      </section>

      <section aria-labelledby="o-keys">
        <h2 id="o-keys">{ui(lang, 'options.pgpKeys')}</h2>
        <p class="hint">{ui(lang, 'options.pgpKeysHelp')}</p>
        <ul class="ids">
          {s.pgpKeys.length === 0 && <li>{ui(lang, 'options.none')}</li>}
          {s.pgpKeys.map((k, i) => (
            <li key={k.fingerprints[0] ?? i}>
              <span>
                {k.label ? `${k.label} — ` : ''}
                {ui(lang, 'options.keyLine', { id: k.fingerprints[0] ?? k.keyIds[0] ?? '?' })}
              </span>{' '}
              <button
                type="button"
                aria-label={ui(lang, 'options.removeItem', { item: ui(lang, 'options.keyLine', { id: k.fingerprints[0] ?? k.keyIds[0] ?? '?' }) })}
                onClick={() => void persist({ ...s, pgpKeys: s.pgpKeys.filter((_, j) => j !== i) })}
              >
                {ui(lang, 'options.remove')}
              </button>
            </li>
          ))}
        </ul>
        <label for="o-key" class="sr-only">
          {ui(lang, 'options.pgpKeys')}
        </label>
        <textarea id="o-key" rows={4} spellcheck={false} value={keyText} onInput={(e) => setKeyText((e.target as HTMLTextAreaElement).value)} />
        <button type="button" onClick={() => void addKey()}>
          {ui(lang, 'options.addKey')}
        </button>
      </section>

      <section aria-labelledby="o-sites">
        <h2 id="o-sites">{ui(lang, 'options.sites')}</h2>
        {(['zendesk', 'gmail'] as const).map((site) => (
          <label key={site} class="check">
            <input
              type="checkbox"
              checked={managed.sites?.[site] ?? s.sites[site]}
              disabled={managed.sites?.[site] !== undefined}
              onChange={(e) => void persist({ ...s, sites: { ...s.sites, [site]: (e.target as HTMLInputElement).checked } })}
            />{' '}
            {ui(lang, `options.site.${site}`)}
            {managed.sites?.[site] !== undefined && ` (${ui(lang, 'options.managed')})`}
          </label>
        ))}
      </section>

      {api.desks && <Desks api={api.desks} lang={lang} />}
    </main>
  );
}
