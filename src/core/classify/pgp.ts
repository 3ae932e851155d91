/**
 * OpenPGP, read without any key (issue 3; shared/domain/ENCRYPTION.md A2, A2.1, A3):
 * - PGP/MIME encrypted and signed (RFC 3156 §4, §5), and the Exchange/Outlook "mixed-up" shape
 *   (multipart/mixed with a "PGP/MIME version identification" part and encrypted.asc);
 * - inline armor in text/plain and HTML bodies, cleartext signatures (RFC 9580 §7);
 * - .pgp/.gpg/.asc attachments whose bytes really are an encrypted OpenPGP message;
 * - things that look like OpenPGP but protect nothing (keys, Autocrypt) become notes, never layers.
 * Payloads are read through a bounded prefix; nothing here throws on hostile input.
 *
 * Layer formats (scheme 'pgp' unless noted): 'pgp-mime' (multipart/encrypted or /signed),
 * 'pgp-mime-mangled' (the multipart/mixed a gateway left; encrypted or signed), 'inline' (armored
 * or single-part message in a body), 'cleartext-signed', 'signature' (an armored signature alone),
 * 'attachment' (an encrypted file that is the whole message); scheme 'attachment' + format 'pgp' for
 * an encrypted file next to a readable body. Notes: 'pgp-public-key', 'pgp-private-key' (detail =
 * primary fingerprint), 'autocrypt-header' (detail = addr), 'autocrypt-setup-message',
 * 'protected-headers', 'pgp-mention'.
 */
import type { CryptoNote, Evidence, ProtectionLayer } from '../types';
import type { ClassifyContext } from './context';
import { entityBytes, readBody, readText, type MimeNode } from '../parse/mime';
import { getHeader, getHeaders } from '../parse/headers';
import { MAX_EVIDENCE_CHARS, MAX_TEXT_SCAN_BYTES } from '../limits';
import { cleartextSignedBytes, findArmor, hasArmor, htmlToText, mayHaveArmorHtml, type ArmorBlock } from '../crypto/armor';
import { isEncryptedWalk, keyFingerprint, walkPackets, walkPacketsDeep, type PacketWalk } from '../crypto/openpgp-packets';
import { canonicalCrlf } from '../parse/bytes';
import { signingKeyIds, verifyDetached, verifyInline, type IntegrityResult, type KeySource } from '../crypto/openpgp-verify';
import { algorithmOf, decodePayload, ownKeys, passphraseOf, recipientsOf, signerOf } from './pgp-payload';
import { binaryString, decodeBase64 } from '../parse/bytes';

export interface PgpResult {
  layers: ProtectionLayer[];
  notes: CryptoNote[];
}

/** Bytes of a payload read to walk its first packets. */
const HEAD = 64 * 1024;
/** Most keys collected from one message for signature checks; most text parts scanned. */
const MAX_KEYS = 16;
const MAX_TEXT_PARTS = 200;
const MAX_LAYERS = 100;
/** Below this many base64 characters (18 bytes) an armor body holds no OpenPGP message or signature:
 *  the smallest PKESK, SKESK or signature packet is longer (RFC 9580 §5.1, §5.2, §5.3). */
const MIN_BODY_CHARS = 24;

/** BEGIN and END lines around a few words ("(your data here)", "..."): instructions quoting the
 *  markers. A cleartext-signed text whose signature block never came (cut mail) is not judged here. */
function isProse(block: ArmorBlock): boolean {
  return block.bodyChars !== undefined && block.bodyChars < MIN_BODY_CHARS;
}

/** Names PGP/MIME clients and mangling gateways give the encrypted payload (ENCRYPTION.md A2 row 2). */
const PAYLOAD_NAME =
  /^((encrypted(_msg)?|msg|message|pgp|openpgp[-_ ]encrypted[-_ ]message)(\.(asc|pgp|gpg))?|att\d+(\.\w+)?|noname(\.\w+)?|untitled(\.\w+)?)$/i;
const PGP_FILE = /\.(pgp|gpg|asc)$/i;
/** Outer subjects that stand in for an encrypted one (autocrypt protected headers, RFC 9788 "[...]"). */
const PLACEHOLDER_SUBJECT = /^\s*(\.\.\.|\[\.\.\.\]|…|encrypted message|encrypted subject)\s*$/i;

const cut = (s: string) => (s.length > MAX_EVIDENCE_CHARS ? s.slice(0, MAX_EVIDENCE_CHARS - 1) + '…' : s);

function partEv(node: MimeNode, extra?: string): Evidence {
  const ctParams = node.params['protocol'] ? `; protocol="${node.params['protocol']}"` : '';
  const name = node.filename ? ` ${node.filename}` : '';
  return { source: 'part', where: node.path, value: cut(`${node.contentType}${ctParams}${name}${extra ? ` — ${extra}` : ''}`) };
}

function isLeaf(n: MimeNode): boolean {
  return !n.contentType.startsWith('multipart/') && n.contentType !== 'message/rfc822' && n.contentType !== 'message/global';
}

