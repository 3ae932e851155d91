/**
 * The headline: one sentence, the verdict. It names the most important fact first (the same order
 * as the badge's verdict), with the variants an agent acts on differently: a key that is yours, a
 * passphrase, a relay that will drop replies, a signature that no longer matches.
 */
import { line, type Line } from './model';
import { isNotice, vendorRef, serviceRef, type Facts } from './facts';
import { serviceName } from './names';
import { reasonCode } from './integrity';

export function headline(f: Facts): Line {
  const a = f.a;
  if (!a.ok) return line('headline.error');
  const ev = a.protection.flatMap((l) => l.evidence).slice(0, 2);
  switch (a.verdict) {
    case 'smime-encrypted':
    case 'pgp-encrypted': {
      const scheme = a.verdict === 'smime-encrypted' ? 'S/MIME' : 'OpenPGP';
      if (f.mine) return line('headline.encrypted.mine', { scheme }, ev);
      if (f.passphraseOnly) return line('headline.encrypted.passphrase', { scheme }, ev);
      if (f.sharedKeyOnly) return line('headline.encrypted.shared-key', { scheme }, ev);
      // A forwarded message/rfc822 that is encrypted: the message itself is readable, the attachment is not.
      const encrypted = a.protection.filter((l) => l.kind === 'encrypted');
      if (encrypted.length && encrypted.every((l) => l.attached)) return line('headline.encrypted.attached', { scheme }, ev);
      return line('headline.encrypted', { scheme }, ev);
    }
    case 'portal-encrypted': {
      // A notice whose sender was not confirmed may be a lure: the headline (the badge's tooltip) says so first.
      const vendor = vendorRef(f.portals[0]?.provider);
      if (f.senderCheck === 'failed') return line('headline.portal.unverified', { vendor }, ev);
      if (f.senderCheck === 'unchecked') return line('headline.portal.unchecked', { vendor }, ev);
      return line('headline.portal', { vendor }, ev);
    }
    case 'attachment-encrypted':
      // A file encrypted to someone's key is not opened by any password: say which it is.
      if (f.keyAttachments.length && !f.attachments.length) return line('headline.attachment.key', { scheme: f.keyAttachments[0].format === 'smime' ? 'S/MIME' : 'OpenPGP' }, ev);
      return line('headline.attachment', {}, ev);
    case 'relay-masked':
      if (isNotice(f.sender) && !f.mismatch) return line('headline.notification', { service: serviceRef(f.sender) }, f.sender.evidence.slice(0, 2));
      if (f.mismatch) return line('headline.relay.mismatch', { service: serviceRef(f.sender) }, f.sender.evidence.slice(0, 2));
      return line('headline.relay', { service: serviceRef(f.sender) }, f.sender.evidence.slice(0, 2));
    case 'smime-signed':
    case 'pgp-signed': {
      const scheme = a.verdict === 'smime-signed' ? 'S/MIME' : 'OpenPGP';
      // Signatures only on attached messages (a forward, the entries of a multipart/digest) say
      // nothing about this message: name where they are, as for an attached encrypted message.
      if (f.signed.length && f.signed.every((l) => l.attached)) return line('headline.signed.attached', { scheme }, ev);
      const altered = f.signed.filter((l) => l.integrity?.status === 'altered');
      if (altered.length && altered.every((l) => reasonCode(l.integrity?.reason) === 'bad-signature')) return line('headline.signed.invalid', { scheme }, ev);
      if (altered.length) return line('headline.signed.altered', { scheme }, ev);
      // Opaque-signed S/MIME arrives as one smime.p7m file and is routinely taken for encrypted.
      if (f.signed.some((l) => l.format === 'opaque-signed')) return line('headline.signed.opaque', { scheme }, ev);
      return line('headline.signed', { scheme }, ev);
    }
    case 'error':
      return line('headline.error');
    default:
      if (f.sender.kind === 'mailing-list') {
        const name = serviceName(f.sender.service);
        return name ? line('headline.plain.list', { service: name }, f.sender.evidence.slice(0, 2)) : line('headline.plain.list.unnamed', {}, f.sender.evidence.slice(0, 2));
      }
      if (f.sender.kind === 'forwarder') return line('headline.plain.forwarder', {}, f.sender.evidence.slice(0, 2));
      return line('headline.plain');
  }
}
