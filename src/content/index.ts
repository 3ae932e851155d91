/**
 * The declared content script for the sites Veil is made for (Zendesk, Gmail; manifest.json).
 * Picks the site adapter for the current URL (again after each SPA navigation) and runs it.
 */
import { pickSiteAdapter } from '../adapters/registry';
import { backgroundBridge } from './bridge';
import { existingHost, installHost } from './host';
import { pageLang } from './lang';
import { runAdapter } from './run-adapter';

if (!existingHost()) {
  const life = new AbortController();
  const runner = runAdapter({
    doc: document,
    pick: pickSiteAdapter,
    bridge: {
      ...backgroundBridge,
      // After an extension update the old content script loses its runtime: stop cleanly.
      analyzeRaw: (req) =>
        backgroundBridge.analyzeRaw(req).catch((err: unknown) => {
          if (String(err).includes('Extension context invalidated')) life.abort();
          throw err;
        }),
    },
    lang: pageLang(),
    signal: life.signal,
  });
  installHost(runner);
}
