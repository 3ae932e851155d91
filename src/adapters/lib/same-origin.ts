/**
 * The only network read an adapter may make: GET a URL of the page's own origin, with the agent's
 * session (cookies), abortable. Anything else is refused before a request is made — Veil sends
 * nothing anywhere (issue 6 "Rules"; a link on a hostile page must not make us fetch elsewhere).
 */
import { RawUnavailable } from '../types';

export interface SameOriginRead {
  url: URL;
  signal: AbortSignal;
  accept?: string;
}

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

/** GET on the same origin; rejects with RawUnavailable('fetch-failed') on a network or HTTP error. */
export async function getSameOrigin({ url, signal, accept }: SameOriginRead, base: URL): Promise<Response> {
  if (url.origin !== base.origin) throw new RawUnavailable('not-same-origin', url.origin);
  let res: Response;
  try {
    res = await fetch(url.href, {
      method: 'GET',
      // The agent's own session: same-origin cookies (Zendesk `_zendesk_session`, Gmail SID).
      credentials: 'include',
      // Never follow a redirect off the origin silently: an opaque redirect is treated as a failure.
      redirect: 'follow',
      headers: accept ? { accept } : undefined,
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw signal.reason ?? err;
    throw new RawUnavailable('fetch-failed', err instanceof Error ? err.message : String(err));
  }
  if (res.url && new URL(res.url, base).origin !== base.origin) throw new RawUnavailable('not-same-origin', 'redirected');
  if (!res.ok) throw new RawUnavailable('fetch-failed', `HTTP ${res.status}`);
  return res;
}

export async function getTextSameOrigin(read: SameOriginRead, base: URL): Promise<string> {
  const res = await getSameOrigin(read, base);
  return res.text();
}
