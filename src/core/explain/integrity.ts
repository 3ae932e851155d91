/**
 * Why a signature check failed or could not run, in plain words. The detectors write `reason` as a
 * stable code, then English detail for logs ("digest-mismatch: the signed content ...",
 * "key-not-valid: Key is expired"). Only the code picks the sentence; the raw reason stays in the
 * evidence. Codes: src/core/crypto/cms-verify.ts (S/MIME, RFC 5652 §5.4-5.6) and
 * src/core/crypto/openpgp-verify.ts, src/core/classify/pgp.ts (OpenPGP, RFC 9580 §5.2, RFC 3156 §5).
 */
import type { IntegrityStatus } from '../types';
import type { MessageKey } from '../i18n';

/** The code at the start of a reason: "text-reformatted (format=flowed)" → "text-reformatted". */
export function reasonCode(reason: string | undefined): string {
  return (reason ?? '').trim().toLowerCase().match(/^[a-z0-9-]+/)?.[0] ?? '';
}

const BY_CODE: Record<string, MessageKey | null> = {
  // The 'altered' sentence already says the text changed: nothing to add.
  'digest-mismatch': null,
  'signature-mismatch': null,
  'bad-signature': 'integrity.bad-signature',
  'no-certificate': 'integrity.no-certificate',
  'no-key-in-message': 'integrity.no-key',
  'key-does-not-match-signer': 'integrity.key-mismatch',
  'key-mismatch': 'integrity.key-unusable',
  'key-unusable': 'integrity.key-unusable',
  'key-unreadable': 'integrity.key-unusable',
  'key-not-valid': 'integrity.key-not-valid',
  'no-content': 'integrity.no-content',
  'detached-signature-without-content': 'integrity.no-content',
  'unsupported-algorithm': 'integrity.unsupported',
  'no-webcrypto': 'integrity.unsupported',
  'insecure-algorithm': 'integrity.insecure',
  'not-der': 'integrity.not-der',
  truncated: 'integrity.truncated',
  'text-reformatted': 'integrity.reformatted',
  'signed-entity-lost': 'integrity.entity-lost',
  damaged: 'integrity.damaged',
  'signature-unreadable': 'integrity.damaged',
  'signature-part-missing': 'integrity.damaged',
  'unreadable-signature': 'integrity.damaged',
  'unreadable-message': 'integrity.damaged',
  'no-signature': 'integrity.damaged',
};

/**
 * The sentence for a reason, undefined when the status sentence says it all or there is no reason.
 * An unknown code adds "the check could not run" only when the check indeed did not run.
 */
export function integrityReasonKey(status: IntegrityStatus, reason: string | undefined): MessageKey | undefined {
  if (status === 'intact' || !reason?.trim()) return undefined;
  const code = reasonCode(reason);
  if (Object.hasOwn(BY_CODE, code)) return BY_CODE[code] ?? undefined;
  return status === 'cannot-check' ? 'integrity.other' : undefined;
}
