/**
 * Gmail (https://mail.google.com/).
 *
 * Two places hold a raw message (RELAYS-AND-HOSTS.md B.2):
 * - the "Show original" page (`?view=om&permmsgid=msg-f:{decimal}`): the raw text is the textContent
 *   of `<pre id="raw_message_text">` (cysec-jshimizu/ibemail_extension js/inbox.js);
 * - a thread: each expanded message is `div.adn[data-message-id="#msg-f:…"]` (older markup:
 *   `data-legacy-message-id` = the same id in hex; KartikTalwar/gmail.js L3516, L4295–4297), and its
 *   original is read same-origin from the Show original URL built from that id, with the account's
 *   `ik` value when the page exposes it (gmail.js L75; cysec getGmId).
 * Where the id cannot be turned into a Show original URL, loadRaw rejects with
 * 'gmail-open-original' and the badge tells the agent how to open it by hand.
 */
import { getTextSameOrigin } from './lib/same-origin';
import { RawUnavailable, type FoundMessage, type SiteAdapter } from './types';

export const SELECTORS = {
  /** The raw source on a Show original page. */
  rawSource: [
    // <pre id="raw_message_text" class="raw_message_text"> (B.2), see show-original.html.
    'pre#raw_message_text',
  ],
  /** One expanded message of a thread, carrying its id. */
  message: [
    // Current markup: data-message-id="#msg-f:<decimal>" or "#msg-a:r<…>" (gmail.js L3516), see thread.html.
    'div.adn[data-message-id]',
    // Older markup: only data-legacy-message-id="<hex>" (gmail.js L4295), see thread-legacy.html.
    'div[data-legacy-message-id]',
  ],
  /** Where the badge sits inside a message; falls back to the top of the message element. */
  badgeSlot: [
    // The sender line heading of an expanded message, see thread.html.
    'h3.iw',
  ],
  /** The sender of a message, with its address in the `email` attribute. */
  sender: [
    // <span class="gD" email="…" name="…">, see thread.html.
    'span.gD[email]',
  ],
  /** An element whose URL carries the account's ik= value (attachment and print links). */
  ikLink: [
    // Attachment / download links: "?ui=2&ik=…&attid=…", see thread.html.
    'a[href*="ik="]',
  ],
  /** Inline script defining GLOBALS, whose 10th entry is ik (gmail.js L75), see thread-legacy.html. */
  globalsScript: [
    // The boot script: "var GLOBALS=[…]".
    'script:not([src])',
  ],
} as const;

const IK = /^[0-9a-f]{6,20}$/i;

function firstMatch(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const sel of selectors) {
    const el = root.querySelector(sel);
    if (el) return el;
  }
  return null;
}

function allMatches(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const sel of selectors) {
    const found = [...root.querySelectorAll(sel)];
    if (found.length > 0) return found;
  }
  return [];
}

/** "/mail/u/1/" from the page path; "/mail/" when there is no account index. */
export function mailBase(url: URL): string {
  return /^\/mail\/u\/\d+\//.exec(url.pathname)?.[0] ?? '/mail/';
}

