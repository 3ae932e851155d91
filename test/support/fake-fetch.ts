/**
 * A fake `fetch` for adapter tests: answers from a route function, records every URL asked for,
 * honours AbortSignal (also while a delayed answer is pending).
 */
export type Route = (url: URL, init: RequestInit) => Response | undefined | Promise<Response | undefined>;

export interface FakeFetch {
  fetch: typeof fetch;
  calls: string[];
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('aborted', 'AbortError');
}

export function fakeFetch(route: Route, opts: { delayMs?: number } = {}): FakeFetch {
  const calls: string[] = [];
  const impl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    calls.push(url.href);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortError(signal);
    if (opts.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, opts.delayMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(abortError(signal));
        });
      });
    }
    const res = await route(url, init);
    return res ?? new Response('not found', { status: 404 });
  };
  return { fetch: impl as typeof fetch, calls };
}

export const json = (body: unknown): Response => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
export const eml = (raw: string | Uint8Array): Response => new Response(raw as BodyInit, { headers: { 'content-type': 'message/rfc822' } });
