/**
 * Turns the bytes of an OpenPGP payload (binary or armored) into what a layer says about it:
 * recipients, passphrase, cipher, signer. Shared by every OpenPGP shape in pgp.ts.
 */
import type { Recipient, Signer } from '../types';
import { findArmor, type ArmorBlock } from '../crypto/armor';
import type { Budget } from '../budget';
import {
  aeadName,
  cipherName,
  keyIdFromFingerprint,
  TAG,
  walkPacketsDeep,
  type PacketWalk,
  type SignatureInfo,
} from '../crypto/openpgp-packets';
import { binaryString } from '../parse/bytes';

export interface DecodedPayload {
  /** Present when the bytes were armored. */
  armor?: ArmorBlock;
  /** Every block found when the bytes were armored. */
  blocks: ArmorBlock[];
  walk?: PacketWalk;
  /** The binary OpenPGP bytes (de-armored when needed). */
  binary: Uint8Array;
  problems: string[];
}

/** Reads a payload prefix: armor when it starts (after blanks) with "-----BEGIN PGP", else binary. */
export async function decodePayload(bytes: Uint8Array, hitLimit: boolean, budget?: Budget): Promise<DecodedPayload> {
  let i = 0;
  while (i < bytes.length && i < 4096 && (bytes[i] === 32 || bytes[i] === 9 || bytes[i] === 10 || bytes[i] === 13 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  const looksArmored = bytes[i] === 45 && binaryString(bytes, i, Math.min(bytes.length, i + 15)) === '-----BEGIN PGP ';
  if (!looksArmored) {
    const walk = await walkPacketsDeep(bytes, undefined, budget);
    // A prefix cut inside the data packet is our doing, not damage.
    return { walk, binary: bytes, blocks: [], problems: walk.problems.filter((p) => !(hitLimit && p === 'truncated')) };
  }
  const text = binaryString(bytes);
  const scan = findArmor(text);
  const armor = scan.blocks[0];
  if (!armor) return { binary: new Uint8Array(0), blocks: [], problems: ['armor not readable'] };
  // A prefix cut inside the armor is our doing, not damage.
  const problems = hitLimit ? armor.problems.filter((p) => !/END line|checksum|base64 length/.test(p)) : [...armor.problems];
  if (!armor.data.length) return { armor, blocks: scan.blocks, binary: armor.data, problems };
  const walk = await walkPacketsDeep(armor.data, undefined, budget);
  for (const p of walk.problems) if (!(hitLimit && p === 'truncated')) problems.push(p);
  return { armor, blocks: scan.blocks, walk, binary: armor.data, problems };
}

/** Normalises the agent's own key ids / fingerprints: lowercase hex, no spaces or "0x". */
export function ownKeys(list: string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const k of list ?? []) {
    const h = k.toLowerCase().replace(/^0x/, '').replace(/[\s:]/g, '');
    if (/^[0-9a-f]{16}$/.test(h) || /^[0-9a-f]{40}$/.test(h) || /^[0-9a-f]{64}$/.test(h)) out.add(h);
  }
  return out;
}

function isMine(own: Set<string>, keyId: string | undefined, fp: string | undefined): boolean {
  if (!own.size) return false;
  if (fp && own.has(fp)) return true;
  if (keyId && keyId !== '0000000000000000') {
    if (own.has(keyId)) return true;
    // A configured fingerprint names its key id too (v4: last 16 hex, v6: first 16).
    for (const o of own) if (o.length > 16 && keyIdFromFingerprint(o) === keyId) return true;
  }
  return false;
}

/** Recipients as RFC 9580 §5.1 names them: v3 key id (wildcard kept), v6 fingerprint. */
export function recipientsOf(walk: PacketWalk, own: Set<string>): Recipient[] {
  const out: Recipient[] = [];
  for (const p of walk.pkesk) {
    const r: Recipient = p.fingerprint ? { fingerprint: p.fingerprint } : { keyId: p.keyId ?? '0000000000000000' };
    if (isMine(own, p.keyId, p.fingerprint)) r.mine = true;
    out.push(r);
  }
  return out;
}

/** The cipher, when the packets show it: SEIPD v2 / AEAD packet, or an X25519/X448 v3 PKESK. */
export function algorithmOf(walk: PacketWalk): string | undefined {
  const d = walk.data;
  if (d && d.symmetricAlgorithm !== undefined && d.aeadAlgorithm !== undefined) {
    return `${cipherName(d.symmetricAlgorithm)}-${aeadName(d.aeadAlgorithm)}`;
  }
  const clear = walk.pkesk.find((p) => p.symmetricAlgorithm !== undefined);
  if (clear) return cipherName(clear.symmetricAlgorithm as number);
  // Passphrase only, v4 SKESK without an encrypted session key: its cipher encrypts the data (RFC 9580 §5.3.1).
  const direct = !walk.pkesk.length && walk.skesk.length === 1 && walk.skesk[0].version === 4 && walk.skesk[0].hasSessionKey === false;
  return direct ? cipherName(walk.skesk[0].symmetricAlgorithm) : undefined;
}

/** Passphrase-encrypted: an SKESK, or a bare legacy SED (PGP 2 "conventional" encryption). */
export function passphraseOf(walk: PacketWalk): boolean {
  return walk.skesk.length > 0 || (walk.pkesk.length === 0 && walk.data?.tag === TAG.SED);
}

/**
 * The signer of the first signature: a signature packet's issuer (subpackets 16/33) and creation
 * time (subpacket 2), completed with a one-pass signature's key id when the signature packet was
 * beyond the bytes read.
 */
export function signerOf(sigs: SignatureInfo[]): Signer | undefined {
  if (!sigs.length) return undefined;
  const full = sigs.find((s) => s.tag === TAG.SIGNATURE) ?? sigs[0];
  const signer: Signer = {};
  const keyId = full.keyId ?? sigs.find((s) => s.keyId)?.keyId;
  const fp = full.fingerprint ?? sigs.find((s) => s.fingerprint && (!keyId || s.keyId === keyId))?.fingerprint;
  if (keyId) signer.keyId = keyId;
  if (fp) signer.fingerprint = fp;
  if (full.created) signer.signedAt = full.created;
  return signer;
}
