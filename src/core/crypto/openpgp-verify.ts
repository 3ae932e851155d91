/**
 * OpenPGP signature integrity, checked only with a key that travels in the message itself (an
 * Autocrypt header's keydata, an application/pgp-keys part, an armored PUBLIC KEY BLOCK). Veil has no
 * keyring and no trust store: "intact" proves the content matches the signature made by that key,
 * not that the key belongs to who it claims.
 *
 * Uses openpgp's FULL build: the lightweight build loads chunks with import(), which an MV3 service
 * worker forbids (shared/domain/ENCRYPTION.md A2.2).
 */
import * as openpgp from 'openpgp';
import type { IntegrityStatus } from '../types';

export interface IntegrityResult {
  status: IntegrityStatus;
  reason?: string;
}

/** A public key found in the message, binary or armored, and where it was found. */
export interface KeySource {
  binary?: Uint8Array;
  armored?: string;
  where: string;
}

const CONFIG = { ignoreUnsupportedPackets: true, ignoreMalformedPackets: true } as const;


async function loadKeys(sources: KeySource[]): Promise<openpgp.PublicKey[]> {
  const keys: openpgp.PublicKey[] = [];
  for (const s of sources) {
    try {
      const found = s.binary
        ? await openpgp.readKeys({ binaryKeys: s.binary, config: CONFIG })
        : s.armored
          ? await openpgp.readKeys({ armoredKeys: s.armored, config: CONFIG })
          : [];
      for (const k of found) keys.push(k.isPrivate() ? k.toPublic() : (k as openpgp.PublicKey));
    } catch {
      // A damaged key is simply not usable; the result says "no key".
    }
  }
  return keys;
}

function matching(keys: openpgp.PublicKey[], ids: openpgp.KeyID[]): openpgp.PublicKey[] {
  return keys.filter((k) => ids.some((id) => k.getKeys(id).length > 0));
}

/** Maps openpgp's verification errors to our three states (openpgp src/packet/signature.js verify()). */
function fromError(e: unknown): IntegrityResult {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Signed digest did not match|Signature verification failed/i.test(msg)) return { status: 'altered', reason: 'signature-mismatch' };
  if (/Unsupported|Unknown|not supported/i.test(msg)) return { status: 'cannot-check', reason: `unsupported-algorithm: ${msg}` };
  if (/Insecure|too weak|minRSABits/i.test(msg)) return { status: 'cannot-check', reason: `insecure-algorithm: ${msg}` };
  if (/expired|revoked|Key is newer|Could not find valid/i.test(msg)) return { status: 'cannot-check', reason: `key-not-valid: ${msg}` };
  return { status: 'cannot-check', reason: `error: ${msg}` };
}

async function run(
  keys: KeySource[],
  ids: openpgp.KeyID[],
  created: Date | undefined,
  verify: (keys: openpgp.PublicKey[], date: Date) => Promise<{ verified: Promise<boolean> }[]>,
): Promise<IntegrityResult> {
  if (!keys.length) return { status: 'cannot-check', reason: 'no-key-in-message' };
  const loaded = await loadKeys(keys);
  if (!loaded.length) return { status: 'cannot-check', reason: 'key-unreadable' };
  const usable = matching(loaded, ids);
  if (!usable.length) return { status: 'cannot-check', reason: 'key-does-not-match-signer' };
  try {
    // Judge the key as it was when the signature was made: integrity does not expire.
    const sigs = await verify(usable, created ?? new Date());
    let last: IntegrityResult = { status: 'cannot-check', reason: 'no-signature' };
    for (const s of sigs) {
      try {
        if (await s.verified) return { status: 'intact' };
      } catch (e) {
        const r = fromError(e);
        if (r.status === 'altered' || last.reason === 'no-signature') last = r;
      }
    }
    return last;
  } catch (e) {
    return fromError(e);
  }
}

function createdOf(sig: openpgp.Signature): Date | undefined {
  const p = sig.packets[0] as unknown as { created?: Date | null } | undefined;
  return p?.created ?? undefined;
}

/**
 * A detached signature over `data`, already in the form that was signed: a PGP/MIME entity with CRLF
 * line ends (RFC 3156 §5), or cleartext-signed text prepared per RFC 9580 §7.1 (cleartextSignedBytes).
 */
export async function verifyDetached(data: Uint8Array, signature: { binary?: Uint8Array; armored?: string }, keys: KeySource[]): Promise<IntegrityResult> {
  try {
    const sig = signature.armored
      ? await openpgp.readSignature({ armoredSignature: signature.armored, config: CONFIG })
      : await openpgp.readSignature({ binarySignature: signature.binary ?? new Uint8Array(0), config: CONFIG });
    const ids = sig.getSigningKeyIDs();
    const message = await openpgp.createMessage({ binary: data });
    return await run(keys, ids, createdOf(sig), async (k, date) =>
      (await openpgp.verify({ message, signature: sig, verificationKeys: k, date, config: CONFIG })).signatures,
    );
  } catch (e) {
    return { status: 'cannot-check', reason: `unreadable-signature: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** A signed (not encrypted) binary OpenPGP message: one-pass signature, literal data, signature. */
export async function verifyInline(binary: Uint8Array, keys: KeySource[], created?: Date): Promise<IntegrityResult> {
  try {
    const message = await openpgp.readMessage({ binaryMessage: binary, config: CONFIG });
    const ids = message.getSigningKeyIDs();
    // Input is a Uint8Array, so openpgp does not stream: the hash is complete when verify() returns.
    return await run(keys, ids, created, async (k, date) =>
      (await openpgp.verify({ message, verificationKeys: k, expectSigned: false, format: 'binary', date, config: CONFIG })).signatures,
    );
  } catch (e) {
    return { status: 'cannot-check', reason: `unreadable-message: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Issuer key ids of a signed message whose packets we could not inflate ourselves (bzip2, or no
 * DecompressionStream on this platform): openpgp unwraps compressed data itself. [] when unreadable.
 */
export async function signingKeyIds(binary: Uint8Array): Promise<string[]> {
  try {
    const message = await openpgp.readMessage({ binaryMessage: binary, config: CONFIG });
    return message.getSigningKeyIDs().map((k) => k.toHex());
  } catch {
    return [];
  }
}
