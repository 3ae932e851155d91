/**
 * Secure-message portals as data: what each vendor's notice is made of. Facts and sources:
 * ../shared/domain/ENCRYPTION.md section B (vendor documentation pages, MS-OXORMMS, the Tuta source).
 *
 * Two strengths of signal:
 * - `strong`: an attachment name or MIME type, or a header, that only this vendor's envelope has.
 *   One is enough (a customer does not name a file `SecureMessageAtt.html` by accident).
 * - weak: the notice's own structure: a link to the vendor's host, a call-to-action phrase, a
 *   subject template, a generic wrapper name (`message.html`), a label header. Weak signals count
 *   only when at least two DIFFERENT kinds agree and one of them is not prose (a link, a header or
 *   an attachment): "I sent you an encrypted file" in a customer's sentence is never a portal.
 *
 * `tlsOnly` phrases mark mail the vendor delivered over TLS into the normal inbox (Zix "secured by
 * Zixcorp", Paubox's footer): readable, not a portal; they never make a layer by themselves.
 */

export interface VendorRule {
  /** Stable provider id, used in `ProtectionLayer.provider` and the explanation texts. */
  id: string;
  name: string;
  strong?: {
    /** Attachment file names (whole name, case-insensitive). */
    attachmentNames?: RegExp[];
    /** Lower-cased MIME types. */
    mimeTypes?: string[];
    headers?: { name: string; value: RegExp }[];
  };
  weak?: {
    attachmentNames?: RegExp[];
    /** Host names of links in the notice (href targets and bare URLs), matched on the whole host. */
    hosts?: RegExp[];
    /** When set, a link counts only if its path (after the host) matches too. */
    linkPath?: RegExp;
    /** Link shapes of the vendor's software on any host (customers run it under their own domain), matched on host + path. */
    links?: RegExp[];
    /** Call-to-action and template phrases, matched on the text with tags stripped and spaces collapsed. */
    phrases?: RegExp[];
    subjects?: RegExp[];
    /** Header tests that are one signal among others (e.g. a sensitivity label). */
    headers?: { name: string; test: (value: string) => string | undefined }[];
  };
  /** Delivered in the clear over TLS by this vendor: suppresses weak-only matches. */
  tlsOnly?: RegExp[];
}

/** msip_labels: `MSIP_Label_<GUID>_ContentBits=<int>`; bit 0x8 = ENCRYPT (Microsoft "concept-mip-metadata"). */
function msipEncrypt(value: string): string | undefined {
  const labels = new Map<string, { enabled?: boolean; bits?: number }>();
  for (const m of value.matchAll(/MSIP_Label_([0-9a-f-]{36})_(Enabled|ContentBits)\s*=\s*([^;\s]+)/gi)) {
    const l = labels.get(m[1].toLowerCase()) ?? {};
    if (m[2].toLowerCase() === 'enabled') l.enabled = /^true$/i.test(m[3]);
    else l.bits = Number(m[3]);
    labels.set(m[1].toLowerCase(), l);
  }
  for (const [id, l] of labels) {
    if (l.enabled !== false && l.bits !== undefined && Number.isFinite(l.bits) && (l.bits & 0x8) !== 0) {
      return `MSIP_Label_${id}_ContentBits=${l.bits} (0x8 = encrypt)`;
    }
  }
  return undefined;
}

// regex-checked: literal domain names, escaped; test/unit/tooling/regex-safety.test.ts lints every built instance.
const host = (...domains: string[]) => domains.map((d) => new RegExp(`(^|\\.)${d.replace(/\./g, '\\.')}$`, 'i'));

