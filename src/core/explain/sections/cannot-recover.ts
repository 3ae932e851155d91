/**
 * "What cannot be recovered": the limits, stated plainly, and Veil's own rule (it never decrypts or
 * unmasks: by design that is practically impossible, and trying would break policy and maybe law).
 */
import { ev, line, type Line } from '../model';
import { isNotice, isPassphraseOnly, isSharedKey, layerEvidence, senderEvidence, serviceRef, vendorRef, type Facts } from '../facts';

export function cannotRecoverSection(f: Facts): Line[] {
  const a = f.a;
  const out: Line[] = [];
  for (const l of f.keyEncrypted) {
    const e = layerEvidence(a, l);
    if (isSharedKey(l)) out.push(line('cannot.shared-key', {}, e));
    else if (isPassphraseOnly(l)) out.push(line('cannot.passphrase', {}, e));
    else if (l.recipients?.some((r) => r.mine)) out.push(line('cannot.encrypted.mine', {}, e));
    else out.push(line('cannot.encrypted', {}, e));
  }
  if (f.keyEncrypted.length) out.push(line('cannot.headers-visible'));
  for (const l of f.portals) out.push(line('cannot.portal', { vendor: vendorRef(l.provider) }, layerEvidence(a, l)));
  if (f.attachments.length) out.push(line('cannot.attachment', {}, f.attachments.flatMap((l) => layerEvidence(a, l))));
  if (f.keyAttachments.length) out.push(line('cannot.attachment.key', {}, f.keyAttachments.flatMap((l) => layerEvidence(a, l))));
  // A notification address hides no person: nothing about the sender is lost.
  if (f.relay && !isNotice(f.sender)) {
    out.push(line('cannot.relay', { service: serviceRef(f.sender) }, senderEvidence(a)));
    // A relay signs the forwarded copy with its own DKIM key (RELAYS-AND-HOSTS.md), so the
    // original sender's domain proof does not survive the hop.
    const d = a.authentication.dkimDomains;
    if (d.length) out.push(line('cannot.relay-resigned', { domains: d.join(', ') }, d.map((x) => ev('header', 'DKIM-Signature', `d=${x}`))));
  }
  const masked = f.relay && !isNotice(f.sender);
  const protectedOrMasked = f.encrypted.length > 0 || masked;
  if (protectedOrMasked && a.transport.hops.length) {
    // The oldest stamped hop is where the known route starts; anything before it is unknown.
    const oldest = a.transport.hops[a.transport.hops.length - 1];
    out.push(line('cannot.hops', {}, [ev('header', 'Received', oldest.raw)]));
  }
  if (protectedOrMasked) {
    const onlyFiles = f.encrypted.length > 0 && f.encrypted.every((l) => l.scheme === 'attachment');
    if (masked) out.push(line(f.encrypted.length ? 'cannot.policy.both' : 'cannot.policy.unmask'));
    else out.push(line(onlyFiles ? 'cannot.policy.attachment' : 'cannot.policy.decrypt'));
    out.push(line('cannot.policy.why'));
  }
  return out;
}