/** The permmsgid value of a message element: "msg-f:<decimal>" or "msg-a:<id>", or null. */
export function permMsgIdOf(el: Element): string | null {
  const current = (el.getAttribute('data-message-id') ?? '').replace(/^#/, '');
  if (/^msg-[fa]:[\w-]+$/.test(current)) return current;
  // Legacy ids are the same 64-bit number in hex (idx 70957876155: msg-f:${BigInt("0x"+id)}).
  // Ids of messages the account sent itself (msg-a) cannot be converted (idx 68454348541):
  // the Show original fetch then fails and the badge says how to open it by hand.
  const legacy = el.getAttribute('data-legacy-message-id') ?? '';
  if (/^[0-9a-f]{1,16}$/i.test(legacy)) return `msg-f:${BigInt(`0x${legacy}`).toString(10)}`;
  return null;
}

/** Splits the top level of a JS array literal's text into its elements (strings keep their quotes). */
function topLevelItems(src: string, max: number): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (let i = 0; i < src.length && items.length < max; i++) {
    const ch = src[i]!;
    if (quote) {
      cur += ch;
      if (ch === '\\') cur += src[++i] ?? '';
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{' || ch === '(') depth++;
    else if (ch === ']' || ch === '}' || ch === ')') {
      if (depth === 0) {
        items.push(cur.trim());
        break;
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      items.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  return items;
}

/** The account's ik value, read from a link or the GLOBALS boot script; null when the page has none. */
export function ikOf(root: ParentNode): string | null {
  for (const sel of SELECTORS.ikLink) {
    for (const a of root.querySelectorAll(sel)) {
      const href = a.getAttribute('href') ?? '';
      const ik = /[?&]ik=([^&#]+)/.exec(href)?.[1];
      if (ik && IK.test(ik)) return ik;
    }
  }
  for (const sel of SELECTORS.globalsScript) {
    for (const s of root.querySelectorAll(sel)) {
      const text = s.textContent ?? '';
      const at = text.indexOf('GLOBALS=[');
      if (at < 0) continue;
      const ik = topLevelItems(text.slice(at + 'GLOBALS=['.length), 10)[9]?.replace(/^["']|["']$/g, '');
      if (ik && IK.test(ik)) return ik;
    }
  }
  return null;
}

/** The Show original URL of a message (B.2). */
export function originalUrl(url: URL, permMsgId: string, ik: string | null): URL {
  const u = new URL(mailBase(url), url);
  if (ik) u.searchParams.set('ik', ik);
  u.searchParams.set('view', 'om');
  u.searchParams.set('permmsgid', permMsgId);
  return u;
}

function senderLabel(el: Element): string | undefined {
  const s = firstMatch(el, SELECTORS.sender);
  if (!s) return undefined;
  const email = s.getAttribute('email') ?? '';
  const name = s.getAttribute('name') ?? s.textContent?.trim() ?? '';
  return name && name !== email ? `${name} <${email}>` : email || undefined;
}

/** Reads the raw text out of a fetched Show original page (parsed inert: DOMParser runs no script). */
export function rawFromOriginalPage(html: string): string | null {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const pre = firstMatch(doc, SELECTORS.rawSource);
  const text = pre?.textContent ?? '';
  return text.trim() ? text : null;
}

function showOriginalPage(root: ParentNode, url: URL): FoundMessage[] {
  const pre = firstMatch(root, SELECTORS.rawSource);
  if (!pre) return [];
  const id = url.searchParams.get('permmsgid') ?? url.searchParams.get('th') ?? 'original';
  return [
    {
      key: `gmail:${id}`,
      anchor: pre,
      position: 'beforebegin',
      async loadRaw() {
        const raw = pre.textContent ?? '';
        if (raw.trim() === '') throw new RawUnavailable('empty');
        return raw;
      },
    },
  ];
}

function threadMessages(root: ParentNode, url: URL): FoundMessage[] {
  const found: FoundMessage[] = [];
  const seen = new Set<string>();
  let ik: string | null | undefined;
  for (const el of allMatches(root, SELECTORS.message)) {
    const id = permMsgIdOf(el);
    const key = `gmail:${id ?? `unknown-${found.length}`}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (ik === undefined) ik = ikOf(root.ownerDocument ?? root);
    const slot = firstMatch(el, SELECTORS.badgeSlot);
    const pageIk = ik;
    found.push({
      key,
      anchor: slot ?? el,
      position: slot ? 'beforeend' : 'afterbegin',
      label: senderLabel(el),
      async loadRaw(signal) {
        if (!id) throw new RawUnavailable('gmail-open-original', 'no message id on the page');
        let html: string;
        try {
          html = await getTextSameOrigin({ url: originalUrl(url, id, pageIk), signal }, url);
        } catch (err) {
          if (signal.aborted) throw err;
          throw new RawUnavailable('gmail-open-original', err instanceof Error ? err.message : String(err));
        }
        const raw = rawFromOriginalPage(html);
        if (raw === null) throw new RawUnavailable('gmail-open-original', 'the Show original page had no raw text');
        return raw;
      },
    });
  }
  return found;
}

export const gmail: SiteAdapter = {
  id: 'gmail',
  matches: (url) => url.protocol === 'https:' && url.hostname === 'mail.google.com',
  async findMessages(root, url) {
    if (url.searchParams.get('view') === 'om') return showOriginalPage(root, url);
    return threadMessages(root, url);
  },
};
