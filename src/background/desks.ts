/**
 * The agent's own desk domains at run time (issue 12): a host-mapped Zendesk or a Zammad on any
 * host. Nothing is granted at install; the agent allows one origin at a time from the options page
 * or the popup (permissions.request, optional_host_permissions in the manifest), and Veil then
 * registers its content script there (scripting.registerContentScripts). The stored list of desks
 * (settings `desks`, plus the organisation's, managed.ts) is the truth; the registration follows it.
 *
 * What survives what (and why `syncDesks` runs on every start):
 * - a browser restart: registered scripts persist (persistAcrossSessions, Chromium; Firefox 105+);
 * - an extension update: both browsers drop registered scripts (crbug.com/1343367,
 *   GoogleChrome/developer.chrome.com#3324; MDN scripting.registerContentScripts, mdn/content#39499),
 *   while the granted origins stay; so runtime.onInstalled registers them again, with no click;
 * - the agent taking the access back in the browser's own settings: permissions.onRemoved
 *   unregisters; the desk stays listed, marked not allowed, until removed or allowed again.
 */
import browser from 'webextension-polyfill';
import { MessageError, type DeskStatus } from '../messaging/protocol';
import { deskOriginOf, deskPattern, isBuiltInSite } from '../shared/desks';
import { loadManaged } from '../shared/managed';
import { loadLocalSettings, loadSettings, saveSettings } from '../shared/settings';
import { withLock } from './tab-state';

/**
 * The content script registered on desks: the declared one itself (content/index.ts picks the
 * adapter by the page), which the build makes one self-contained file (vite.config.ts
 * `standaloneFiles`), so it loads on any origin with no web_accessible_resources entry, and no page
 * can probe for it. Read from the built manifest: its name is the build's to choose.
 */
export function deskFile(): string | undefined {
  const file = browser.runtime.getManifest().content_scripts?.[0]?.js?.[0];
  // Firefox's getManifest() answers with the file's full moz-extension:// address, while
  // registerContentScripts takes only a path inside the extension: cut the extension's own base.
  const base = browser.runtime.getURL('/');
  return file?.startsWith(base) ? file.slice(base.length) : file;
}

export const DESK_SCRIPT_ID = 'veil-desks';
/** storage.session key of the origin a page just asked the browser for (expectDesk). */
export const PENDING_KEY = 'desks:pending';
/** A pending request older than this is forgotten: the agent answered the prompt long ago, or never will. */
export const PENDING_MS = 10 * 60_000;

function originOf(v: unknown): string {
  const origin = typeof v === 'string' ? deskOriginOf(v) : null;
  if (!origin) throw new MessageError('bad-request', 'not a web address');
  return origin;
}

async function granted(origin: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [deskPattern(origin)] });
  } catch {
    return false;
  }
}

/**
 * Makes the registered script cover exactly the desks the browser granted, and says where each
 * desk stands. Idempotent; one at a time (a Web Lock), since events may run it concurrently.
 */
export function syncDesks(): Promise<DeskStatus[]> {
  return withLock('veil-desks', async () => {
    const [settings, managed] = await Promise.all([loadSettings(), loadManaged()]);
    const fromPolicy = new Set(managed.desks ?? []);
    const status: DeskStatus[] = [];
    for (const origin of settings.desks) {
      if (isBuiltInSite(origin)) continue;
      status.push({ origin, granted: await granted(origin), managed: fromPolicy.has(origin) });
    }
    const matches = [...new Set(status.filter((d) => d.granted).map((d) => deskPattern(d.origin)))].sort();
    const file = deskFile();
    if (!file) return status;
    const [current] = await browser.scripting.getRegisteredContentScripts({ ids: [DESK_SCRIPT_ID] });
    const before = new Set(current?.matches ?? []);
    if (matches.length === 0) {
      if (current) await browser.scripting.unregisterContentScripts({ ids: [DESK_SCRIPT_ID] });
    } else if (!current) {
      const script = { id: DESK_SCRIPT_ID, js: [file], matches, runAt: 'document_idle' as const, persistAcrossSessions: true };
      // Measured in Chromium 156: at a start, the persisted registration may show up only a second or
      // two later; if it arrived in between, this one is a duplicate id: update it instead.
      await browser.scripting.registerContentScripts([script]).catch(() => browser.scripting.updateContentScripts([script]));
    } else if ([...before].sort().join('\n') !== matches.join('\n') || current.js?.[0] !== file) {
      await browser.scripting.updateContentScripts([{ id: DESK_SCRIPT_ID, js: [file], matches }]);
    }
    // A registered script runs only on pages loaded after it: a desk just added, or registered again
    // after an update or a restart, gets it in the tabs already open (restored ones too).
    for (const d of status) if (d.granted && !before.has(deskPattern(d.origin))) await runInOpenTabs(d.origin);
    return status;
  });
}

/** Runs the desk script in the desk's tabs already open, so the agent need not reload them. */
async function runInOpenTabs(origin: string): Promise<void> {
  const file = deskFile();
  if (!file) return;
  const tabs = await browser.tabs.query({ url: deskPattern(origin) }).catch(() => []);
  for (const tab of tabs) {
    if (typeof tab.id !== 'number' || !tab.url || new URL(tab.url).origin !== origin) continue;
    // The script runs once per page however often it is injected, or declared too (content/index.ts).
    await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [file] }).catch(() => undefined);
  }
}

export async function listDesks(): Promise<DeskStatus[]> {
  return syncDesks();
}

export async function expectDesk(v: unknown): Promise<void> {
  const origin = originOf(v);
  await browser.storage.session.set({ [PENDING_KEY]: { origin, at: Date.now() } });
}

/** Adds a desk the browser has granted (refused otherwise: Veil never runs where it was not allowed). */
export async function addDesk(v: unknown): Promise<DeskStatus[]> {
  const origin = originOf(v);
  if (isBuiltInSite(origin)) throw new MessageError('built-in', `Veil already runs on ${origin}`);
  if (!(await granted(origin))) throw new MessageError('not-granted', `the browser has not granted ${origin}`);
  const own = await loadLocalSettings();
  if (!own.desks.includes(origin)) await saveSettings({ ...own, desks: [...own.desks, origin] });
  return syncDesks();
}

/** Removes the agent's own desk: the script goes, the browser's permission is given back. */
export async function removeDesk(v: unknown): Promise<{ desks: DeskStatus[]; released: boolean }> {
  const origin = originOf(v);
  if ((await loadManaged()).desks?.includes(origin)) throw new MessageError('managed', 'set by your organisation');
  const own = await loadLocalSettings();
  await saveSettings({ ...own, desks: own.desks.filter((d) => d !== origin) });
  const desks = await syncDesks();
  let released = false;
  // Another desk on the same host (another port) keeps the host's permission.
  if (!desks.some((d) => deskPattern(d.origin) === deskPattern(origin))) {
    released = await browser.permissions.remove({ origins: [deskPattern(origin)] }).catch(() => false);
  }
  return { desks, released };
}

/** permissions.onAdded: completes a desk the popup asked for (the prompt closed the popup), then syncs. */
export async function onPermissionsAdded(): Promise<void> {
  const got = await browser.storage.session.get(PENDING_KEY);
  const pending = got[PENDING_KEY] as { origin?: unknown; at?: unknown } | undefined;
  if (pending && typeof pending.origin === 'string' && typeof pending.at === 'number' && Date.now() - pending.at < PENDING_MS) {
    if (await granted(pending.origin)) {
      await browser.storage.session.remove(PENDING_KEY);
      await addDesk(pending.origin).catch(() => undefined);
      return;
    }
  }
  await syncDesks();
}
