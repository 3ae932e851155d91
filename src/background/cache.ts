/**
 * Analyses cached by content hash in storage.session, so a ticket re-rendered by its single-page app
 * (or the same message on two tabs) is analysed once. The key also hashes the options, because the
 * agent's addresses and keys change the result ("encrypted to you", reply rules).
 */
import type { Analysis, AnalyzeOptions } from '../core';
import type { SessionArea } from './tab-state';

const encoder = new TextEncoder();

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', typeof data === 'string' ? encoder.encode(data) : (data as Uint8Array<ArrayBuffer>));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const CACHE_PREFIX = 'analysis:';

export async function cacheKey(rawHash: string, options: AnalyzeOptions): Promise<string> {
  return `${CACHE_PREFIX}${rawHash}:${(await sha256Hex(JSON.stringify(options))).slice(0, 16)}`;
}

export async function readCached(area: SessionArea, key: string): Promise<Analysis | null> {
  const got = await area.get(key);
  const hit = got[key];
  return typeof hit === 'object' && hit !== null ? (hit as Analysis) : null;
}

/**
 * Best effort: when storage.session is full (10 MB in Chromium), the cache is emptied and the
 * write tried once more; a failed cache write never fails the analysis.
 */
export async function writeCached(area: SessionArea, key: string, analysis: Analysis): Promise<void> {
  try {
    await area.set({ [key]: analysis });
  } catch {
    try {
      const all = await area.get(null);
      await area.remove(Object.keys(all).filter((k) => k.startsWith(CACHE_PREFIX)));
      await area.set({ [key]: analysis });
    } catch {
      /* the analysis is still returned; only the cache is lost */
    }
  }
}
