/**
 * Reads what a CMS ContentInfo (RFC 5652) reveals without any key: its content type, the recipients
 * and content-encryption algorithm of (Auth)EnvelopedData, and the certificates and signers of
 * SignedData. Tolerant: a truncated prefix (we read only the head of a big EnvelopedData) or a
 * damaged blob yields what could be read plus `problems`; it never throws.
 *
 * AuthEnvelopedData (RFC 5083 §2.1) shares EnvelopedData's head (version, originatorInfo,
 * recipientInfos, then the content info), so both are walked by one function.
 */
import type { Recipient } from '../types';
import {
  T_INTEGER,
  T_OCTET_STRING,
  T_OID,
  T_SEQUENCE,
  T_SET,
  children,
  hex,
  integerHex,
  isContext,
  isUniversal,
  latin1,
  octets,
  oid,
  readTlv,
  timeIso,
  type Tlv,
} from './der';
import { CIPHER_NAMES, CONTENT_TYPE_NAMES, OID } from './oids';
import { nameToString, parseCertificate, pemToDer, type CertInfo } from './x509';

export type CmsRecipientType = 'ktri' | 'kari' | 'kekri' | 'pwri' | 'ori';

export interface CmsRecipient {
  type: CmsRecipientType;
  recipient: Recipient;
}

export type SignerId = { issuer: string; serial: string } | { subjectKeyId: string };

export interface CmsSigner {
  sid?: SignerId;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  /** RSASSA-PSS parameters, as read (RFC 4055 §3.1). */
  signatureParams?: Tlv;
  signature: Uint8Array;
  /** DER of signedAttrs re-tagged as SET OF (RFC 5652 §5.4: the signature covers that encoding). */
  signedAttrs?: Uint8Array;
  /** signedAttrs are present but their encoding cannot be re-used (indefinite length, cut off). */
  signedAttrsUnusable?: string;
  messageDigest?: Uint8Array;
  signingTime?: string;
  contentType?: string;
}

export interface CmsInfo {
  /** The ContentInfo content-type OID; '' when unreadable. */
  contentType: string;
  /** RFC 8551 name of the content type ('enveloped-data', 'signed-data'...), or 'unknown'. */
  type: string;
  recipients: CmsRecipient[];
  /** Readable content-encryption algorithm, or its OID when unknown. */
  algorithm?: string;
  algorithmOid?: string;
  /** CompressedData (RFC 3274): the compression algorithm OID and the still-compressed content. */
  compression?: string;
  compressed?: Uint8Array;
  /** SignedData: the encapsulated content type, and its content when present (opaque signing). */
  eContentType?: string;
  eContent?: Uint8Array;
  certificates: CertInfo[];
  signers: CmsSigner[];
  /** The blob ended before the structure did (a prefix was read, or the blob was cut). */
  truncated: boolean;
  problems: string[];
}

const PROBLEM_TRUNCATED = 'truncated: the blob ends before the CMS structure does';

function empty(): CmsInfo {
  return { contentType: '', type: 'unknown', recipients: [], certificates: [], signers: [], truncated: false, problems: [] };
}

/** DER bytes from raw bytes that may instead be PEM or bare base64 text (.p7m files saved as text). */
export function cmsBytes(input: Uint8Array | string): Uint8Array | null {
  if (typeof input !== 'string') {
    if (input.length && input[0] === 0x30) return input;
    // Text that is base64 or PEM: decode it (look only at the head to decide).
    const head = latin1(input.subarray(0, 64));
    if (!/^\s*(-----BEGIN|[A-Za-z0-9+/]{16})/.test(head)) return null;
    input = latin1(input);
  }
  const der = pemToDer(input);
  return der && der.length && der[0] === 0x30 ? der : null;
}

