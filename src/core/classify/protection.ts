/**
 * Protection layers: S/MIME, OpenPGP, portal notices and encrypted attachments, outermost first.
 *
 * The orchestrator runs each detector on its own (one that throws costs only its own findings),
 * classifies the content of opaque signatures recursively (their parts are paths under the signed
 * part: part "1" → inner root "1.1"), then merges: one layer per part and scheme, the more specific
 * scheme winning on a shared part (S/MIME or OpenPGP over a portal envelope over a bare encrypted
 * file), in document order (an ancestor before its descendants), with `attached` and `mine` filled
 * in where the detectors did not.
 */
import type { AnalyzeOptions, CryptoNote, Evidence, ProtectionLayer, Recipient } from '../types';
import type { ClassifyContext } from './context';
import { parseMessage } from '../parse/mime';
import { getHeader } from '../parse/headers';
import { parseAddressList } from '../parse/postal';
import { normalizeDn } from '../crypto/x509';
import { detectSmime } from './smime';
import { detectPgp } from './pgp';
import { detectPortal } from './portal';
import { detectAttachments } from './attachments';

export interface ProtectionResult {
  layers: ProtectionLayer[];
  notes: CryptoNote[];
  /** Detectors that failed, and parts they could not read ("<detector>-failed: reason"). */
  defects?: string[];
}

/** Opaque signatures inside opaque signatures: real mail has two or three; a hostile blob stops here. */
const MAX_INNER_DEPTH = 8;
/** Inner contents classified per message, all levels together. */
const MAX_INNER_CONTENTS = 32;

interface Found {
  layers: ProtectionLayer[];
  notes: CryptoNote[];
  defects: string[];
}

// ---------------------------------------------------------------------------------------------
// Fallback from MIME types alone: used only for a scheme whose detector threw, so the layer still
// shows (with the failure in `problems`) instead of vanishing.
// ---------------------------------------------------------------------------------------------

function mimeTypeLayers(ctx: ClassifyContext, scheme: 'smime' | 'pgp'): ProtectionLayer[] {
  const layers: ProtectionLayer[] = [];
  for (const node of ctx.msg.nodes) {
    const ct = node.contentType;
    const protocol = node.params['protocol'] ?? '';
    const ev: Evidence[] = [{ source: 'part', where: node.path, value: ct + (protocol ? `; protocol=${protocol}` : '') }];
    let layer: ProtectionLayer | undefined;
    if (scheme === 'pgp') {
      if (ct === 'multipart/encrypted' && /pgp-encrypted/i.test(protocol)) layer = { scheme, kind: 'encrypted', part: node.path, format: 'pgp-mime', evidence: ev };
      else if (ct === 'multipart/signed' && /pgp-signature/i.test(protocol)) layer = { scheme, kind: 'signed', part: node.path, format: 'pgp-mime', evidence: ev };
    } else if (ct === 'multipart/signed' && /pkcs7-signature/i.test(protocol)) {
      layer = { scheme, kind: 'signed', part: node.path, format: 'detached-signed', evidence: ev };
    } else if (/^application\/(x-)?pkcs7-mime$/.test(ct)) {
      const st = (node.params['smime-type'] ?? '').toLowerCase();
      // RFC 8551 §3.2.2: smime-type names the CMS type; without it we cannot tell from the label.
      if (/signed-data/.test(st)) layer = { scheme, kind: 'signed', part: node.path, format: 'opaque-signed', evidence: ev };
      else if (/enveloped-data/.test(st)) layer = { scheme, kind: 'encrypted', part: node.path, format: st === 'authenveloped-data' ? 'auth-enveloped-data' : 'enveloped-data', evidence: ev };
    }
    if (layer) layers.push(layer);
  }
  return layers;
}

function fallbackLayers(ctx: ClassifyContext, scheme: 'smime' | 'pgp', reason: string): ProtectionLayer[] {
  const name = scheme === 'pgp' ? 'OpenPGP' : 'S/MIME';
  return mimeTypeLayers(ctx, scheme).map((l) => ({ ...l, problems: [`read from the MIME type only: the ${name} reader failed (${reason})`] }));
}

