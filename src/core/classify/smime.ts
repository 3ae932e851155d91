/**
 * S/MIME detection (RFC 8551; shared/domain/ENCRYPTION.md A1): which parts are CMS, what kind, who
 * can read them and who signed them, all without a key.
 *
 * The bytes decide, not the labels: smime-type is only a hint (RFC 8551 §3.2.2), Thunderbird's
 * "assume encrypted" default misnames opaque-signed mail (A1 row 9), and a gateway may relabel a
 * blob as application/octet-stream with a .p7m name (A1 row 8). A damaged blob is still reported,
 * with `problems`, when the part is declared as S/MIME; a .p7m-named file that is not CMS is not.
 */
import type { CryptoNote, Evidence, ProtectionLayer, Recipient, Signer } from '../types';
import type { ClassifyContext } from './context';
import { entityBytes, readBody, type MimeNode } from '../parse/mime';
import { getHeader } from '../parse/headers';
import { MAX_EVIDENCE_CHARS, MAX_NESTED_MESSAGE_BYTES } from '../limits';
import { parseCms, type CmsInfo, type CmsSigner } from '../crypto/cms';
import { signerCertificate, verifySigner, type IntegrityResult } from '../crypto/cms-verify';
import { canonicalCrlf } from '../parse/bytes';
import { normalizeDn, type CertInfo } from '../crypto/x509';
import { CONTENT_TYPE_NAMES } from '../crypto/oids';
import { inflateZlib } from '../crypto/inflate';

/** id-alg-zlibCompress (RFC 3274 §2). */
const OID_ZLIB = '1.2.840.113549.1.9.16.3.8';

/** For the options page: the identifiers of a pasted certificate (PEM or DER), never the key. */
export { certificateIdentifiers, type CertificateIdentifiers } from '../crypto/x509';

export interface SmimeResult {
  layers: ProtectionLayer[];
  notes: CryptoNote[];
  /** Content wrapped in an opaque signature or in CompressedData (a MIME entity), for the orchestrator
   *  to parse and classify; `part` is the wrapping node's path. */
  inner: { part: string; bytes: Uint8Array }[];
}

const PKCS7_MIME = /^application\/(x-)?pkcs7-mime$/;
const PKCS7_SIG = /^application\/(x-)?pkcs7-signature$/;
/** RFC 8551 §3.2.1 file extensions (a hint only: "MUST NOT rely on the file extensions"). */
const P7_NAME = /\.p7([mscz])\s*$/i;

/** Only the head of a big EnvelopedData is read: recipients and algorithm come before the ciphertext. */
const PREFIX_BYTES = 256 * 1024;
/** Detached signatures are small (a few certificates at most); this bounds a hostile one. */
const SIGNATURE_BYTES = 4 * 1024 * 1024;

export async function detectSmime(ctx: ClassifyContext): Promise<SmimeResult> {
  const out: SmimeResult = { layers: [], notes: [], inner: [] };
  const done = new Set<MimeNode>();
  const attachedRoots = ctx.msg.nodes.filter((n) => n.attached).map((n) => n.path);
  const isAttached = (path: string) => attachedRoots.some((r) => path === r || path.startsWith(r + '.'));
  for (const node of ctx.msg.nodes) {
    if (ctx.msg.budget?.timeUp(`S/MIME detection from part ${node.path} on`)) break;
    if (done.has(node)) continue;
    try {
      if (node.contentType === 'multipart/signed') {
        const sig = smimeSignaturePart(node);
        if (!sig) continue;
        done.add(sig);
        const layer = await detachedLayer(node, sig, ctx);
        if (isAttached(node.path)) layer.attached = true;
        out.layers.push(layer);
        continue;
      }
      if (node.contentType.startsWith('multipart/') || node.contentType.startsWith('message/')) continue;
      const declared = PKCS7_MIME.test(node.contentType) || PKCS7_SIG.test(node.contentType);
      const named = P7_NAME.test(node.filename ?? '');
      if (!declared && !named) continue;
      const found = await blobLayer(node, declared, ctx, out);
      if (found && isAttached(node.path)) found.attached = true;
    } catch (err) {
      // Never expected (every reader is tolerant); keep the rest of the message classified.
      const reason = err instanceof Error ? err.message : String(err);
      const shape = shapeFromLabels(node, (node.params['smime-type'] ?? '').trim().toLowerCase());
      out.layers.push({
        scheme: 'smime',
        kind: shape === 'encrypted' ? 'encrypted' : 'signed',
        part: node.path,
        problems: [`damaged: ${reason}`],
        evidence: [partEvidence(node)],
      });
    }
  }
  return out;
}

