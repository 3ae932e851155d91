import { generic } from './generic';
import { gmail } from './gmail';
import type { SiteAdapter } from './types';
import { zammad } from './zammad';
import { zendesk } from './zendesk';

/**
 * Ordered: specific hosts first, the generic adapter last (it matches any page and only ever runs
 * on demand). A meta-test checks that every adapter file is listed here.
 */
export const adapters: readonly SiteAdapter[] = [zendesk, gmail, zammad, generic];

/** The site adapter for a URL, or undefined on a page no site adapter knows (generic excluded). */
export function pickSiteAdapter(url: URL): SiteAdapter | undefined {
  return adapters.find((a) => a.id !== 'generic' && a.matches(url));
}

/**
 * On a desk domain the agent added (any host): the adapter whose app this page shows, by its URL
 * shape and page markers (a host-mapped Zendesk, a Zammad), or undefined while none is recognised.
 */
export function pickDeskAdapter(url: URL, doc: ParentNode): SiteAdapter | undefined {
  return adapters.find((a) => a.recognizes?.(url, doc) === true);
}

/** The adapter for a page in a tab: the host's own, else the one the page shows itself to be. */
export function pickPageAdapter(url: URL, doc: ParentNode): SiteAdapter | undefined {
  return pickSiteAdapter(url) ?? pickDeskAdapter(url, doc);
}

/** The adapter to run on demand: the site's own when one matches or the page is recognised, the generic one otherwise. */
export function pickAdapter(url: URL, doc?: ParentNode): SiteAdapter {
  return pickSiteAdapter(url) ?? (doc ? pickDeskAdapter(url, doc) : undefined) ?? generic;
}
