/**
 * Product and service names. These are proper nouns (data, the same in every language), so they
 * live here and not in the catalogues; anything that needs translating stays in i18n.
 * Ids follow the detectors' `service` / `provider` values (RELAYS-AND-HOSTS.md, ENCRYPTION.md §B);
 * unknown ids fall back to a generic phrase in the catalogue.
 */

const SERVICES: Record<string, string> = {
  'apple-hide-my-email': 'Apple Hide My Email',
  'firefox-relay': 'Firefox Relay',
  duckduckgo: 'DuckDuckGo Email Protection',
  simplelogin: 'SimpleLogin',
  'proton-pass': 'Proton Pass',
  addy: 'addy.io',
  'fastmail-masked-email': 'Fastmail Masked Email',
  fastmail: 'Fastmail Masked Email',
  cloaked: 'Cloaked',
  '33mail': '33mail',
  'burner-mail': 'Burner Mail',
  'amazon-marketplace': 'Amazon',
  ebay: 'eBay',
  airbnb: 'Airbnb',
  booking: 'Booking.com',
  'booking-com': 'Booking.com',
  expedia: 'Expedia',
  craigslist: 'Craigslist',
  etsy: 'Etsy',
  github: 'GitHub',
  'google-groups': 'Google Groups',
  mailman: 'Mailman',
  srs: 'SRS',
};

/** Known relay/list/platform service name, or undefined for 'unknown' and unlisted ids. */
export function serviceName(id: string | undefined): string | undefined {
  if (!id || id === 'unknown') return undefined;
  return SERVICES[id.toLowerCase()];
}

/** Canonical portal vendor ids; detectors may spell them differently, so normalise loosely. */
export const VENDORS = [
  'microsoft',
  'virtru',
  'zix',
  'proofpoint',
  'cisco',
  'mimecast',
  'egress',
  'paubox',
  'tuta',
  'proton',
  'google',
  'trend-micro',
  'echoworx',
  'datamotion',
] as const;
export type Vendor = (typeof VENDORS)[number];

const VENDOR_NAMES: Record<Vendor, string> = {
  microsoft: 'Microsoft Purview Message Encryption',
  virtru: 'Virtru',
  zix: 'Zix',
  proofpoint: 'Proofpoint Encryption',
  cisco: 'Cisco Secure Email Encryption',
  mimecast: 'Mimecast',
  egress: 'Egress',
  paubox: 'Paubox',
  tuta: 'Tuta',
  proton: 'Proton Mail',
  google: 'Google Workspace',
  'trend-micro': 'Trend Micro Email Encryption',
  echoworx: 'Echoworx',
  datamotion: 'DataMotion',
};

export function vendorOf(provider: string | undefined): Vendor | undefined {
  const p = (provider ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!p) return undefined;
  if (/microsoft|purview|office365|ome|rpmsg|m365|outlook/.test(p)) return 'microsoft';
  if (p.includes('trend')) return 'trend-micro';
  if (p.includes('google') || p === 'cse' || p.includes('gmail')) return 'google';
  if (p.includes('tuta')) return 'tuta';
  if (p.includes('proton')) return 'proton';
  if (p.includes('cisco') || p.includes('ironport') || p.includes('cres')) return 'cisco';
  return VENDORS.find((v) => p.includes(v.replace(/-/g, '')));
}

export function vendorName(v: Vendor): string {
  return VENDOR_NAMES[v];
}

/** Every product name the engine may print: data, not prose (the readability and leak tests skip them). */
export const PRODUCT_NAMES: readonly string[] = [...new Set([...Object.values(SERVICES), ...Object.values(VENDOR_NAMES)])];