/** The signature part of an S/MIME multipart/signed (RFC 8551 §3.5.3), or undefined when it is not S/MIME. */
function smimeSignaturePart(node: MimeNode): MimeNode | undefined {
  const protocol = (node.params['protocol'] ?? '').trim().toLowerCase();
  const second = node.parts[1];
  const secondIsSig = !!second && (PKCS7_SIG.test(second.contentType) || /\.p7s\s*$/i.test(second.filename ?? ''));
  if (/(^|[^\w-])application\/(x-)?pkcs7-signature($|[^\w-])/.test(protocol)) return second ?? node; // no 2nd part: a problem
  // Tolerate a missing (or gateway-mangled, non-PGP) protocol when the second part plainly is a
  // PKCS #7 signature.
  if (secondIsSig && !/pgp/.test(protocol)) return second;
  return undefined;
}

function clip(s: string): string {
  return s.length > MAX_EVIDENCE_CHARS ? s.slice(0, MAX_EVIDENCE_CHARS - 1) + '…' : s;
}

function partEvidence(node: MimeNode): Evidence {
  const ct = getHeader(node.headers, 'content-type')?.value ?? node.contentType;
  return { source: 'part', where: node.path, value: clip(`Content-Type: ${ct.replace(/\s+/g, ' ').trim()}`) };
}

function cmsEvidence(node: MimeNode, cms: CmsInfo): Evidence {
  const name = cms.contentType ? `${cms.type} (${cms.contentType})` : 'unreadable';
  return { source: 'part', where: node.path, value: clip(`CMS content type: ${name}`) };
}

async function detachedLayer(node: MimeNode, sig: MimeNode, ctx: ClassifyContext): Promise<ProtectionLayer> {
  const layer: ProtectionLayer = {
    scheme: 'smime',
    kind: 'signed',
    part: node.path,
    format: 'detached-signed',
    evidence: [partEvidence(node)],
  };
  const problems: string[] = [];
  const signed = node.parts[0];
  if (sig === node || !signed) {
    problems.push('damaged: the multipart/signed has no signature part');
    layer.problems = problems;
    layer.integrity = { status: 'cannot-check', reason: 'damaged: the signature part is missing' };
    return layer;
  }
  layer.evidence.push(partEvidence(sig));
  const bytes = readBody(sig, { limit: SIGNATURE_BYTES });
  const cms = parseCms(bytes);
  layer.evidence.push(cmsEvidence(sig, cms));
  problems.push(...cms.problems);
  if (cms.contentType && cms.type !== 'signed-data') problems.push(`unexpected-content-type: the signature part holds ${cms.type}`);
  const signer = cms.signers[0];
  if (cms.type === 'signed-data' && !signer) problems.push('damaged: no signerInfo');
  if (signer) {
    const cert = await signerCertificate(cms, signer.sid);
    layer.signer = signerOf(signer, cert, ctx);
    // RFC 8551 §3.1.1 / RFC 1847 §2.1: the first body part exactly as sent, in canonical CRLF form.
    layer.integrity = await verifySigner(signer, cert, canonicalCrlf(entityBytes(signed)));
  } else {
    layer.integrity = { status: 'cannot-check', reason: 'damaged: the signature could not be read' };
  }
  if (problems.length) layer.problems = problems;
  return layer;
}

function signerOf(s: CmsSigner, cert: CertInfo | undefined, ctx: ClassifyContext): Signer {
  const out: Signer = {};
  if (cert) {
    out.subject = cert.subject;
    if (cert.email) out.email = cert.email;
    if (cert.name) out.name = cert.name;
    out.issuer = cert.issuer;
    out.serial = cert.serial;
    if (cert.subjectKeyId) out.subjectKeyId = cert.subjectKeyId;
    if (cert.notBefore) out.notBefore = cert.notBefore;
    if (cert.notAfter) out.notAfter = cert.notAfter;
    if (cert.emails.length && ctx.from.length) {
      const froms = ctx.from.map((m) => m.address.trim().toLowerCase()).filter(Boolean);
      if (froms.length) out.matchesFrom = cert.emails.some((e) => froms.includes(e.toLowerCase()));
    }
  } else if (s.sid) {
    // Detached signatures often carry no certificate: say what the signer id names.
    if ('subjectKeyId' in s.sid) out.subjectKeyId = s.sid.subjectKeyId;
    else {
      out.issuer = s.sid.issuer;
      out.serial = s.sid.serial;
    }
  }
  if (s.signingTime) out.signedAt = s.signingTime;
  return out;
}

