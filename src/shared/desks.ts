/**
 * The agent's own desk domains (a host-mapped Zendesk, a self-hosted Zammad): how an address an
 * agent or an administrator typed becomes an origin, the match pattern Veil asks the browser for,
 * and which origins Veil already covers by itself (manifest host_permissions).
 */

/**
 * A desk origin from what was typed ("support.example.com", "https://support.example.com/agent/tickets/1"):
 * the https or http origin, or null. No user name or password; the path is dropped.
 */
export function deskOriginOf(input: string): string | null {
  let text = input.trim();
  if (text === '' || text.length > 2048) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return url.origin;
}

/**
 * The match pattern asked for and registered: the origin's scheme and host, every path. Match
 * patterns take no port in Firefox, so a desk on a port is asked for its host on every port; the
 * reads themselves stay on the page's exact origin (adapters/lib/same-origin.ts).
 */
export function deskPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** A site Veil runs on by itself (manifest.json host_permissions): no desk to add there. */
export function isBuiltInSite(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === 'https:' && (url.hostname.endsWith('.zendesk.com') || url.hostname === 'mail.google.com');
}