interface Env {
  ctx: ClassifyContext;
  layers: ProtectionLayer[];
  notes: CryptoNote[];
  consumed: Set<string>;
  own: Set<string>;
  keys: KeySource[];
  /** path → node */
  byPath: Map<string, MimeNode>;
  /** path → the root of the (possibly attached) message the node belongs to */
  rootOf: Map<string, MimeNode>;
  /** message root → its leaves that carry content (see isPayload) */
  substantive: Map<MimeNode, MimeNode[]>;
  /** Armor blocks already reported in a multipart/alternative ("<alt path>|<type>|<data id>") → their layer. */
  alternatives: Map<string, ProtectionLayer | undefined>;
}

export async function detectPgp(ctx: ClassifyContext): Promise<PgpResult> {
  const env: Env = {
    ctx,
    layers: [],
    notes: [],
    consumed: new Set(),
    own: ownKeys(ctx.options.own?.pgpKeys),
    keys: [],
    byPath: new Map(),
    rootOf: new Map(),
    substantive: new Map(),
    alternatives: new Map(),
  };
  try {
    index(env);
    headerNotes(env);
    await collectKeys(env);
    let textParts = 0;
    for (const node of ctx.msg.nodes) {
      if (env.layers.length >= MAX_LAYERS) break;
      if (ctx.msg.budget?.timeUp(`OpenPGP detection from part ${node.path} on`)) break;
      if (env.consumed.has(node.path)) continue;
      const ct = node.contentType;
      if (ct === 'multipart/encrypted' && isPgpEncrypted(node)) await pgpMimeEncrypted(env, node);
      else if (ct === 'multipart/signed' && isPgpSigned(node)) await pgpMimeSigned(env, node);
      else if (ct.startsWith('multipart/')) await mangled(env, node);
      else if (!isLeaf(node)) continue;
      else if (ct === 'application/pgp-keys') await keyPartNote(env, node);
      else if (ct === 'application/autocrypt-setup') setupPartNote(env, node);
      else if (isTextBody(node)) {
        if (textParts++ < MAX_TEXT_PARTS) await textPart(env, node);
      } else await attachment(env, node);
    }
    protectedHeaderNotes(env);
    mentionNote(env);
  } catch (e) {
    // Should not happen (every reader is bounded and non-throwing). With nothing found, let the
    // orchestrator record the defect and fall back to MIME types; otherwise keep what was found.
    if (!env.layers.length) throw e;
    const why = `OpenPGP detection stopped early: ${e instanceof Error ? e.message : String(e)}`;
    for (const l of env.layers) (l.problems ??= []).push(why);
  }
  for (const l of env.layers) {
    if (l.problems) l.problems = [...new Set(l.problems)];
    if (l.problems && !l.problems.length) delete l.problems;
  }
  return { layers: env.layers, notes: env.notes };
}

function index(env: Env): void {
  for (const n of env.ctx.msg.nodes) {
    env.byPath.set(n.path, n);
    const parentPath = n.path.includes('.') ? n.path.slice(0, n.path.lastIndexOf('.')) : '';
    const parent = env.byPath.get(parentPath);
    env.rootOf.set(n.path, n.attached || !parent ? n : (env.rootOf.get(parentPath) ?? n));
  }
}

function inAttached(env: Env, node: MimeNode): boolean {
  return (env.rootOf.get(node.path) ?? node).path !== '1';
}

function push(env: Env, node: MimeNode, layer: ProtectionLayer): ProtectionLayer {
  if (inAttached(env, node)) layer.attached = true;
  env.layers.push(layer);
  return layer;
}

function consumeTree(env: Env, node: MimeNode): void {
  env.consumed.add(node.path);
  for (const c of node.parts) consumeTree(env, c);
}

function isPgpEncrypted(node: MimeNode): boolean {
  if (/pgp-encrypted/i.test(node.params['protocol'] ?? '')) return true;
  // protocol missing or mangled: the first part's type still names PGP/MIME.
  return node.parts.some((c) => c.contentType === 'application/pgp-encrypted');
}

function isPgpSigned(node: MimeNode): boolean {
  if (/pgp-signature/i.test(node.params['protocol'] ?? '')) return true;
  return !node.params['protocol'] && node.parts.some((c) => c.contentType === 'application/pgp-signature');
}

function isTextBody(node: MimeNode): boolean {
  const ct = node.contentType;
  if (!(ct === 'text/plain' || ct === 'text/html' || ct === 'application/pgp' || ct === 'text/enriched')) return false;
  if (node.filename && PGP_FILE.test(node.filename)) return false;
  return !(node.disposition === 'attachment' && node.filename);
}

function head(node: MimeNode): { bytes: Uint8Array; hitLimit: boolean } {
  const bytes = readBody(node, { limit: HEAD });
  return { bytes, hitLimit: bytes.length >= HEAD };
}

