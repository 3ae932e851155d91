// RFC 9580 v6 packets. The installed GnuPG (2.2) cannot make v6 keys, so openpgp.js makes them here,
// with random user ids; expected values are read back from openpgp.js's own objects.
import { describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import { randomBytes } from 'node:crypto';
import { parseMessage } from '../../../src/core/parse/mime';
import { detectPgp } from '../../../src/core/classify/pgp';
import { walkPackets } from '../../../src/core/crypto/openpgp-packets';
import { verifyInline } from '../../../src/core/crypto/openpgp-verify';
import { mail } from '../../support/gpg';

const detect = async (raw: Uint8Array) => detectPgp({ msg: parseMessage(raw), options: {}, from: [], to: [], cc: [], replyTo: [] });

async function v6Key(v6Keys = true) {
  const tag = randomBytes(4).toString('hex');
  return openpgp.generateKey({ userIDs: [{ name: `V6 ${tag}`, email: `v6-${tag}@example.test` }], type: 'curve25519', format: 'object', config: { v6Keys, aeadProtect: v6Keys } });
}

function inline(armored: string): Uint8Array {
  return mail(['From: a@example.org', 'To: b@example.net', 'Subject: v6', 'Content-Type: text/plain; charset=utf-8'], armored);
}

async function seipd(armored: string) {
  const m = await openpgp.readMessage({ armoredMessage: armored });
  const p = m.packets.findPacket(openpgp.enums.packet.symEncryptedIntegrityProtectedData) as unknown as { version: number; cipherAlgorithm: number; aeadAlgorithm: number };
  const name = (e: object, v: number) => Object.entries(e).find(([, x]) => x === v)?.[0] ?? '';
  // openpgp.js says "aes256" and "ocb"; Veil names them as on the S/MIME side: "AES-256-OCB".
  const cipher = name(openpgp.enums.symmetric, p.cipherAlgorithm).replace(/^aes(\d+)$/, 'AES-$1');
  return { version: p.version, algo: `${cipher}-${name(openpgp.enums.aead, p.aeadAlgorithm).toUpperCase()}` };
}

describe('v6 (RFC 9580) messages made by openpgp.js', () => {
  it('PKESK v6 names the recipient subkey by fingerprint; SEIPD v2 names cipher and AEAD mode', async () => {
    const { publicKey } = await v6Key();
    const armored = (await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'v6 secret' }), encryptionKeys: publicKey, config: { aeadProtect: true } })) as string;
    const expected = await seipd(armored);
    expect(expected.version).toBe(2);
    const { layers } = await detect(inline(armored));
    expect(layers).toHaveLength(1);
    expect(layers[0]).toMatchObject({ scheme: 'pgp', kind: 'encrypted', format: 'inline' });
    expect(layers[0].recipients).toEqual([{ fingerprint: publicKey.getSubkeys()[0].getFingerprint() }]);
    expect(layers[0].algorithm).toBe(expected.algo);
  });

  it('an anonymous v6 recipient (zero-length key field) is 0000000000000000', async () => {
    const { publicKey } = await v6Key();
    const armored = (await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), encryptionKeys: publicKey, wildcard: true, config: { aeadProtect: true } })) as string;
    const m = await openpgp.readMessage({ armoredMessage: armored });
    expect((m.packets[0] as unknown as { version: number }).version).toBe(6);
    const { layers } = await detect(inline(armored));
    expect(layers[0].recipients).toEqual([{ keyId: '0000000000000000' }]);
  });

  it('SKESK v6 + SEIPD v2: passphrase-only with the AEAD cipher', async () => {
    const armored = (await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'pw' }), passwords: ['hunter2'], config: { aeadProtect: true } })) as string;
    const expected = await seipd(armored);
    const { layers } = await detect(inline(armored));
    expect(layers[0]).toMatchObject({ passphrase: true, algorithm: expected.algo });
    expect(layers[0].recipients).toBeUndefined();
  });

  it('a v4 key with an X25519 subkey: the v3 PKESK shows the session cipher in clear', async () => {
    const { publicKey } = await v6Key(false);
    const armored = (await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), encryptionKeys: publicKey })) as string;
    const m = await openpgp.readMessage({ armoredMessage: armored });
    const pk = m.packets.findPacket(openpgp.enums.packet.publicKeyEncryptedSessionKey) as unknown as { version: number; publicKeyAlgorithm: number };
    const { layers } = await detect(inline(armored));
    expect(layers[0].recipients).toEqual([{ keyId: publicKey.getSubkeys()[0].getKeyID().toHex() }]);
    if (pk.version === 3 && pk.publicKeyAlgorithm === openpgp.enums.publicKey.x25519) expect(layers[0].algorithm).toMatch(/^AES-(128|192|256)$/);
  });

  it('a v6 signed message: issuer fingerprint from the one-pass/signature packets, intact with the key', async () => {
    const { privateKey, publicKey } = await v6Key();
    const armored = (await openpgp.sign({ message: await openpgp.createMessage({ text: 'signed v6' }), signingKeys: privateKey })) as string;
    const { layers } = await detect(inline(armored));
    expect(layers[0]).toMatchObject({ kind: 'signed', format: 'inline' });
    expect(layers[0].signer?.fingerprint).toBe(publicKey.getFingerprint());
    expect(layers[0].signer?.keyId).toBe(publicKey.getKeyID().toHex());
    const bin = (await openpgp.sign({ message: await openpgp.createMessage({ text: 'signed v6' }), signingKeys: privateKey, format: 'binary' })) as Uint8Array;
    expect(await verifyInline(bin, [{ binary: publicKey.write(), where: 'test' }])).toEqual({ status: 'intact' });
  });

  it('reads the v6 key fingerprint of a public key block', async () => {
    const { publicKey } = await v6Key();
    const w = walkPackets(publicKey.write());
    expect(w.kind).toBe('public-key');
    const { notes } = await detect(inline(publicKey.armor()));
    expect(notes[0]).toMatchObject({ kind: 'pgp-public-key', detail: publicKey.getFingerprint() });
  });
});