// ---------------------------------------------------------------------------------------------
// Running the detectors
// ---------------------------------------------------------------------------------------------

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function run(ctx: ClassifyContext, depth: number, budget: { inner: number }): Promise<Found> {
  const out: Found = { layers: [], notes: [], defects: [] };

  let inner: { part: string; bytes: Uint8Array }[] = [];
  try {
    const s = await detectSmime(ctx);
    out.layers.push(...s.layers);
    out.notes.push(...s.notes);
    inner = s.inner ?? [];
  } catch (err) {
    out.defects.push(`smime-failed: ${message(err)}`);
    out.layers.push(...fallbackLayers(ctx, 'smime', message(err)));
  }
  for (const content of inner) {
    if (ctx.msg.budget?.timeUp(`the content inside part ${content.part}`)) break;
    if (depth >= MAX_INNER_DEPTH || budget.inner <= 0) {
      out.defects.push(`inner-content-not-classified (part ${content.part}): nesting too deep`);
      continue;
    }
    budget.inner--;
    try {
      const found = await runInner(ctx, content.part, content.bytes, depth + 1, budget);
      out.layers.push(...found.layers);
      out.notes.push(...found.notes);
      out.defects.push(...found.defects);
    } catch (err) {
      out.defects.push(`inner-content-failed (part ${content.part}): ${message(err)}`);
    }
  }

  try {
    const p = await detectPgp(ctx);
    out.layers.push(...p.layers);
    out.notes.push(...p.notes);
  } catch (err) {
    out.defects.push(`pgp-failed: ${message(err)}`);
    out.layers.push(...fallbackLayers(ctx, 'pgp', message(err)));
  }

  try {
    out.layers.push(...detectPortal(ctx).layers);
  } catch (err) {
    out.defects.push(`portal-failed: ${message(err)}`);
  }

  try {
    const a = detectAttachments(ctx);
    out.layers.push(...a.layers);
    out.defects.push(...a.problems.map((p) => `attachment-unreadable: ${p}`));
  } catch (err) {
    out.defects.push(`attachments-failed: ${message(err)}`);
  }

  markAttached(ctx, out.layers);
  return out;
}

/** Classifies the MIME entity inside an opaque signature; its paths become `<part>.<inner path>`. */
async function runInner(outer: ClassifyContext, part: string, bytes: Uint8Array, depth: number, budget: { inner: number }): Promise<Found> {
  const msg = parseMessage(bytes, outer.msg.budget);
  const h = msg.headers;
  const list = (name: string, fallback: ClassifyContext['from']) => {
    const raw = getHeader(h, name)?.raw;
    return raw ? parseAddressList(raw) : fallback;
  };
  // The signed entity usually has only Content-* headers: the envelope's addresses still apply.
  const ctx: ClassifyContext = {
    msg,
    options: outer.options,
    from: list('from', outer.from),
    to: list('to', outer.to),
    cc: list('cc', outer.cc),
    replyTo: list('reply-to', outer.replyTo),
  };
  const found = await run(ctx, depth, budget);
  const prefix = (p: string) => `${part}.${p}`;
  const outerAttached = isUnderAttached(outer, part);
  // Evidence objects may be shared between layers and notes: re-path each one once.
  const evidence = new Set<Evidence>();
  for (const l of found.layers) {
    l.part = prefix(l.part);
    l.evidence.forEach((e) => evidence.add(e));
    if (outerAttached) l.attached = true;
  }
  for (const n of found.notes) {
    if (n.part) n.part = prefix(n.part);
    n.evidence.forEach((e) => evidence.add(e));
  }
  for (const e of evidence) if ((e.source === 'part' || e.source === 'body') && /^1(\.|$)/.test(e.where)) e.where = prefix(e.where);
  found.defects = [...msg.defects.map((d) => `${d} (inside part ${part})`), ...found.defects];
  return found;
}

// ---------------------------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------------------------

function isUnderAttached(ctx: ClassifyContext, path: string): boolean {
  return ctx.msg.nodes.some((n) => n.attached && (path === n.path || path.startsWith(n.path + '.')));
}

function markAttached(ctx: ClassifyContext, layers: ProtectionLayer[]): void {
  for (const l of layers) if (!l.attached && isUnderAttached(ctx, l.part)) l.attached = true;
}

/** Document order of MIME paths: "1" < "1.1" < "1.1.2" < "1.2" < "1.10". */
export function comparePaths(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (Number(x[i]) || 0) - (Number(y[i]) || 0);
    if (d) return d;
  }
  return x.length - y.length;
}

const RANK: Record<ProtectionLayer['scheme'], number> = { smime: 0, pgp: 0, portal: 1, attachment: 2 };

function mergeInto(into: ProtectionLayer, from: ProtectionLayer): void {
  const seen = new Set(into.evidence.map((e) => `${e.source}|${e.where}|${e.value}`));
  for (const e of from.evidence) if (!seen.has(`${e.source}|${e.where}|${e.value}`)) into.evidence.push(e);
  for (const [k, v] of Object.entries(from) as [keyof ProtectionLayer, unknown][]) {
    if (v !== undefined && (into as unknown as Record<string, unknown>)[k] === undefined) (into as unknown as Record<string, unknown>)[k] = v;
  }
  if (from.problems?.length && into.problems !== from.problems) into.problems = [...new Set([...(into.problems ?? []), ...from.problems])];
  // Two encrypted blocks in one body (a reply quoting an earlier encrypted message) become one
  // layer: keep every key that can open either, not only the first block's.
  if (from.recipients?.length && into.recipients && into.recipients !== from.recipients) {
    const key = (r: Recipient) => JSON.stringify(Object.entries(r).filter(([k]) => k !== 'mine').sort());
    const have = new Set(into.recipients.map(key));
    const added = from.recipients.filter((r) => !have.has(key(r)));
    if (added.length) into.recipients = [...into.recipients, ...added];
  }
}

