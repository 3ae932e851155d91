/**
 * A fake in-memory `browser` for the background, popup and options in jsdom (project 'dom'):
 * storage areas with onChanged, runtime identity, tabs, scripting, action, contextMenus and i18n,
 * each call recorded. Use with `vi.mock('webextension-polyfill', () => ({ default: fake.browser }))`.
 * Also installs a minimal navigator.locks (exclusive, FIFO per name), as service workers have one.
 */
type Listener = (...args: any[]) => unknown;

export class FakeEvent {
  readonly listeners: Listener[] = [];
  addListener(l: Listener) {
    this.listeners.push(l);
  }
  removeListener(l: Listener) {
    const i = this.listeners.indexOf(l);
    if (i >= 0) this.listeners.splice(i, 1);
  }
  hasListener(l: Listener) {
    return this.listeners.includes(l);
  }
  /** Calls every listener; returns what they returned. */
  emit(...args: unknown[]): unknown[] {
    return this.listeners.map((l) => l(...args));
  }
}

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

export class FakeStorageArea {
  readonly data = new Map<string, unknown>();
  /** Make set() throw (e.g. to simulate a full storage.session). */
  failSet: ((items: Record<string, unknown>) => boolean) | null = null;
  constructor(
    private readonly name: string,
    private readonly changed: FakeEvent,
  ) {}
  async get(keys?: string | string[] | null | Record<string, unknown>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    if (keys === null || keys === undefined) {
      for (const [k, v] of this.data) out[k] = clone(v);
    } else if (typeof keys === 'string' || Array.isArray(keys)) {
      for (const k of typeof keys === 'string' ? [keys] : keys) if (this.data.has(k)) out[k] = clone(this.data.get(k));
    } else {
      for (const [k, d] of Object.entries(keys)) out[k] = this.data.has(k) ? clone(this.data.get(k)) : d;
    }
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    if (this.failSet?.(items)) throw new Error('QUOTA_BYTES quota exceeded');
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [k, v] of Object.entries(items)) {
      changes[k] = { oldValue: this.data.get(k), newValue: clone(v) };
      this.data.set(k, clone(v));
    }
    this.changed.emit(changes, this.name);
  }
  async remove(keys: string | string[]): Promise<void> {
    const changes: Record<string, { oldValue?: unknown }> = {};
    for (const k of typeof keys === 'string' ? [keys] : keys) {
      if (this.data.has(k)) changes[k] = { oldValue: this.data.get(k) };
      this.data.delete(k);
    }
    if (Object.keys(changes).length) this.changed.emit(changes, this.name);
  }
  async clear(): Promise<void> {
    await this.remove([...this.data.keys()]);
  }
  keys(): string[] {
    return [...this.data.keys()].sort();
  }
}

export interface Call {
  api: string;
  args: unknown[];
}

export function installLocks(): void {
  // Node 20 has no navigator at all (the background tests run in the node environment).
  if (typeof globalThis.navigator === 'undefined') Object.defineProperty(globalThis, 'navigator', { configurable: true, value: {} });
  const nav = globalThis.navigator as Navigator & { locks?: unknown };
  if (nav.locks) return;
  const tails = new Map<string, Promise<unknown>>();
  Object.defineProperty(nav, 'locks', {
    configurable: true,
    value: {
      request<T>(name: string, cb: () => Promise<T>): Promise<T> {
        const prev = tails.get(name) ?? Promise.resolve();
        const run = prev.then(cb, cb);
        tails.set(
          name,
          run.catch(() => undefined),
        );
        return run;
      },
    },
  });
}

export const EXTENSION_ID = 'fakeextensionidfakeextensionidab';
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;