function encryptedFields(layer: ProtectionLayer, walk: PacketWalk | undefined, env: Env): void {
  if (!walk) return;
  const recipients = recipientsOf(walk, env.own);
  if (recipients.length) layer.recipients = recipients;
  if (passphraseOf(walk)) layer.passphrase = true;
  const algo = algorithmOf(walk);
  if (algo) layer.algorithm = algo;
}

// ---------------------------------------------------------------------------------------------
// PGP/MIME (RFC 3156)
// ---------------------------------------------------------------------------------------------

async function pgpMimeEncrypted(env: Env, node: MimeNode): Promise<void> {
  consumeTree(env, node);
  const layer = push(env, node, { scheme: 'pgp', kind: 'encrypted', part: node.path, format: 'pgp-mime', evidence: [partEv(node)], problems: [] });
  const version = node.parts.find((c) => c.contentType === 'application/pgp-encrypted');
  const payload = node.parts.find((c) => c !== version && isLeaf(c) && c.contentType !== 'application/pgp-encrypted') ?? node.parts[1];
  if (!version) layer.problems!.push('missing application/pgp-encrypted version part (RFC 3156 §4)');
  if (!payload) {
    layer.problems!.push('missing encrypted payload part');
    return;
  }
  await fillEncrypted(env, layer, payload);
}

/** Reads an encrypted payload part into a layer; damage becomes problems (the layer stays). */
async function fillEncrypted(env: Env, layer: ProtectionLayer, payload: MimeNode): Promise<void> {
  const { bytes, hitLimit } = head(payload);
  layer.evidence.push(partEv(payload, `${payload.size} bytes`));
  const problems = layer.problems ?? (layer.problems = []);
  if (!bytes.length) {
    problems.push('encrypted payload is empty');
  } else {
    const dec = await decodePayload(bytes, hitLimit, env.ctx.msg.budget);
    problems.push(...dec.problems);
    if (dec.walk && isEncryptedWalk(dec.walk)) encryptedFields(layer, dec.walk, env);
    else if (dec.walk && dec.walk.kind !== 'encrypted') problems.push(`payload is not an OpenPGP encrypted message (${dec.walk.kind})`);
    else if (!dec.walk && !dec.problems.length) problems.push('payload is not OpenPGP');
  }
}

async function pgpMimeSigned(env: Env, node: MimeNode): Promise<void> {
  const content = node.parts[0];
  const sigPart = node.parts.find((c) => c.contentType === 'application/pgp-signature') ?? node.parts[1];
  const layer = push(env, node, { scheme: 'pgp', kind: 'signed', part: node.path, format: 'pgp-mime', evidence: [partEv(node)], problems: [] });
  if (node.params['micalg']) layer.evidence.push({ source: 'part', where: node.path, value: cut(`micalg=${node.params['micalg']}`) });
  if (!content || !sigPart) {
    layer.problems!.push('multipart/signed without content and signature parts (RFC 3156 §5)');
    layer.integrity = { status: 'cannot-check', reason: 'signature-part-missing' };
    return;
  }
  env.consumed.add(sigPart.path);
  layer.evidence.push(partEv(sigPart));
  const { bytes, hitLimit } = head(sigPart);
  const dec = await decodePayload(bytes, hitLimit, env.ctx.msg.budget);
  layer.problems!.push(...dec.problems);
  const walk = dec.walk;
  const signer = walk ? signerOf(walk.signatures) : undefined;
  if (signer) layer.signer = signer;
  else layer.problems!.push('no signature packet in the signature part');
  if (!signer) layer.integrity = { status: 'cannot-check', reason: 'signature-unreadable' };
  else {
    const sigBytes = { binary: dec.binary };
    const signed = canonicalCrlf(entityBytes(content));
    let r = await checkWith(env, () => verifyDetached(signed, sigBytes, env.keys));
    // Some signers stripped trailing blanks before signing (a pre-RFC 3156 habit): accept that reading too.
    if (r.status === 'altered') {
      const again = await checkWith(env, () => verifyDetached(stripTrailingBlanks(signed), sigBytes, env.keys));
      if (again.status === 'intact') r = again;
    }
    layer.integrity = r;
  }
}

/** Removes spaces and tabs before every CRLF. */
function stripTrailingBlanks(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  let o = 0;
  let runStart = -1; // where in `out` the current run of blanks began
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 13 && b[i + 1] === 10 && runStart >= 0) o = runStart;
    if (c === 32 || c === 9) {
      if (runStart < 0) runStart = o;
    } else runStart = -1;
    out[o++] = c;
  }
  return out.subarray(0, o);
}

