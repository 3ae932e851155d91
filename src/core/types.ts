/**
 * The Analysis model: the one thing every surface (CLI text, CLI JSON, popup, badge) renders.
 *
 * The fields named in the README's JSON contract are stable: extend them, never rename them.
 * Everything here is plain data (JSON-serialisable) because an Analysis crosses from the service
 * worker to the popup through extension messaging and into storage.session.
 */

export type Lang = 'en' | 'es';

// ---------------------------------------------------------------------------------------------
// Parsed message (headers, addresses, MIME outline)
// ---------------------------------------------------------------------------------------------

/** One header field, in message order; duplicates are kept, in order. */
export interface HeaderField {
  /** Name as written. */
  name: string;
  /** Lower-cased name, for lookups. */
  key: string;
  /** Unfolded, RFC 2047 encoded-words decoded. */
  value: string;
  /** Unfolded, not decoded: what the sender's software wrote. */
  raw: string;
}

export interface Mailbox {
  /** Display name, decoded; "" when absent. */
  name: string;
  /** The address as written (local@domain); may be "" for a group or an unparsable field. */
  address: string;
  /** Lower-cased domain part, when the address has one. */
  domain?: string;
}

/** One node of the MIME tree, without its payload. */
export interface MimePartInfo {
  /** "1" is the message itself; its children are "1.1", "1.2"; an attached message's root is "<part>.1". */
  path: string;
  /** Lower-cased `type/subtype`; `text/plain` when the part has no Content-Type. */
  contentType: string;
  /** Content-Type parameters, keys lower-cased, RFC 2231 continuations joined and decoded. */
  params: Record<string, string>;
  disposition?: string;
  filename?: string;
  /** Lower-cased Content-Transfer-Encoding. */
  encoding?: string;
  description?: string;
  /** Bytes of the body as transmitted (before transfer decoding). */
  size: number;
  /** Number of direct children (multipart parts, or 1 for a parsed message/rfc822 or Outlook item). */
  children: number;
  /** Set on the root of a message that came as an Outlook item (.msg): the outline was built from its properties. */
  outlook?: OutlookInfo;
}

/** An Outlook item (.msg, MS-OXMSG) read as a message. */
export interface OutlookInfo {
  /** PidTagMessageClass as stored, e.g. "IPM.Note", "IPM.Note.SMIME", "IPM.Note.SMIME.MultipartSigned", "IPM.Appointment". */
  messageClass: string;
  /** 'transport': the header block is the Internet headers Outlook kept (PidTagTransportMessageHeaders);
   *  'properties': Outlook kept none, so Veil rebuilt From, To, Subject, Date and the ids from the item's properties. */
  headers: 'transport' | 'properties';
}

// ---------------------------------------------------------------------------------------------
// Protection (issue: encryption and signatures)
// ---------------------------------------------------------------------------------------------

export type Recipient =
  | { issuer: string; serial: string; mine?: boolean }
  | { subjectKeyId: string; mine?: boolean }
  | { keyId: string; mine?: boolean }
  | { fingerprint: string; mine?: boolean }
  /** CMS recipients that name no certificate: key agreement with an unnamed key, KEK, password, other. */
  | { type: 'kari' | 'kekri' | 'pwri' | 'ori'; id?: string; mine?: boolean };

export interface Signer {
  email?: string;
  name?: string;
  /** Certificate subject DN, RFC 4514 string. */
  subject?: string;
  issuer?: string;
  serial?: string;
  subjectKeyId?: string;
  keyId?: string;
  fingerprint?: string;
  notBefore?: string;
  notAfter?: string;
  /** Claimed signing time (CMS signingTime attribute, OpenPGP signature creation time), ISO 8601. */
  signedAt?: string;
  /** Whether the signer's e-mail matches the From address; absent when it cannot be told. */
  matchesFrom?: boolean;
}

export type IntegrityStatus = 'intact' | 'altered' | 'cannot-check';

