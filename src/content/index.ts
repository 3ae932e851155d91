/**
 * The declared content script for the sites Veil is made for (Zendesk, Gmail; manifest.json), and
 * the same script registered at run time on the agent's own desk domains (background/desks.ts). Picks the
 * adapter for the current URL (again after each SPA navigation): the host's own, or on a desk
 * domain the one whose app the page shows (asked again as the page renders) — and runs it.
 */
import { pickPageAdapter } from '../adapters/registry';
import { backgroundBridge } from './bridge';
import { installHost } from './host';
import { pageLang } from './lang';
import { runAdapter } from './run-adapter';
import { isSiteEnabled, loadSettings } from '../shared/settings';
import type { Lang } from '../core/types';

// Once per page, even if the same file is injected twice into the isolated world.
const DECLARED = '__veilDeclaredRunner';
if (!(globalThis as Record<string, unknown>)[DECLARED]) {
  (globalThis as Record<string, unknown>)[DECLARED] = true;
  // The options page can switch a site off, and can pin the language; a settings read that fails
  // (storage unavailable) falls back to the defaults: on, in the browser's language.
  loadSettings().then(
    (settings) => {
      if (isSiteEnabled(settings, new URL(location.href))) start(settings.lang === 'auto' ? pageLang() : settings.lang);
    },
    () => start(pageLang()),
  );
}

function start(lang: Lang): void {
  const life = new AbortController();
  const runner = runAdapter({
    doc: document,
    pick: (url) => pickPageAdapter(url, document),
    bridge: {
      ...backgroundBridge,
      // After an extension update the old content script loses its runtime: stop cleanly.
      analyzeRaw: (req) =>
        backgroundBridge.analyzeRaw(req).catch((err: unknown) => {
          if (String(err).includes('Extension context invalidated')) life.abort();
          throw err;
        }),
    },
    lang,
    signal: life.signal,
  });
  installHost(runner);
}