/** One layer per part and scheme (the most specific scheme of a part wins), in document order. */
export function mergeLayers(layers: ProtectionLayer[]): ProtectionLayer[] {
  const byKey = new Map<string, ProtectionLayer>();
  const order: ProtectionLayer[] = [];
  for (const l of layers) {
    // Portal envelopes of different vendors on one part stay apart; everything else is one per part+scheme+kind.
    const key = `${l.part}|${l.scheme}|${l.kind}|${l.scheme === 'portal' ? l.provider ?? '' : ''}`;
    const prev = byKey.get(key);
    if (prev) mergeInto(prev, l);
    else {
      byKey.set(key, l);
      order.push(l);
    }
  }
  // A more specific reading of the same part wins: an S/MIME .p7m is not also "an encrypted file".
  const best = new Map<string, number>();
  for (const l of order) best.set(l.part, Math.min(best.get(l.part) ?? 9, RANK[l.scheme]));
  const kept = order.filter((l) => RANK[l.scheme] === best.get(l.part));
  return kept
    .map((l, i) => ({ l, i }))
    .sort((a, b) => comparePaths(a.l.part, b.l.part) || a.i - b.i)
    .map(({ l }) => l);
}

function mergeNotes(notes: CryptoNote[]): CryptoNote[] {
  const seen = new Set<string>();
  return notes
    .filter((n) => {
      const key = `${n.kind}|${n.part ?? ''}|${n.detail ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((n, i) => ({ n, i }))
    .sort((a, b) => comparePaths(a.n.part ?? '1', b.n.part ?? '1') || a.i - b.i)
    .map(({ n }) => n);
}

// ---------------------------------------------------------------------------------------------
// "Encrypted to you"
// ---------------------------------------------------------------------------------------------

const hex = (s: string | undefined) => (s ?? '').replace(/^0x/i, '').replace(/[^0-9a-f]/gi, '').toLowerCase();
/** Certificate serials compare as minimal big-endian bytes (house rule: no leading 00). */
const serial = (s: string | undefined) => hex(s).replace(/^(00)+(?=..)/, '');

/** The 16-hex key id a fingerprint implies: v4 = its last 64 bits (RFC 4880 §12.2), v6 = its first (RFC 9580 §5.5.4.3). */
function keyIdOf(fpr: string): string {
  if (fpr.length === 40) return fpr.slice(-16);
  if (fpr.length === 64) return fpr.slice(0, 16);
  return fpr;
}

/** Sets `mine: true` on recipients matching the agent's own certificates or OpenPGP keys. */
export function markMine(layers: ProtectionLayer[], options: AnalyzeOptions): void {
  const certs = options.own?.certificates ?? [];
  const keys = (options.own?.pgpKeys ?? []).map(hex).filter((k) => k.length >= 16);
  if (!certs.length && !keys.length) return;
  const keyIds = new Set(keys.map(keyIdOf));
  const fprs = new Set(keys.filter((k) => k.length > 16));
  const matches = (r: Recipient): boolean => {
    if ('issuer' in r) {
      return certs.some((c) => c.serial && c.issuer && serial(c.serial) === serial(r.serial) && normalizeDn(c.issuer) === normalizeDn(r.issuer));
    }
    if ('subjectKeyId' in r) return certs.some((c) => c.subjectKeyId && hex(c.subjectKeyId) === hex(r.subjectKeyId));
    if ('keyId' in r) {
      const id = hex(r.keyId);
      return id !== '0000000000000000' && keyIds.has(id);
    }
    if ('fingerprint' in r) {
      const f = hex(r.fingerprint);
      return fprs.has(f) || keyIds.has(keyIdOf(f));
    }
    return false;
  };
  for (const l of layers) {
    for (const r of l.recipients ?? []) if (r.mine === undefined && matches(r)) r.mine = true;
  }
}

// ---------------------------------------------------------------------------------------------

export async function classifyProtection(ctx: ClassifyContext): Promise<ProtectionResult> {
  const found = await run(ctx, 0, { inner: MAX_INNER_CONTENTS });
  const layers = mergeLayers(found.layers);
  markMine(layers, ctx.options);
  const result: ProtectionResult = { layers, notes: mergeNotes(found.notes) };
  if (found.defects.length) result.defects = found.defects;
  return result;
}