export interface ProtectionLayer {
  scheme: 'smime' | 'pgp' | 'portal' | 'attachment';
  kind: 'encrypted' | 'signed';
  /** MIME part path of the layer ("1" = the whole message). */
  part: string;
  /** A finer, stable name of the shape: e.g. 'enveloped-data', 'auth-enveloped-data', 'opaque-signed',
   *  'detached-signed', 'pgp-mime', 'pgp-mime-mangled', 'inline', 'cleartext-signed', 'zip', 'pdf', 'office'. */
  format?: string;
  recipients?: Recipient[];
  passphrase?: boolean;
  signer?: Signer;
  algorithm?: string;
  provider?: string;
  integrity?: { status: IntegrityStatus; reason?: string };
  /** The layer was found inside an attached message/rfc822 (its path is the attachment's). */
  attached?: boolean;
  /** Problems reading the blob (damaged, truncated, unknown OID): the layer stays, with the reason. */
  problems?: string[];
  evidence: Evidence[];
}

/** Things that look like crypto but protect nothing: a public key, an Autocrypt header, a setup message. */
export interface CryptoNote {
  kind:
    | 'pgp-public-key'
    | 'pgp-private-key'
    | 'autocrypt-header'
    | 'autocrypt-setup-message'
    | 'smime-certs-only'
    | 'smime-compressed'
    /** A part labelled or shaped as an S/MIME signature that signs nothing here (no multipart/signed around it, or not CMS). */
    | 'smime-lone-signature'
    | 'protected-headers'
    | 'pgp-mention';
  part?: string;
  detail?: string;
  evidence: Evidence[];
}

// ---------------------------------------------------------------------------------------------
// Transport, sender, threading, authentication (issue: senders, threading, transport, auth)
// ---------------------------------------------------------------------------------------------

export interface Hop {
  from?: string;
  by?: string;
  with?: string;
  id?: string;
  for?: string;
  /** ISO 8601 date stamped on the hop, when parsable. */
  date?: string;
  /** Seconds since the previous (older) hop, when both dates are known. */
  delay?: number;
  /** true: the hop recorded TLS; false: it recorded a plain protocol; null: it says nothing. */
  tls: boolean | null;
  /** Normalised whatever the dialect wrote ("TLS1_2", "TLSv1.2", "TLS1.2" → "TLSv1.2"; "SSLv3");
   *  OpenSSL's family label "TLSv1/SSLv3" is kept as written (it is not a negotiated version). */
  tlsVersion?: string;
  /** The cipher suite exactly as the MTA wrote it (OpenSSL or IANA name). */
  cipher?: string;
  /** The words of the hop that support `tls` (e.g. "with ESMTPS", "using TLSv1.3 with cipher ..."). */
  tlsEvidence?: string;
  /** Peer-certificate check as the MTA wrote it (Sendmail/PPS `verify=OK|NOT|FAIL`, Postfix "verified OK"). */
  tlsVerify?: string;
  /** 'receiving': stamped by the receiving system (trustworthy as far as that system is);
   *  'before': written before the message reached it (claims that can be forged). */
  zone?: 'receiving' | 'before';
  /** Set instead of `delay` when the hop's clock is behind the older hop's by more than a rounding error. */
  clockSkew?: boolean;
  /** The raw Received value, unfolded. */
  raw: string;
}

export interface Transport {
  /** Header order: topmost (newest) first. */
  hops: Hop[];
  /** `TLS-Required: No` was present (RFC 8689): the sender asked that TLS policy be ignored. */
  tlsRequiredNo?: boolean;
  /** Counts over `hops` by their `tls` value. */
  summary?: { hopsWithTls: number; hopsWithoutTls: number; hopsUnknown: number };
  /** Index in `hops` of the oldest hop stamped by the receiving system; hops after it are 'before'. */
  receivingBoundary?: number;
  /** Organisational domain of the receiving system, when one could be told. */
  receivingOrg?: string;
  /** Stable codes for what the headers cannot tell, e.g. 'tls-is-per-hop', 'hops-before-receiver-unverifiable'. */
  cannotKnow?: string[];
}

export type SenderKind = 'privacy-relay' | 'marketplace' | 'mailing-list' | 'forwarder' | 'notification' | 'direct';

