/**
 * Relay providers as data: their domains, address formats, marker headers, reply rules and what
 * they do to threading headers. sender.ts and threading.ts only interpret this table.
 *
 * Every rule carries `source`: where the fact comes from, as cited in
 * ../shared/domain/RELAYS-AND-HOSTS.md (section A). Regexes are derived from the documented
 * formats (§A.6), never from a particular message. All matching is case-insensitive.
 */
import type { SenderKind } from '../types';

/** What the relay does to Message-ID / In-Reply-To / References on one leg. */
export type ThreadEffect =
  /** In-Reply-To and References are dropped (no way to thread by headers). */
  | 'strips-references'
  /** A new Message-ID is minted but In-Reply-To/References are kept (still threads). */
  | 'replaces-message-id'
  /** Headers pass through. */
  | 'keeps'
  | 'unknown';

export interface AddressRule {
  id: string;
  /** Tested against the whole lower-cased address. */
  re: RegExp;
  /** 'alias': the user's mask; 'reply-token': a reverse alias / reply address that stands for a
   *  third party; 'service': the relay's own mailbox (notices, unsubscribe), not a mask. */
  role: 'alias' | 'reply-token' | 'service';
  source: string;
}

export interface HeaderRule {
  id: string;
  /** Lower-cased header name; a trailing "*" matches every header with that prefix. */
  name: string;
  /** With a "*" name: headers that do NOT count (stamped on mail entering the relay). */
  except?: string[];
  /** Optional test on the value; absent = presence is enough. */
  value?: RegExp;
  /** Which relay leg the header proves: 'forward' (relay → its user), 'reply' (user → outside via relay). */
  leg?: 'forward' | 'reply';
  source: string;
}

export interface ReplyRule {
  /** Whether replies through the relay are accepted only from the mailbox it delivered to. */
  enforced: boolean;
  /** The rule is not documented; `enforced` reflects that we cannot say. */
  unconfirmed?: boolean;
  /** The relay compares after removing a +tag from the replying address. */
  stripsPlusTag?: boolean;
  /** One line: what happens to a reply from another address. */
  note: string;
  source: string;
}

export interface RelayService {
  id: string;
  kind: SenderKind;
  /** Whether a message from this service hides the person behind it. */
  masked: boolean;
  /** Domains whose addresses belong to the service (exact match). */
  domains: string[];
  /** Domains under which users get their own subdomain (`anything@user.domain`). */
  subdomainsOf?: string[];
  /** When false, an address at the domains is not enough: a header or a token rule must match. */
  domainIsEnough: boolean;
  addresses?: AddressRule[];
  headers?: HeaderRule[];
  /** Message-ID the relay mints on the reply leg (local@domain, without brackets). */
  messageId?: RegExp;
  /** Envelope sender (Return-Path) VERP format. */
  returnPath?: RegExp;
  replyRule?: ReplyRule;
  threading?: { forward: ThreadEffect; reply: ThreadEffect; source: string };
  source: string;
}

const FX = 'mozilla/fx-private-relay@978af78';
const SL = 'simple-login/app@dbc45fc';
const ADDY = 'anonaddy/anonaddy@202b772';

/** SimpleLogin's public alias domains (RELAYS-AND-HOSTS.md §A.3: valid_email2, disposable#95, SL docs). */
const SIMPLELOGIN_DOMAINS = [
  'simplelogin.com',
  'simplelogin.fr',
  'simplelogin.co',
  'simplelogin.io',
  'aleeas.com',
  'slmails.com',
  'silomails.com',
  'slmail.me',
  'dralias.com',
  '8alias.com',
  '8shield.net',
];
/** Proton Pass aliases run on the SimpleLogin backend (§A.1, inference from Proton's privacy policy + SL#1867). */
const PROTON_PASS_DOMAINS = ['passmail.net', 'passmail.com', 'passinbox.com', 'passfwd.com'];
const ADDY_DOMAINS = ['anonaddy.com', 'anonaddy.me', 'addy.io'];

