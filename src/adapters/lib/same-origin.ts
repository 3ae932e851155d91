/**
 * The only network read an adapter may make: GET a URL of the page's own origin, with the agent's
 * session (cookies), abortable. Anything else is refused before a request is made — Veil sends
 * nothing anywhere (issue 6 "Rules"; a link on a hostile page must not make us fetch elsewhere).
 *
 * - Redirects are not followed (`redirect: 'manual'`): following one would already have sent the
 *   request, with credentials, wherever it pointed (an API may name a raw source "hosted
 *   externally", RELAYS-AND-HOSTS.md B.1). A redirect is reported as 'redirected'.
 * - 401 / 403 / 404 each have their own code; 429 waits as long as `Retry-After` asks (seconds or
 *   an HTTP date, RFC 9110 §10.2.3), a few times, and every read of the origin waits with it.
 * - Firefox: MDN ("Content scripts", XHR and fetch) says a content script's global `fetch` runs with
 *   the extension's privileges and sends no Origin/Referer like the page would, and that
 *   `content.fetch` makes the request as the page itself (Firefox's test_ext_file_access.js calls
 *   both). Measured on Firefox 153 ESR with this MV3 build (test/e2e/firefox.test.ts, 2026-12-03):
 *   both send the page's SameSite=Strict session cookie, Referer = the page, Sec-Fetch-Site:
 *   same-origin. `content.fetch` is still used where it exists: it is the page's own request by
 *   definition, on any Firefox version.
 */
import { MAX_RAW_BYTES } from '../../core/limits';
import { RawUnavailable } from '../types';
import { looksLikeRawMessage } from './raw-text';

export interface SameOriginRead {
  url: URL;
  signal: AbortSignal;
  accept?: string;
}

/** 429s waited out per read before giving up; the longest wait honoured (longer: reported, not waited). */
export const RATE_LIMIT_RETRIES = 3;
export const MAX_RETRY_WAIT_MS = 60_000;

/** Resolves `href` against `base` and checks it stays on base's origin (scheme, host and port). */
export function sameOriginUrl(href: string, base: URL): URL | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  return url.origin === base.origin ? url : null;
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** The page's own fetch in Firefox (`content.fetch`), the global one elsewhere (Chromium's content
 *  scripts already fetch as the page). Looked up per call, so tests can stub the global. */
export function pageFetch(): FetchLike {
  const page = (globalThis as { content?: { fetch?: FetchLike } }).content;
  if (page && typeof page.fetch === 'function') return (input, init) => page.fetch!(input, init);
  return (input, init) => fetch(input, init);
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Per origin: no read starts before this time (a 429 holds every read of the origin, not just its own). */
const coolUntil = new Map<string, number>();

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}

function statusError(res: Response): RawUnavailable {
  const detail = `HTTP ${res.status}`;
  if (res.status === 401) return new RawUnavailable('signed-out', detail);
  if (res.status === 403) return new RawUnavailable('no-access', detail);
  if (res.status === 404 || res.status === 410) return new RawUnavailable('not-found', detail);
  return new RawUnavailable('fetch-failed', detail);
}

/** GET on the same origin; rejects with a RawUnavailable saying why when the answer is not the resource. */
export async function getSameOrigin({ url, signal, accept }: SameOriginRead, base: URL): Promise<Response> {
  if (url.origin !== base.origin) throw new RawUnavailable('not-same-origin', url.origin);
  for (let attempt = 0; ; attempt++) {
    const wait = (coolUntil.get(url.origin) ?? 0) - Date.now();
    if (wait > 0) await sleep(wait, signal);
    let res: Response;
    try {
      res = await pageFetch()(url.href, {
        method: 'GET',
        // The agent's own session: same-origin cookies (Zendesk `_zendesk_session`, Gmail SID).
        credentials: 'include',
        redirect: 'manual',
        headers: accept ? { accept } : {},
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw signal.reason ?? err;
      throw new RawUnavailable('fetch-failed', err instanceof Error ? err.message : String(err));
    }
    // A manual redirect comes back opaque (type 'opaqueredirect', status 0): its target is not
    // even readable, which is the point. A 3xx seen otherwise (a fake fetch, an older engine) too.
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) throw new RawUnavailable('redirected', res.status ? `HTTP ${res.status}` : '');
    if (res.url && sameOriginUrl(res.url, base) === null) throw new RawUnavailable('redirected', 'another origin');
    if (res.status === 429) {
      void res.body?.cancel().catch(() => undefined);
      const asked = retryAfterMs(res.headers.get('retry-after'));
      const pause = asked ?? 1000 * 2 ** attempt;
      if (attempt >= RATE_LIMIT_RETRIES || pause > MAX_RETRY_WAIT_MS) throw new RawUnavailable('rate-limited', 'HTTP 429', pause);
      coolUntil.set(url.origin, Math.max(coolUntil.get(url.origin) ?? 0, Date.now() + pause));
      continue;
    }
    if (!res.ok) throw statusError(res);
    const length = Number(res.headers.get('content-length') ?? '');
    if (length > MAX_RAW_BYTES) throw new RawUnavailable('too-large', `${length} bytes`);
    return res;
  }
}

/** The body as text, refused when larger than Veil analyses (UTF-16 units never exceed UTF-8 bytes). */
export async function boundedText(res: Response): Promise<string> {
  const text = await res.text();
  if (text.length > MAX_RAW_BYTES) throw new RawUnavailable('too-large', `${text.length} characters`);
  return text;
}

export async function getTextSameOrigin(read: SameOriginRead, base: URL): Promise<string> {
  return boundedText(await getSameOrigin(read, base));
}

/**
 * A desk's JSON API answer (same origin, the agent's session). An HTML page where JSON was asked
 * for is the desk's sign-in page (an ended session, an SSO proxy): 'signed-out', said so in the
 * popup's diagnostics, never an empty list.
 */
export async function getJsonSameOrigin(url: URL, base: URL, signal: AbortSignal): Promise<unknown> {
  const text = await boundedText(await getSameOrigin({ url, signal, accept: 'application/json' }, base));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RawUnavailable('signed-out', 'not JSON');
  }
}

/**
 * The raw RFC 822 source at `url` (same origin as `page`). An expired session answers with the
 * sign-in page, not the message; the media type alone is not trusted either way: a message served
 * as text/html is still a message.
 */
export async function getRawSameOrigin(url: URL, page: URL, signal: AbortSignal): Promise<string> {
  const res = await getSameOrigin({ url, signal, accept: 'message/rfc822' }, page);
  const raw = await boundedText(res);
  if (raw.trim() === '') throw new RawUnavailable('empty');
  if ((res.headers.get('content-type') ?? '').includes('text/html') && !looksLikeRawMessage(raw)) throw new RawUnavailable('signed-out');
  return raw;
}
