import type { ProtectionLayer, Sender, Verdict } from './types';

/**
 * The one badge code for a message. When several apply, the first in this order wins: what makes
 * the content unreadable first, then what hides the sender, then signatures.
 */
export const VERDICTS: readonly Verdict[] = [
  'smime-encrypted',
  'pgp-encrypted',
  'portal-encrypted',
  'attachment-encrypted',
  'relay-masked',
  'smime-signed',
  'pgp-signed',
  'plain',
  'error',
];

export function verdictOf(protection: readonly ProtectionLayer[], sender: Sender): Verdict {
  const found = new Set<Verdict>();
  for (const layer of protection) {
    if (layer.kind === 'encrypted') {
      if (layer.scheme === 'smime') found.add('smime-encrypted');
      else if (layer.scheme === 'pgp') found.add('pgp-encrypted');
      else if (layer.scheme === 'portal') found.add('portal-encrypted');
      else found.add('attachment-encrypted');
    } else if (layer.scheme === 'smime') found.add('smime-signed');
    else if (layer.scheme === 'pgp') found.add('pgp-signed');
  }
  if (sender.masked) found.add('relay-masked');
  return VERDICTS.find((v) => found.has(v)) ?? 'plain';
}