/** Headers SimpleLogin adds to what it delivers (app/email/headers.py). Client-IP / Want-Signing are
 *  stamped on mail *entering* SimpleLogin (the fixtures' inbound tests), so they prove nothing. */
const SL_HEADERS: HeaderRule[] = [
  { id: 'sl-type-forward', name: 'x-simplelogin-type', value: /^forward$/i, leg: 'forward', source: `${SL} email_handler.py L902` },
  { id: 'sl-type-reply', name: 'x-simplelogin-type', value: /^reply$/i, leg: 'reply', source: `${SL} email_handler.py L1313` },
  { id: 'sl-emaillog', name: 'x-simplelogin-emaillog-id', source: `${SL} app/email/headers.py` },
  { id: 'sl-envelope-to', name: 'x-simplelogin-envelope-to', leg: 'forward', source: `${SL} email_handler.py L904-913` },
  { id: 'sl-envelope-from', name: 'x-simplelogin-envelope-from', leg: 'forward', source: `${SL} email_handler.py L904-913` },
  { id: 'sl-original-from', name: 'x-simplelogin-original-from', leg: 'forward', source: `${SL} email_handler.py L904-913` },
  {
    id: 'sl-header',
    name: 'x-simplelogin-*',
    except: ['x-simplelogin-client-ip', 'x-simplelogin-want-signing'],
    source: `${SL} app/email/headers.py (X-SimpleLogin-* set on delivered mail)`,
  },
];

/** SimpleLogin reverse aliases (generate_reply_email L1322-1381): 20-50 random letters, or the
 *  sender with @→_at_ and .→_ (≤45 chars) + _ + 5-10 letters, or legacy ra+/reply+ prefixes. */
function slReverseAlias(domains: string): AddressRule[] {
  // regex-checked: `domains` is an escaped list of literal names; test/unit/tooling/regex-safety.test.ts lints every built instance.
  return [
    { id: 'sl-reverse-alias-random', re: new RegExp(`^[a-z]{20,50}@(${domains})$`), role: 'reply-token', source: `${SL} email_handler.py generate_reply_email` },
    { id: 'sl-reverse-alias-sender', re: new RegExp(`^[a-z0-9_.+-]{1,45}_at_[a-z0-9_-]+_[a-z]{5,10}@(${domains})$`), role: 'reply-token', source: `${SL} email_handler.py generate_reply_email` },
    { id: 'sl-reverse-alias-legacy', re: new RegExp(`^(ra|reply)\\+[^@]+@(${domains})$`), role: 'reply-token', source: `${SL} email_handler.py is_reverse_alias L1375-1381` },
  ];
}

const escapeList = (list: string[]) => list.map((d) => d.replace(/\./g, '\\.')).join('|');