async function checkWith(env: Env, fn: () => Promise<IntegrityResult>): Promise<IntegrityResult> {
  if (!env.keys.length) return { status: 'cannot-check', reason: 'no-key-in-message' };
  try {
    return await fn();
  } catch (e) {
    return { status: 'cannot-check', reason: `error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Exchange/Outlook and some webmail rewrite multipart/encrypted into multipart/mixed, keeping the
 * "PGP/MIME version identification" part and encrypted.asc as attachments (ENCRYPTION.md A2 row 2).
 */
async function mangled(env: Env, node: MimeNode): Promise<void> {
  await mangledSigned(env, node);
  const version = node.parts.find((c) => isLeaf(c) && isVersionPart(c));
  if (!version) return;
  const candidates = node.parts.filter(
    (c) => c !== version && isLeaf(c) && c.contentType !== 'application/pgp-keys' &&
      (!c.contentType.startsWith('text/') || PAYLOAD_NAME.test(c.filename ?? '') || PGP_FILE.test(c.filename ?? '')),
  );
  const payload =
    candidates.find((c) => c.filename && PAYLOAD_NAME.test(c.filename)) ??
    candidates.find((c) => c.contentType === 'application/octet-stream') ??
    candidates[0];
  if (!payload) return;
  if (!isStrictVersionPart(version)) {
    // Only a tiny "Version: 1" body (Outlook's ATT00001): the payload's bytes must prove it.
    const { bytes, hitLimit } = head(payload);
    const dec = await decodePayload(bytes, hitLimit, env.ctx.msg.budget);
    if (!dec.walk || !isEncryptedWalk(dec.walk)) return;
  }
  env.consumed.add(version.path);
  env.consumed.add(payload.path);
  const layer = push(env, node, {
    scheme: 'pgp',
    kind: 'encrypted',
    part: node.path,
    format: 'pgp-mime-mangled',
    evidence: [partEv(node), partEv(version, version.description ?? 'Version: 1')],
    problems: [],
  });
  await fillEncrypted(env, layer, payload);
}

/** RFC 3156 §4's first part, by type or by the description PGP/MIME clients give it. */
function isStrictVersionPart(n: MimeNode): boolean {
  if (/pgp\/?mime version identification/i.test(n.description ?? '') || /pgp\/?mime version identification/i.test(n.filename ?? '')) return true;
  return n.contentType === 'application/pgp-encrypted' && binaryString(readBody(n, { limit: 256 })).split('\n').some((l) => /^\s*Version:[ \t]*1\s*$/i.test(l));
}

function isVersionPart(n: MimeNode): boolean {
  if (isStrictVersionPart(n)) return true;
  // Outlook renames and retypes it (ATT00001, application/octet-stream) but keeps the body.
  return n.size < 200 && /^\s*Version:\s*1\s*$/.test(binaryString(readBody(n, { limit: 256 })));
}

/**
 * Outlook also flattens multipart/signed into multipart/mixed, leaving the body and a detached
 * signature.asc side by side: still a signature with a readable issuer, but the signed entity is lost.
 */
async function mangledSigned(env: Env, node: MimeNode): Promise<void> {
  if (node.contentType !== 'multipart/mixed') return;
  const sig = node.parts.find(
    (c) => isLeaf(c) && !env.consumed.has(c.path) && (c.contentType === 'application/pgp-signature' || /^(openpgp_)?signature\.asc$/i.test(c.filename ?? '')),
  );
  if (!sig || !/^((openpgp_)?signature(\.asc)?)?$/i.test(sig.filename ?? '')) return;
  const { bytes, hitLimit } = head(sig);
  const dec = await decodePayload(bytes, hitLimit, env.ctx.msg.budget);
  if (!dec.walk || dec.walk.kind !== 'signature') return;
  env.consumed.add(sig.path);
  const layer = push(env, node, { scheme: 'pgp', kind: 'signed', part: node.path, format: 'pgp-mime-mangled', evidence: [partEv(node), partEv(sig)], problems: [] });
  const signer = signerOf(dec.walk.signatures);
  if (signer) layer.signer = signer;
  layer.integrity = { status: 'cannot-check', reason: 'signed-entity-lost (multipart/signed rewritten as multipart/mixed)' };
  // The gateway may have kept the first part byte for byte: if the signature matches it, say so.
  const first = node.parts.find((c) => c !== sig);
  if (first && env.keys.length) {
    const r = await checkWith(env, () => verifyDetached(canonicalCrlf(entityBytes(first)), { binary: dec.binary }, env.keys));
    if (r.status === 'intact') layer.integrity = r;
  }
}

// ---------------------------------------------------------------------------------------------
// Inline armor in text bodies
// ---------------------------------------------------------------------------------------------

async function textPart(env: Env, node: MimeNode): Promise<void> {
  let text: string;
  try {
    text = readText(node, MAX_TEXT_SCAN_BYTES);
  } catch {
    return;
  }
  const html = node.contentType === 'text/html';
  if (html ? !mayHaveArmorHtml(text) : !hasArmor(text)) return;
  const scan = findArmor(text, { html });
  // Signatures cover bytes in the sender's charset: re-scan the undecoded bytes for them (plain text only).
  let raw: ArmorBlock[] | undefined;
  const rawSigned = (k: number): ArmorBlock | undefined => {
    if (html) return undefined;
    raw ??= findArmor(binaryString(readBody(node, { limit: MAX_TEXT_SCAN_BYTES }))).blocks.filter((b) => b.type === 'signed-message');
    return raw[k];
  };
  let signedIndex = 0;
  const alt = alternativeOf(env, node);
  for (const block of scan.blocks) {
    if (env.layers.length >= MAX_LAYERS) break;
    const k = block.type === 'signed-message' ? signedIndex++ : -1;
    // RFC 2046 §5.1.4: the parts of a multipart/alternative are one content in several renderings
    // (Gmail + Mailvelope sends the armor in text/plain AND text/html): one block, one finding.
    const key = alt && block.data.length ? `${alt.path}|${block.type}|${fingerprintOf(block.data)}` : undefined;
    if (key && env.alternatives.has(key)) {
      const first = env.alternatives.get(key);
      if (first) first.evidence.push({ source: 'body', where: node.path, value: cut(`the same -----BEGIN PGP ${block.label}----- block in an alternative rendering`) });
      continue;
    }
    const before = env.layers.length;
    await inlineBlock(env, node, block, scan.textOutside, () => (k >= 0 ? rawSigned(k) : undefined));
    if (key) env.alternatives.set(key, env.layers.length > before ? env.layers[before] : undefined);
  }
}

/** The nearest multipart/alternative above a node, within its own message. */
function alternativeOf(env: Env, node: MimeNode): MimeNode | undefined {
  let path = node.path;
  while (path.includes('.')) {
    path = path.slice(0, path.lastIndexOf('.'));
    const n = env.byPath.get(path);
    if (!n) return undefined;
    if (n.contentType === 'multipart/alternative') return n;
    if (n.attached) return undefined;
  }
  return undefined;
}

/** A cheap identity for decoded armor: its length and a sample of its bytes. */
function fingerprintOf(data: Uint8Array): string {
  const step = Math.max(1, Math.floor(data.length / 64));
  let s = `${data.length}:`;
  for (let i = 0; i < data.length; i += step) s += data[i].toString(16).padStart(2, '0');
  return s;
}

async function inlineBlock(env: Env, node: MimeNode, block: ArmorBlock, partial: boolean, rawBlock: () => ArmorBlock | undefined): Promise<void> {
  const where = `-----BEGIN PGP ${block.label}-----`;
  const ev: Evidence[] = [partEv(node), { source: 'body', where: node.path, value: cut(where + (partial ? ' (inside other text)' : '')) }];
  if (block.type === 'public-key' || block.type === 'private-key') {
    const detail = await keyDetail(block.data);
    env.notes.push({ kind: block.type === 'public-key' ? 'pgp-public-key' : 'pgp-private-key', part: node.path, ...(detail ? { detail } : {}), evidence: ev });
    return;
  }
  if ((block.type === 'signed-message' || block.type === 'signature') && isProse(block) && !signerOf(walkPackets(block.data).signatures)) {
    env.notes.push({ kind: 'pgp-mention', part: node.path, detail: 'armor lines around text that is not an OpenPGP signature', evidence: ev });
    return;
  }
  if (block.type === 'signed-message') {
    const walk = walkPackets(block.data);
    const layer = push(env, node, { scheme: 'pgp', kind: 'signed', part: node.path, format: 'cleartext-signed', evidence: ev, problems: [...block.problems] });
    const signer = signerOf(walk.signatures);
    if (signer) layer.signer = signer;
    else if (block.data.length) layer.problems!.push(...walk.problems);
    if (!signer) layer.integrity = { status: 'cannot-check', reason: 'signature-unreadable' };
    else {
      let r = await checkWith(env, () => {
        const rb = rawBlock();
        // The byte scan must have found the same signature, else fall back to the decoded text.
        const same = rb?.cleartextLines && rb.data.length === block.data.length && rb.data.every((b, i) => b === block.data[i]);
        const signedBytes = same ? cleartextSignedBytes(rb.cleartextLines!, true) : cleartextSignedBytes(block.cleartextLines ?? [], false);
        return verifyDetached(signedBytes, { binary: block.data }, env.keys);
      });
      // Quoting or HTML rendering changes the text: a mismatch then says nothing about the sender.
      if (r.status === 'altered' && block.reformatted) r = { status: 'cannot-check', reason: 'text-reformatted (quoted, indented or HTML)' };
      // format=flowed (RFC 3676) lets mail software re-wrap lines, which breaks the signature without any tampering.
      else if (r.status === 'altered' && /flowed/i.test(node.params['format'] ?? '')) r = { status: 'cannot-check', reason: 'text-reformatted (format=flowed)' };
      layer.integrity = r;
    }
    return;
  }
  if (block.type === 'signature') {
    const walk = walkPackets(block.data);
    const layer = push(env, node, { scheme: 'pgp', kind: 'signed', part: node.path, format: 'signature', evidence: ev, problems: [...block.problems] });
    const signer = signerOf(walk.signatures);
    if (signer) layer.signer = signer;
    layer.integrity = { status: 'cannot-check', reason: 'detached-signature-without-content' };
    return;
  }
  if (block.type === 'message' || block.type === 'message-part') {
    const problems = [...block.problems];
    if (block.type === 'message-part') problems.push(`armor is part ${block.partNumber}${block.partTotal ? ` of ${block.partTotal}` : ''} of a split message`);
    const walk = block.data.length ? await walkPacketsDeep(block.data, undefined, env.ctx.msg.budget) : undefined;
    // A BEGIN line with no END line and nothing OpenPGP after it is prose quoting the marker.
    const noPackets = !walk || walk.kind === 'not-openpgp' || walk.kind === 'unknown' || walk.kind === 'empty';
    if (noPackets && block.problems.some((p) => /no END line/.test(p))) {
      env.notes.push({ kind: 'pgp-mention', part: node.path, detail: 'armor header line without a message', evidence: ev });
      return;
    }
    // Prose quoting the markers; damaged base64 of a real message (cut, glued) is longer and stays a layer.
    if (noPackets && (isProse(block) || block.words)) {
      env.notes.push({ kind: 'pgp-mention', part: node.path, detail: 'armor lines around text that is not an OpenPGP message', evidence: ev });
      return;
    }
    if (walk && (walk.kind === 'signed' || walk.kind === 'signature')) {
      const layer = push(env, node, { scheme: 'pgp', kind: 'signed', part: node.path, format: 'inline', evidence: ev, problems: [...problems, ...walk.problems.filter((p) => p !== 'truncated')] });
      const signer = signerOf(walk.signatures);
      if (signer) layer.signer = signer;
      const at = signer?.signedAt ? new Date(signer.signedAt) : undefined;
      layer.integrity = await checkWith(env, () => verifyInline(block.data, env.keys, at));
      return;
    }
    if (walk && (walk.kind === 'public-key' || walk.kind === 'secret-key')) {
      env.notes.push({ kind: walk.kind === 'public-key' ? 'pgp-public-key' : 'pgp-private-key', part: node.path, evidence: ev });
      return;
    }
    if (walk && walk.kind === 'compressed') {
      // bzip2, or no DecompressionStream here: let openpgp unwrap it to see whether it is signed.
      const ids = await signingKeyIds(block.data);
      if (ids.length) {
        const layer = push(env, node, { scheme: 'pgp', kind: 'signed', part: node.path, format: 'inline', evidence: ev, signer: { keyId: ids[0] }, problems });
        layer.integrity = await checkWith(env, () => verifyInline(block.data, env.keys));
        return;
      }
    }
    if (walk && (walk.kind === 'literal' || walk.kind === 'compressed')) {
      // Stored (gpg --store) or compressed data that could not be inflated: OpenPGP, but no key protects it.
      env.notes.push({ kind: 'pgp-mention', part: node.path, detail: `OpenPGP ${walk.kind} data, not encrypted`, evidence: ev });
      return;
    }
    // "PGP MESSAGE" armor is an encrypted message unless its packets say otherwise; damaged armor
    // keeps the layer with the reason (issue 3: a damaged blob is a layer, not an exception).
    const layer = push(env, node, { scheme: 'pgp', kind: 'encrypted', part: node.path, format: 'inline', evidence: ev, problems });
    if (walk) {
      if (isEncryptedWalk(walk)) encryptedFields(layer, walk, env);
      else problems.push(`packets do not form an encrypted message (${walk.kind})`);
      problems.push(...walk.problems.filter((p) => !problems.includes(p)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Attachments
// ---------------------------------------------------------------------------------------------

function isCandidateFile(node: MimeNode): boolean {
  const ct = node.contentType;
  const name = node.filename ?? '';
  if (node.bodyEnd <= node.bodyStart) return false;
  if (PGP_FILE.test(name) || PAYLOAD_NAME.test(name)) return true;
  if (ct.startsWith('image/') || ct.startsWith('audio/') || ct.startsWith('video/')) return false;
  return ct === 'application/pgp-encrypted' || ct === 'application/octet-stream' || ct === 'application/pgp' || ct === 'application/x-pgp' ||
    ct === 'text/plain' || ct === 'application/pgp-signature';
}

/** A cheap look at the first bytes: armor, or a first packet that could start an OpenPGP file. */
function sniff(node: MimeNode): boolean {
  const first = readBody(node, { limit: 2048 });
  const s = binaryString(first);
  if (s.includes('-----BEGIN PGP ')) return true;
  // A text part is read as text, except a .pgp/.gpg file some clients label text/plain: its bytes decide.
  if (node.contentType.startsWith('text/') && !/\.(pgp|gpg)$/i.test(node.filename ?? '')) return false;
  const k = walkPackets(first).kind;
  return k !== 'not-openpgp' && k !== 'unknown' && k !== 'empty';
}

async function attachment(env: Env, node: MimeNode): Promise<void> {
  if (!isCandidateFile(node)) return;
  if (!sniff(node)) {
    if (node.contentType.startsWith('text/')) await textPart(env, node);
    return;
  }
  const { bytes, hitLimit } = head(node);
  if (!bytes.length) return;
  const dec = await decodePayload(bytes, hitLimit, env.ctx.msg.budget);
  const walk = dec.walk;
  const ev = [partEv(node)];
  if (walk && (walk.kind === 'public-key' || walk.kind === 'secret-key')) {
    const detail = await keyDetail(dec.binary);
    env.notes.push({ kind: walk.kind === 'public-key' ? 'pgp-public-key' : 'pgp-private-key', part: node.path, ...(detail ? { detail } : {}), evidence: ev });
    return;
  }
  if (!dec.armor && !(walk && isEncryptedWalk(walk)) && node.contentType.startsWith('text/')) {
    // A text file whose armor sits inside other text (a saved reply, notes.txt).
    await textPart(env, node);
    return;
  }
  const armorSaysEncrypted = dec.armor?.type === 'message' && !walk;
  if (!(walk && isEncryptedWalk(walk)) && !(armorSaysEncrypted && (isPayload(env, node) || node.contentType === 'application/pgp-encrypted'))) return;
  const whole = isPayload(env, node);
  // A message whose own body is the OpenPGP message (application/pgp-encrypted at the top) is inline.
  const isRoot = (env.rootOf.get(node.path) ?? node) === node;
  const layer = push(env, node, {
    scheme: whole ? 'pgp' : 'attachment',
    kind: 'encrypted',
    part: node.path,
    format: whole ? (isRoot ? 'inline' : 'attachment') : 'pgp',
    evidence: ev,
    problems: [...dec.problems],
  });
  if (walk) encryptedFields(layer, walk, env);
}

/** The attachment IS the message: a PGP/MIME payload name, or nothing else in it says anything. */
function isPayload(env: Env, node: MimeNode): boolean {
  if (node.filename && PAYLOAD_NAME.test(node.filename)) return true;
  const root = env.rootOf.get(node.path) ?? node;
  let parts = env.substantive.get(root);
  if (!parts) {
    // Computed once per message: each leaf is read at most once (4 KiB), however many attachments ask.
    parts = env.ctx.msg.nodes.filter((o) => isLeaf(o) && env.rootOf.get(o.path) === root && saysSomething(o));
    env.substantive.set(root, parts);
  }
  return parts.every((o) => o === node);
}

/** A leaf with content of its own: a file, or a text body that is not blank. Keys and signatures don't count. */
function saysSomething(o: MimeNode): boolean {
  if (o.contentType === 'application/pgp-keys' || o.contentType === 'application/pgp-signature') return false;
  if (!o.contentType.startsWith('text/') || o.filename) return true;
  let t = '';
  try {
    t = readText(o, 4096);
  } catch {
    return false;
  }
  if (o.contentType === 'text/html') t = htmlToText(t).replace(/\u00a0/g, ' ');
  return t.trim().length > 0;
}

// ---------------------------------------------------------------------------------------------
// Keys and notes (not encryption)
// ---------------------------------------------------------------------------------------------

async function keyDetail(binary: Uint8Array): Promise<string | undefined> {
  const w = walkPackets(binary);
  const k = w.keys[0];
  if (!k) return undefined;
  const fp = await keyFingerprint(k);
  return fp ?? k.keyId;
}

async function keyPartNote(env: Env, node: MimeNode): Promise<void> {
  const { bytes, hitLimit } = head(node);
  const dec = await decodePayload(bytes, hitLimit, env.ctx.msg.budget);
  const priv = dec.armor?.type === 'private-key' || dec.walk?.kind === 'secret-key';
  const detail = dec.binary.length ? await keyDetail(dec.binary) : undefined;
  env.notes.push({ kind: priv ? 'pgp-private-key' : 'pgp-public-key', part: node.path, ...(detail ? { detail } : {}), evidence: [partEv(node)] });
}

function setupPartNote(env: Env, node: MimeNode): void {
  env.notes.push({ kind: 'autocrypt-setup-message', part: node.path, evidence: [partEv(node)] });
}

/** Autocrypt (ENCRYPTION.md A3): a header advertising a key, and setup messages carrying a secret key. */
function headerNotes(env: Env): void {
  for (const root of roots(env)) {
    for (const h of getHeaders(root.headers, 'autocrypt')) {
      const attrs = autocryptAttrs(h.raw);
      env.notes.push({
        kind: 'autocrypt-header',
        part: root.path,
        ...(attrs.addr ? { detail: attrs.addr } : {}),
        // The keydata is kilobytes of base64: show its size, not its bytes.
        evidence: [{ source: 'header', where: 'Autocrypt', value: cut(h.raw.replace(/keydata=[\s\S]*$/i, (m) => `keydata=(${m.length - 8} characters)`)) }],
      });
    }
    const setup = getHeader(root.headers, 'autocrypt-setup-message');
    if (setup) {
      env.notes.push({ kind: 'autocrypt-setup-message', part: root.path, evidence: [{ source: 'header', where: 'Autocrypt-Setup-Message', value: cut(setup.value) }] });
      // The setup message's attachment is a symmetrically encrypted secret key, not mail content.
      consumeTree(env, root);
    }
  }
}

function roots(env: Env): MimeNode[] {
  return env.ctx.msg.nodes.filter((n) => n.path === '1' || n.attached);
}

/** "addr=...; prefer-encrypt=...; keydata=BASE64" (autocrypt level1 "The Autocrypt Header"). */
function autocryptAttrs(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim().toLowerCase();
    if (k && !(k in out)) out[k] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Public keys that travel with the message: Autocrypt keydata, application/pgp-keys, armored key blocks. */
async function collectKeys(env: Env): Promise<void> {
  for (const root of roots(env)) {
    for (const h of getHeaders(root.headers, 'autocrypt')) {
      const kd = autocryptAttrs(h.raw)['keydata'];
      if (kd && env.keys.length < MAX_KEYS) {
        const bin = decodeBase64(new TextEncoder().encode(kd));
        if (bin.length) env.keys.push({ binary: bin, where: `${root.path} Autocrypt` });
      }
    }
  }
  for (const node of env.ctx.msg.nodes) {
    if (env.keys.length >= MAX_KEYS) break;
    if (!isLeaf(node)) continue;
    const isKeyPart = node.contentType === 'application/pgp-keys';
    const maybeText = node.contentType.startsWith('text/') || (node.filename && /\.asc$/i.test(node.filename));
    if (!isKeyPart && !maybeText) continue;
    const bytes = readBody(node, { limit: isKeyPart ? 1024 * 1024 : MAX_TEXT_SCAN_BYTES });
    const text = binaryString(bytes);
    if (text.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
      const scan = findArmor(text, { html: node.contentType === 'text/html' });
      for (const b of scan.blocks) if (b.type === 'public-key' && b.data.length && env.keys.length < MAX_KEYS) env.keys.push({ binary: b.data, where: node.path });
    } else if (isKeyPart && bytes.length && (bytes[0] & 0x80)) {
      env.keys.push({ binary: bytes, where: node.path });
    }
  }
}

const MENTION = /\b(OpenPGP|GnuPG|PGP|GPG)\b/;
const MENTION_SCAN = 64 * 1024;

/**
 * A customer who writes "I sent it with PGP" about a message that has no OpenPGP in it: one note,
 * so the explanation can say the words are there but the protection is not. Never a layer.
 */
function mentionNote(env: Env): void {
  if (env.layers.some((l) => l.scheme === 'pgp') || env.notes.length) return;
  // The note says "nothing here is encrypted": never say it where another scheme may protect something.
  if (env.ctx.msg.nodes.some((n) => /pkcs7|^multipart\/(signed|encrypted)$|rpmsg|^application\/(x-)?pgp/.test(n.contentType))) return;
  for (const node of env.ctx.msg.nodes) {
    if (!isLeaf(node) || !isTextBody(node) || inAttached(env, node)) continue;
    let text = '';
    try {
      text = readText(node, MENTION_SCAN);
    } catch {
      continue;
    }
    const m = MENTION.exec(text);
    if (!m) continue;
    const snippet = text.slice(Math.max(0, m.index - 60), m.index + 60).replace(/\s+/g, ' ').trim();
    env.notes.push({ kind: 'pgp-mention', part: node.path, detail: m[1], evidence: [{ source: 'body', where: node.path, value: cut(snippet) }] });
    return;
  }
}

/** Protected headers: a placeholder outer Subject on an encrypted message, protected-headers / hp params. */
function protectedHeaderNotes(env: Env): void {
  const seen = new Set<string>();
  for (const layer of env.layers) {
    if (layer.scheme !== 'pgp' || layer.kind !== 'encrypted') continue;
    const node = env.byPath.get(layer.part);
    const root = node ? env.rootOf.get(node.path) : undefined;
    if (!root || seen.has(root.path)) continue;
    const subject = getHeader(root.headers, 'subject');
    if (subject && PLACEHOLDER_SUBJECT.test(subject.value)) {
      seen.add(root.path);
      env.notes.push({ kind: 'protected-headers', part: root.path, detail: subject.value.trim(), evidence: [{ source: 'header', where: 'Subject', value: cut(subject.value) }] });
    }
  }
  for (const n of env.ctx.msg.nodes) {
    const ph = n.params['protected-headers'];
    const hp = n.params['hp'];
    if (!ph && !hp) continue;
    const key = `param:${n.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    env.notes.push({
      kind: 'protected-headers',
      part: n.path,
      detail: ph ? `protected-headers=${ph}` : `hp=${hp}`,
      evidence: [{ source: 'part', where: n.path, value: cut(`${n.contentType}; ${ph ? `protected-headers="${ph}"` : `hp="${hp}"`}`) }],
    });
  }
}