export interface Sender {
  /** The From address. */
  from?: string;
  fromName?: string;
  replyTo?: string[];
  masked: boolean;
  service?: string;
  kind?: SenderKind;
  /** Where a reply will go (Reply-To over From). */
  replyAddress?: string;
  /** The address the message was delivered to (To, Delivered-To, X-Original-To, X-Forwarded-To). */
  deliveredTo?: string;
  /** The header deliveredTo was read from: 'Delivered-To', 'X-Original-To', 'X-Forwarded-To' or 'To'. */
  deliveredToHeader?: string;
  /** Set when the message was written TO a relay alias (the mask is the recipient, not the sender). */
  recipientMask?: { service: string; address: string };
  /** Present when a reply through this relay must come from one specific address. */
  /** The platform relay is a notification system (GitHub-style reply+TOKEN@): a reply posts to the platform's thread. */
  notification?: boolean;
  replyRule?: {
    /** The relay accepts replies only from the mailbox it delivered to. */
    enforced: boolean;
    /** The address replies must come from, when known. */
    mustReplyFrom?: string;
    /** Set when the agent's configured reply-from address differs: the relay will likely drop replies. */
    mismatch?: boolean;
    /** The provider's rule is not documented (e.g. DuckDuckGo): `enforced` is a guess, not a fact. */
    unconfirmed?: boolean;
  };
  evidence: Evidence[];
}

export interface Threading {
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  threadIndex?: string;
  threadTopic?: string;
  /** Help-desk ticket markers found in the subject, body or addresses. */
  markers?: { system: string; value: string; where: string }[];
  /** Whether this message will join its conversation: 'yes', 'no', or 'unknown'. */
  willThread?: 'yes' | 'no' | 'unknown';
  /** Stable reason codes, e.g. 'relay-strips-references', 'relay-replaces-message-id'. */
  reasons?: string[];
  evidence: Evidence[];
}

export type AuthResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy' | string;

export interface AuthMethodResult {
  method: 'spf' | 'dkim' | 'dmarc' | 'arc' | 'iprev' | 'auth' | string;
  result: AuthResult;
  /** ptype.property=value pairs, e.g. {"header.d": "example.com"}. */
  props: Record<string, string>;
  /** The `reason=` value (RFC 8601 §2.2). */
  reason?: string;
  /** The comment after the result, parentheses removed. */
  comment?: string;
}

export interface AuthResultsHeader {
  header: 'Authentication-Results' | 'ARC-Authentication-Results';
  authservId: string;
  /** ARC instance (i=) for ARC-Authentication-Results. */
  instance?: number;
  results: AuthMethodResult[];
  /** Trusted: stamped by the receiving system (the topmost authserv-id). */
  trusted: boolean;
  /** Why it was ignored, when not trusted. */
  ignoredBecause?: string;
  /** RFC 8601 version after the authserv-id, when written. */
  version?: number;
}

export interface Authentication {
  spf?: AuthResult;
  dkim?: AuthResult;
  dmarc?: AuthResult;
  /** ARC chain validation status (cv=) of the newest ARC-Seal. */
  arc?: 'none' | 'pass' | 'fail' | string;
  /** DKIM-Signature d= domains, in header order. */
  dkimDomains: string[];
  /** Whether some DKIM d= aligns (relaxed) with the From domain. */
  dkimAligned?: boolean;
  /** The authserv-id the results were taken from. */
  trustedAuthservId?: string;
  /** Lower-cased domain of the (first) From address. */
  fromDomain?: string;
  /** Whether the trusted results confirm the From address (see WarningCode); absent in hand-made models. */
  senderCheck?: SenderCheck;
  /** Domains of the DKIM signatures the receiving system verified (trusted dkim=pass header.d / header.i). */
  dkimPassDomains?: string[];
  /** The envelope domain the receiving system checked SPF for (trusted spf smtp.mailfrom / smtp.helo). */
  spfDomain?: string;
  /** Each DKIM-Signature's d= and s=, and whether d= aligns (relaxed, RFC 7489 §3.1.1) with From. */
  dkimSignatures?: { domain: string; selector?: string; aligned: boolean }[];
  /** The ARC chain as the headers claim it (RFC 8617), with the structural checks that need no DNS or crypto. */
  arcChain?: {
    instances: number;
    /** cv= of the newest ARC-Seal, as written. */
    newestCv?: string;
    /** d= of each ARC-Seal, by instance (index 0 = i=1). */
    sealers: string[];
    /** 'broken' when RFC 8617 §5.2's structural rules fail (missing/duplicate sets, wrong cv sequence). */
    structure: 'ok' | 'broken';
    problems: string[];
    /** The newest seal was added by the trusted receiving system (its AAR carries the trusted authserv-id). */
    trusted: boolean;
  };
  headers: AuthResultsHeader[];
  evidence: Evidence[];
}