export const RELAY_SERVICES: RelayService[] = [
  {
    id: 'apple-hide-my-email',
    kind: 'privacy-relay',
    masked: true,
    // privaterelay.appleid.com: Sign in with Apple; private.icloud.com: new SIWA + HME domain (2026).
    // icloud.com is a mailbox domain: only the X-ICLOUD-HME header or the rewritten-From shape count.
    domains: ['privaterelay.appleid.com', 'private.icloud.com'],
    domainIsEnough: true,
    addresses: [
      {
        id: 'apple-hme-rewritten-from',
        // Forwarded copy: From = local_at_domain_with_dots_as_underscores_<rand>_<rand>@icloud.com (idx, low confidence).
        re: /^[a-z0-9._%+-]+_at_[a-z0-9_-]+_[a-z0-9]+_[a-z0-9]+@icloud\.com$/,
        role: 'reply-token',
        source: 'RELAYS-AND-HOSTS.md §A.1 Apple (idx ids 66479947631, 60731299510), §A.6 apple_hme_from',
      },
    ],
    headers: [
      {
        id: 'apple-x-icloud-hme',
        name: 'x-icloud-hme',
        value: /\bp=[^;\s]+/i,
        leg: 'forward',
        source: 'RELAYS-AND-HOSTS.md §A.1 Apple: X-ICLOUD-HME: p=<alias>; f=; r=; s= (idx); DKIM h= lists it on all iCloud mail, so only the header itself counts',
      },
    ],
    replyRule: {
      enforced: true,
      note: 'Apple accepts mail to relay addresses only from sender addresses/domains the developer registered (SPF/DKIM); others bounce',
      source: 'developer.apple.com "Communicating using the private email relay service"; forums thread 122270 (RELAYS-AND-HOSTS.md §0.2)',
    },
    threading: { forward: 'unknown', reply: 'unknown', source: 'RELAYS-AND-HOSTS.md §D: Apple reply-leg headers UNCONFIRMED' },
    source: 'RELAYS-AND-HOSTS.md §A.1 Apple, §0.4 (private.icloud.com)',
  },
  {
    id: 'firefox-relay',
    kind: 'privacy-relay',
    masked: true,
    domains: ['mozmail.com', 'relay.firefox.com'],
    subdomainsOf: ['mozmail.com'],
    domainIsEnough: true,
    addresses: [
      { id: 'fx-service', re: /^(replies|noreply|reply)@relay\.firefox\.com$/, role: 'service', source: `${FX} privaterelay/settings.py; ADR 0002 (old From addresses)` },
      { id: 'fx-random-mask', re: /^[a-z0-9]{9}@(mozmail\.com|relay\.firefox\.com)$/, role: 'alias', source: `${FX} emails/models.py L79-85 (9 random [a-z0-9])` },
    ],
    headers: [
      // Forward leg: From "<orig> [via Relay]" <mask> together with Resent-From (checked in sender.ts,
      // because it spans two headers and must work on any domain: the project's fixtures use test domains).
      { id: 'fx-resent-from', name: 'resent-from', leg: 'forward', source: `${FX} emails/views.py L800-806, emails/utils.py L287-317` },
    ],
    replyRule: {
      enforced: true,
      stripsPlusTag: true,
      note: 'replies@relay.firefox.com relays a reply only when the SMTP sender is the Relay account email (+tag stripped) of a premium user; otherwise 403, dropped',
      source: `${FX} emails/views.py _reply_allowed L1403-1441`,
    },
    threading: {
      forward: 'strips-references',
      reply: 'strips-references',
      source: `${FX} emails/views.py _handle_reply L1443-1537, _replace_headers L1121-1253 (only Subject/From/To/Reply-To + MIME survive)`,
    },
    source: `${FX}; RELAYS-AND-HOSTS.md §A.2`,
  },
  {
    id: 'duckduckgo',
    kind: 'privacy-relay',
    masked: true,
    domains: ['duck.com'],
    domainIsEnough: true,
    addresses: [
      {
        id: 'duck-reply-token',
        re: /^.+_at_.+_[^_@]+@duck\.com$/,
        role: 'reply-token',
        source: 'RELAYS-AND-HOSTS.md §A.1 DuckDuckGo: user_at_example.com_<duckname>@duck.com (DuckMailer, SendFromDuck citing DDG help)',
      },
    ],
    replyRule: {
      enforced: false,
      unconfirmed: true,
      note: 'DuckDuckGo does not document whether replies from another mailbox are refused',
      source: 'RELAYS-AND-HOSTS.md §D (DuckDuckGo: UNCONFIRMED)',
    },
    threading: { forward: 'unknown', reply: 'unknown', source: 'RELAYS-AND-HOSTS.md §D' },
    source: 'RELAYS-AND-HOSTS.md §A.1 DuckDuckGo',
  },
  {
    id: 'proton-pass',
    kind: 'privacy-relay',
    masked: true,
    domains: PROTON_PASS_DOMAINS,
    domainIsEnough: true,
    addresses: slReverseAlias(escapeList(PROTON_PASS_DOMAINS)),
    messageId: /^\d+\.\d+\.\d+\.\d+@/,
    replyRule: {
      enforced: true,
      note: 'same backend as SimpleLogin (inference): only a mailbox owning the alias may use a reverse alias; others get "250 SL E214" and are dropped',
      source: 'proton.me/pl/pass/privacy-policy; simple-login/app#1867 (RELAYS-AND-HOSTS.md §A.1 Proton Pass)',
    },
    threading: { forward: 'keeps', reply: 'replaces-message-id', source: `${SL} email_handler.py L1195-1215, L1409-1476 (inferred for Proton Pass)` },
    source: 'RELAYS-AND-HOSTS.md §A.1 Proton Pass',
  },
  {
    id: 'simplelogin',
    kind: 'privacy-relay',
    masked: true,
    domains: SIMPLELOGIN_DOMAINS,
    subdomainsOf: ['simplelogin.com', 'aleeas.com'],
    domainIsEnough: true,
    addresses: [
      ...slReverseAlias(escapeList(SIMPLELOGIN_DOMAINS)),
      { id: 'sl-service', re: /^(unsubscribe|noreply|no-reply|support|hi|contact)@simplelogin\.(co|io|com)$/, role: 'service', source: `${SL} fixtures hotmail_complaint.eml (List-Unsubscribe mailto:unsubscribe@simplelogin.co)` },
    ],
    headers: SL_HEADERS,
    // make_msgid(EmailLogID, alias_domain) → <{time*100}.{pid}.{rand}.{EmailLogID}@alias-domain>
    messageId: /^\d+\.\d+\.\d+\.\d+@/,
    returnPath: /^sl\.[a-z2-7]+\.[a-z2-7]+@/i,
    replyRule: {
      enforced: true,
      note: 'only a mailbox owning the alias may use a reverse alias; anyone else gets "250 SL E214 Unauthorized for using reverse alias" (accepted, then silently dropped)',
      source: `${SL} email_handler.py L1098-1130, app/mailbox_utils.py L515-531, app/email/status.py L22`,
    },
    threading: { forward: 'keeps', reply: 'replaces-message-id', source: `${SL} email_handler.py L1195-1215, L1409-1476, L996-1029` },
    source: `${SL}; RELAYS-AND-HOSTS.md §A.3`,
  },
  {
    id: 'addy',
    kind: 'privacy-relay',
    masked: true,
    domains: ADDY_DOMAINS,
    subdomainsOf: ADDY_DOMAINS,
    domainIsEnough: true,
    addresses: [
      { id: 'addy-unsubscribe', re: /@unsubscribe\.(anonaddy\.(com|me)|addy\.io)$/, role: 'service', source: `${ADDY} ReceiveEmail.php L96, L168` },
      // alias+local=domain@aliasdomain: the last "=" stands for "@" (ReceiveEmail.php L84-272).
      { id: 'addy-reply-token', re: /^[^+@]+\+(?:[^@=]*=)+[^=@]+\.[^=@.]+@/, role: 'reply-token', source: `${ADDY} app/Console/Commands/ReceiveEmail.php L203-263, ForwardEmail.php L251-436` },
    ],
    headers: [
      { id: 'addy-feedback-id-forward', name: 'feedback-id', value: /^\s*F:\d+:anonaddy\s*$/i, leg: 'forward', source: `${ADDY} ForwardEmail.php` },
      { id: 'addy-feedback-id-reply', name: 'feedback-id', value: /^\s*[RS]:\d+:anonaddy\s*$/i, leg: 'reply', source: `${ADDY} ReplyToEmail.php L143-174, SendFromEmail.php L153` },
      // X-AnonAddy-Dmarc-Allow is stamped by addy's own rspamd on mail ENTERING the relay: not a marker.
      ...['original-sender', 'original-envelope-from', 'original-from-header', 'original-reply-to-header', 'authentication-results', 'original-to', 'original-cc', 'spam', 'resend'].map(
        (h): HeaderRule => ({ id: `addy-x-${h}`, name: `x-anonaddy-${h}`, leg: 'forward', source: `${ADDY} app/Mail/ForwardEmail.php L251-436` }),
      ),
      { id: 'addy-x-header', name: 'x-anonaddy-*', except: ['x-anonaddy-dmarc-allow'], source: `${ADDY} app/Mail/ForwardEmail.php (X-AnonAddy-* on forwarded mail)` },
    ],
    // Reply leg: Message-ID = bin2hex(random_bytes(16))@alias-domain (ReplyToEmail.php L159-174).
    messageId: /^[0-9a-f]{32}@/,
    returnPath: /^b_[a-z2-7]+_[a-z2-7]+@/i,
    replyRule: {
      enforced: true,
      note: 'only a verified recipient with reply/send permission (and DMARC pass) may reply through alias+contact=domain@; mail from anyone else is just forwarded back to the alias owner, never to the customer',
      source: `${ADDY} ReceiveEmail.php L203-263; README "email keeps coming back to me"`,
    },
    threading: { forward: 'keeps', reply: 'replaces-message-id', source: `${ADDY} app/Mail/ReplyToEmail.php L159-174, ForwardEmail.php` },
    source: `${ADDY}; RELAYS-AND-HOSTS.md §A.4`,
  },
  {
    id: 'cloaked',
    kind: 'privacy-relay',
    masked: true,
    domains: ['cloaked.id', 'myclkd.email', 'clkdmail.com'],
    domainIsEnough: true,
    replyRule: { enforced: false, unconfirmed: true, note: 'reply rule not documented', source: 'RELAYS-AND-HOSTS.md §D' },
    source: 'Alos-no/Alos.Email.Validation RelayServiceBlocklist.cs (domains only)',
  },
  {
    id: '33mail',
    kind: 'privacy-relay',
    masked: true,
    domains: ['33mail.com'],
    subdomainsOf: ['33mail.com'],
    domainIsEnough: true,
    replyRule: { enforced: false, unconfirmed: true, note: 'reply rule not documented', source: 'RELAYS-AND-HOSTS.md §D' },
    source: 'calcom/cal.com validateDisposableEmail.ts; pastebin kJcKMK1J (anything@<user>.33mail.com)',
  },
  {
    id: 'burner-mail',
    kind: 'privacy-relay',
    masked: true,
    domains: ['nicoric.com', 'burnermail.io'],
    domainIsEnough: true,
    replyRule: { enforced: false, unconfirmed: true, note: 'reply rule not documented', source: 'RELAYS-AND-HOSTS.md §D' },
    source: 'Alos RelayServiceBlocklist.cs (nicoric.com); cal.com list (burnermail.io)',
  },
  {
    id: 'blur',
    kind: 'privacy-relay',
    masked: true,
    domains: ['opayq.com'],
    domainIsEnough: true,
    replyRule: { enforced: false, unconfirmed: true, note: 'reply rule not documented', source: 'RELAYS-AND-HOSTS.md §A.1 Blur' },
    source: 'cal.com list (opayq.com, Abine Blur)',
  },
  // Fastmail Masked Email: fastmail.com is a primary mailbox domain and the masked-address format is not
  // documented in our sources (RELAYS-AND-HOSTS.md §A.1, §D), so there is deliberately no rule for it.

  // ---- Platform relays (§A.5) ----
  {
    id: 'amazon-marketplace',
    kind: 'marketplace',
    masked: true,
    domains: [],
    domainIsEnough: true,
    addresses: [
      { id: 'amazon-buyer-alias', re: /@marketplace\.amazon\.[a-z]{2,3}(\.[a-z]{2})?$/, role: 'alias', source: 'sellercentral.amazon.com help G200383320 / 200389080; §A.6 amazon_buyer' },
    ],
    replyRule: {
      enforced: false,
      note: 'Amazon relays seller mail only from the seller\'s authorized e-mail accounts (registered in Seller Central), not per delivered-to address',
      source: 'sellercentral.amazon.com help G200383320',
    },
    source: 'RELAYS-AND-HOSTS.md §A.5 Amazon',
  },
  {
    id: 'ebay',
    kind: 'marketplace',
    masked: true,
    domains: [],
    domainIsEnough: true,
    addresses: [{ id: 'ebay-member-alias', re: /@members\.ebay\.[a-z]{2,3}(\.[a-z]{2})?$/, role: 'alias', source: 'pages.ebay.com member-to-member contact policy; §A.6 ebay_member' }],
    source: 'RELAYS-AND-HOSTS.md §A.5 eBay',
  },
  {
    id: 'airbnb',
    kind: 'marketplace',
    masked: true,
    domains: [],
    domainIsEnough: true,
    addresses: [{ id: 'airbnb-alias', re: /@(guest|host)\.airbnb\.[a-z]{2,3}(\.[a-z]{2})?$/, role: 'alias', source: 'airbnb help article 694; ownerrez proxy-email-addresses' }],
    source: 'RELAYS-AND-HOSTS.md §A.5 Airbnb',
  },
  {
    id: 'booking',
    kind: 'marketplace',
    masked: true,
    domains: [],
    domainIsEnough: true,
    addresses: [{ id: 'booking-guest-alias', re: /@guest\.booking\.com$/, role: 'alias', source: 'partner.booking.com help (alias per reservation)' }],
    replyRule: {
      enforced: false,
      note: 'Booking.com delivers partner mail to the guest alias only from sender addresses/domains registered in the Extranet',
      source: 'partner.booking.com help (Messaging preferences › Security settings)',
    },
    source: 'RELAYS-AND-HOSTS.md §A.5 Booking.com',
  },
  {
    id: 'expedia',
    kind: 'marketplace',
    masked: true,
    domains: [],
    domainIsEnough: true,
    addresses: [{ id: 'expedia-guest-alias', re: /@m\.expediapartnercentral\.com$/, role: 'alias', source: 'support.hostaway.com; cloudbeds FAQ [2nd]' }],
    source: 'RELAYS-AND-HOSTS.md §A.5 Expedia',
  },
  {
    id: 'craigslist',
    kind: 'marketplace',
    masked: true,
    domains: [],
    domainIsEnough: true,
    addresses: [
      { id: 'craigslist-service', re: /^(robot|noreply|no-reply)@craigslist\.org$/, role: 'service', source: 'craigslist system mail' },
      { id: 'craigslist-relay', re: /@[a-z0-9-]+\.craigslist\.org$/, role: 'alias', source: 'ger.digiist.com, itstillworks.com [2nd]: <random>@reply.craigslist.org, …@sale.craigslist.org' },
    ],
    source: 'RELAYS-AND-HOSTS.md §A.5 Craigslist',
  },
  {
    id: 'github',
    kind: 'notification',
    masked: true,
    domains: [],
    domainIsEnough: true,
    addresses: [
      { id: 'github-reply-token', re: /^reply\+[a-z0-9]{16,}@reply\.github\.com$/, role: 'reply-token', source: 'docs.github.com email-notification-headers; §A.6 github_reply' },
      { id: 'github-noreply-user', re: /@users\.noreply\.github\.com$/, role: 'alias', source: 'Alos RelayServiceBlocklist.cs (users.noreply.github.com)' },
    ],
    source: 'RELAYS-AND-HOSTS.md §A.5 GitHub notifications',
  },
];

