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
  blur: 'Blur',
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

/** Spellings a detector may use for each vendor (compared without punctuation, as a prefix). */
const VENDOR_ALIASES: Record<Vendor, string[]> = {
  microsoft: ['microsoft', 'purview', 'ome', 'office365', 'o365', 'm365', 'rpmsg', 'azurerms', 'irm'],
  virtru: ['virtru'],
  zix: ['zix'],
  proofpoint: ['proofpoint'],
  cisco: ['cisco', 'ironport', 'cres'],
  mimecast: ['mimecast'],
  egress: ['egress'],
  paubox: ['paubox'],
  tuta: ['tuta'],
  proton: ['proton'],
  google: ['google', 'gmailcse', 'cse'],
  'trend-micro': ['trendmicro', 'trend'],
  echoworx: ['echoworx'],
  datamotion: ['datamotion'],
};

export function vendorOf(provider: string | undefined): Vendor | undefined {
  const p = (provider ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!p) return undefined;
  return VENDORS.find((v) => VENDOR_ALIASES[v].some((alias) => p.startsWith(alias)));
}

export function vendorName(v: Vendor): string {
  return VENDOR_NAMES[v];
}

/** Every product name the engine may print: data, not prose (the readability and leak tests skip them). */
export const PRODUCT_NAMES: readonly string[] = [...new Set([...Object.values(SERVICES), ...Object.values(VENDOR_NAMES)])];
