// A detector that throws costs only its own findings: the others' layers stay, the failure is a
// defect, and an S/MIME/PGP part still shows as a layer from its MIME type, with the reason.
import { describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { classifyProtection } from '../../../src/core/classify/protection';
import { contextOf } from '../../support/openssl';
import { leaf, message, multipart } from '../../support/mime-builder';
import { buildZip } from '../../support/file-builders';

vi.mock('../../../src/core/classify/smime', () => ({
  detectSmime: async () => {
    throw new Error('boom in smime');
  },
}));
vi.mock('../../../src/core/classify/portal', () => ({
  detectPortal: () => {
    throw new Error('boom in portal');
  },
}));

describe('detector failures', () => {
  it('keeps the other detectors\' layers, reports defects, and falls back to the MIME type for S/MIME', async () => {
    const zip = buildZip([{ name: 'a', data: randomBytes(16), encrypted: true }]);
    const signed = multipart(
      'signed',
      [
        multipart('mixed', [leaf('text/plain', 'hello'), leaf('application/zip', zip, { filename: 'a.zip' })]),
        leaf('application/pkcs7-signature', randomBytes(300), { filename: 'smime.p7s' }),
      ],
      { params: { protocol: 'application/pkcs7-signature', micalg: 'sha-256' } },
    );
    const r = await classifyProtection(contextOf(message(signed)));
    expect(r.layers.map((l) => `${l.scheme}-${l.kind}@${l.part}`)).toEqual(['smime-signed@1', 'attachment-encrypted@1.1.2']);
    expect(r.layers[0].problems?.[0]).toMatch(/MIME type only.*boom in smime/);
    expect(r.defects).toEqual(expect.arrayContaining([expect.stringMatching(/^smime-failed: boom in smime/), expect.stringMatching(/^portal-failed: boom in portal/)]));
  });
});