/** Help desks whose tokenised reply addresses are ticket routing, never masks (§A.5 Zendesk, Freshdesk). */
export const TICKET_SYSTEM_DOMAINS = [
  'zendesk.com',
  'freshdesk.com',
  'freshservice.com',
  'helpscout.net',
  'helpscoutapp.com',
  'intercom-mail.com',
  'intercom.io',
  'frontapp.com',
  'gorgias.com',
  'gorgias.io',
  'kayako.com',
  'zohodesk.com',
  'desk.com',
  'happyfox.com',
  'helpshift.com',
  'hubspot.com',
  'salesforce.com',
  'service-now.com',
  'atlassian.net',
  'jitbit.com',
];

/**
 * Consumer mailbox providers: an address there is somebody's own mailbox, whatever its local part
 * looks like. No relay hands out aliases on them (the relay domains are in RELAY_SERVICES), so a
 * random-looking "a8f3k2m9x7q1@gmail.com" or a customer's "jane+4f8a2c9e1b7d@gmail.com" is a person,
 * never an unknown relay. Fastmail and icloud.com are here on purpose: both are "primary mailbox
 * domains" (RELAYS-AND-HOSTS.md §A.1 Fastmail, Apple; cal.com's comment in §C), and their masks are
 * recognised only by the documented headers/shapes above.
 * Whole registrable names that vary only by country suffix (hotmail.fr, yahoo.co.jp) match by label.
 */
