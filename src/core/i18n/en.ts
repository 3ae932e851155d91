/**
 * English catalogue: the source of truth for keys. Every user-visible sentence lives here or in a
 * sibling file of the same shape; `{name}` placeholders are filled by `t()`.
 */
export const en = {
  'headline.smime-encrypted': 'This message is encrypted with S/MIME. Only the holder of a recipient key can read it.',
  'headline.pgp-encrypted': 'This message is encrypted with OpenPGP. Only the holder of a recipient key can read it.',
  'headline.portal-encrypted': 'This message is a secure-message notice. The content is kept on the sender’s portal.',
  'headline.attachment-encrypted': 'An attachment of this message is locked with a password or a key.',
  'headline.relay-masked': 'The sender writes through a relay that hides their real address.',
  'headline.smime-signed': 'This message is signed with S/MIME. It is not encrypted.',
  'headline.pgp-signed': 'This message is signed with OpenPGP. It is not encrypted.',
  'headline.plain': 'This message is not encrypted, signed or masked.',
  'headline.error': 'This message could not be read.',
  'section.what': 'What Veil found',
  'section.error': 'What went wrong',
  'section.technical': 'Technical details',
  'what.layer': '{scheme} {kind} layer in part {part}.',
  'what.none': 'No encryption, signature or relay was found.',
  'technical.parts': 'The message has {count} MIME parts and {hops} Received headers.',
} as const;

export type MessageKey = keyof typeof en;
/** Every catalogue must have exactly these keys; a missing key is a type error. */
export type Messages = { readonly [K in MessageKey]: string };
