/**
 * Checks a CMS signature against the content it covers, with the certificate the blob carries
 * (RFC 5652 §5.4 and §5.6). The answer is about integrity only: Veil has no trust store, so a
 * matching signature says the content is what the holder of that certificate's key signed, not
 * that the certificate (or its owner) is trustworthy.
 */
import type { IntegrityStatus } from '../types';
import { T_INTEGER, T_SEQUENCE, children, content, isContext, isUniversal, oid, readTlv } from './der';
import { findSignerCert, type CmsInfo, type CmsSigner, type SignerId } from './cms';
import { CURVES, DIGESTS, KEY_EC, KEY_ED25519, KEY_RSA, KEY_RSA_PSS, SIGNATURES } from './oids';
import { spkiKeyBits, type CertInfo } from './x509';
import { toHex } from '../parse/bytes';

/**
 * `reason` starts with a stable code, then English for logs: digest-mismatch, bad-signature (altered);
 * no-certificate, no-content, unsupported-algorithm, key-mismatch, key-unusable, not-der, truncated,
 * damaged, no-webcrypto, error (cannot-check). Explanations should key on the code.
 */
export interface IntegrityResult {
  status: IntegrityStatus;
  reason?: string;
}

/** The three WebCrypto calls used here, typed loosely so the core and DOM builds both accept them. */
interface Subtle {
  digest(algorithm: string, data: ArrayBuffer): Promise<ArrayBuffer>;
  importKey(format: 'spki', keyData: ArrayBuffer, algorithm: unknown, extractable: boolean, usages: string[]): Promise<unknown>;
  verify(algorithm: unknown, key: unknown, signature: ArrayBuffer, data: ArrayBuffer): Promise<boolean>;
}

