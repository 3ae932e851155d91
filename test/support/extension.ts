/**
 * Browser-tier helper: launches real Chromium with the built extension (dist/) loaded, waits for
 * its service worker, and records the host of every request so a test can assert that nothing left
 * the page's own host. Build-independent: call `ensureBuilt()` (or rely on the e2e globalSetup) first.
 *
 *   const ext = await launchExtension();
 *   await ext.context.route('https://acme.zendesk.com/**', (r) => r.fulfill({ ... }));
 *   ...
 *   expect(ext.requests.hosts()).toEqual(['acme.zendesk.com']);
 *   await ext.close();
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { ROOT } from './paths';

export const DIST = join(ROOT, 'dist');
export const DIST_FIREFOX = join(ROOT, 'dist-firefox');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots and other artifacts (gitignored). */
export const ARTIFACTS = join(ROOT, 'test-results');

export interface RequestRecord {
  url: string;
  host: string;
  /** 'page' | 'worker' (the extension's service worker) */
  from: 'page' | 'worker';
}

export interface RequestLog {
  readonly all: RequestRecord[];
  /** Distinct hosts of http(s)/ws requests, sorted; chrome-extension:, data: and blob: are not network. */
  hosts(): string[];
  clear(): void;
}

export interface LaunchedExtension {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  requests: RequestLog;
  /** chrome-extension://<id>/<path> */
  url(path: string): string;
  /** Opens an extension page (e.g. 'src/popup/index.html') in a new tab. */
  openPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when the build (dist/ by default) is missing or older than any source it is built from. */
export function distIsStale(dist: string = DIST): boolean {
  const built = join(dist, 'manifest.json');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const inputs = ['src', 'public', 'manifest.json', 'vite.config.ts'].map((p) => join(ROOT, p));
  return inputs.some((p) => newestMtime(p) > builtAt);
}

/**
 * Builds dist/ once when it is missing or stale. `npm test` builds before vitest, so this is a
 * no-op there; a lock directory keeps two concurrent test runs from building over each other.
 */
export function ensureBuilt(target: 'chromium' | 'firefox' = 'chromium'): void {
  const dist = target === 'firefox' ? DIST_FIREFOX : DIST;
  if (!distIsStale(dist)) return;
  const lock = join(ROOT, 'node_modules', '.veil-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      spawnSync('sleep', ['1']);
    }
  }
  try {
    if (!distIsStale(dist)) return;
    // vite.config.ts leaves crx() out when VITEST is set: the child build must not inherit it.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
    const mode = target === 'firefox' ? ['--mode', 'firefox'] : [];
    const r = spawnSync('npx', ['vite', 'build', ...mode, '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return /^(https?|wss?):$/.test(u.protocol) ? u.host : null;
  } catch {
    return null;
  }
}

/**
 * The id Chromium gives an unpacked extension: the first 128 bits of SHA-256 over its absolute path,
 * each hex digit written as a letter a–p (components/crx_file/id_util GenerateIdForPath). Known
 * before launch, so a test can write a policy for it.
 */
export function unpackedExtensionId(dist: string = DIST): string {
  const hex = createHash('sha256').update(dist).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
}

/**
 * `userDataDir`: a profile to reuse (a browser restart); the caller removes it. Without one, a fresh
 * profile is made and removed on close.
 */
export async function launchExtension(
  opts: { dist?: string; locale?: string; colorScheme?: 'light' | 'dark'; userDataDir?: string } = {},
): Promise<LaunchedExtension> {
  const dist = opts.dist ?? DIST;
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`${dist} has no manifest.json: build the extension first`);
  // Without this, Playwright does not report requests made by service workers.
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'veil-e2e-'));
  const args = [
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (opts.locale) args.push(`--lang=${opts.locale}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args,
    locale: opts.locale,
    colorScheme: opts.colorScheme,
  });

  const all: RequestRecord[] = [];
  context.on('request', (req) => {
    const host = hostOf(req.url());
    if (host) all.push({ url: req.url(), host, from: req.serviceWorker() ? 'worker' : 'page' });
  });
  const requests: RequestLog = {
    all,
    hosts: () => [...new Set(all.map((r) => r.host))].sort(),
    clear: () => void all.splice(0, all.length),
  };

  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  const url = (path: string) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;

  return {
    context,
    worker,
    extensionId,
    requests,
    url,
    async openPage(path: string) {
      const page = await context.newPage();
      await page.goto(url(path));
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot under test-results/ (artifact, gitignored); returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Grants the extension a host at run time the way an agent can in Chromium's own UI
 * (chrome://extensions › Details › Site access › add a site: developerPrivate.addHostPermission).
 * The permission prompt that permissions.request opens cannot be answered in headless Chromium.
 * Measured on Chromium 156: after this, permissions.contains still says false, but
 * permissions.request for the host resolves true at once, without a prompt, and grants it; so the
 * options page's own flow (request → addDesk → register) runs unchanged after this.
 */
export async function grantHost(ext: LaunchedExtension, pattern: string): Promise<void> {
  const page = await ext.context.newPage();
  try {
    await page.goto('chrome://extensions/');
    await page.evaluate(([id, host]) => (globalThis as any).chrome.developerPrivate.addHostPermission(id, host), [ext.extensionId, pattern] as const);
  } finally {
    await page.close();
  }
}
