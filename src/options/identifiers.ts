/**
 * Turns what an agent pastes into the identifiers Veil keeps: a certificate's issuer, serial and
 * subject key id (what CMS RecipientInfos name, RFC 5652 §6.2.1), an OpenPGP key's key ids and
 * fingerprints (what PKESK packets name, RFC 9580 §5.1). The pasted key itself is never stored.
 */
import { readKey } from 'openpgp';
import { certificateIdentifiers } from '../core/crypto/x509';
import type { CertificateId, PgpKeyId } from '../shared/settings';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: 'private-key' | 'unreadable'; detail?: string };

export function parseCertificate(pem: string): Parsed<CertificateId> {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) return { ok: false, reason: 'private-key' };
  const id = certificateIdentifiers(pem);
  if (!id) return { ok: false, reason: 'unreadable' };
  return {
    ok: true,
    value: { issuer: id.issuer, serial: id.serial, subjectKeyId: id.subjectKeyId, label: id.email || id.subject },
  };
}

export async function parsePgpKey(armored: string): Promise<Parsed<PgpKeyId>> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) return { ok: false, reason: 'private-key' };
  try {
    const key = await readKey({ armoredKey: armored });
    if (key.isPrivate()) return { ok: false, reason: 'private-key' };
    const keys = [key, ...key.getSubkeys()];
    const user = key.getUserIDs()[0];
    return {
      ok: true,
      value: {
        keyIds: keys.map((k) => k.getKeyID().toHex().toLowerCase()),
        fingerprints: keys.map((k) => k.getFingerprint().toLowerCase()),
        label: user,
      },
    };
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: e instanceof Error ? e.message : String(e) };
  }
}

// Shared with the managed settings' checks (no openpgp there).
export { isAddress } from '../shared/address';