export function createFakeBrowser(opts: { uiLanguage?: string } = {}) {
  const calls: Call[] = [];
  const record = (api: string) => (...args: unknown[]) => void calls.push({ api, args });
  const onChanged = new FakeEvent();
  const session = new FakeStorageArea('session', onChanged);
  const local = new FakeStorageArea('local', onChanged);
  /** storage.managed: the organisation's policy (read-only to the extension, set by the tests). */
  const managed = new FakeStorageArea('managed', onChanged);
  /** Firefox rejects storage.managed.get when no policy names the extension. */
  let managedFails = false;
  /** Origins granted (match patterns), the manifest's own host permissions first. */
  const granted = new Set<string>(['https://*.zendesk.com/*', 'https://mail.google.com/*']);
  const required = new Set(granted);
  /** How the browser answers permissions.request (the agent's click on the prompt). */
  let permissionAnswer: (origins: string[]) => boolean | Promise<boolean> = () => true;
  const permissionEvents = { onAdded: new FakeEvent(), onRemoved: new FakeEvent() };
  const registered = new Map<string, Record<string, unknown>>();
  /** Tabs as tabs.get / tabs.query({url}) see them. */
  let tabList: { id: number; url?: string; active?: boolean }[] = [{ id: 7, active: true }];
  /** Answers to tabs.sendMessage; default: no content script in the tab. */
  let tabMessage: (tabId: number, msg: unknown) => Promise<unknown> = async () => {
    throw new Error('Could not establish connection. Receiving end does not exist.');
  };
  /** Answers to scripting.executeScript; default: [{result: undefined}]. */
  let executeScript: (injection: any) => Promise<{ result?: unknown }[]> = async () => [{ result: undefined }];
  let openPopup: () => Promise<void> = async () => {
    throw new Error('openPopup is not supported');
  };
  let uiLanguage = opts.uiLanguage ?? 'en-US';
  const badge = new Map<number, { text?: string; title?: string }>();
  const menus: Record<string, unknown>[] = [];

  const browser = {
    runtime: {
      id: EXTENSION_ID,
      getURL: (p: string) => EXTENSION_BASE + p.replace(/^\//, ''),
      onMessage: new FakeEvent(),
      onInstalled: new FakeEvent(),
      onStartup: new FakeEvent(),
      sendMessage: async () => undefined,
      openOptionsPage: async () => record('runtime.openOptionsPage')(),
      getManifest: () => ({ manifest_version: 3, content_scripts: [{ js: ['src/content/index.js'], matches: ['https://*.zendesk.com/*', 'https://mail.google.com/*'] }] }),
    },
    storage: {
      session,
      local,
      onChanged,
      managed: {
        get: (keys?: string | string[] | null) => (managedFails ? Promise.reject(new Error('Managed storage manifest not found')) : managed.get(keys)),
      },
    },
    permissions: {
      ...permissionEvents,
      async contains({ origins = [] }: { origins?: string[] }) {
        return origins.every((o) => granted.has(o));
      },
      async getAll() {
        return { origins: [...granted], permissions: ['storage', 'contextMenus', 'activeTab', 'scripting'] };
      },
      async request({ origins = [] }: { origins?: string[] }) {
        record('permissions.request')(origins);
        if (origins.every((o) => granted.has(o))) return true;
        if (!(await permissionAnswer(origins))) return false;
        const added = origins.filter((o) => !granted.has(o));
        for (const o of added) granted.add(o);
        permissionEvents.onAdded.emit({ origins: added, permissions: [] });
        return true;
      },
      async remove({ origins = [] }: { origins?: string[] }) {
        record('permissions.remove')(origins);
        if (origins.some((o) => required.has(o))) throw new Error('You cannot remove required permissions.');
        const removed = origins.filter((o) => granted.delete(o));
        if (removed.length) permissionEvents.onRemoved.emit({ origins: removed, permissions: [] });
        return removed.length > 0;
      },
    },
    tabs: {
      onRemoved: new FakeEvent(),
      onUpdated: new FakeEvent(),
      get: async (tabId: number) => {
        const tab = tabList.find((t) => t.id === tabId);
        if (!tab) throw new Error(`No tab with id: ${tabId}.`);
        return { ...tab };
      },
      query: async (q: { url?: string } = {}) => {
        if (q.url === undefined) return tabList.filter((t) => t.active).map((t) => ({ ...t }));
        const prefix = q.url.replace(/\*$/, '');
        return tabList.filter((t) => t.url?.startsWith(prefix)).map((t) => ({ ...t }));
      },
      sendMessage: (tabId: number, msg: unknown) => {
        record('tabs.sendMessage')(tabId, msg);
        return tabMessage(tabId, msg);
      },
    },
    scripting: {
      executeScript: (injection: any) => {
        record('scripting.executeScript')(injection);
        return executeScript(injection);
      },
      async registerContentScripts(scripts: Record<string, unknown>[]) {
        record('scripting.registerContentScripts')(scripts);
        for (const sc of scripts) if (registered.has(sc.id as string)) throw new Error(`Duplicate script ID '${sc.id}'`);
        for (const sc of scripts) registered.set(sc.id as string, structuredClone(sc));
      },
      async updateContentScripts(scripts: Record<string, unknown>[]) {
        record('scripting.updateContentScripts')(scripts);
        for (const sc of scripts) {
          const cur = registered.get(sc.id as string);
          if (!cur) throw new Error(`Script with ID '${sc.id}' does not exist`);
          registered.set(sc.id as string, { ...cur, ...structuredClone(sc) });
        }
      },
      async unregisterContentScripts(filter: { ids?: string[] } = {}) {
        record('scripting.unregisterContentScripts')(filter);
        for (const id of filter.ids ?? [...registered.keys()]) registered.delete(id);
      },
      async getRegisteredContentScripts(filter: { ids?: string[] } = {}) {
        return [...registered.values()].filter((sc) => !filter.ids || filter.ids.includes(sc.id as string)).map((sc) => structuredClone(sc));
      },
    },
    action: {
      setBadgeText: async ({ tabId, text }: { tabId: number; text: string }) => void badge.set(tabId, { ...badge.get(tabId), text }),
      setTitle: async ({ tabId, title }: { tabId: number; title: string }) => void badge.set(tabId, { ...badge.get(tabId), title }),
      setBadgeBackgroundColor: async () => undefined,
      openPopup: () => {
        record('action.openPopup')();
        return openPopup();
      },
    },
    contextMenus: {
      onClicked: new FakeEvent(),
      removeAll: async () => void menus.splice(0, menus.length),
      create: (props: Record<string, unknown>, cb?: () => void) => {
        menus.push(props);
        cb?.();
        return props.id;
      },
    },
    i18n: {
      getUILanguage: () => uiLanguage,
      getMessage: (name: string) => (name === 'menuAnalyze' ? (uiLanguage.startsWith('es') ? 'Analizar este correo' : 'Analyze this email') : ''),
    },
  };

  return {
    browser,
    calls,
    session,
    local,
    managed,
    granted,
    registered,
    permissionEvents,
    setManagedFails(v: boolean) {
      managedFails = v;
    },
    /** The agent's answer to the browser's permission prompt. */
    setPermissionAnswer(f: typeof permissionAnswer) {
      permissionAnswer = f;
    },
    setTabs(tabs: typeof tabList) {
      tabList = tabs;
    },
    /** Back to a fresh install: only the manifest's host permissions, nothing registered. */
    resetPermissions() {
      granted.clear();
      for (const o of required) granted.add(o);
      registered.clear();
      permissionAnswer = () => true;
      tabList = [{ id: 7, active: true }];
      managedFails = false;
    },
    badge,
    menus,
    setTabMessage(f: typeof tabMessage) {
      tabMessage = f;
    },
    setExecuteScript(f: typeof executeScript) {
      executeScript = f;
    },
    setOpenPopup(f: typeof openPopup) {
      openPopup = f;
    },
    setUiLanguage(tag: string) {
      uiLanguage = tag;
    },
    /** A sender as the browser stamps it for our content script in tab `tabId` at `url`. */
    contentSender(tabId: number, url: string) {
      return { id: EXTENSION_ID, url, tab: { id: tabId, url }, frameId: 0 };
    },
    /** A sender as the browser stamps it for one of our extension pages. */
    pageSender(path = 'src/popup/index.html') {
      return { id: EXTENSION_ID, url: EXTENSION_BASE + path };
    },
  };
}

export type FakeBrowser = ReturnType<typeof createFakeBrowser>;