function markMine(recipients: Recipient[], ctx: ClassifyContext): Recipient[] {
  const own = ctx.options.own?.certificates ?? [];
  if (!own.length) return recipients;
  const normSerial = (s: string) => s.toLowerCase().replace(/[^0-9a-f]/g, '').replace(/^(00)+(?=..)/, '');
  const normSki = (s: string) => s.toLowerCase().replace(/[^0-9a-f]/g, '');
  return recipients.map((r) => {
    const mine = own.some((c) => {
      if ('subjectKeyId' in r && c.subjectKeyId) return normSki(c.subjectKeyId) === r.subjectKeyId;
      if ('issuer' in r && c.issuer && c.serial) {
        return normSerial(c.serial) === r.serial && normalizeDn(c.issuer) === normalizeDn(r.issuer);
      }
      return false;
    });
    return mine ? { ...r, mine: true } : r;
  });
}

type Shape = 'encrypted' | 'signed' | 'certs-only' | 'compressed';

/** What the labels alone suggest, used only when the bytes cannot be read. */
function shapeFromLabels(node: MimeNode, smimeType: string): Shape {
  if (smimeType === 'enveloped-data' || smimeType === 'authenveloped-data') return 'encrypted';
  if (smimeType === 'signed-data') return 'signed';
  if (smimeType === 'certs-only') return 'certs-only';
  if (smimeType === 'compressed-data') return 'compressed';
  if (PKCS7_SIG.test(node.contentType)) return 'signed';
  const ext = (node.filename ?? '').match(P7_NAME)?.[1]?.toLowerCase();
  if (ext === 's') return 'signed';
  if (ext === 'c') return 'certs-only';
  if (ext === 'z') return 'compressed';
  // Thunderbird's default for application/pkcs7-mime without smime-type (mimei.cpp, A1 row 9).
  return 'encrypted';
}

/** RFC 8551 §3.2.2 smime-type values for each CMS content type, to spot a label that disagrees. */
const SMIME_TYPE_OF: Record<string, string[]> = {
  'enveloped-data': ['enveloped-data'],
  'auth-enveloped-data': ['authenveloped-data'],
  'signed-data': ['signed-data', 'certs-only'],
  'compressed-data': ['compressed-data'],
};

