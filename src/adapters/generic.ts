/**
 * Any page, on demand only (context menu or the popup's "scan", through activeTab — never a
 * declared content script): a raw message shown in a <pre> or typed into a <textarea>, the current
 * selection (pasted headers or source), or a link to an .eml file on the page's own origin.
 * Cross-origin links are skipped: Veil reads nothing but the page's own host.
 */
import { looksLikeRawMessage, normalizePageRaw } from './lib/raw-text';
import { boundedText, getSameOrigin, sameOriginUrl } from './lib/same-origin';
import { RawUnavailable, type FoundMessage, type SiteAdapter } from './types';

export const SELECTORS = {
  /** Elements whose text may be a raw message. */
  rawText: [
    // A source view or a code block, see raw-in-pre.html.
    'pre',
    // A paste box or a read-only source field (its value, not its markup), see raw-in-textarea.html.
    'textarea',
  ],
  /** Links to a raw message file. */
  emlLink: [
    // A file ending in .eml, see eml-link.html.
    'a[href$=".eml" i]',
    // An explicit media type on the link (HTML "type" attribute), see eml-link.html.
    'a[type="message/rfc822" i]',
  ],
} as const;

/** Links fetched at most per scan: a list page of hundreds of .eml files is not a message. */
export const MAX_EML_LINKS = 10;

function textOf(el: Element): string {
  return el.tagName === 'TEXTAREA' ? (el as HTMLTextAreaElement).value : (el.textContent ?? '');
}

function selectionMessage(doc: Document): FoundMessage | null {
  const sel = doc.getSelection?.();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const text = sel.toString();
  if (!looksLikeRawMessage(text)) return null;
  const node = sel.getRangeAt(0).startContainer;
  const anchor = node.nodeType === 1 ? (node as Element) : node.parentElement;
  if (!anchor) return null;
  return { key: 'selection', anchor, position: 'beforebegin', placement: 'element', loadRaw: async () => normalizePageRaw(text) };
}

export const generic: SiteAdapter = {
  id: 'generic',
  matches: () => true,
  async findMessages(root, url) {
    const doc = (root as Node).nodeType === 9 ? (root as Document) : ((root as Node).ownerDocument ?? document);
    const found: FoundMessage[] = [];
    SELECTORS.rawText.forEach((selector) => {
      root.querySelectorAll(selector).forEach((el, i) => {
        const text = textOf(el);
        if (!looksLikeRawMessage(text)) return;
        found.push({
          key: `${el.tagName.toLowerCase()}:${i}`,
          anchor: el,
          position: 'beforebegin',
          placement: 'element',
          // Read when analysed, not when found: a textarea may have been edited in between.
          loadRaw: async () => normalizePageRaw(textOf(el)),
        });
      });
    });
    // A selection inside a message already found is that message, not a second one.
    const sel = selectionMessage(doc);
    if (sel && !found.some((m) => m.anchor?.contains(sel.anchor!))) found.unshift(sel);
    const links = new Map<string, Element>();
    for (const selector of SELECTORS.emlLink) {
      for (const a of root.querySelectorAll(selector)) {
        const target = sameOriginUrl(a.getAttribute('href') ?? '', new URL(doc.baseURI || url.href));
        if (target && !links.has(target.href) && links.size < MAX_EML_LINKS) links.set(target.href, a);
      }
    }
    for (const [href, a] of links) {
      found.push({
        key: `eml:${href}`,
        anchor: a,
        position: 'afterend',
        placement: 'element',
        label: (a.textContent ?? '').trim().slice(0, 120) || href,
        async loadRaw(signal) {
          const res = await getSameOrigin({ url: new URL(href), signal, accept: 'message/rfc822' }, url);
          const raw = await boundedText(res);
          if (raw.trim() === '') throw new RawUnavailable('empty');
          return raw;
        },
      });
    }
    const markers = { 'raw-text-elements': found.filter((m) => m.key !== 'selection' && !m.key.startsWith('eml:')).length, 'eml-links': links.size };
    return { messages: found, report: { site: 'generic', shape: 'generic', onPage: found.length, withRaw: found.length, markers } };
  },
};