export const VENDORS: VendorRule[] = [
  {
    id: 'microsoft-purview',
    name: 'Microsoft Purview Message Encryption',
    strong: {
      // MS-OXORMMS §2.2.3.1/2: the attachment MUST be "message.rpmsg" with this MIME type; OME uses v2..v4.
      attachmentNames: [/^message(_v[2-4])?\.rpmsg$/i],
      mimeTypes: ['application/x-microsoft-rpmsg-message'],
      headers: [{ name: 'content-class', value: /^\s*rpmsg\.message\s*$/i }],
    },
    weak: {
      attachmentNames: [/^message\.html?$/i],
      hosts: host('outlook.office365.com', 'outlook.office.com'),
      linkPath: /\/encryption\//i,
      phrases: [
        /\bRead the message\b/i,
        /\bhas sent you a protected message\b/i,
        /\bsent you an encrypted message\b/i,
        /\bOffice 365 Message Encryption\b/i,
        /\bMicrosoft (Purview )?Message Encryption\b/i,
        /\bone-time pass ?code\b/i,
      ],
      headers: [{ name: 'msip_labels', test: msipEncrypt }],
    },
  },
  {
    id: 'virtru',
    name: 'Virtru',
    strong: { attachmentNames: [/\.tdf\.html?$/i] },
    weak: {
      hosts: host('virtru.com'),
      phrases: [/\bUnlock Message\b/i, /\bView Files\b/i, /\bVirtru Secure Reader\b/i],
    },
  },
  {
    id: 'zix',
    name: 'Zix (ZixEncrypt)',
    weak: {
      hosts: host('zixmail.net', 'zixcorp.com', 'zixencrypt.com', 'zixmessagecenter.com'),
      phrases: [/\bOpen Message\b/i, /\bSecure Message Center\b/i, /\bZix ?(Encrypt|Direct|Mail)\b/i],
    },
    tlsOnly: [/\bThis message was secured by Zix ?corp\b/i],
  },
  {
    id: 'proofpoint',
    name: 'Proofpoint Encryption',
    strong: { attachmentNames: [/^SecureMessageAtt\.html?$/i] },
    weak: {
      hosts: host('proofpoint.com', 'proofpointessentials.com'),
      linkPath: /secure|encrypt|formpostdir/i,
      // Proofpoint Encryption's reader on the customer's own host: https://securemail.<org>/formpostdir/securereader?...
      links: [/\/formpostdir\/securereader\b/i],
      phrases: [/\bClick to read message\b/i, /\bSecure Message Attachment\b/i, /\bProofpoint Encryption\b/i, /\bThis is a secure message\b/i],
    },
  },
  {
    id: 'cisco',
    name: 'Cisco Secure Email Encryption Service',
    // securedoc_${date}T${time}.html, e.g. securedoc_20100615T193043.html.
    strong: { attachmentNames: [/^securedoc_\d{8}T\d{6}\.html?$/i] },
    weak: {
      hosts: host('res.cisco.com', 'ironport.com'),
      phrases: [/\bRegistered Envelope\b/i, /\bCisco Secure Email Encryption\b/i, /\bOpen the attachment\b/i],
    },
  },
  {
    id: 'mimecast',
    name: 'Mimecast Secure Messaging',
    weak: {
      // Mimecast customers' mail is full of rewritten links (URL Protect, /s/<token>): only a
      // secure-messaging link counts, and only the notice's own template phrases.
      hosts: host('mimecast.com', 'mimecast-offshore.com'),
      linkPath: /secure|messag/i,
      phrases: [/\bYou'?ve been sent a secure message\b/i, /\bSecure Messaging (Portal|Password Notification)\b/i, /\bMimecast Secure Messaging\b/i],
      subjects: [/\bYou'?ve been sent a secure message\b/i, /\bSecure Messaging Password Notification\b/i],
    },
  },
  {
    id: 'egress',
    name: 'Egress',
    weak: {
      hosts: host('egress.com'),
      phrases: [/\bEgress (Switch|Protect|Secure Web Reader)\b/i, /\bSwitch Reader\b/i, /\bSecure Web Reader\b/i, /\bAuthenticate to read\b/i],
    },
  },
  {
    id: 'paubox',
    name: 'Paubox',
    weak: {
      hosts: host('paubox.com', 'paubox.net'),
      phrases: [/\bSecure Notification\b/i, /\bSecure Message Center\b/i],
    },
    // The footer on mail Paubox delivered over TLS: the message is readable (support.paubox.com).
    tlsOnly: [/\bsent securely (using|via|with) Paubox\b/i, /\bHIPAA compliant (e-?mail|message)s? (by|via|from) Paubox\b/i],
  },
  {
    id: 'tuta',
    name: 'Tuta (Tutanota)',
    weak: {
      hosts: host('tuta.com', 'tutanota.com', 'tutanota.de', 'tuta.io'),
      // tutao/tutanota src/mail-app/translations/en.ts externalNotificationMail*.
      phrases: [/\bShow encrypted email\b/i, /\breceived a confidential email via Tuta/i, /\bThe link stays valid until you receive a new confidential email\b/i],
      subjects: [/^Confidential email from\b/i],
    },
  },
  {
    id: 'proton',
    name: 'Proton Mail (password-protected)',
    weak: {
      hosts: host('proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'),
      linkPath: /\beo\b/i,
      phrases: [/\bUnlock message\b/i, /\bpassword[- ]protected (e-?mail|message)\b/i, /\bView (secure )?message\b/i],
    },
  },
  {
    id: 'google-cse',
    name: 'Google Workspace client-side encryption',
    // Gmail CSE is S/MIME underneath (ENCRYPTION.md B); the guest notice's wording is unconfirmed, so
    // it takes a Google link plus an explicit "additional/client-side encryption" statement.
    weak: {
      hosts: host('mail.google.com', 'workspace.google.com', 'accounts.google.com'),
      linkPath: /e2ee|\bcse\b|guest/i,
      phrases: [/\bclient-side encrypt(ed|ion)\b/i, /\badditional encryption\b/i, /\bend-to-end encrypted (e-?mail|message)\b/i],
    },
  },
  {
    id: 'trend-micro',
    name: 'Trend Micro Email Encryption',
    strong: { attachmentNames: [/^Encrypted_Message\.html?$/i] },
    weak: {
      hosts: host('trendmicro.com', 'trendmicro.eu', 'tmes.trendmicro.com'),
      phrases: [/\bOpen my email\b/i, /\bTrend Micro Email Encryption\b/i],
    },
  },
  {
    id: 'echoworx',
    name: 'Echoworx Encrypted Mail',
    weak: {
      hosts: host('echoworx.com', 'echoworx.net'),
      phrases: [/\bMessage Pickup Center\b/i, /\bOpen (secure )?message\b/i],
    },
  },
  {
    id: 'datamotion',
    name: 'DataMotion SecureMail',
    weak: {
      hosts: host('datamotion.com', 'dmhisp.com'),
      phrases: [/\bDataMotion SecureMail\b/i, /\bView (secure )?message\b/i, /\bOpen (the )?secure message\b/i],
    },
  },
];
