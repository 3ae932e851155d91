/**
 * Password-protected attachments: ZIP, 7z, RAR, PDF and Office files whose own bytes say they are encrypted.
 * The file name and the declared MIME type are never the reason: a ".zip" that is not a ZIP is not
 * encrypted, and a normal ZIP, PDF or .docx is not either (issue 3, "read from the bytes").
 *
 * Cost: the first 64 KiB of each candidate part and, for archives and PDFs, about the last 128 KiB
 * (readBody's `limit` and `tail`); a 20 MB attachment is never decoded whole.
 */
import type { Evidence, ProtectionLayer } from '../types';
import type { ClassifyContext } from './context';
import { readBody, type MimeNode } from '../parse/mime';
import { MAX_EVIDENCE_CHARS } from '../limits';
import { inspectZip, looksLikeZip } from '../crypto/zip';
import { inspectPdf, looksLikePdf } from '../crypto/pdf';
import { inspectCfb, looksLikeCfb } from '../crypto/cfb';
import { inspect7z, looksLike7z } from '../crypto/sevenzip';
import { inspectRar, looksLikeRar } from '../crypto/rar';

export interface AttachmentResult {
  layers: ProtectionLayer[];
  /** Parts that could not be read (never reported as encrypted on that ground). */
  problems: string[];
}

const HEAD = 64 * 1024;
/** A ZIP's end record sits within the last 22 + 65535 bytes; a little more catches the central directory. */
const TAIL = 128 * 1024;
/** Enough for any sane message; a hostile one with thousands of parts stops here. */
const MAX_CANDIDATES = 500;

const cut = (s: string) => (s.length > MAX_EVIDENCE_CHARS ? s.slice(0, MAX_EVIDENCE_CHARS - 1) + '…' : s);

/** Parts that could be a file: leaves that are not multipart/message containers nor inline text bodies. */
function isCandidate(node: MimeNode): boolean {
  const ct = node.contentType;
  if (ct.startsWith('multipart/') || ct === 'message/rfc822' || ct === 'message/global') return false;
  if (node.bodyEnd <= node.bodyStart) return false;
  if (ct.startsWith('text/') && !node.filename && node.disposition !== 'attachment') return false;
  return true;
}

/** The decoded size of a base64 or identity body, without decoding it (to place the tail in the file). */
function decodedLength(node: MimeNode): number | undefined {
  const { src, bodyStart, bodyEnd } = node;
  if (node.encoding === 'base64') {
    let n = 0;
    for (let i = bodyStart; i < bodyEnd; i++) {
      const c = src[i];
      if (c === 61) break;
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 45 || c === 95) n++;
    }
    return Math.floor((n * 6) / 8);
  }
  if (!node.encoding || node.encoding === '7bit' || node.encoding === '8bit' || node.encoding === 'binary') return bodyEnd - bodyStart;
  return undefined;
}

function partEvidence(node: MimeNode): Evidence {
  const name = node.filename ? `${node.filename} ` : '';
  return { source: 'part', where: node.path, value: cut(`${name}(${node.contentType})`) };
}

function zipLayer(node: MimeNode, head: Uint8Array): ProtectionLayer | undefined {
  const z = inspectZip(head, readBody(node, { tail: TAIL }));
  if (!z.encrypted) return undefined;
  const layer: ProtectionLayer = {
    scheme: 'attachment',
    kind: 'encrypted',
    part: node.path,
    format: 'zip',
    passphrase: true,
    evidence: [
      partEvidence(node),
      {
        source: 'rule',
        where: 'zip-encryption-flag',
        value: `${z.encryptedEntries} of ${z.entries} entries have the encryption flag (general purpose bit 0) in the ${z.source === 'central-directory' ? 'central directory' : 'local headers'}; ${z.algorithm ?? 'unknown cipher'}`,
      },
    ],
  };
  if (z.algorithm) layer.algorithm = z.algorithm;
  if (z.problems.length) layer.problems = z.problems;
  return layer;
}

