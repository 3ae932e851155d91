/**
 * Facts the sections share, read from the Analysis: which layers encrypt, which sign, who the
 * relay is, what a reply needs. Pure lookups, no prose.
 */
import type { Analysis, AuthMethodResult, AuthResultsHeader, Evidence, ProtectionLayer, Recipient, Sender, SenderCheck } from '../types';
import { senderCheckOf } from '../classify/sender-check';
import { ev, ref, type Ref } from './model';
import { serviceName, vendorName, vendorOf } from './names';

export type Explainable = Omit<Analysis, 'explanation'>;

export const HIDDEN_KEY_ID = '0000000000000000';

export interface Facts {
  a: Explainable;
  encrypted: ProtectionLayer[];
  /** S/MIME and OpenPGP encryption: readable with a recipient's key or a passphrase. */
  keyEncrypted: ProtectionLayer[];
  portals: ProtectionLayer[];
  /** Encrypted attachments locked with a password (ZIP, PDF, Office, 7z, RAR, OpenPGP passphrase). */
  attachments: ProtectionLayer[];
  /** Encrypted attachments locked to recipient keys (an OpenPGP or CMS file next to a readable body). */
  keyAttachments: ProtectionLayer[];
  signed: ProtectionLayer[];
  /** Some recipient key of an encryption layer is the agent's own. */
  mine: boolean;
  /** Encryption that only a passphrase opens (OpenPGP SKESK, CMS password recipients). */
  passphraseOnly: boolean;
  /** S/MIME EncryptedData only: a key agreed beforehand, no recipient named (RFC 5652 §8). */
  sharedKeyOnly: boolean;
  relay: boolean;
  /** The relay-masked sender kind: privacy relay, marketplace, notification address. */
  sender: Sender;
  mismatch: boolean;
  /** Whether the receiving system's trusted results confirm the From address. */
  senderCheck: SenderCheck;
}

export function factsOf(a: Explainable): Facts {
  const encrypted = a.protection.filter((l) => l.kind === 'encrypted');
  const keyEncrypted = encrypted.filter((l) => l.scheme === 'smime' || l.scheme === 'pgp');
  const mine = encrypted.some((l) => l.recipients?.some((r) => r.mine));
  const passphraseOnly =
    keyEncrypted.length > 0 &&
    keyEncrypted.every((l) => isPassphraseOnly(l));
  return {
    a,
    encrypted,
    keyEncrypted,
    portals: encrypted.filter((l) => l.scheme === 'portal'),
    attachments: encrypted.filter((l) => l.scheme === 'attachment' && !isKeyLocked(l)),
    keyAttachments: encrypted.filter((l) => l.scheme === 'attachment' && isKeyLocked(l)),
    signed: a.protection.filter((l) => l.kind === 'signed'),
    mine,
    passphraseOnly,
    sharedKeyOnly: keyEncrypted.length > 0 && keyEncrypted.every(isSharedKey),
    relay: a.sender.masked,
    sender: a.sender,
    mismatch: !!a.sender.replyRule?.mismatch,
    senderCheck: senderCheckOf(a.authentication),
  };
}

/** One Authentication-Results result as the header writes it: "mx.example.net; dmarc=fail header.from=example.com". */
function resultValue(h: AuthResultsHeader, r: AuthMethodResult): string {
  const prop = ['header.from', 'header.d', 'header.i', 'smtp.mailfrom', 'smtp.helo'].find((k) => r.props[k]);
  return `${h.authservId}; ${r.method}=${r.result}${prop ? ` ${prop}=${r.props[prop]}` : ''}`;
}

/**
 * The trusted Authentication-Results the sender check rests on: the DMARC result, else the DKIM and
 * SPF results that decided it. For an unchecked sender, the results Veil set aside (if any).
 */
export function senderCheckEvidence(f: Facts): Evidence[] {
  const au = f.a.authentication;
  const trusted = au.headers.filter((h) => h.trusted);
  const of = (method: string, want?: (r: AuthMethodResult) => boolean) =>
    trusted.flatMap((h) => h.results.filter((r) => r.method === method && (!want || want(r))).map((r) => ev('header', h.header, resultValue(h, r))));
  if (f.senderCheck === 'unchecked') {
    const shown = trusted.length ? trusted : au.headers;
    return shown.slice(0, 3).flatMap((h) => (h.results.length ? h.results.slice(0, 3).map((r) => ev('header', h.header, resultValue(h, r))) : [ev('header', h.header, h.authservId)]));
  }
  const dmarc = of('dmarc', (r) => r.result === (f.senderCheck === 'failed' ? 'fail' : 'pass'));
  if (dmarc.length) return dmarc.slice(0, 1);
  if (f.senderCheck === 'confirmed') return of('dkim', (r) => r.result === 'pass').slice(0, 2);
  const decided = [...of('spf', (r) => r.result === 'fail'), ...of('dkim')].slice(0, 3);
  return decided.length ? decided : of('dmarc').slice(0, 1);
}

/** A platform's notification address (GitHub-style reply+TOKEN@): kind 'notification', or a marketplace flagged so. */
export function isNotice(s: Sender): boolean {
  return s.kind === 'notification' || !!s.notification;
}

/** An encrypted attachment that names recipient keys: no password opens it, only a private key. */
export function isKeyLocked(l: ProtectionLayer): boolean {
  return (l.recipients?.length ?? 0) > 0;
}