/** Parses a ContentInfo from DER, PEM or base64. `limited`: the caller passed only a prefix. */
export function parseCms(input: Uint8Array | string, limited = false): CmsInfo {
  const info = empty();
  try {
    const der = cmsBytes(input);
    if (!der) {
      info.problems.push('not-cms: the bytes are not a DER/BER structure');
      return info;
    }
    const ci = readTlv(der, 0);
    if (!isUniversal(ci, T_SEQUENCE) || ci.bad) {
      info.problems.push('not-cms: no ContentInfo SEQUENCE');
      return info;
    }
    const [ctT, wrap] = children(ci);
    if (!isUniversal(ctT, T_OID)) {
      info.problems.push('not-cms: no content-type OID');
      return info;
    }
    info.contentType = oid(ctT);
    info.type = CONTENT_TYPE_NAMES[info.contentType] ?? 'unknown';
    if (info.type === 'unknown') info.problems.push(`unknown-content-type: ${info.contentType}`);
    if (ci.truncated) info.truncated = true;
    const body = isContext(wrap, 0) ? children(wrap)[0] : undefined;
    if (!body) {
      if (info.type !== 'unknown') info.problems.push('damaged: the content is missing');
    } else if (info.contentType === OID.envelopedData || info.contentType === OID.authEnvelopedData) {
      readEnveloped(body, info);
    } else if (info.contentType === OID.signedData) {
      readSigned(body, info);
    } else if (info.contentType === OID.compressedData) {
      // CompressedData (RFC 3274 §1.1): version, compressionAlgorithm, encapContentInfo.
      const [, alg, eci] = children(body);
      info.compression = oid(children(alg)[0]) || undefined;
      const wrapped = children(eci)[1];
      const os = isContext(wrapped, 0) ? children(wrapped)[0] : undefined;
      if (isUniversal(os, T_OCTET_STRING)) info.compressed = octets(os);
      if (body.truncated) info.truncated = true;
    } else if (info.contentType === OID.encryptedData) {
      // EncryptedData (§8): version, EncryptedContentInfo — a symmetric key agreed out of band, no recipients.
      readAlgorithm(children(body)[1], info);
    }
    if (info.truncated && !limited) info.problems.push(PROBLEM_TRUNCATED);
  } catch (err) {
    // Defensive: the reader is written not to throw; this keeps the promise if it ever does.
    info.problems.push(`damaged: ${err instanceof Error ? err.message : String(err)}`);
  }
  return info;
}

/** EnvelopedData (RFC 5652 §6.1) and AuthEnvelopedData (RFC 5083 §2.1). */
function readEnveloped(body: Tlv, info: CmsInfo): void {
  if (body.truncated) info.truncated = true;
  const f = children(body);
  let i = 1; // version
  if (isContext(f[i], 0)) i++; // originatorInfo [0] IMPLICIT
  const ris = f[i++];
  const eci = f[i];
  if (!isUniversal(ris, T_SET)) {
    info.problems.push('damaged: no recipientInfos');
    return;
  }
  if (ris.truncated) info.truncated = true;
  for (const ri of children(ris)) {
    const r = readRecipientInfo(ri);
    if (Array.isArray(r)) info.recipients.push(...r);
    else if (r) info.recipients.push(r);
    else info.problems.push('damaged: an unreadable recipientInfo');
  }
  if (!info.recipients.length) info.problems.push('damaged: no readable recipient');
  readAlgorithm(eci, info);
}

/** EncryptedContentInfo / AuthEncryptedContentInfo: contentType, contentEncryptionAlgorithm, ... */
function readAlgorithm(eci: Tlv | undefined, info: CmsInfo): void {
  const [, alg] = children(eci);
  const algOid = oid(children(alg)[0]);
  if (algOid) {
    info.algorithmOid = algOid;
    info.algorithm = CIPHER_NAMES[algOid] ?? algOid;
  } else info.problems.push('damaged: no content-encryption algorithm');
}

function issuerSerial(t: Tlv): { issuer: string; serial: string } | undefined {
  const [name, serial] = children(t);
  if (!isUniversal(name, T_SEQUENCE) || !isUniversal(serial, T_INTEGER)) return undefined;
  return { issuer: nameToString(name), serial: integerHex(serial) };
}

/** RecipientInfo CHOICE (RFC 5652 §6.2): ktri untagged, kari [1], kekri [2], pwri [3], ori [4]. */
function readRecipientInfo(ri: Tlv): CmsRecipient[] | CmsRecipient | undefined {
  if (isUniversal(ri, T_SEQUENCE)) {
    // KeyTransRecipientInfo: rid is IssuerAndSerialNumber or [0] SubjectKeyIdentifier (§6.2.1).
    const rid = children(ri)[1];
    if (isUniversal(rid, T_SEQUENCE)) {
      const is = issuerSerial(rid);
      return is ? { type: 'ktri', recipient: is } : undefined;
    }
    if (isContext(rid, 0)) return { type: 'ktri', recipient: { subjectKeyId: hex(octets(rid)) } };
    return undefined;
  }
  if (isContext(ri, 1)) {
    const keys = readKari(ri);
    return keys.length ? keys : [{ type: 'kari', recipient: { type: 'kari' } }];
  }
  if (isContext(ri, 2)) {
    // KEKRecipientInfo: kekid.keyIdentifier (§6.2.3).
    const kekid = children(ri)[1];
    const kid = children(kekid)[0];
    const id = isUniversal(kid, T_OCTET_STRING) ? hex(octets(kid)) : undefined;
    return { type: 'kekri', recipient: id ? { type: 'kekri', id } : { type: 'kekri' } };
  }
  if (isContext(ri, 3)) return { type: 'pwri', recipient: { type: 'pwri' } };
  if (isContext(ri, 4)) {
    const id = oid(children(ri)[0]);
    return { type: 'ori', recipient: id ? { type: 'ori', id } : { type: 'ori' } };
  }
  return undefined;
}

