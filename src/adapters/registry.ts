import type { SiteAdapter } from './types';

/** Ordered: specific hosts first, the generic adapter last. Site adapters register here, one file each. */
export const adapters: readonly SiteAdapter[] = [];

export function pickAdapter(url: URL): SiteAdapter | undefined {
  return adapters.find((a) => a.matches(url));
}
