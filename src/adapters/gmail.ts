/**
 * Gmail (https://mail.google.com/).
 *
 * Two places hold a raw message (RELAYS-AND-HOSTS.md B.2):
 * - the "Show original" page (`?view=om&permmsgid=msg-f:{decimal}`): the raw text is the textContent
 *   of `<pre id="raw_message_text">` (cysec-jshimizu/ibemail_extension js/inbox.js);
 * - a thread: each expanded message is `div.adn[data-message-id="#msg-f:…"]`, and older markup gives
 *   only `data-legacy-message-id` (the id in hex; KartikTalwar/gmail.js L3516, L4295–4297). Its
 *   original is read same-origin from the Show original URL, built on the page's own base path
 *   (`/mail/u/{n}/`, or `/mail/b/{token}/u/{n}/` for a delegated mailbox, as InboxSDK handles it),
 *   with the account's `ik` from an existing `ik=` link or the inline `_GM_setData` script; legacy
 *   hex ids are asked for with `th=` as gmail.js and InboxSDK do, not converted.
 * A reply just sent still carries a client-side id until Gmail syncs it (InboxSDK
 * getGmailMessageIdForSyncMessageId: a `msg-a:` id without `data-legacy-message-id`): its original
 * is asked for again a few times, and only then reported. Reads are throttled (lib/throttle.ts).
 * Where the original cannot be read, loadRaw rejects with 'gmail-open-original' and the badge tells
 * the agent how to open it by hand.
 */
import { createThrottle } from './lib/throttle';
import { getTextSameOrigin } from './lib/same-origin';
import { RawUnavailable, type FoundMessage, type ScanReport, type SiteAdapter } from './types';

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
  /**
   * Inline boot scripts: `_GM_setData({"w43KIf":[…,…,"<ik>",…]})` (B.2: cysec getGmId, idx
   * 49768980677, 59082124548), see thread-legacy.html and thread-delegated.html; older pages
   * defined `var GLOBALS=[…]` with ik 10th (gmail.js L75 reads GLOBALS[9]; idx 53549997875 parses
   * the text), see ikOf's test.
   */
  bootScript: [
    // An inline script (Gmail's carry a nonce).
    'script:not([src])',
  ],
} as const;

const IK = /^[0-9a-f]{6,20}$/i;
/** Longest prefix of a boot script searched for the ik: the keys sit near its top. */
const MAX_SCRIPT_SCAN = 1 << 20;

/** Delays before asking again for the original of a reply that Gmail has not synced yet. */
export const UNSYNCED_RETRY_MS = [1500, 4000, 10_000, 20_000];

/** A few reads at a time and at most 40 per 10 s (InboxSDK: ~50 per 10 s for itself, B.2). */
const reads = createThrottle({ concurrent: 2, perWindow: 40, windowMs: 10_000 });

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

/**
 * The page's mailbox base path, which every same-origin URL is built on: "/mail/u/1/",
 * "/mail/b/{token}/u/0/" (a delegated mailbox), "/mail/" when the path names no account.
 */
