/**
 * Builders for relay mail with RANDOM aliases on every run, following the formats documented in
 * ../shared/domain/RELAYS-AND-HOSTS.md §A (never copied from a fixture):
 *   - reply leg:   what a support desk receives when a customer writes through a relay (From = alias)
 *   - forward leg: what the relay delivers to its user (From = reverse alias / "[via Relay]" mask)
 *   - inbound:     an ordinary sender writing TO an alias (the mask is the recipient)
 */
import { randomBytes, randomInt } from 'node:crypto';

const WORDS = [
  'amber', 'basil', 'cobalt', 'delta', 'ember', 'fable', 'gravel', 'harbor', 'ivory', 'jasper', 'kettle', 'lumen',
  'maple', 'nectar', 'onyx', 'pepper', 'quartz', 'raven', 'saffron', 'timber', 'umber', 'velvet', 'willow', 'yonder',
  'zephyr', 'acorn', 'breeze', 'cinder', 'dune', 'echo', 'fern', 'glade', 'hollow', 'island', 'juniper', 'kelp',
];
const FIRST = ['maria', 'john', 'aiko', 'pedro', 'fatima', 'liam', 'olga', 'chen', 'amara', 'noah', 'ines', 'raj'];
const LAST = ['garcia', 'smith', 'tanaka', 'silva', 'haddad', 'murphy', 'ivanova', 'wang', 'okafor', 'berg', 'rossi', 'patel'];

