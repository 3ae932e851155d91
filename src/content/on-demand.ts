/**
 * Injected on demand (context menu, the popup's "scan") through activeTab + scripting into any page.
 * It scans the page: with the site adapter where Veil's declared content script runs one (a Zendesk
 * ticket, Gmail), else with the generic adapter, once, leaving no observer behind — also on a
 * Zendesk or Gmail page no site adapter reads. Injected again, it scans again.
 */
import { installHost } from './host';

void installHost().rescan();