/**
 * KeyAgreeRecipientInfo (§6.2.2): version, originator [0], ukm [1] OPTIONAL, keyEncryptionAlgorithm,
 * recipientEncryptedKeys (last). One kari can carry several keys; each key's rid is
 * IssuerAndSerialNumber or [0] RecipientKeyIdentifier (whose first field is the subjectKeyIdentifier).
 */
function readKari(ri: Tlv): CmsRecipient[] {
  const f = children(ri);
  const reks = f[f.length - 1];
  const out: CmsRecipient[] = [];
  if (f.length < 4 || !isUniversal(reks, T_SEQUENCE)) return out;
  for (const rek of children(reks)) {
    const rid = children(rek)[0];
    if (isUniversal(rid, T_SEQUENCE)) {
      const is = issuerSerial(rid);
      if (is) out.push({ type: 'kari', recipient: is });
    } else if (isContext(rid, 0)) {
      const ski = children(rid)[0];
      if (isUniversal(ski, T_OCTET_STRING)) out.push({ type: 'kari', recipient: { subjectKeyId: hex(octets(ski)) } });
    }
  }
  return out;
}

/** SignedData (RFC 5652 §5.1). */
function readSigned(body: Tlv, info: CmsInfo): void {
  if (body.truncated) info.truncated = true;
  const f = children(body);
  let i = 1; // version
  i++; // digestAlgorithms
  const eci = f[i++];
  const [ect, ecWrap] = children(eci);
  info.eContentType = oid(ect) || undefined;
  if (isContext(ecWrap, 0)) {
    const os = children(ecWrap)[0];
    if (isUniversal(os, T_OCTET_STRING)) {
      info.eContent = octets(os);
      if (os.truncated) info.truncated = true;
    }
  }
  for (; i < f.length; i++) {
    const t = f[i];
    if (isContext(t, 0)) {
      // certificates [0] IMPLICIT CertificateSet: plain Certificates are SEQUENCEs; skip other choices.
      for (const c of children(t)) {
        if (!isUniversal(c, T_SEQUENCE)) continue;
        const cert = parseCertificate(c);
        if (cert) info.certificates.push(cert);
      }
    } else if (isUniversal(t, T_SET)) {
      for (const si of children(t)) {
        const s = readSignerInfo(si);
        if (s) info.signers.push(s);
        else info.problems.push('damaged: an unreadable signerInfo');
      }
    }
  }
}

/** SignerInfo (RFC 5652 §5.3). */
function readSignerInfo(si: Tlv): CmsSigner | undefined {
  if (!isUniversal(si, T_SEQUENCE)) return undefined;
  const f = children(si);
  let i = 1;
  const sidT = f[i++];
  let sid: SignerId | undefined;
  if (isUniversal(sidT, T_SEQUENCE)) sid = issuerSerial(sidT);
  else if (isContext(sidT, 0)) sid = { subjectKeyId: hex(octets(sidT)) };
  const digestAlgorithm = oid(children(f[i++])[0]);
  const s: CmsSigner = { sid, digestAlgorithm, signatureAlgorithm: '', signature: new Uint8Array(0) };
  if (isContext(f[i], 0)) {
    const attrs = f[i++];
    if (!attrs.indefinite && !attrs.truncated && !attrs.bad) {
      const der = attrs.buf.slice(attrs.start, attrs.end);
      der[0] = 0x31; // [0] IMPLICIT → SET OF (RFC 5652 §5.4)
      s.signedAttrs = der;
    } else {
      s.signedAttrsUnusable = attrs.indefinite
        ? 'not-der: the signed attributes are not DER-encoded (indefinite length)'
        : 'truncated: the signed attributes are cut off';
    }
    for (const a of children(attrs)) {
      const [typ, vals] = children(a);
      const v = children(vals)[0];
      const id = oid(typ);
      if (!v) continue;
      if (id === OID.attrMessageDigest && isUniversal(v, T_OCTET_STRING)) s.messageDigest = octets(v);
      else if (id === OID.attrSigningTime) s.signingTime = timeIso(v);
      else if (id === OID.attrContentType) s.contentType = oid(v);
    }
  }
  const sigAlg = f[i++];
  const [sigOid, sigParams] = children(sigAlg);
  s.signatureAlgorithm = oid(sigOid);
  if (sigParams && isUniversal(sigParams, T_SEQUENCE)) s.signatureParams = sigParams;
  const sig = f[i];
  if (isUniversal(sig, T_OCTET_STRING)) s.signature = octets(sig);
  return s;
}

/** Certificates a signer id points to (issuer+serial, or subject key id). */
export function findSignerCert(info: CmsInfo, sid: SignerId | undefined): CertInfo | undefined {
  if (!sid) return undefined;
  if ('subjectKeyId' in sid) return info.certificates.find((c) => c.subjectKeyId === sid.subjectKeyId);
  return info.certificates.find((c) => c.serial === sid.serial && c.issuer === sid.issuer);
}