async function blobLayer(
  node: MimeNode,
  declared: boolean,
  ctx: ClassifyContext,
  out: SmimeResult,
): Promise<ProtectionLayer | undefined> {
  const smimeType = (node.params['smime-type'] ?? '').trim().toLowerCase();
  let bytes = readBody(node, { limit: PREFIX_BYTES });
  let limited = bytes.length >= PREFIX_BYTES;
  let cms = parseCms(bytes, limited);
  if ((cms.type === 'signed-data' || cms.type === 'compressed-data') && limited) {
    // Opaque signing and compression wrap the whole message: its content is needed for the inner parse.
    bytes = readBody(node, { limit: MAX_NESTED_MESSAGE_BYTES });
    limited = bytes.length >= MAX_NESTED_MESSAGE_BYTES;
    cms = parseCms(bytes, limited);
  }
  const readable = !!cms.contentType;
  // A .p7m/.p7s name over bytes that are not CMS is not S/MIME (RFC 8551 §3.2.1), unless the bytes
  // start like a ContentInfo, which makes it a damaged blob worth naming.
  if (!readable && !declared && !startsLikeCms(bytes)) return undefined;
  if (readable && !declared && cms.type === 'unknown') return undefined;
  const evidence = [partEvidence(node), cmsEvidence(node, cms)];
  const problems = [...cms.problems];
  if (readable && smimeType && SMIME_TYPE_OF[cms.type] && !SMIME_TYPE_OF[cms.type].includes(smimeType)) {
    problems.push(`smime-type-mismatch: the header says ${smimeType}, the content is ${cms.type}`);
  }

  let shape: Shape;
  if (cms.type === 'enveloped-data' || cms.type === 'auth-enveloped-data' || cms.type === 'encrypted-data') shape = 'encrypted';
  else if (cms.type === 'signed-data') shape = !cms.signers.length && !cms.eContent ? 'certs-only' : 'signed';
  else if (cms.type === 'compressed-data') shape = 'compressed';
  else if (readable && cms.type !== 'unknown') return undefined; // id-data, digested-data: no protection
  else shape = shapeFromLabels(node, smimeType);

  // Nothing claims more than the bytes show. A detached signature signs the first part of the
  // multipart/signed around it (RFC 8551 §3.5.3; those are handled before this); one anywhere else
  // signs nothing in this message. And a part labelled as a signature whose bytes are not CMS at all
  // is no signature, opaque or detached: both are an attachment that looks like a signature.
  const detachedAlone = shape === 'signed' && readable && !cms.eContent;
  const notCms = shape === 'signed' && !readable && !startsLikeCms(bytes);
  if (detachedAlone || notCms) {
    out.notes.push({ kind: 'smime-lone-signature', part: node.path, detail: detachedAlone ? 'a detached signature outside multipart/signed' : 'not CMS data', evidence });
    return undefined;
  }

  if (shape === 'certs-only' || shape === 'compressed') {
    // RFC 8551 §3.8 / §3.6: certificates only, or compression only: nothing is protected.
    const note: CryptoNote = {
      kind: shape === 'certs-only' ? 'smime-certs-only' : 'smime-compressed',
      part: node.path,
      evidence,
    };
    const detail: string[] = [];
    if (shape === 'certs-only' && cms.certificates.length) {
      detail.push(cms.certificates.map((c) => c.subject).join('; '));
    }
    if (shape === 'compressed' && cms.compressed) {
      // RFC 8551 §3.6: compression can wrap a signed or encrypted entity; hand it on to be classified.
      const inflated = cms.compression === OID_ZLIB ? await inflateZlib(cms.compressed, MAX_NESTED_MESSAGE_BYTES, ctx.msg.budget, `the compressed content of part ${node.path}`) : undefined;
      if (inflated?.bytes?.length) out.inner.push({ part: node.path, bytes: inflated.bytes });
      else if (inflated?.overBudget) problems.push('not-inflated: the analysis had already inflated as much as it may');
      else problems.push(cms.compression === OID_ZLIB ? 'damaged: the compressed content could not be inflated' : `unsupported-algorithm: compression ${cms.compression ?? 'unknown'}`);
    }
    if (problems.length) detail.push(...problems);
    if (detail.length) note.detail = clip(detail.join(' | '));
    out.notes.push(note);
    return undefined;
  }

  const layer: ProtectionLayer = { scheme: 'smime', kind: shape, part: node.path, evidence };
  if (shape === 'encrypted') {
    layer.format =
      cms.type === 'auth-enveloped-data' || (!readable && smimeType === 'authenveloped-data')
        ? 'auth-enveloped-data'
        : cms.type === 'encrypted-data'
          ? 'encrypted-data'
          : 'enveloped-data';
    if (readable) layer.recipients = markMine(cms.recipients.map((r) => r.recipient), ctx);
    // A password recipient (RFC 3211, RFC 5652 §6.2.4) opens the message with a passphrase, as an
    // OpenPGP SKESK does: the contract's `passphrase` says so for both schemes.
    if (cms.recipients.some((r) => r.type === 'pwri')) layer.passphrase = true;
    if (cms.algorithm) layer.algorithm = cms.algorithm;
  } else {
    layer.format = readable && !cms.eContent ? 'detached-signed' : 'opaque-signed';
    const signer = cms.signers[0];
    if (signer) {
      const cert = await signerCertificate(cms, signer.sid);
      layer.signer = signerOf(signer, cert, ctx);
      layer.integrity = await integrityOf(signer, cert, cms, limited);
    } else {
      if (readable) problems.push('damaged: no signerInfo');
      layer.integrity = { status: 'cannot-check', reason: 'damaged: the signature could not be read' };
    }
    if (cms.eContent && cms.eContent.length) out.inner.push({ part: node.path, bytes: cms.eContent });
  }
  if (problems.length) layer.problems = problems;
  out.layers.push(layer);
  return layer;
}

/**
 * A ContentInfo is a SEQUENCE longer than 127 bytes, so it starts 30 80 (BER indefinite) or 30 81..84;
 * as text it is PEM or base64 of that ("MI..."). A text file that happens to begin with "0" is not.
 */
function startsLikeCms(b: Uint8Array): boolean {
  if (b.length > 1 && b[0] === 0x30 && b[1] >= 0x80 && b[1] <= 0x84) return true;
  let head = '';
  for (let i = 0; i < Math.min(b.length, 40); i++) head += String.fromCharCode(b[i]);
  return /^\s*(-----BEGIN (PKCS7|CMS)|MI[A-Za-z0-9+/]{6})/.test(head);
}

async function integrityOf(
  signer: CmsSigner,
  cert: CertInfo | undefined,
  cms: CmsInfo,
  limited: boolean,
): Promise<IntegrityResult> {
  if (!cms.eContent) {
    // A bare detached signature outside multipart/signed: the content it covers is not identifiable.
    return { status: 'cannot-check', reason: 'no-content: a detached signature without its multipart/signed content' };
  }
  if (cms.truncated || limited) return { status: 'cannot-check', reason: 'truncated: the signed blob is cut off' };
  return verifySigner(signer, cert, cms.eContent);
}

/** For callers that want the CMS type name of an OID (explanations, CLI). */
export function cmsTypeName(oid: string): string {
  return CONTENT_TYPE_NAMES[oid] ?? oid;
}
