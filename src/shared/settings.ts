/**
 * The agent's settings, typed, with defaults. They live in storage.local (settings are not mail,
 * and they must survive a browser restart); only identifiers of keys are ever stored. What the
 * organisation set through the browser's policy (storage.managed, managed.ts) wins over them.
 */
import browser from 'webextension-polyfill';
import type { AnalyzeOptions, Lang } from '../core';
import { deskOriginOf } from './desks';
import { applyManaged, loadManaged } from './managed';

export interface CertificateId {
  issuer?: string;
  serial?: string;
  subjectKeyId?: string;
  /** Subject, for the list in the options page. */
  label?: string;
}

export interface PgpKeyId {
  /** Primary key and subkeys: 16-hex key ids. */
  keyIds: string[];
  /** Primary key and subkeys: 40- or 64-hex fingerprints. */
  fingerprints: string[];
  /** First user id, for the list in the options page. */
  label?: string;
}

export interface Settings {
  lang: 'auto' | Lang;
  /**
   * writtenTo / repliesFrom: the desk's addresses; authservIds: the names your own mail system
   * stamps in Authentication-Results (RFC 8601 §7.1), the only results Veil should then trust.
   */
  support: { writtenTo: string[]; repliesFrom: string; authservIds: string[] };
  certificates: CertificateId[];
  pgpKeys: PgpKeyId[];
  sites: { zendesk: boolean; gmail: boolean };
  /**
   * The agent's own desk domains (origins such as "https://support.example.com"): a host-mapped
   * Zendesk, a Zammad. Veil runs there only once the browser granted that one origin (desks.ts).
   */
  desks: string[];
}

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = {
  lang: 'auto',
  support: { writtenTo: [], repliesFrom: '', authservIds: [] },
  certificates: [],
  pgpKeys: [],
  sites: { zendesk: true, gmail: true },
  desks: [],
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Whatever is stored (older shape, hand-edited, missing) comes back as a complete Settings. */
export function normalizeSettings(stored: unknown): Settings {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<keyof Settings, unknown>>;
  const support = (s.support ?? {}) as Partial<Settings['support']>;
  const sites = (s.sites ?? {}) as Partial<Settings['sites']>;
  return {
    lang: s.lang === 'en' || s.lang === 'es' ? s.lang : 'auto',
    support: {
      writtenTo: strings(support.writtenTo),
      repliesFrom: typeof support.repliesFrom === 'string' ? support.repliesFrom : '',
      authservIds: strings(support.authservIds),
    },
    certificates: Array.isArray(s.certificates)
      ? (s.certificates as CertificateId[]).filter((c) => typeof c === 'object' && c !== null)
      : [],
    pgpKeys: Array.isArray(s.pgpKeys)
      ? (s.pgpKeys as PgpKeyId[])
          .filter((k) => typeof k === 'object' && k !== null)
          .map((k) => ({ keyIds: strings(k.keyIds), fingerprints: strings(k.fingerprints), label: k.label }))
      : [],
    sites: { zendesk: sites.zendesk !== false, gmail: sites.gmail !== false },
    desks: [...new Set(strings(s.desks).map(deskOriginOf).filter((o): o is string => o !== null))],
  };
}

/** The agent's own settings, as stored (the options page edits and saves these). */
export async function loadLocalSettings(): Promise<Settings> {
  const got = await browser.storage.local.get(SETTINGS_KEY);
  return normalizeSettings(got[SETTINGS_KEY]);
}

/** The settings in effect: the agent's own, with what the organisation set in their place. */
export async function loadSettings(): Promise<Settings> {
  const [local, managed] = await Promise.all([loadLocalSettings(), loadManaged()]);
  return applyManaged(local, managed);
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: normalizeSettings(settings) });
}

/** What the core needs from the settings: the language, the support desk, the agent's identifiers. */
export function toAnalyzeOptions(settings: Settings, lang: Lang): AnalyzeOptions {
  const writtenTo = settings.support.writtenTo.filter(Boolean);
  const repliesFrom = settings.support.repliesFrom || undefined;
  const certificates = settings.certificates.map(({ issuer, serial, subjectKeyId }) => ({ issuer, serial, subjectKeyId }));
  const pgpKeys = [...new Set(settings.pgpKeys.flatMap((k) => [...k.fingerprints, ...k.keyIds]))];
  const authservIds = settings.support.authservIds.filter(Boolean);
  return {
    lang,
    support: writtenTo.length || repliesFrom ? { writtenTo, repliesFrom } : undefined,
    ...(authservIds.length ? { authservIds } : {}),
    own: certificates.length || pgpKeys.length ? { certificates, pgpKeys } : undefined,
  };
}

/** Whether the agent left badges on for this page's site (the options' "sites" switches). */
export function isSiteEnabled(settings: Settings, url: URL): boolean {
  if (url.hostname === 'mail.google.com') return settings.sites.gmail;
  if (url.hostname.endsWith('.zendesk.com')) return settings.sites.zendesk;
  return true;
}