export const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)];
export const word = () => pick(WORDS);
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const randAlnum = (n: number, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
export const randHex = (n: number) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
export const digits = (n: number) => randAlnum(n, '0123456789');
const letters = (n: number) => randAlnum(n, 'abcdefghijklmnopqrstuvwxyz');

/** A plausible ordinary person at a random company domain. */
export function person(domain = `${word()}${word()}.example`): { name: string; address: string } {
  const f = pick(FIRST);
  const l = pick(LAST);
  return { name: `${f[0].toUpperCase()}${f.slice(1)} ${l[0].toUpperCase()}${l.slice(1)}`, address: `${f}.${l}@${domain}` };
}

export type Provider =
  | 'firefox-relay'
  | 'simplelogin'
  | 'proton-pass'
  | 'addy'
  | 'duckduckgo'
  | 'apple-siwa'
  | 'apple-private'
  | 'cloaked'
  | '33mail'
  | 'burner-mail'
  | 'amazon-marketplace'
  | 'ebay'
  | 'airbnb'
  | 'booking'
  | 'expedia'
  | 'craigslist';

/** The service name and kind Veil must report for each provider. */
export const EXPECTED: Record<Provider, { service: string; kind: string; enforced: boolean }> = {
  'firefox-relay': { service: 'firefox-relay', kind: 'privacy-relay', enforced: true },
  simplelogin: { service: 'simplelogin', kind: 'privacy-relay', enforced: true },
  'proton-pass': { service: 'proton-pass', kind: 'privacy-relay', enforced: true },
  addy: { service: 'addy', kind: 'privacy-relay', enforced: true },
  duckduckgo: { service: 'duckduckgo', kind: 'privacy-relay', enforced: false },
  'apple-siwa': { service: 'apple-hide-my-email', kind: 'privacy-relay', enforced: true },
  'apple-private': { service: 'apple-hide-my-email', kind: 'privacy-relay', enforced: true },
  cloaked: { service: 'cloaked', kind: 'privacy-relay', enforced: false },
  '33mail': { service: '33mail', kind: 'privacy-relay', enforced: false },
  'burner-mail': { service: 'burner-mail', kind: 'privacy-relay', enforced: false },
  'amazon-marketplace': { service: 'amazon-marketplace', kind: 'marketplace', enforced: false },
  ebay: { service: 'ebay', kind: 'marketplace', enforced: false },
  airbnb: { service: 'airbnb', kind: 'marketplace', enforced: false },
  booking: { service: 'booking', kind: 'marketplace', enforced: false },
  expedia: { service: 'expedia', kind: 'marketplace', enforced: false },
  craigslist: { service: 'craigslist', kind: 'marketplace', enforced: false },
};

export const PROVIDERS = Object.keys(EXPECTED) as Provider[];

const SL_DOMAINS = ['simplelogin.com', 'simplelogin.fr', 'simplelogin.io', 'aleeas.com', 'slmails.com', 'silomails.com', 'slmail.me', 'dralias.com', '8alias.com', '8shield.net'];
const PP_DOMAINS = ['passmail.net', 'passmail.com', 'passinbox.com', 'passfwd.com'];

/** A random alias in the provider's documented shape (§A.1 table, §A.5). */
export function randomAlias(p: Provider): string {
  switch (p) {
    case 'firefox-relay':
      // 9 random [a-z0-9] on mozmail.com, or a custom name on a premium user's subdomain.
      return pick([() => `${randAlnum(9)}@mozmail.com`, () => `${word()}@${word()}${digits(2)}.mozmail.com`])();
    case 'simplelogin':
      return pick([
        () => `${word()}_${word()}${digits(3)}@${pick(SL_DOMAINS)}`,
        () => `${word()}.${word()}@${letters(6)}.${pick(['simplelogin.com', 'aleeas.com'])}`,
        () => `${randHex(8)}-${randHex(4)}-4${randHex(3)}-a${randHex(3)}-${randHex(12)}@${pick(SL_DOMAINS)}`,
      ])();
    case 'proton-pass':
      return `${word()}.${word()}${digits(3)}@${pick(PP_DOMAINS)}`;
    case 'addy':
      return pick([
        () => `${randAlnum(8)}@anonaddy.me`,
        () => `${word()}.${word()}${digits(3)}@anonaddy.me`,
        () => `${word()}@${letters(7)}.anonaddy.com`,
        () => `${word()}-${word()}${digits(3)}@${letters(6)}.addy.io`,
      ])();
    case 'duckduckgo':
      return pick([() => `${word()}-${word()}-${word()}@duck.com`, () => `${letters(8)}@duck.com`])();
    case 'apple-siwa':
      return `${randAlnum(10)}@privaterelay.appleid.com`;
    case 'apple-private':
      return `${word()}-${word()}-${randAlnum(2)}@private.icloud.com`;
    case 'cloaked':
      return `${word()}.${word()}${digits(2)}@${pick(['cloaked.id', 'myclkd.email', 'clkdmail.com'])}`;
    case '33mail':
      return `${word()}${digits(2)}@${letters(7)}.33mail.com`;
    case 'burner-mail':
      return `${randAlnum(10)}@${pick(['nicoric.com', 'burnermail.io'])}`;
    case 'amazon-marketplace':
      return `${randAlnum(15)}@marketplace.amazon.${pick(['com', 'ca', 'de', 'co.uk', 'com.br', 'fr', 'co.jp'])}`;
    case 'ebay':
      return `${randHex(pick([18, 20]))}@members.ebay.${pick(['com', 'co.uk', 'de'])}`;
    case 'airbnb':
      return `${pick(FIRST)}-${randAlnum(9)}@${pick(['guest', 'host'])}.airbnb.com`;
    case 'booking':
      return `${digits(9)}-${randAlnum(4)}.${randAlnum(4)}.${randAlnum(4)}.${randAlnum(4)}@guest.booking.com`;
    case 'expedia':
      return `${randAlnum(12)}@m.expediapartnercentral.com`;
    case 'craigslist':
      return `${randHex(32)}@${pick(['reply', 'sale', 'hous', 'serv'])}.craigslist.org`;
  }
}

export interface BuiltMail {
  raw: string;
  /** The alias / token the message carries. */
  alias: string;
  /** The address the relay delivered to (To), when the builder set one. */
  deliveredTo?: string;
  replyAddress: string;
}

interface Opts {
  /** The desk address the relay delivered to (default: a random support@ address). */
  to?: string;
  /** Extra header lines (e.g. Delivered-To). */
  extra?: string[];
  subject?: string;
  /** Give the message In-Reply-To/References to this id (when the relay keeps them). */
  replyToId?: string;
  body?: string;
}

const date = () => new Date(Date.now() - randomInt(1e9)).toUTCString().replace('GMT', '+0000');
const desk = () => `support@${word()}${word()}.example`;

function assemble(lines: string[], body: string): string {
  return [...lines, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset="utf-8"', 'Content-Transfer-Encoding: 7bit', '', body, ''].join('\r\n');
}

/** What the desk receives when a customer writes (or replies) through the relay: From = the alias. */
export function replyLeg(p: Provider, o: Opts = {}): BuiltMail {
  const alias = randomAlias(p);
  const to = o.to ?? desk();
  const domain = alias.split('@')[1];
  const subject = o.subject ?? (o.replyToId ? `Re: order ${digits(6)}` : `Question about order ${digits(6)}`);
  const refs = o.replyToId ? [`In-Reply-To: <${o.replyToId}>`, `References: <${o.replyToId}>`] : [];
  const lines: string[] = [...(o.extra ?? [])];
  switch (p) {
    case 'firefox-relay':
      // _handle_reply: only Subject/From/To/Reply-To (+ MIME) survive; SES adds Date/Message-ID on the way out.
      lines.push(`Subject: ${subject}`, `From: ${alias}`, `To: ${to}`, `Reply-To: ${alias}`, `Date: ${date()}`, `Message-ID: <0100${randHex(12)}-${randHex(8)}-${randHex(4)}@email.amazonses.com>`);
      break;
    case 'simplelogin':
    case 'proton-pass': {
      const log = digits(6);
      lines.push(
        `Date: ${date()}`,
        `Subject: ${subject}`,
        `From: ${pick(FIRST)} <${alias}>`,
        `To: ${to}`,
        `Message-ID: <${digits(12)}.${digits(2)}.${digits(18)}.${log}@${domain}>`,
        ...refs,
      );
      if (randomInt(2)) lines.push('X-SimpleLogin-Type: Reply', `X-SimpleLogin-EmailLog-ID: ${log}`);
      break;
    }
    case 'addy':
      lines.push(`Date: ${date()}`, `Subject: ${subject}`, `From: ${alias}`, `To: ${to}`, `Message-ID: <${randHex(32)}@${domain}>`, ...refs);
      if (randomInt(2)) lines.push(`Feedback-ID: R:${digits(5)}:anonaddy`);
      break;
    default:
      lines.push(`Date: ${date()}`, `Subject: ${subject}`, `From: ${pick(FIRST)} <${alias}>`, `To: ${to}`, `Message-ID: <${randHex(20)}@${domain}>`, ...refs);
  }
  return { raw: assemble(lines, o.body ?? 'Hello, I have a question.'), alias, deliveredTo: to, replyAddress: alias };
}

/**
 * What the relay delivers to its own user (here: the desk that receives through a relay address).
 * Only the providers whose forward-leg format is documented.
 */
export function forwardLeg(p: 'firefox-relay' | 'simplelogin' | 'proton-pass' | 'addy' | 'duckduckgo' | 'apple-hme', o: Opts = {}): BuiltMail {
  const sender = person();
  const mailbox = o.to ?? desk();
  const subject = o.subject ?? `Hello ${word()}`;
  const lines: string[] = [...(o.extra ?? [])];
  switch (p) {
    case 'firefox-relay': {
      const mask = randomAlias('firefox-relay');
      const replyTo = 'replies@relay.firefox.com';
      lines.push(`Subject: ${subject}`, `From: "${sender.name} <${sender.address}> [via Relay]" <${mask}>`, `To: ${mailbox}`, `Reply-To: ${replyTo}`, `Resent-From: ${sender.address}`);
      return { raw: assemble(lines, `This email was sent to your alias ${mask}.\n---Begin Email---\nHi`), alias: mask, deliveredTo: mailbox, replyAddress: replyTo };
    }
    case 'simplelogin':
    case 'proton-pass': {
      const alias = randomAlias(p);
      const [l, d] = sender.address.split('@');
      const reverse = pick([
        () => `${letters(20 + randomInt(31))}@simplelogin.co`,
        () => `${`${l}_at_${d}`.replace(/\./g, '_').slice(0, 45)}_${letters(5 + randomInt(6))}@simplelogin.co`,
      ])();
      lines.push(
        `Date: ${date()}`,
        `Subject: ${subject}`,
        `From: "${sender.name} - ${l} at ${d}" <${reverse}>`,
        `To: ${alias}`,
        `Message-ID: <${randHex(16)}@${d}>`,
        'X-SimpleLogin-Type: Forward',
        `X-SimpleLogin-EmailLog-ID: ${digits(7)}`,
        `X-SimpleLogin-Envelope-To: ${alias}`,
        `Delivered-To: ${mailbox}`,
      );
      return { raw: assemble(lines, 'Hi'), alias: reverse, deliveredTo: mailbox, replyAddress: reverse };
    }
    case 'addy': {
      const alias = randomAlias('addy');
      const [al, ad] = alias.split('@');
      const [l, d] = sender.address.split('@');
      const token = `${al}+${l}=${d}@${ad}`;
      lines.push(
        `Date: ${date()}`,
        `Subject: ${subject}`,
        `From: ${sender.name} '${l} at ${d}' <${token}>`,
        `To: ${mailbox}`,
        `Message-ID: <${randHex(16)}@${d}>`,
        `Feedback-ID: F:${digits(5)}:anonaddy`,
        `X-AnonAddy-Original-Sender: ${sender.address}`,
      );
      return { raw: assemble(lines, 'Hi'), alias: token, deliveredTo: mailbox, replyAddress: token };
    }
    case 'duckduckgo': {
      const duck = randomAlias('duckduckgo').split('@')[0];
      const token = `${sender.address.replace('@', '_at_')}_${duck}@duck.com`;
      lines.push(`Date: ${date()}`, `Subject: ${subject}`, `From: "${sender.name}" <${token}>`, `To: ${mailbox}`, `Message-ID: <${randHex(16)}@duck.com>`);
      return { raw: assemble(lines, 'Hi'), alias: token, deliveredTo: mailbox, replyAddress: token };
    }
    case 'apple-hme': {
      const hme = `${word()}-${word()}-${randAlnum(2)}@icloud.com`;
      const [l, d] = sender.address.split('@');
      const rewritten = `${l.replace(/\./g, '_')}_at_${d.replace(/\./g, '_')}_${randAlnum(6)}_${randAlnum(6)}@icloud.com`;
      lines.push(
        `Date: ${date()}`,
        `Subject: ${subject}`,
        `From: ${sender.name} <${rewritten}>`,
        `To: Hide My Email <${hme}>`,
        `X-ICLOUD-HME: p=${hme}; d=; f=${mailbox}; r=to; s=${sender.address}`,
        `Delivered-To: ${mailbox}`,
        `Message-ID: <${randHex(16)}@${d}>`,
      );
      return { raw: assemble(lines, 'Hi'), alias: rewritten, deliveredTo: mailbox, replyAddress: rewritten };
    }
  }
}

/** An ordinary person writing TO an alias: the mask is the recipient, never the sender. */
export function inboundToAlias(p: Provider): BuiltMail {
  const alias = randomAlias(p);
  const sender = person(pick(['gmail.com', 'outlook.com', `${word()}.example`]));
  const lines = [`Date: ${date()}`, `Subject: Your ${word()} order`, `From: ${sender.name} <${sender.address}>`, `To: <${alias}>`, `Message-ID: <${randHex(16)}@mail.example>`];
  return { raw: assemble(lines, 'Hi'), alias, deliveredTo: alias, replyAddress: sender.address };
}

/** An ordinary message from `from` (with optional Reply-To and extra headers). */
export function plainMail(from: string, o: { replyTo?: string; subject?: string; extra?: string[]; to?: string; body?: string } = {}): string {
  const lines = [
    `Date: ${date()}`,
    `Subject: ${o.subject ?? `About ${word()}`}`,
    `From: ${from}`,
    `To: ${o.to ?? desk()}`,
    `Message-ID: <${randHex(16)}@${from.split('@')[1]?.replace(/>.*$/, '') ?? 'mail.example'}>`,
    ...(o.replyTo ? [`Reply-To: ${o.replyTo}`] : []),
    ...(o.extra ?? []),
  ];
  return assemble(lines, o.body ?? 'Hello');
}