// ---------------------------------------------------------------------------------------------
// Explanation (issue: plain-language explanations)
// ---------------------------------------------------------------------------------------------

/** Where a claim comes from: a header or MIME part, and the value that supports it. */
export interface Evidence {
  /** 'header' | 'part' | 'body' | 'option' | 'rule' */
  source: 'header' | 'part' | 'body' | 'option' | 'rule';
  /** Header name, part path, or rule id. */
  where: string;
  /** The value seen (truncated to a readable length). */
  value: string;
}

export interface ExplanationSection {
  /** Stable id, e.g. 'what', 'why', 'cannot-recover', 'what-to-do', 'technical'. */
  id: string;
  title: string;
  text: string;
  evidence: Evidence[];
}

export interface Explanation {
  lang: Lang;
  headline: string;
  sections: ExplanationSection[];
  /** Ready-to-paste texts. */
  internalNote?: string;
  customerReply?: string;
}

// ---------------------------------------------------------------------------------------------
// The Analysis
// ---------------------------------------------------------------------------------------------

/** One stable code per message, in order of priority when several apply (the badge's data-veil-verdict). */
export type Verdict =
  | 'smime-encrypted'
  | 'pgp-encrypted'
  | 'portal-encrypted'
  | 'attachment-encrypted'
  | 'relay-masked'
  | 'smime-signed'
  | 'pgp-signed'
  | 'plain'
  | 'error';

export interface MessageSummary {
  subject?: string;
  date?: string;
  from: Mailbox[];
  to: Mailbox[];
  cc: Mailbox[];
  replyTo: Mailbox[];
  /** Every header, in order, duplicates kept. */
  headers: HeaderField[];
  /** The MIME tree, depth first. */
  parts: MimePartInfo[];
  /** Size of the raw message in bytes. */
  size: number;
  /** Set when the input was an Outlook item (.msg) rather than RFC 5322 source. */
  outlook?: OutlookInfo;
}

/**
 * Stable warning codes about the whole message (extend, never rename):
 * - 'unverified-sender': the receiving system's trusted results say the From address failed (DMARC
 *   fail, or SPF fail with no aligned DKIM pass): the message may be forged;
 * - 'sender-unchecked': no trusted result confirms or fails the From address (none stamped, or only
 *   results that say nothing about it), so who sent it could not be checked.
 */
export type WarningCode = 'unverified-sender' | 'sender-unchecked';

/** Whether the From address was confirmed by the receiving system's trusted Authentication-Results. */
export type SenderCheck = 'confirmed' | 'failed' | 'unchecked';
/** The budgets of one analysis (src/core/limits.ts): past one, the rest of the message is skipped. */
export type BudgetName = 'inflated' | 'decoded' | 'parts' | 'hops' | 'time';

export interface Analysis {
  /** Set by the CLI: the path as given, "#N" appended for the Nth message of an mbox. */
  file?: string;
  ok: boolean;
  error?: string;
  verdict: Verdict;
  /** Warnings about the message as a whole, as stable codes; [] when there are none. */
  warnings: WarningCode[];
  /** Present when a budget ran out: which ones. The result covers only what was read (see `defects`). */
  partial?: BudgetName[];
  protection: ProtectionLayer[];
  notes: CryptoNote[];
  transport: Transport;
  sender: Sender;
  threading: Threading;
  authentication: Authentication;
  explanation: Explanation;
  message: MessageSummary;
  /** Things the parser had to work around (missing blank line, unterminated multipart, ...). */
  defects: string[];
}

/** The agent's own certificates and keys, for "encrypted to you". Only identifiers, never keys. */
export interface OwnIdentities {
  certificates?: { issuer?: string; serial?: string; subjectKeyId?: string }[];
  /** OpenPGP key ids (16 hex) or fingerprints (40 or 64 hex). */
  pgpKeys?: string[];
}

export interface AnalyzeOptions {
  lang?: Lang;
  /** The support desk's addresses: where customers write to, and where replies come from. */
  support?: { writtenTo?: string[]; repliesFrom?: string };
  own?: OwnIdentities;
  /** Reference time for anything time-dependent (certificate validity); defaults to the message's Date. */
  now?: Date;
  /** The receiving system's authserv-ids, or their domains (RFC 8601 §7.1's explicit list): when given,
   *  only Authentication-Results stamped by one of them (or a subdomain) are trusted. */
  authservIds?: string[];
}
