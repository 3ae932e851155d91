/**
 * Declared content script for the sites Veil is made for. Picks the site's adapter; the adapters
 * and the badge runtime come with their own issue.
 */
import { pickAdapter } from '../adapters/registry';

const adapter = pickAdapter(new URL(location.href));
if (adapter) document.documentElement.dataset.veilAdapter = adapter.id;