function pdfLayer(node: MimeNode, head: Uint8Array): ProtectionLayer | undefined {
  const p = inspectPdf(head, readBody(node, { tail: HEAD }));
  if (!p.encrypted) return undefined;
  const dict = [p.filter && `/Filter /${p.filter}`, p.v !== undefined && `/V ${p.v}`, p.r !== undefined && `/R ${p.r}`, p.length && `/Length ${p.length}`, p.cfm && `/CFM /${p.cfm}`]
    .filter(Boolean)
    .join(' ');
  const layer: ProtectionLayer = {
    scheme: 'attachment',
    kind: 'encrypted',
    part: node.path,
    format: 'pdf',
    evidence: [
      partEvidence(node),
      { source: 'rule', where: 'pdf-encrypt-dictionary', value: cut(`${p.evidence ?? '/Encrypt'}${dict ? `; ${dict}` : ''}`) },
    ],
  };
  // The Standard handler is password-based (an owner-only password still lets it open without
  // asking); other handlers (e.g. /Adobe.PubSec) encrypt to certificates (ISO 32000-1 §7.6.3, §7.6.4).
  if (!p.filter || p.filter === 'Standard') layer.passphrase = true;
  if (p.algorithm) layer.algorithm = p.algorithm;
  return layer;
}

function officeLayer(node: MimeNode, head: Uint8Array): ProtectionLayer | undefined {
  const total = decodedLength(node);
  const tail = readBody(node, { tail: HEAD });
  const tailStart = total !== undefined && total >= tail.length ? total - tail.length : undefined;
  const c = inspectCfb(head, tail, tailStart);
  if (!c.encrypted) return undefined;
  const layer: ProtectionLayer = {
    scheme: 'attachment',
    kind: 'encrypted',
    part: node.path,
    format: 'office',
    passphrase: true,
    evidence: [
      partEvidence(node),
      {
        source: 'rule',
        where: 'office-encryption',
        value: cut(`compound file with ${c.streams.join(' + ') || 'encryption streams'}${c.method ? ` (${c.method} encryption)` : ''}`),
      },
    ],
  };
  if (c.algorithm) layer.algorithm = c.algorithm;
  return layer;
}

function sevenZipLayer(node: MimeNode, head: Uint8Array): ProtectionLayer | undefined {
  const v = inspect7z(head, readBody(node, { tail: TAIL }), decodedLength(node));
  if (!v.encrypted) return undefined;
  return {
    scheme: 'attachment',
    kind: 'encrypted',
    part: node.path,
    format: '7z',
    // 7zAES is AES-256 with a SHA-256 password key derivation (7-Zip documentation).
    algorithm: 'AES-256',
    passphrase: true,
    evidence: [
      partEvidence(node),
      {
        source: 'rule',
        where: '7z-aes-coder',
        value: v.scope === 'headers' ? 'the archive header is encrypted with 7zAES (file names hidden too)' : 'the files are packed with the 7zAES coder',
      },
    ],
  };
}

function rarLayer(node: MimeNode, head: Uint8Array): ProtectionLayer | undefined {
  const v = inspectRar(head);
  if (!v.encrypted) return undefined;
  const layer: ProtectionLayer = {
    scheme: 'attachment',
    kind: 'encrypted',
    part: node.path,
    format: 'rar',
    passphrase: true,
    evidence: [
      partEvidence(node),
      {
        source: 'rule',
        where: 'rar-encryption',
        value: `RAR${v.version} ${v.scope === 'headers' ? 'archive encryption header (file names hidden too)' : 'file header marked encrypted'}`,
      },
    ],
  };
  if (v.algorithm) layer.algorithm = v.algorithm;
  return layer;
}

function inspect(node: MimeNode): ProtectionLayer | undefined {
  const head = readBody(node, { limit: HEAD });
  if (looksLikeZip(head)) return zipLayer(node, head);
  if (looksLikeCfb(head)) return officeLayer(node, head);
  if (looksLike7z(head)) return sevenZipLayer(node, head);
  if (looksLikeRar(head)) return rarLayer(node, head);
  if (looksLikePdf(head)) return pdfLayer(node, head);
  return undefined;
}

export function detectAttachments(ctx: ClassifyContext): AttachmentResult {
  const layers: ProtectionLayer[] = [];
  const problems: string[] = [];
  let seen = 0;
  for (const node of ctx.msg.nodes) {
    if (ctx.msg.budget?.timeUp(`attachment checks from part ${node.path} on`)) break;
    if (!isCandidate(node)) continue;
    if (++seen > MAX_CANDIDATES) break;
    try {
      const layer = inspect(node);
      if (layer) layers.push(layer);
    } catch (err) {
      // Hostile bytes must not cost the other parts: keep going, and say what failed (not "encrypted").
      problems.push(`attachment ${node.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { layers, problems };
}
