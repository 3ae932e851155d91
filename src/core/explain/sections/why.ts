/**
 * "Why senders do this": the purpose of each kind of protection or masking found. Each reason points
 * at the layer or header that made it apply.
 */
import { line, type Line } from '../model';
import { isNotice, layerEvidence, senderEvidence, type Facts } from '../facts';

export function whySection(f: Facts): Line[] {
  const a = f.a;
  const first = (layers: Facts['encrypted']) => (layers[0] ? layerEvidence(a, layers[0]).slice(0, 1) : []);
  const out: Line[] = [];
  if (f.keyEncrypted.length) out.push(line(f.passphraseOnly ? 'why.passphrase' : 'why.encrypted', {}, first(f.keyEncrypted)));
  if (f.portals.length) out.push(line('why.portal', {}, first(f.portals)));
  if (f.attachments.length) out.push(line('why.attachment', {}, first(f.attachments)));
  if (f.keyAttachments.length && !f.keyEncrypted.length) out.push(line('why.attachment.key', {}, first(f.keyAttachments)));
  if (f.signed.length && !f.encrypted.length) out.push(line('why.signed', {}, first(f.signed)));
  if (f.relay) {
    const key = isNotice(f.sender) ? 'why.notification' : f.sender.kind === 'marketplace' ? 'why.marketplace' : 'why.relay';
    out.push(line(key, {}, senderEvidence(a).slice(0, 1)));
  }
  return out;
}
