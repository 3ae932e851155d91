/**
 * Vendor "secure message" portals and proprietary envelopes (scheme 'portal'). The message that
 * arrives is a clear-text notice or wrapper; the content is elsewhere (ENCRYPTION.md B). We decide
 * on the envelope's structure (attachment names, MIME types, headers, the notice's links and its
 * call-to-action), each signal with its evidence, following the strength rules in portal-vendors.ts.
 *
 * Each attached message (message/rfc822) is its own scope: a notice inside a forwarded message is
 * reported at that message's parts and never mixed with the outer message's signals.
 */
import type { Evidence, HeaderField, ProtectionLayer } from '../types';
import type { ClassifyContext } from './context';
import { readText, type MimeNode } from '../parse/mime';
import { getHeaders } from '../parse/headers';
import { MAX_EVIDENCE_CHARS, MAX_NOTICE_SCAN_BYTES } from '../limits';
import { VENDORS, type VendorRule } from './portal-vendors';

export interface PortalResult {
  layers: ProtectionLayer[];
}

type SignalKind = 'attachment' | 'mime-type' | 'header' | 'link' | 'phrase' | 'subject';

interface Signal {
  kind: SignalKind;
  strong: boolean;
  part: string;
  evidence: Evidence;
}

/** Text parts read per message scope; a notice has one or two. */
const MAX_TEXT_PARTS = 12;

const cut = (s: string) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_EVIDENCE_CHARS ? t.slice(0, MAX_EVIDENCE_CHARS - 1) + '…' : t;
};

// ---------------------------------------------------------------------------------------------
// Text and links of a notice
// ---------------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (all, e: string) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return safeChar(parseInt(k.slice(2), 16), all);
    if (k.startsWith('#')) return safeChar(parseInt(k.slice(1), 10), all);
    return ENTITIES[k] ?? all;
  });
}

