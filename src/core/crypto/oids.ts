/**
 * Object identifiers Veil names in CMS blobs, with the sources they come from
 * (shared/domain/ENCRYPTION.md A1.1): RFC 5652 (CMS), RFC 5083/5084 (AuthEnvelopedData, AES-GCM),
 * RFC 3274 (CompressedData), RFC 8103 (ChaCha20-Poly1305), RFC 3565 (AES-CBC), RFC 5754 (SHA-2).
 */

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  digestedData: '1.2.840.113549.1.7.5',
  encryptedData: '1.2.840.113549.1.7.6',
  authData: '1.2.840.113549.1.9.16.1.2',
  compressedData: '1.2.840.113549.1.9.16.1.9',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',
  attrContentType: '1.2.840.113549.1.9.3',
  attrMessageDigest: '1.2.840.113549.1.9.4',
  attrSigningTime: '1.2.840.113549.1.9.5',
} as const;

/** The CMS content types by the names RFC 8551 gives their smime-type parameter. */
export const CONTENT_TYPE_NAMES: Record<string, string> = {
  [OID.data]: 'data',
  [OID.signedData]: 'signed-data',
  [OID.envelopedData]: 'enveloped-data',
  [OID.digestedData]: 'digested-data',
  [OID.encryptedData]: 'encrypted-data',
  [OID.authData]: 'authenticated-data',
  [OID.compressedData]: 'compressed-data',
  [OID.authEnvelopedData]: 'auth-enveloped-data',
};

/** Content-encryption algorithms (EncryptedContentInfo.contentEncryptionAlgorithm). */
export const CIPHER_NAMES: Record<string, string> = {
  '1.2.840.113549.3.7': '3DES-CBC',
  '1.3.14.3.2.7': 'DES-CBC',
  '1.2.840.113549.3.2': 'RC2-CBC',
  '1.2.840.113549.3.4': 'RC4',
  '2.16.840.1.101.3.4.1.2': 'AES-128-CBC',
  '2.16.840.1.101.3.4.1.22': 'AES-192-CBC',
  '2.16.840.1.101.3.4.1.42': 'AES-256-CBC',
  '2.16.840.1.101.3.4.1.6': 'AES-128-GCM',
  '2.16.840.1.101.3.4.1.26': 'AES-192-GCM',
  '2.16.840.1.101.3.4.1.46': 'AES-256-GCM',
  '2.16.840.1.101.3.4.1.7': 'AES-128-CCM',
  '2.16.840.1.101.3.4.1.27': 'AES-192-CCM',
  '2.16.840.1.101.3.4.1.47': 'AES-256-CCM',
  '1.2.840.113549.1.9.16.3.18': 'ChaCha20-Poly1305',
  '1.2.392.200011.61.1.1.1.2': 'Camellia-128-CBC',
  '1.2.392.200011.61.1.1.1.3': 'Camellia-192-CBC',
  '1.2.392.200011.61.1.1.1.4': 'Camellia-256-CBC',
  '1.2.410.200004.1.4': 'SEED-CBC',
  // ARIA (RFC 5794 §4; CMS use RFC 5794 §5) and SM4 (GB/T 32907), both offered by `openssl cms -encrypt`.
  '1.2.410.200046.1.1.2': 'ARIA-128-CBC',
  '1.2.410.200046.1.1.7': 'ARIA-192-CBC',
  '1.2.410.200046.1.1.12': 'ARIA-256-CBC',
  '1.2.410.200046.1.1.34': 'ARIA-128-GCM',
  '1.2.410.200046.1.1.35': 'ARIA-192-GCM',
  '1.2.410.200046.1.1.36': 'ARIA-256-GCM',
  '1.2.156.10197.1.104.2': 'SM4-CBC',
};

/** Digest algorithms, with the WebCrypto name when WebCrypto can compute it. */
export const DIGESTS: Record<string, { name: string; webcrypto?: string }> = {
  '1.2.840.113549.2.5': { name: 'MD5' },
  '1.3.14.3.2.26': { name: 'SHA-1', webcrypto: 'SHA-1' },
  '2.16.840.1.101.3.4.2.4': { name: 'SHA-224' },
  '2.16.840.1.101.3.4.2.1': { name: 'SHA-256', webcrypto: 'SHA-256' },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA-384', webcrypto: 'SHA-384' },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA-512', webcrypto: 'SHA-512' },
};

export const KEY_RSA = '1.2.840.113549.1.1.1';
export const KEY_RSA_PSS = '1.2.840.113549.1.1.10';
export const KEY_EC = '1.2.840.10045.2.1';
export const KEY_ED25519 = '1.3.101.112';

/** Signature algorithms: the family and, when the OID fixes it, the digest. */
export const SIGNATURES: Record<string, { family: 'rsa' | 'rsa-pss' | 'ecdsa' | 'dsa' | 'eddsa'; digest?: string }> = {
  [KEY_RSA]: { family: 'rsa' },
  '1.2.840.113549.1.1.4': { family: 'rsa', digest: '1.2.840.113549.2.5' },
  '1.2.840.113549.1.1.5': { family: 'rsa', digest: '1.3.14.3.2.26' },
  '1.2.840.113549.1.1.14': { family: 'rsa', digest: '2.16.840.1.101.3.4.2.4' },
  '1.2.840.113549.1.1.11': { family: 'rsa', digest: '2.16.840.1.101.3.4.2.1' },
  '1.2.840.113549.1.1.12': { family: 'rsa', digest: '2.16.840.1.101.3.4.2.2' },
  '1.2.840.113549.1.1.13': { family: 'rsa', digest: '2.16.840.1.101.3.4.2.3' },
  [KEY_RSA_PSS]: { family: 'rsa-pss' },
  [KEY_EC]: { family: 'ecdsa' },
  '1.2.840.10045.4.1': { family: 'ecdsa', digest: '1.3.14.3.2.26' },
  '1.2.840.10045.4.3.1': { family: 'ecdsa', digest: '2.16.840.1.101.3.4.2.4' },
  '1.2.840.10045.4.3.2': { family: 'ecdsa', digest: '2.16.840.1.101.3.4.2.1' },
  '1.2.840.10045.4.3.3': { family: 'ecdsa', digest: '2.16.840.1.101.3.4.2.2' },
  '1.2.840.10045.4.3.4': { family: 'ecdsa', digest: '2.16.840.1.101.3.4.2.3' },
  '1.2.840.10040.4.1': { family: 'dsa' },
  '1.2.840.10040.4.3': { family: 'dsa', digest: '1.3.14.3.2.26' },
  '2.16.840.1.101.3.4.3.2': { family: 'dsa', digest: '2.16.840.1.101.3.4.2.1' },
  '1.3.101.112': { family: 'eddsa' },
  '1.3.101.113': { family: 'eddsa' },
};

/** Named curves WebCrypto verifies with (RFC 5480 §2.1.1.1), and their field size in bytes. */
export const CURVES: Record<string, { name: string; size: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 32 },
  '1.3.132.0.34': { name: 'P-384', size: 48 },
  '1.3.132.0.35': { name: 'P-521', size: 66 },
};
