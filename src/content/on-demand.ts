/**
 * Injected on demand (context menu, the popup's "scan") through activeTab + scripting into any page.
 * When Veil's content script already runs here, it rescans; otherwise it runs the site adapter
 * that matches the page, or the generic one, once (no observer on pages Veil was not made for).
 */
import { pickAdapter } from '../adapters/registry';
import { backgroundBridge } from './bridge';
import { existingHost, installHost } from './host';
import { pageLang } from './lang';
import { runAdapter } from './run-adapter';

const host = existingHost();
if (host) {
  void host.runner.scan();
} else {
  const adapter = pickAdapter(new URL(location.href));
  const runner = runAdapter({
    doc: document,
    pick: () => adapter,
    bridge: backgroundBridge,
    lang: pageLang(),
    signal: new AbortController().signal,
    observe: adapter.id !== 'generic',
  });
  installHost(runner);
}