function safeChar(code: number, fallback: string): string {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/**
 * Visible text of an HTML body (never rendered: tags dropped as text, scripts, styles and comments
 * removed). A linear scan, not regexes: hostile HTML full of unclosed "<script" or "<" must not cost
 * quadratic time.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt) + ' ';
    if (lower.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const raw = /^<(script|style|head)\b/.exec(lower.slice(lt, lt + 8));
    if (raw) {
      const end = lower.indexOf(`</${raw[1]}`, lt + 1);
      if (end < 0) break;
      const gt = html.indexOf('>', end);
      i = gt < 0 ? html.length : gt + 1;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) break;
    i = gt + 1;
  }
  return decodeEntities(out).replace(/\s+/g, ' ').trim();
}

/** Unwraps link-rewriting gateways (Microsoft Safe Links, Proofpoint URL Defense) to the real target. */
function unwrap(url: string): string {
  try {
    const m = /^https?:\/\/[^/]*safelinks\.protection\.outlook\.com\/.*?[?&]url=([^&]+)/i.exec(url);
    if (m) return decodeURIComponent(m[1]);
    const v3 = /^https?:\/\/urldefense(?:\.proofpoint)?\.com\/v3\/__(.+?)__/i.exec(url);
    if (v3) return v3[1];
    const v2 = /^https?:\/\/urldefense\.proofpoint\.com\/v2\/url\?u=([^&]+)/i.exec(url);
    if (v2) return decodeURIComponent(v2[1].replace(/-([0-9A-F]{2})/g, '%$1').replace(/_/g, '/'));
  } catch {
    // a malformed escape: keep the wrapper
  }
  return url;
}

interface Link {
  host: string;
  path: string;
  url: string;
}

function parseLink(raw: string): Link | undefined {
  const url = unwrap(decodeEntities(raw.trim()));
  // The path must start with / ? or #: an unanchored `[^\s]*` after the host retried every split of a long URL.
  const m = /^(?:https?:)?\/\/(?:[^@/?#\s]*@)?([^/:?#\s]+)(?::\d+)?([/?#]\S*)?$/i.exec(url);
  if (!m) return undefined;
  return { host: m[1].toLowerCase().replace(/\.$/, ''), path: m[2] ?? '', url };
}

function linksOf(text: string, html: boolean): Link[] {
  const out: Link[] = [];
  if (html) {
    for (const m of text.matchAll(/\bhref\s*=\s*(?:"([^"]{0,4096})"|'([^']{0,4096})'|([^\s>]{1,4096}))/gi)) {
      const l = parseLink(m[1] ?? m[2] ?? m[3] ?? '');
      if (l) out.push(l);
    }
  }
  // Real links are under 4 kB; a longer run is cut (and read as several), never scanned as one.
  for (const m of text.matchAll(/\bhttps?:\/\/[^\s<>"'()[\]]{1,4096}/gi)) {
    const l = parseLink(m[0]);
    if (l) out.push(l);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Scopes: the outer message and each attached message
// ---------------------------------------------------------------------------------------------

interface Scope {
  root: MimeNode;
  headers: HeaderField[];
  nodes: MimeNode[];
}

function scopesOf(ctx: ClassifyContext): Scope[] {
  const scopes = new Map<MimeNode, Scope>();
  const owner = new Map<MimeNode, MimeNode>();
  const visit = (node: MimeNode, root: MimeNode) => {
    const r = node.attached ? node : root;
    owner.set(node, r);
    let s = scopes.get(r);
    if (!s) {
      s = { root: r, headers: r.headers, nodes: [] };
      scopes.set(r, s);
    }
    s.nodes.push(node);
    for (const child of node.parts) visit(child, r);
  };
  visit(ctx.msg.root, ctx.msg.root);
  return [...scopes.values()];
}

function isTextBody(node: MimeNode): boolean {
  return node.contentType === 'text/plain' || node.contentType === 'text/html';
}

// ---------------------------------------------------------------------------------------------
// Signals
// ---------------------------------------------------------------------------------------------

function structuralSignals(rule: VendorRule, scope: Scope): Signal[] {
  const out: Signal[] = [];
  for (const node of scope.nodes) {
    if (node.budget?.timeUp(`portal checks from part ${node.path} on`)) break;
    const name = node.filename?.trim();
    const ev = (what: string): Evidence => ({ source: 'part', where: node.path, value: cut(what) });
    if (name && rule.strong?.attachmentNames?.some((re) => re.test(name))) {
      out.push({ kind: 'attachment', strong: true, part: node.path, evidence: ev(`${name} (${node.contentType})`) });
    } else if (name && rule.weak?.attachmentNames?.some((re) => re.test(name))) {
      out.push({ kind: 'attachment', strong: false, part: node.path, evidence: ev(`${name} (${node.contentType})`) });
    }
    if (rule.strong?.mimeTypes?.includes(node.contentType)) {
      out.push({ kind: 'mime-type', strong: true, part: node.path, evidence: ev(node.contentType + (name ? ` ${name}` : '')) });
    }
    for (const h of rule.strong?.headers ?? []) {
      for (const f of getHeaders(node.headers, h.name)) {
        if (h.value.test(f.value)) {
          out.push({ kind: 'header', strong: true, part: node.path, evidence: { source: 'header', where: f.name, value: cut(f.value) } });
        }
      }
    }
  }
  for (const h of rule.weak?.headers ?? []) {
    for (const f of getHeaders(scope.headers, h.name)) {
      const seen = h.test(f.value);
      if (seen) out.push({ kind: 'header', strong: false, part: scope.root.path, evidence: { source: 'header', where: f.name, value: cut(seen) } });
    }
  }
  const subject = getHeaders(scope.headers, 'subject')[0]?.value;
  if (subject && rule.weak?.subjects?.some((re) => re.test(subject.trim()))) {
    out.push({ kind: 'subject', strong: false, part: scope.root.path, evidence: { source: 'header', where: 'Subject', value: cut(subject) } });
  }
  return out;
}

/** Pages about the product rather than one message: what a customer links to when writing about a vendor. */
const INFO_PATH = /(^|[/?#&=._-])(help|support|faq|blog|products?|solutions?|pricing|docs?|documentation|learn|about|features?|resources?|news|press|careers|contact|legal|privacy|terms|kb|knowledge|articles?|guides?|how-?to|download)([/?#&=._-]|$)/i;

/**
 * A notice's call to action opens ONE message: its link carries a message id or token (a UUID, a
 * base64 or hex key), or at least points into the vendor's reader on an app host. A customer who
 * writes about the vendor links to its home page, product or help pages instead (issue 3: "a customer
 * who writes 'encrypted' is not a portal").
 */
function opensAMessage(l: Link): boolean {
  const pieces = l.path.split(/[/?#&=;:,+.~_-]+/);
  const token = pieces.some(
    (p) => (p.length >= 8 && /\d/.test(p) && /[a-z]/i.test(p)) || /^\d{12,}$/.test(p) || (p.length >= 16 && /[a-z]/.test(p) && /[A-Z]/.test(p)),
  );
  if (token) return true;
  const apex = /^(www\.)?[^.]+\.[^.]+$/.test(l.host);
  return !apex && !INFO_PATH.test(l.path);
}

interface ReadBody {
  node: MimeNode;
  text: string;
  links: Link[];
}

function textSignals(rule: VendorRule, bodies: ReadBody[]): { signals: Signal[]; tlsOnly?: Evidence } {
  const out: Signal[] = [];
  let tlsOnly: Evidence | undefined;
  for (const b of bodies) {
    const where = b.node.path;
    const link = b.links.find(
      (l) =>
        (rule.weak?.hosts?.some((re) => re.test(l.host)) && (!rule.weak?.linkPath || rule.weak.linkPath.test(l.path)) && opensAMessage(l)) ||
        rule.weak?.links?.some((re) => re.test(l.host + l.path)),
    );
    if (link) out.push({ kind: 'link', strong: false, part: where, evidence: { source: 'body', where, value: cut(`link to ${link.host}${link.path.slice(0, 80)}`) } });
    for (const re of rule.weak?.phrases ?? []) {
      const m = re.exec(b.text);
      if (m) {
        out.push({ kind: 'phrase', strong: false, part: where, evidence: { source: 'body', where, value: cut(`"${m[0]}"`) } });
        break;
      }
    }
    for (const re of rule.tlsOnly ?? []) {
      const m = re.exec(b.text);
      if (m) tlsOnly ??= { source: 'body', where, value: cut(`"${m[0]}"`) };
    }
  }
  return { signals: out, tlsOnly };
}

const PROSE: SignalKind[] = ['phrase', 'subject'];

/** Whether the signals decide for the vendor (see the strength rules in portal-vendors.ts). */
function decides(signals: Signal[], tlsOnly: boolean): boolean {
  if (signals.some((s) => s.strong)) return true;
  if (tlsOnly) return false;
  const kinds = new Set(signals.map((s) => s.kind));
  return kinds.size >= 2 && [...kinds].some((k) => !PROSE.includes(k));
}

/** The part that carries the envelope: the strongest attachment, else the notice's text, else the message. */
function layerPart(signals: Signal[], scope: Scope): string {
  const pick =
    signals.find((s) => s.strong && s.kind !== 'header') ??
    signals.find((s) => s.kind === 'attachment') ??
    signals.find((s) => s.kind === 'link' || s.kind === 'phrase');
  return pick?.part ?? scope.root.path;
}

/** The same finding in text/plain and text/html alternatives is one piece of evidence. */
function uniqueEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.source}|${e.value.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function detectPortal(ctx: ClassifyContext): PortalResult {
  const layers: ProtectionLayer[] = [];
  for (const scope of scopesOf(ctx)) {
    const bodies: ReadBody[] = scope.nodes
      .filter(isTextBody)
      .slice(0, MAX_TEXT_PARTS)
      .map((node) => {
        const raw = readText(node, MAX_NOTICE_SCAN_BYTES);
        const html = node.contentType === 'text/html';
        return { node, text: html ? htmlToText(raw) : raw.replace(/\s+/g, ' '), links: linksOf(raw, html) };
      });
    for (const rule of VENDORS) {
      const structural = structuralSignals(rule, scope);
      const text = textSignals(rule, bodies);
      const signals = [...structural, ...text.signals];
      if (!signals.length || !decides(signals, !!text.tlsOnly)) continue;
      layers.push({
        scheme: 'portal',
        kind: 'encrypted',
        part: layerPart(signals, scope),
        provider: rule.id,
        evidence: uniqueEvidence([...signals.map((s) => s.evidence), { source: 'rule', where: `portal:${rule.id}`, value: rule.name }]),
      });
    }
  }
  return { layers };
}
