/** "Why senders do this": the purpose of each kind of protection or masking found. */
import { line, type Line } from '../model';
import type { Facts } from '../facts';

export function whySection(f: Facts): Line[] {
  const out: Line[] = [];
  if (f.keyEncrypted.length) out.push(line(f.passphraseOnly ? 'why.passphrase' : 'why.encrypted'));
  if (f.portals.length) out.push(line('why.portal'));
  if (f.attachments.length) out.push(line('why.attachment'));
  if (f.signed.length && !f.encrypted.length) out.push(line('why.signed'));
  if (f.relay) out.push(line(f.sender.kind === 'marketplace' ? 'why.marketplace' : f.sender.kind === 'notification' ? 'why.notification' : 'why.relay'));
  return out;
}