/**
 * CMS EncryptedData (RFC 5652 §8): the content is locked with a symmetric key the parties agreed on
 * beforehand; unlike EnvelopedData it carries no RecipientInfo, so it names no person or certificate.
 */
export function isSharedKey(l: ProtectionLayer): boolean {
  return l.scheme === 'smime' && l.format === 'encrypted-data';
}

export function isPassphraseOnly(l: ProtectionLayer): boolean {
  const people = (l.recipients ?? []).filter((r) => !('type' in r && r.type === 'pwri'));
  return (!!l.passphrase || (l.recipients ?? []).some((r) => 'type' in r && r.type === 'pwri')) && people.length === 0;
}

/** "the whole message", "part 1.2", "the attached message (part 1.2)". */
export function whereRef(l: { part?: string; attached?: boolean }): Ref {
  if (!l.part || l.part === '1') return ref('where.message');
  if (l.attached) return ref('where.attached', { part: l.part });
  return ref('where.part', { part: l.part });
}

export function filenameOf(a: Explainable, part: string | undefined): string | undefined {
  return part ? a.message.parts.find((p) => p.path === part)?.filename : undefined;
}

/** The layer's own evidence, or the MIME part it sits in when the detector gave none. */
export function layerEvidence(a: Explainable, l: ProtectionLayer): Evidence[] {
  if (l.evidence.length) return l.evidence;
  const p = a.message.parts.find((x) => x.path === l.part);
  return p ? [ev('part', p.path, p.filename ? `${p.contentType}; name=${p.filename}` : p.contentType)] : [];
}

export function recipientValue(r: Recipient): string {
  if ('issuer' in r) return `issuer=${r.issuer}; serial=${r.serial}`;
  if ('subjectKeyId' in r) return `subjectKeyIdentifier=${r.subjectKeyId}`;
  if ('keyId' in r) return `keyid=${r.keyId}`;
  if ('fingerprint' in r) return `fingerprint=${r.fingerprint}`;
  return `type=${r.type}${r.id ? `; id=${r.id}` : ''}`;
}

export function isHidden(r: Recipient): boolean {
  return 'keyId' in r && /^0+$/.test(r.keyId);
}

/** A recipient as a phrase for the technical section. */
export function recipientRef(r: Recipient): Ref {
  if ('issuer' in r) return ref('recipient.certificate', { serial: r.serial, issuer: r.issuer });
  if ('subjectKeyId' in r) return ref('recipient.ski', { id: r.subjectKeyId });
  if (isHidden(r)) return ref('recipient.hidden');
  if ('keyId' in r) return ref('recipient.keyid', { id: r.keyId });
  if ('fingerprint' in r) return ref('recipient.fingerprint', { id: r.fingerprint });
  return ref(`recipient.type.${r.type}`);
}

/** The relay / list / platform as a phrase: its product name, or "an unknown relay". */
export function serviceRef(s: Sender): Ref | string {
  return serviceName(s.service) ?? ref('service.unknown');
}

export function vendorRef(provider: string | undefined): Ref | string {
  const v = vendorOf(provider);
  return v ? vendorName(v) : ref('vendor.unknown');
}

/** The mailbox the message reached: the relay's delivery address, or the first To. */
export function deliveredTo(a: Explainable): string | undefined {
  return a.sender.deliveredTo ?? a.message.to.find((m) => m.address)?.address;
}

/** The header the delivered-to address was read from (Delivered-To, X-Original-To, ... or To). */
export function deliveredHeader(a: Explainable): string {
  return a.sender.deliveredTo ? a.sender.deliveredToHeader ?? 'Delivered-To' : 'To';
}

/** The header a recipient alias was read from: the sender detector's own evidence, else To. */
export function maskHeader(s: Sender): string {
  const m = s.recipientMask;
  return (m && s.evidence.find((e) => e.source === 'header' && e.value.toLowerCase() === m.address.toLowerCase())?.where) ?? 'To';
}

/**
 * An automatic report (RFC 6522 multipart/report as the whole message): a bounce (RFC 3464
 * delivery-status), a read receipt (RFC 8098 disposition-notification), or another machine report
 * (ARF feedback, TLS-RPT). No person reads the address it comes from.
 */
export type ReportKind = 'bounce' | 'receipt' | 'other';
export function reportOf(a: Explainable): { kind: ReportKind; evidence: Evidence[] } | undefined {
  const top = a.message.parts.find((p) => p.path === '1');
  if (top?.contentType !== 'multipart/report') return undefined;
  const type = (top.params['report-type'] ?? '').toLowerCase();
  const hasDsn = a.message.parts.some((p) => /^message\/(global-)?delivery-status$/.test(p.contentType));
  const kind: ReportKind = type === 'delivery-status' || (!type && hasDsn) ? 'bounce' : type === 'disposition-notification' ? 'receipt' : 'other';
  return { kind, evidence: [ev('part', '1', type ? `multipart/report; report-type=${type}` : 'multipart/report')] };
}

export function senderEvidence(a: Explainable): Evidence[] {
  if (a.sender.evidence.length) return a.sender.evidence;
  const out: Evidence[] = [];
  if (a.sender.from) out.push(ev('header', 'From', a.sender.from));
  if (a.sender.replyTo?.length) out.push(ev('header', 'Reply-To', a.sender.replyTo.join(', ')));
  return out;
}
