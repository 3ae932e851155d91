/**
 * Settings an administrator sets for every agent through the browser's enterprise policy
 * (storage.managed): Chromium reads them from the "3rdparty" → "extensions" → "<extension id>" part
 * of its policies, checked against public/managed_schema.json (manifest `storage.managed_schema`);
 * Firefox from policies.json "3rdparty" → "Extensions" → "<extension id>". README "Managed settings".
 *
 * A policy is still input: every field is checked here again, and a field that does not fit is
 * ignored (the agent's own value stays), never half-applied.
 */
import browser from 'webextension-polyfill';
import { isAddress } from './address';
import { deskOriginOf } from './desks';
import type { Settings } from './settings';

/** What the organisation set; absent fields are the agent's to choose. */
export interface ManagedSettings {
  lang?: Settings['lang'];
  writtenTo?: string[];
  repliesFrom?: string;
  authservIds?: string[];
  sites?: Partial<Settings['sites']>;
  /** Desk origins every agent gets (they still grant the browser's access once, by a click). */
  desks?: string[];
}

/** Most entries taken from one managed list: a policy is hand-written, not a data store. */
const MAX_LIST = 200;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(v: unknown, keep: (s: string) => string | null): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.slice(0, MAX_LIST).flatMap((x) => (typeof x === 'string' ? [keep(x.trim())] : [])).filter((x): x is string => x !== null && x !== '');
  return [...new Set(out)];
}

/** Only what fits is kept. */
export function normalizeManaged(v: unknown): ManagedSettings {
  if (!isObject(v)) return {};
  const out: ManagedSettings = {};
  if (v.lang === 'auto' || v.lang === 'en' || v.lang === 'es') out.lang = v.lang;
  const address = (s: string) => (s.length <= 320 && isAddress(s) ? s : null);
  const writtenTo = stringList(v.writtenTo, address);
  if (writtenTo) out.writtenTo = writtenTo;
  if (typeof v.repliesFrom === 'string' && address(v.repliesFrom.trim())) out.repliesFrom = v.repliesFrom.trim();
  const authservIds = stringList(v.authservIds, (s) => (s.length <= 255 && /^[a-z0-9._-]+$/i.test(s) ? s.toLowerCase() : null));
  if (authservIds) out.authservIds = authservIds;
  if (isObject(v.sites)) {
    const sites: Partial<Settings['sites']> = {};
    if (typeof v.sites.zendesk === 'boolean') sites.zendesk = v.sites.zendesk;
    if (typeof v.sites.gmail === 'boolean') sites.gmail = v.sites.gmail;
    if (Object.keys(sites).length) out.sites = sites;
  }
  const desks = stringList(v.desks, deskOriginOf);
  if (desks) out.desks = desks;
  return out;
}

/**
 * The settings in effect: what the organisation set replaces the agent's own value; desks add up
 * (the organisation's, then the agent's own others).
 */
export function applyManaged(own: Settings, m: ManagedSettings): Settings {
  return {
    ...own,
    lang: m.lang ?? own.lang,
    support: {
      writtenTo: m.writtenTo ?? own.support.writtenTo,
      repliesFrom: m.repliesFrom ?? own.support.repliesFrom,
      authservIds: m.authservIds ?? own.support.authservIds,
    },
    sites: { ...own.sites, ...m.sites },
    desks: [...new Set([...(m.desks ?? []), ...own.desks])],
  };
}

/**
 * The managed settings, or {} when there are none. Firefox rejects the read when no policy names
 * the extension ("Managed storage manifest not found"), Chromium answers {}; a browser or context
 * without storage.managed counts as none.
 */
export async function loadManaged(): Promise<ManagedSettings> {
  try {
    const area = browser.storage.managed;
    if (!area) return {};
    return normalizeManaged(await area.get(null));
  } catch {
    return {};
  }
}
