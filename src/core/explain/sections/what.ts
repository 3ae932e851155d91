/**
 * "What protects or hides this message": one entry per layer, note or sender finding, outermost
 * layer first (the order of `protection`), each with the evidence the detector recorded.
 */
import type { ProtectionLayer } from '../../types';
import { ev, line, ref, type Line } from '../model';
import { serviceName } from '../names';
import { integrityReasonKey, reasonCode } from '../integrity';
import { isNotice,
  filenameOf,
  isHidden,
  isKeyLocked,
  isPassphraseOnly,
  isSharedKey,
  maskHeader,
  reportOf,
  layerEvidence,
  senderCheckEvidence,
  recipientValue,
  senderEvidence,
  serviceRef,
  vendorRef,
  whereRef,
  type Explainable,
  type Facts,
} from '../facts';

export function whatSection(f: Facts): Line[] {
  const a = f.a;
  const out: Line[] = [];
  for (const l of a.protection) out.push(...layerLines(a, l));
  // Said once, however many signatures there are (Veil has no trust store).
  // Only worth saying next to a signature that matched: after "could not check" it reads as noise.
  if (f.signed.some((l) => l.integrity?.status === 'intact')) out.push(line('what.integrity.trust'));
  for (const n of a.notes) {
    const e = n.evidence.length ? n.evidence : n.part ? [ev('part', n.part, n.detail)] : [];
    out.push(line(`note.${n.kind}`, {}, e, n.kind.startsWith('pgp') ? ['openpgp'] : n.kind.startsWith('smime') ? ['smime'] : []));
  }
  out.push(...senderLines(f));
  const report = reportOf(a);
  if (report) out.push(line(`what.report.${report.kind}`, {}, report.evidence));
  if (!out.length) out.push(line('what.none'));
  out.push(...outlookLines(a));
  out.push(...senderCheckLines(f));
  // A budget ran out: say so first, so nothing below reads as the whole story.
  const partial = (a.partial ?? []).map((b) => line('what.partial', { reason: ref(`partial.${b}`) }, [ev('rule', `budget:${b}`, b)]));
  return [...partial, ...out];
}

/** Items Outlook saves that are not messages (MS-OXCMSG §2.2.1.3 message classes). */
const NOT_MAIL = /^ipm\.(appointment|contact|stickynote|task|activity|distlist)(\.|$)/i;

/** An Outlook item (.msg) is not what the sender sent: say so, and whether its delivery headers survived. */
function outlookLines(a: Explainable): Line[] {
  const o = a.message.outlook;
  if (!o) return [];
  const e = [ev('part', '1', `Outlook item (.msg), ${o.messageClass || 'no message class'}; headers: ${o.headers === 'transport' ? 'PidTagTransportMessageHeaders' : 'rebuilt from properties'}`)];
  const out = [line(o.headers === 'transport' ? 'what.outlook' : 'what.outlook.rebuilt', {}, e)];
  if (NOT_MAIL.test(o.messageClass)) out.push(line('what.outlook.kind', { kind: o.messageClass }, e));
  return out;
}

function layerLines(a: Explainable, l: ProtectionLayer): Line[] {
  const e = layerEvidence(a, l);
  const where = whereRef(l);
  const out: Line[] = [];
  const term = l.scheme === 'smime' ? 'smime' : l.scheme === 'pgp' ? 'openpgp' : undefined;
  const terms = term ? [term] as const : [];
  if (l.kind === 'encrypted') {
    if (l.scheme === 'portal') {
      out.push(line('what.portal', { vendor: vendorRef(l.provider) }, e, ['portal']));
    } else if (l.scheme === 'attachment' && isKeyLocked(l)) {
      const name = filenameOf(a, l.part);
      const scheme = l.format === 'smime' ? 'S/MIME' : 'OpenPGP';
      out.push(name ? line('what.attachment.key.named', { name, scheme }, e, ['encryption']) : line('what.attachment.key', { scheme }, e, ['encryption']));
      const rEv = (l.recipients ?? []).map((r) => ev('part', l.part, recipientValue(r)));
      out.push(rEv.length === 1 ? line('what.recipients.one', {}, rEv) : line('what.recipients.other', { count: rEv.length }, rEv));
    } else if (l.scheme === 'attachment') {
      const name = filenameOf(a, l.part);
      const format = l.format === 'zip' || l.format === 'pdf' || l.format === 'office' || l.format === '7z' || l.format === 'rar' ? l.format : 'file';
      out.push(
        name
          ? line('what.attachment.named', { name, kind: { key: `format.${format}` as const } }, e)
          : line('what.attachment', { kind: { key: `format.${format}` as const } }, e),
      );
    } else {
      const scheme = l.scheme === 'smime' ? 'S/MIME' : 'OpenPGP';
      out.push(line(l.format === 'inline' ? 'what.encrypted.inline' : 'what.encrypted', { scheme, where }, e, [...terms, 'encryption']));
      const recipients = l.recipients ?? [];
      const rEv = recipients.map((r) => ev('part', l.part, recipientValue(r)));
      if (isSharedKey(l)) out.push(line('what.shared-key', {}, e));
      else if (isPassphraseOnly(l)) out.push(line('what.passphrase', {}, rEv.length ? rEv : e));
      else if (recipients.length === 1) out.push(line('what.recipients.one', {}, rEv));
      else if (recipients.length > 1) out.push(line('what.recipients.other', { count: recipients.length }, rEv));
      const hidden = recipients.filter(isHidden);
      if (hidden.length) out.push(line('what.recipients.hidden', {}, hidden.map((r) => ev('part', l.part, recipientValue(r)))));
      const mine = recipients.filter((r) => r.mine);
      if (mine.length) out.push(line('what.recipients.mine', {}, mine.map((r) => ev('part', l.part, recipientValue(r)))));
    }
  } else {
    const scheme = l.scheme === 'smime' ? 'S/MIME' : 'OpenPGP';
    // "Not encrypted" is false when an encryption layer sits inside this signature (sign-then-encrypt
    // nesting, RFC 8551 §3.7): then only say what is signed.
    const wrapsEncryption = a.protection.some((x) => x.kind === 'encrypted' && x !== l && (x.part === l.part || x.part.startsWith(`${l.part}.`)));
    const k = l.format === 'opaque-signed' ? 'what.signed.opaque' : l.format === 'cleartext-signed' || l.format === 'inline' ? 'what.signed.inline' : 'what.signed';
    out.push(line(wrapsEncryption ? (l.format === 'opaque-signed' ? 'what.signed.opaque.wraps' : 'what.signed.wraps') : k, { scheme, where }, e, [...terms, 'signature']));
    out.push(...signerLines(l));
  }
  if (l.problems?.length) out.push(line('what.problems', {}, l.problems.map((p) => ev('part', l.part, p))));
  return out;
}

