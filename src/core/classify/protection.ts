/**
 * Protection layers: S/MIME, OpenPGP, portal notices and encrypted attachments, outermost first.
 */
import type { CryptoNote, ProtectionLayer } from '../types';
import type { ClassifyContext } from './context';

export interface ProtectionResult {
  layers: ProtectionLayer[];
  notes: CryptoNote[];
}

export async function classifyProtection(ctx: ClassifyContext): Promise<ProtectionResult> {
  const layers: ProtectionLayer[] = [];
  for (const node of ctx.msg.nodes) {
    const ct = node.contentType;
    const ev = [{ source: 'part' as const, where: node.path, value: ct }];
    if (ct === 'multipart/encrypted' && /pgp-encrypted/i.test(node.params['protocol'] ?? '')) {
      layers.push({ scheme: 'pgp', kind: 'encrypted', part: node.path, evidence: ev });
    } else if (ct === 'multipart/signed' && /pgp-signature/i.test(node.params['protocol'] ?? '')) {
      layers.push({ scheme: 'pgp', kind: 'signed', part: node.path, evidence: ev });
    } else if (ct === 'multipart/signed' && /pkcs7-signature/i.test(node.params['protocol'] ?? '')) {
      layers.push({ scheme: 'smime', kind: 'signed', part: node.path, evidence: ev });
    } else if (/^application\/(x-)?pkcs7-mime$/.test(ct)) {
      const signed = /signed-data|certs-only/i.test(node.params['smime-type'] ?? '');
      layers.push({ scheme: 'smime', kind: signed ? 'signed' : 'encrypted', part: node.path, evidence: ev });
    }
  }
  return { layers, notes: [] };
}