const MAILBOX_PROVIDER_LABELS = new Set(['gmail', 'googlemail', 'hotmail', 'outlook', 'live', 'msn', 'windowslive', 'yahoo', 'ymail', 'rocketmail', 'aol', 'gmx', 'yandex', 'libero', 'orange', 'wanadoo', 'laposte', 'free', 'sfr', 'bigpond', 'rediffmail', 'naver', 'hanmail', 'daum', 'seznam', 'interia', 'onet', 'virgilio', 'telenet', 'skynet', 'btinternet', 'sky', 'shaw', 'rogers', 'sympatico', 'comcast', 'verizon', 'att', 'sbcglobal', 'bellsouth', 'cox', 'charter', 'earthlink', 'juno', 'optonline', 'zoho', 'zohomail', 'tutanota', 'tuta', 'protonmail', 'proton', 'fastmail', 'posteo', 'mailbox', 'runbox', 'startmail', 'hushmail', 'disroot', 'riseup', 'kolabnow', 'icloud', 'uol', 'bol', 'terra', 'ig', 'qq', 'foxmail', 'sina', 'sohu']);
const MAILBOX_PROVIDER_DOMAINS = ['me.com', 'mac.com', 'pm.me', 'proton.me', 'web.de', 't-online.de', 'freenet.de', 'arcor.de', 'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'ya.ru', '163.com', '126.com', 'yeah.net', 'hey.com', 'mail.com', 'email.com', 'usa.com', 'fastmail.fm', 'mail.de', 'o2.pl', 'wp.pl', 'abv.bg', 'ukr.net', 'tiscali.it', 'alice.it', 'netcourrier.com', 'rambler.ru', 'bluewin.ch', 'gmx.ch', 'zoznam.sk', 'centrum.cz', 'walla.co.il', 'rediff.com'];

/** Whether `domain` belongs to a consumer mailbox provider (a person's own mailbox, never a relay alias). */
export function isMailboxProvider(domain: string): boolean {
  const d = domain.toLowerCase();
  if (domainIn(d, MAILBOX_PROVIDER_DOMAINS, true)) return true;
  // "gmail.com", "hotmail.co.uk", "yahoo.com.br", "outlook.de": the provider's name right before a
  // (possibly two-label) country or generic suffix. Subdomains of them ("mail.yahoo.com") count too.
  const labels = d.split('.');
  for (let i = Math.max(0, labels.length - 3); i < labels.length - 1; i++) {
    const rest = labels.slice(i + 1);
    if (rest.length > 2 || !rest.every((l) => /^[a-z]{2,3}$/.test(l))) continue;
    if (MAILBOX_PROVIDER_LABELS.has(labels[i])) return true;
  }
  return false;
}

export function serviceById(id: string): RelayService | undefined {
  return RELAY_SERVICES.find((s) => s.id === id);
}

/** Whether `domain` is one of `list` or a subdomain of one (when the list allows subdomains). */
export function domainIn(domain: string, list: readonly string[], subdomains = false): boolean {
  const d = domain.toLowerCase();
  return list.some((x) => d === x || (subdomains && d.endsWith('.' + x)));
}

/** The service an address belongs to by domain alone (exact domains or allowed user subdomains). */
export function serviceForDomain(domain: string): RelayService | undefined {
  return RELAY_SERVICES.find(
    (s) => domainIn(domain, s.domains) || (s.subdomainsOf !== undefined && domainIn(domain, s.subdomainsOf, true)),
  );
}