export function mailBase(url: URL): string {
  return /^\/mail(?:\/b\/[^/?#]+)?(?:\/u\/\d+)?(?:\/d\/[^/?#]+)?\//.exec(url.pathname)?.[0] ?? '/mail/';
}

/** How to ask for a message's original: `permmsgid=msg-f:…` / `msg-a:…`, or `th=<hex>` for a legacy id. */
export interface MessageRef {
  param: 'permmsgid' | 'th';
  value: string;
  /** A message this account sent that Gmail may not have synced yet (no legacy id beside it). */
  unsynced: boolean;
}

export function messageRefOf(el: Element): MessageRef | null {
  const current = (el.getAttribute('data-message-id') ?? '').replace(/^#/, '');
  const legacy = el.getAttribute('data-legacy-message-id') ?? '';
  if (/^msg-[fa]:[\w-]{1,40}$/.test(current)) return { param: 'permmsgid', value: current, unsynced: current.startsWith('msg-a:') && legacy === '' };
  if (/^[0-9a-f]{1,16}$/i.test(legacy)) return { param: 'th', value: legacy.toLowerCase(), unsynced: false };
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

/** Element `index` of the array literal that starts after `marker` in `text`, unquoted; null when absent. */
function arrayItemAfter(text: string, marker: string, index: number): string | null {
  const at = text.indexOf(marker);
  if (at < 0) return null;
  const open = text.indexOf('[', at + marker.length);
  if (open < 0 || open > at + marker.length + 4) return null;
  return topLevelItems(text.slice(open + 1, open + 1 + 4096), index + 1)[index]?.replace(/^["']|["']$/g, '') ?? null;
}

/** The account's ik: from an ik= link, then the _GM_setData boot script, then a GLOBALS one; null when the page has none. */
export function ikOf(root: ParentNode): string | null {
  for (const sel of SELECTORS.ikLink) {
    for (const a of root.querySelectorAll(sel)) {
      const ik = /[?&]ik=([^&#]+)/.exec(a.getAttribute('href') ?? '')?.[1];
      if (ik && IK.test(ik)) return ik;
    }
  }
  for (const sel of SELECTORS.bootScript) {
    for (const s of root.querySelectorAll(sel)) {
      const text = (s.textContent ?? '').slice(0, MAX_SCRIPT_SCAN);
      if (!text.includes('_GM_setData') && !text.includes('GLOBALS')) continue;
      for (const ik of [arrayItemAfter(text, '"w43KIf":', 2), arrayItemAfter(text, 'GLOBALS=', 9), arrayItemAfter(text, 'GLOBALS = ', 9)]) {
        if (ik && IK.test(ik)) return ik;
      }
    }
  }
  return null;
}

/** The Show original URL of a message (B.2), on the page's own base path. */
export function originalUrl(url: URL, ref: Pick<MessageRef, 'param' | 'value'>, ik: string | null): URL {
  const u = new URL(mailBase(url), url);
  if (ik) u.searchParams.set('ik', ik);
  u.searchParams.set('view', 'om');
  u.searchParams.set(ref.param, ref.value);
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
      placement: 'element',
      async loadRaw() {
        const raw = pre.textContent ?? '';
        if (raw.trim() === '') throw new RawUnavailable('empty');
        return raw;
      },
    },
  ];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Reads one original: throttled; a reply not synced yet is asked for again later instead of failing. */
function originalReader(url: URL, ref: MessageRef | null, ik: string | null): FoundMessage['loadRaw'] {
  return async (signal) => {
    if (!ref) throw new RawUnavailable('gmail-open-original', 'no message id on the page');
    const delays = ref.unsynced ? UNSYNCED_RETRY_MS : [];
    for (let attempt = 0; ; attempt++) {
      let why: RawUnavailable;
      try {
        const html = await reads.run(() => getTextSameOrigin({ url: originalUrl(url, ref, ik), signal }, url), signal);
        const raw = rawFromOriginalPage(html);
        if (raw !== null) return raw;
        why = new RawUnavailable('gmail-open-original', 'the Show original page had no raw text');
      } catch (err) {
        if (signal.aborted || !(err instanceof RawUnavailable)) throw err;
        // These say something the agent can act on; the rest mean "Gmail did not give it".
        if (err.code === 'too-large' || err.code === 'redirected' || err.code === 'signed-out' || err.code === 'rate-limited') throw err;
        why = new RawUnavailable('gmail-open-original', err.detail || err.code);
      }
      const wait = delays[attempt];
      if (wait === undefined) throw why;
      await sleep(wait, signal);
    }
  };
}

/** ik values found per page: the links and boot script are looked for once, not on every scan. */
const ikCache = new WeakMap<object, string>();

function threadMessages(root: ParentNode, url: URL, report: ScanReport): FoundMessage[] {
  const found: FoundMessage[] = [];
  const seen = new Set<string>();
  const els = allMatches(root, SELECTORS.message);
  if (els.length === 0) return found;
  const doc = (root as Node).ownerDocument ?? root;
  let ik = ikCache.get(doc) ?? null;
  if (!ik) {
    ik = ikOf(doc);
    if (ik) ikCache.set(doc, ik);
  }
  let unsynced = 0;
  for (const el of els) {
    const ref = messageRefOf(el);
    const key = `gmail:${ref ? (ref.param === 'th' ? `th:${ref.value}` : ref.value) : `unknown-${found.length}`}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (ref?.unsynced) unsynced++;
    const slot = firstMatch(el, SELECTORS.badgeSlot);
    found.push({
      key,
      anchor: slot ?? el,
      position: slot ? 'beforeend' : 'afterbegin',
      placement: 'element',
      label: senderLabel(el),
      loadRaw: originalReader(url, ref, ik),
    });
  }
  const notes: string[] = [];
  if (!ik) notes.push('no-ik');
  if (unsynced > 0) notes.push('unsynced');
  if (notes.length) report.notes = notes;
  report.markers = {
    'messages-with-id': root.querySelectorAll(SELECTORS.message[0]).length,
    'messages-with-legacy-id': root.querySelectorAll('[data-legacy-message-id]').length,
    'ik-found': ik ? 1 : 0,
    'unsynced-replies': unsynced,
  };
  return found;
}

export const gmail: SiteAdapter = {
  id: 'gmail',
  matches: (url) => url.protocol === 'https:' && url.hostname === 'mail.google.com',
  async findMessages(root, url) {
    const report: ScanReport = { site: 'gmail', shape: 'unknown', onPage: 0, markers: {} };
    let messages: FoundMessage[];
    if (url.searchParams.get('view') === 'om') {
      messages = showOriginalPage(root, url);
      report.shape = 'gmail-original';
    } else {
      messages = threadMessages(root, url, report);
      report.shape = messages.length > 0 ? 'gmail-thread' : 'gmail-no-thread';
    }
    report.onPage = messages.length;
    report.withRaw = messages.length;
    return { messages, report };
  },
};