function subtle(): Subtle | undefined {
  try {
    return typeof crypto !== 'undefined' && crypto.subtle ? (crypto.subtle as unknown as Subtle) : undefined;
  } catch {
    return undefined;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A fresh ArrayBuffer copy: WebCrypto wants exactly the bytes, not a view on a bigger buffer. */
function buf(b: Uint8Array): ArrayBuffer {
  return b.slice().buffer as ArrayBuffer;
}

/** ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }, RFC 5480 §2.2) → raw r||s as WebCrypto wants. */
export function ecdsaDerToRaw(sig: Uint8Array, size: number): Uint8Array | undefined {
  const seq = readTlv(sig, 0);
  const [r, s] = children(seq);
  if (!isUniversal(seq, T_SEQUENCE) || !isUniversal(r, T_INTEGER) || !isUniversal(s, T_INTEGER)) return undefined;
  const out = new Uint8Array(size * 2);
  const put = (t: Uint8Array, at: number): boolean => {
    let i = 0;
    while (i < t.length - 1 && t[i] === 0) i++;
    const v = t.subarray(i);
    if (v.length > size) return false;
    out.set(v, at + size - v.length);
    return true;
  };
  return put(content(r), 0) && put(content(s), size) ? out : undefined;
}

/** RSASSA-PSS-params (RFC 4055 §3.1): hash [0] (default SHA-1), saltLength [2] (default 20). */
function pssParams(params: CmsSigner['signatureParams']): { hash: string; saltLength: number } {
  let hash = '1.3.14.3.2.26';
  let saltLength = 20;
  for (const p of children(params)) {
    if (isContext(p, 0)) {
      const alg = children(p)[0];
      const h = oid(children(alg)[0]);
      if (h) hash = h;
    } else if (isContext(p, 2)) {
      const n = children(p)[0];
      if (isUniversal(n, T_INTEGER)) saltLength = content(n).reduce((a, b) => a * 256 + b, 0);
    }
  }
  return { hash, saltLength };
}

type Plan = { importAlg: unknown; verifyAlg: unknown; signature: Uint8Array } | { cannot: string };

/** Picks the WebCrypto algorithms for this signer and certificate, or says why it cannot. */
function plan(signer: CmsSigner, cert: CertInfo): Plan {
  const sig = SIGNATURES[signer.signatureAlgorithm];
  if (!sig) return { cannot: `unsupported-algorithm: signature algorithm ${signer.signatureAlgorithm}` };
  if (sig.family === 'dsa') return { cannot: 'unsupported-algorithm: DSA signatures cannot be checked with WebCrypto' };
  if (sig.family === 'eddsa') {
    // RFC 8419: Ed25519 signs the signed attributes directly; WebCrypto has Ed25519 (not Ed448) in
    // current browsers and Node; where it lacks it, importKey fails and we say cannot-check.
    if (signer.signatureAlgorithm !== KEY_ED25519 || cert.keyAlgorithm !== KEY_ED25519) {
      return { cannot: 'unsupported-algorithm: Ed448 signatures cannot be checked with WebCrypto' };
    }
    return { importAlg: { name: 'Ed25519' }, verifyAlg: { name: 'Ed25519' }, signature: signer.signature };
  }
  let digestOid = sig.digest ?? signer.digestAlgorithm;
  if (sig.family === 'rsa-pss') {
    const p = pssParams(signer.signatureParams);
    digestOid = p.hash;
    const hash = DIGESTS[digestOid]?.webcrypto;
    if (!hash) return { cannot: `unsupported-algorithm: digest ${DIGESTS[digestOid]?.name ?? digestOid}` };
    if (cert.keyAlgorithm !== KEY_RSA && cert.keyAlgorithm !== KEY_RSA_PSS) return { cannot: 'key-mismatch: the certificate key is not RSA' };
    return {
      importAlg: { name: 'RSA-PSS', hash },
      verifyAlg: { name: 'RSA-PSS', saltLength: p.saltLength },
      signature: signer.signature,
    };
  }
  const hash = DIGESTS[digestOid]?.webcrypto;
  if (!hash) return { cannot: `unsupported-algorithm: digest ${DIGESTS[digestOid]?.name ?? digestOid}` };
  if (sig.family === 'rsa') {
    if (cert.keyAlgorithm !== KEY_RSA) return { cannot: 'key-mismatch: the certificate key is not RSA' };
    return {
      importAlg: { name: 'RSASSA-PKCS1-v1_5', hash },
      verifyAlg: { name: 'RSASSA-PKCS1-v1_5' },
      signature: signer.signature,
    };
  }
  // ECDSA
  if (cert.keyAlgorithm !== KEY_EC) return { cannot: 'key-mismatch: the certificate key is not EC' };
  const curve = CURVES[cert.keyCurve ?? ''];
  if (!curve) return { cannot: `unsupported-algorithm: curve ${cert.keyCurve ?? 'unknown'}` };
  const raw = ecdsaDerToRaw(signer.signature, curve.size);
  if (!raw) return { cannot: 'damaged: the ECDSA signature value is malformed' };
  return { importAlg: { name: 'ECDSA', namedCurve: curve.name }, verifyAlg: { name: 'ECDSA', hash }, signature: raw };
}

/**
 * Verifies one signer over `contentBytes` (the detached entity canonicalised to CRLF, or the eContent).
 * With signedAttrs: messageDigest must equal the content's digest and the signature must verify over
 * the DER SET OF attributes; without them the signature covers the content itself (RFC 5652 §5.4).
 */
export async function verifySigner(
  signer: CmsSigner,
  cert: CertInfo | undefined,
  contentBytes: Uint8Array | undefined,
): Promise<IntegrityResult> {
  try {
    const api = subtle();
    if (!api) return { status: 'cannot-check', reason: 'no-webcrypto: WebCrypto is not available here' };
    if (!cert) return { status: 'cannot-check', reason: "no-certificate: the signer's certificate is not included in the message" };
    if (!contentBytes) return { status: 'cannot-check', reason: 'no-content: the signed content could not be found' };
    if (!signer.signature.length) return { status: 'cannot-check', reason: 'damaged: the signature value is missing' };
    if (signer.signedAttrsUnusable) return { status: 'cannot-check', reason: signer.signedAttrsUnusable };
    const p = plan(signer, cert);
    if ('cannot' in p) return { status: 'cannot-check', reason: p.cannot };
    let signedBytes = contentBytes;
    if (signer.signedAttrs) {
      const digest = DIGESTS[signer.digestAlgorithm];
      if (!digest?.webcrypto) {
        return { status: 'cannot-check', reason: `unsupported-algorithm: digest ${digest?.name ?? signer.digestAlgorithm}` };
      }
      if (!signer.messageDigest) return { status: 'cannot-check', reason: 'damaged: the messageDigest attribute is missing' };
      const actual = new Uint8Array(await api.digest(digest.webcrypto, buf(contentBytes)));
      if (!equalBytes(actual, signer.messageDigest)) {
        return { status: 'altered', reason: 'digest-mismatch: the signed content was changed after signing' };
      }
      signedBytes = signer.signedAttrs;
    }
    let key: unknown;
    try {
      key = await api.importKey('spki', buf(cert.spki), p.importAlg, false, ['verify']);
    } catch (err) {
      return { status: 'cannot-check', reason: `key-unusable: the certificate's public key could not be used (${errText(err)})` };
    }
    const ok = await api.verify(p.verifyAlg, key, buf(p.signature), buf(signedBytes));
    return ok
      ? { status: 'intact' }
      : {
          status: 'altered',
          reason: signer.signedAttrs
            ? 'bad-signature: the content digest matches but the signature over the signed attributes does not verify'
            : 'bad-signature: the signature does not verify over the content',
        };
  } catch (err) {
    return { status: 'cannot-check', reason: `error: verification failed to run (${errText(err)})` };
  }
}

/**
 * The embedded certificate a signer id names. A subject key id normally matches the certificate's
 * SKI extension; for a certificate without one, RFC 5280 §4.2.1.2 method (1) — SHA-1 of the
 * subjectPublicKey bits — is what signers compute, so try that too.
 */
export async function signerCertificate(info: CmsInfo, sid: SignerId | undefined): Promise<CertInfo | undefined> {
  const direct = findSignerCert(info, sid);
  if (direct || !sid || !('subjectKeyId' in sid)) return direct;
  const api = subtle();
  if (!api) return undefined;
  for (const c of info.certificates) {
    if (c.subjectKeyId) continue;
    const bits = spkiKeyBits(c.spki);
    if (!bits) continue;
    try {
      const h = new Uint8Array(await api.digest('SHA-1', buf(bits)));
      if (toHex(h) === sid.subjectKeyId) return c;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