function signerLines(l: ProtectionLayer): Line[] {
  const out: Line[] = [];
  const s = l.signer;
  const who = s?.email ?? s?.name ?? s?.subject ?? s?.keyId ?? s?.fingerprint;
  // The signer's own identifiers, as the certificate or key writes them (data, no labels of ours).
  const sEv = s ? [s.email, s.subject, s.issuer && s.serial ? `${s.issuer}; ${s.serial}` : s.issuer, s.fingerprint ?? s.keyId].filter((v): v is string => !!v).map((v) => ev('part', l.part, v)) : [];
  if (who) out.push(line(s?.email || s?.name || s?.subject ? 'what.signer' : 'what.signer.key', { who }, sEv));
  if (s?.matchesFrom === false && s.email) out.push(line('what.signer.not-from', { email: s.email }, sEv));
  const i = l.integrity;
  // The detector's status and reason code are its reasoning: JSON evidence, not words for a person.
  const iEv = i ? [ev('rule', `integrity:${i.status}`, i.reason ?? i.status)] : [];
  if (i?.status === 'intact') out.push(line('what.integrity.intact', {}, iEv));
  // A bad signature value (not a changed digest) may be forgery as much as change: its own sentence says so.
  else if (i?.status === 'altered' && reasonCode(i.reason) !== 'bad-signature') out.push(line('what.integrity.altered', {}, iEv));
  else if (i?.status === 'cannot-check') out.push(line('what.integrity.cannot-check', {}, iEv));
  // Why it failed or could not run, from the reason's code; the raw reason is the evidence.
  const why = i ? integrityReasonKey(i.status, i.reason) : undefined;
  if (why) out.push(line(why, {}, iEv));
  return out;
}

function senderLines(f: Facts): Line[] {
  const s = f.sender;
  const mask = s.recipientMask;
  const maskLine = mask
    ? [line('what.recipient-mask', { address: mask.address, service: serviceName(mask.service) ?? { key: 'service.unknown' } }, [ev('header', maskHeader(s), mask.address)], ['relay'])]
    : [];
  return [...maskLine, ...senderOnly(f)];
}

function senderOnly(f: Facts): Line[] {
  const s = f.sender;
  const e = senderEvidence(f.a);
  const service = serviceRef(s);
  const from = s.from ?? '';
  if (s.masked) {
    if (isNotice(s)) return [line('what.notification', { service, reply: s.replyAddress ?? from }, e)];
    if (s.kind === 'marketplace') return [line('what.marketplace', { service, from }, e)];
    return [line(from ? 'what.relay' : 'what.relay.nofrom', { service, from }, e, ['relay'])];
  }
  if (s.kind === 'mailing-list') {
    const name = serviceName(s.service);
    return [name ? line('what.list', { service: name }, e) : line('what.list.unnamed', {}, e)];
  }
  if (s.kind === 'forwarder') return [line('what.forwarder', {}, e)];
  if (isNotice(s)) return [line('what.notification', { service, reply: s.replyAddress ?? from }, e)];
  if (s.kind === 'marketplace') return [line('what.marketplace', { service, from }, e)];
  return [];
}

/**
 * What the sender check found, as a fact (the internal note carries it): said when it failed, and for
 * a portal notice when nothing confirms who sent it (the advice changes on it).
 */
function senderCheckLines(f: Facts): Line[] {
  const domain = f.a.authentication.fromDomain ?? f.a.message.from.find((m) => m.domain)?.domain;
  if (f.senderCheck === 'failed') return [domain ? line('what.sender.failed', { domain }, senderCheckEvidence(f)) : line('what.sender.failed.nodomain', {}, senderCheckEvidence(f))];
  if (f.senderCheck === 'unchecked' && f.portals.length) return [line('what.sender.unchecked', {}, senderCheckEvidence(f))];
  return [];
}
