import { generic } from './generic';
import { gmail } from './gmail';
import type { SiteAdapter } from './types';
import { zendesk } from './zendesk';

/**
 * Ordered: specific hosts first, the generic adapter last (it matches any page and only ever runs
 * on demand). A meta-test checks that every adapter file is listed here.
 */
export const adapters: readonly SiteAdapter[] = [zendesk, gmail, generic];

/** The site adapter for a URL, or undefined on a page no site adapter knows (generic excluded). */
export function pickSiteAdapter(url: URL): SiteAdapter | undefined {
  return adapters.find((a) => a.id !== 'generic' && a.matches(url));
}

/** The adapter to run on demand: the site's own when one matches, the generic one otherwise. */
export function pickAdapter(url: URL): SiteAdapter {
  return adapters.find((a) => a.matches(url)) ?? generic;
}
