/**
 * The content script Veil registers at run time (scripting.registerContentScripts, background
 * desks.ts) on the agent's own desk domains, built as one self-contained file so no page needs a
 * web-accessible resource to load it. It is the declared script itself: index.ts picks the adapter
 * by the page (a host-mapped Zendesk, a Zammad), once per page even if injected again.
 */
import './index';
