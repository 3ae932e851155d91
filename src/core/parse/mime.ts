/**
 * A MIME outline scanner. It finds every entity's headers and the byte range of its body without
 * decoding payloads, so classification costs a scan of the message, not a decode of every attachment.
 * Payload bytes are decoded on demand, and only as many as a classifier asks for (see `readBody`).
 *
 * Tolerant by design: a missing closing boundary, a boundary-less multipart, a truncated message or
 * a body without a blank line become defects, never exceptions.
 */
import type { HeaderField, MimePartInfo } from '../types';
import { MAX_MIME_DEPTH, MAX_MIME_PARTS, MAX_NESTED_MESSAGE_BYTES } from '../limits';
import { asciiBytes, decodeBase64, decodeBase64Tail, decodeCharset, decodeQuotedPrintable, startsWithBytes } from './bytes';
import { getHeader, readHeaderBlock } from './headers';
import { parseStructured } from './content-type';
import { looksLikeCompoundFile } from './compound-file';
import { readOutlookItem } from './outlook';
import { outlookOutline, type NodeSpec, type OutlineBuilder } from './outlook-outline';
import type { Budget } from '../budget';

export interface MimeNode extends MimePartInfo {
  headers: HeaderField[];
  /** The bytes this node's offsets refer to (the raw message, or a decoded attached message). */
  src: Uint8Array;
  /** Offset of the entity's first header byte in `src`. */
  start: number;
  bodyStart: number;
  bodyEnd: number;
  /** Multipart children; for message/rfc822, the attached message's root. */
  parts: MimeNode[];
  /** Set on the root of an attached message (message/rfc822, or an Outlook item attached). */
  attached?: boolean;
  /** The analysis's budget: every decode of this node's body is charged to it. */
  budget?: Budget;
}

export interface ParsedMessage {
  src: Uint8Array;
  headers: HeaderField[];
  root: MimeNode;
  /** Every node, depth first (root first). */
  nodes: MimeNode[];
  defects: string[];
  /** Why the input is not a message at all (a compound file that is no Outlook item, a damaged one). */
  fatal?: string;
  /** The budget this message (and every nested content parsed with it) is charged to. */
  budget?: Budget;
}

interface Ctx {
  count: number;
  defects: string[];
  nodes: MimeNode[];
  /** Outlook items read so far (attached .msg files, embedded messages): bounded per message. */
  outlookItems: number;
  budget?: Budget;
}

/** Outlook items per message, at every depth: a forward of a forward is a handful, not hundreds. */
const MAX_OUTLOOK_ITEMS = 200;

const CR = 13;
const LF = 10;

export function parseMessage(input: Uint8Array, budget?: Budget): ParsedMessage {
  const ctx: Ctx = { count: 0, defects: [], nodes: [], outlookItems: 0, budget };
  // An Outlook item (.msg) is not RFC 5322 text: its outline is built from its properties.
  if (looksLikeCompoundFile(input)) {
    const msg = parseOutlookMessage(input, ctx);
    if (budget) msg.budget = budget;
    return msg;
  }
  const src = bareCrToLf(input);
  if (src !== input) ctx.defects.push('cr-line-endings');
  const root = parseEntity(src, 0, src.length, '1', 0, ctx, 'text/plain');
  const msg: ParsedMessage = { src, headers: root.headers, root, nodes: ctx.nodes, defects: ctx.defects };
  if (budget) msg.budget = budget;
  return msg;
}

/**
 * Old Mac files and some exports end lines with a bare CR. RFC 5322 §2.1 lines end with CRLF and
 * the scanner splits on LF, so such a message would read as one endless header line. When the first
 * line ends with a bare CR (and the headers' blank line is CR CR), every bare CR becomes LF (same length, so offsets and sizes still hold).
 */
function bareCrToLf(src: Uint8Array): Uint8Array {
  const cr = src.indexOf(CR);
  if (cr < 0 || src[cr + 1] === LF) return src;
  const lf = src.indexOf(LF);
  if (lf >= 0) {
    // Mostly-LF mail with a stray CR stays as it is: convert only when the header section itself
    // (up to its blank line, CR CR) ends before the first LF.
    const blank = src.subarray(0, lf).findIndex((c, i, a) => c === CR && a[i + 1] === CR);
    if (blank < 0) return src;
  }
  const out = new Uint8Array(src);
  for (let i = cr; i < out.length; i++) if (out[i] === CR && out[i + 1] !== LF) out[i] = LF;
  return out;
}

function parseEntity(
  src: Uint8Array,
  start: number,
  end: number,
  path: string,
  depth: number,
  ctx: Ctx,
  defaultType: string,
): MimeNode {
  const block = readHeaderBlock(src, start, end);
  for (const d of block.defects) ctx.defects.push(`${d} (part ${path})`);
  const headers = block.fields;
  const ct = parseStructured(getHeader(headers, 'content-type')?.value);
  let contentType = ct.value && ct.value.includes('/') ? ct.value.replace(/\s+/g, '') : defaultType;
  if (ct.value && !ct.value.includes('/')) ctx.defects.push(`invalid-content-type (part ${path})`);
  const disp = parseStructured(getHeader(headers, 'content-disposition')?.value);
  const encoding = getHeader(headers, 'content-transfer-encoding')?.value.trim().toLowerCase() || undefined;
  const description = getHeader(headers, 'content-description')?.value || undefined;
  const filename = disp.params['filename'] || ct.params['name'] || undefined;
  const node: MimeNode = {
    path,
    contentType,
    params: ct.params,
    disposition: disp.value || undefined,
    filename,
    encoding,
    description,
    size: Math.max(0, end - block.bodyStart),
    children: 0,
    headers,
    src,
    start,
    bodyStart: block.bodyStart,
    bodyEnd: end,
    parts: [],
  };
  if (ctx.budget) node.budget = ctx.budget;
  ctx.count++;
  ctx.nodes.push(node);
  if (ctx.count > MAX_MIME_PARTS) {
    if (ctx.count === MAX_MIME_PARTS + 1) ctx.defects.push('too-many-parts');
    ctx.budget?.reach('parts', `parts after the first ${MAX_MIME_PARTS} were not read`);
    return node;
  }
  if (depth >= MAX_MIME_DEPTH) {
    ctx.defects.push(`too-deep (part ${path})`);
    return node;
  }

  if (contentType.startsWith('multipart/')) {
    const boundary = ct.params['boundary'];
    if (!boundary) {
      ctx.defects.push(`multipart-without-boundary (part ${path})`);
      return node;
    }
    const childDefault = contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    const ranges = splitMultipart(src, block.bodyStart, end, boundary, path, ctx);
    for (let i = 0; i < ranges.length; i++) {
      // Past the part limit the outline stops growing: the rest is one defect, not 200 000 nodes.
      if (ctx.count >= MAX_MIME_PARTS) {
        if (!ctx.defects.includes('too-many-parts')) ctx.defects.push('too-many-parts');
        ctx.budget?.reach('parts', `parts after the first ${MAX_MIME_PARTS} were not read`);
        break;
      }
      const [s, e] = ranges[i];
      node.parts.push(parseEntity(src, s, e, `${path}.${i + 1}`, depth + 1, ctx, childDefault));
    }
    node.children = node.parts.length;
  } else {
    expandLeaf(node, depth, ctx);
  }
  return node;
}

/**
 * A leaf that holds a whole message of its own becomes its parent: message/rfc822 (RFC 2046 §5.2.1),
 * or an Outlook item attached as a file (the "forwarded from Outlook" case). Either one's root is
 * `<part>.1`, marked `attached`.
 */
function expandLeaf(node: MimeNode, depth: number, ctx: Ctx): void {
  const ct = node.contentType;
  if (ct === 'message/rfc822' || ct === 'message/global') {
    const inner = messageBytes(node);
    if (inner) {
      const child = parseEntity(inner.src, inner.start, inner.end, `${node.path}.1`, depth + 1, ctx, 'text/plain');
      child.attached = true;
      node.parts.push(child);
      node.children = 1;
    }
    return;
  }
  if (ct.startsWith('multipart/') || ct.startsWith('text/') || node.bodyEnd <= node.bodyStart) return;
  if (!looksLikeCompoundFile(readBody(node, { limit: 8 }))) return;
  // Decoding a whole Office document only to find it is not an Outlook item would cost what the
  // attachment scan avoids (attachments.ts reads 64 KiB of each end): decode when the part is
  // labelled as an Outlook item, or not labelled at all, or already held in memory undecoded.
  const name = (node.filename ?? '').toLowerCase();
  const labelled = /ms-outlook|x-msg|vnd\.ms-msg/.test(ct) || name.endsWith('.msg') || (!/\.[a-z0-9]{1,5}$/.test(name) && (ct === 'application/octet-stream' || !node.filename));
  if (!labelled && node.encoding && node.encoding !== 'binary' && node.encoding !== '8bit' && node.encoding !== '7bit') return;
  if (ctx.outlookItems >= MAX_OUTLOOK_ITEMS) {
    ctx.defects.push(`outlook-item-not-read: more than ${MAX_OUTLOOK_ITEMS} Outlook items (part ${node.path})`);
    return;
  }
  const bytes = readBody(node, { limit: MAX_NESTED_MESSAGE_BYTES });
  const read = readOutlookItem(bytes);
  if (read.notOutlook) return; // an Office document, say: the attachment scan reads it
  ctx.outlookItems++;
  if (!read.item) {
    ctx.defects.push(`outlook-damaged: the attached Outlook item could not be read: ${read.error} (part ${node.path})`);
    return;
  }
  const child = outlookOutline({ item: read.item, fileProblems: read.fileProblems }, `${node.path}.1`, depth + 1, true, builder(ctx));
  if (child) {
    node.parts.push(child);
    node.children = 1;
  }
}

/** A message that came as an Outlook item: its outline, or `fatal` when none can be built. */
function parseOutlookMessage(input: Uint8Array, ctx: Ctx): ParsedMessage {
  const read = readOutlookItem(input);
  const fail = (fatal: string): ParsedMessage => {
    const root = makeNode({ path: '1', headers: [], contentType: 'application/octet-stream' });
    return { src: input, headers: [], root, nodes: [], defects: [...ctx.defects, ...read.fileProblems().map((p) => `outlook-damaged: ${p}`)], fatal };
  };
  if (read.notOutlook) {
    return fail(`a compound file (an Office document, perhaps) that is not an Outlook item: ${read.error}`);
  }
  if (!read.item) return fail(`a damaged Outlook item (.msg) that could not be read: ${read.error}`);
  ctx.outlookItems++;
  const root = outlookOutline({ item: read.item, fileProblems: read.fileProblems }, '1', 0, false, builder(ctx));
  if (!root) return fail('a damaged Outlook item (.msg): nothing of it could be read');
  return { src: input, headers: root.headers, root, nodes: ctx.nodes, defects: ctx.defects };
}

function makeNode(spec: NodeSpec): MimeNode {
  const body = spec.body ?? new Uint8Array(0);
  const node: MimeNode = {
    path: spec.path,
    contentType: spec.contentType,
    params: spec.params ?? {},
    disposition: spec.disposition,
    filename: spec.filename,
    size: body.length,
    children: 0,
    headers: spec.headers,
    src: body,
    start: 0,
    bodyStart: 0,
    bodyEnd: body.length,
    parts: [],
  };
  return node;
}

/** The scanner's side of the Outlook outline: nodes are counted and recorded as parsed ones are. */
function builder(ctx: Ctx): OutlineBuilder {
  return {
    node(spec) {
      if (ctx.count >= MAX_MIME_PARTS) {
        if (!ctx.defects.includes('too-many-parts')) ctx.defects.push('too-many-parts');
        return undefined;
      }
      const node = makeNode(spec);
      ctx.count++;
      ctx.nodes.push(node);
      return node;
    },
    entity: (src, path, depth) => parseEntity(src, 0, src.length, path, depth, ctx, 'text/plain'),
    expand: (node, depth) => {
      if (depth < MAX_MIME_DEPTH) expandLeaf(node, depth, ctx);
      else ctx.defects.push(`too-deep (part ${node.path})`);
    },
    mayNest(depth, path) {
      if (depth < MAX_MIME_DEPTH) return true;
      ctx.defects.push(`too-deep (part ${path})`);
      return false;
    },
    defect: (text) => ctx.defects.push(text),
    headers: (bytes) => readHeaderBlock(bytes, 0, bytes.length).fields,
  };
}

/** The attached message of a message/rfc822 node: its own bytes when encoded, else a range of src. */
function messageBytes(node: MimeNode): { src: Uint8Array; start: number; end: number } | null {
  if (node.bodyEnd <= node.bodyStart) return null;
  if (node.encoding === 'base64' || node.encoding === 'quoted-printable') {
    const bytes = readBody(node, { limit: MAX_NESTED_MESSAGE_BYTES });
    return { src: bytes, start: 0, end: bytes.length };
  }
  return { src: node.src, start: node.bodyStart, end: node.bodyEnd };
}

/**
 * Finds the body parts of a multipart entity: the ranges between "--boundary" delimiter lines
 * (RFC 2046 §5.1.1). The CRLF before a delimiter belongs to the delimiter. A missing close
 * delimiter ends the last part at the end of the entity.
 */
function splitMultipart(
  src: Uint8Array,
  start: number,
  end: number,
  boundary: string,
  path: string,
  ctx: Ctx,
): [number, number][] {
  const delim = asciiBytes('--' + boundary);
  const ranges: [number, number][] = [];
  let partStart = -1;
  let closed = false;
  let pos = start;
  while (pos < end) {
    let nl = src.indexOf(LF, pos);
    if (nl < 0 || nl >= end) nl = end;
    if (src[pos] === 45 && startsWithBytes(src, pos, delim)) {
      // Delimiter line: "--boundary" then optional "--", then only whitespace (RFC 2046 transport padding).
      let after = pos + delim.length;
      let isClose = false;
      if (src[after] === 45 && src[after + 1] === 45) {
        isClose = true;
        after += 2;
      }
      let onlySpace = true;
      for (let i = after; i < nl; i++) {
        const c = src[i];
        if (c !== 32 && c !== 9 && c !== CR) {
          onlySpace = false;
          break;
        }
      }
      if (onlySpace) {
        if (partStart >= 0) ranges.push([partStart, lineBreakStart(src, partStart, pos)]);
        if (isClose) {
          closed = true;
          break;
        }
        partStart = Math.min(nl + 1, end);
      }
    }
    pos = nl + 1;
  }
  if (!closed) {
    if (partStart >= 0) ranges.push([partStart, end]);
    ctx.defects.push(ranges.length ? `unterminated-multipart (part ${path})` : `boundary-not-found (part ${path})`);
  }
  return ranges;
}

/** The delimiter's preceding CRLF (or LF) belongs to the delimiter, not to the part. */
function lineBreakStart(src: Uint8Array, partStart: number, delimPos: number): number {
  let e = delimPos;
  if (e > partStart && src[e - 1] === LF) e--;
  if (e > partStart && src[e - 1] === CR) e--;
  return Math.max(partStart, e);
}

export interface ReadOptions {
  /** Stop after this many decoded bytes (from the start). */
  limit?: number;
  /** Decode only about the last `tail` bytes instead (base64 and identity encodings). */
  tail?: number;
}

/**
 * The transfer-decoded body of a leaf node, or a slice of it. A decode (base64, quoted-printable)
 * is charged to the node's budget, and cut to what the budget has left before it starts; a plain
 * body is a view of the source and costs nothing.
 */
export function readBody(node: MimeNode, opts: ReadOptions = {}): Uint8Array {
  const { bodyStart: s, bodyEnd: e } = node;
  let limit = opts.limit ?? Infinity;
  let tail = opts.tail;
  const decodes = node.encoding === 'base64' || node.encoding === 'quoted-printable';
  const budget = decodes ? node.budget : undefined;
  if (budget) {
    // Decoded output is never longer than the encoded body; a QP tail decodes the whole body.
    const want = Math.min(e - s, node.encoding === 'quoted-printable' && tail !== undefined ? Infinity : (tail ?? limit));
    const allowed = budget.allowDecode(want, `the body of part ${node.path}`);
    if (allowed < want) {
      if (tail !== undefined) tail = allowed;
      else limit = allowed;
      if (allowed === 0) return new Uint8Array(0);
    }
  }
  const out = decodeBody(node, limit, tail);
  budget?.chargeDecode(out.length);
  return out;
}

function decodeBody(node: MimeNode, limit: number, tail: number | undefined): Uint8Array {
  const { src, bodyStart: s, bodyEnd: e } = node;
  switch (node.encoding) {
    case 'base64':
      return tail !== undefined ? decodeBase64Tail(src, s, e, tail) : decodeBase64(src, s, e, limit);
    case 'quoted-printable': {
      const all = decodeQuotedPrintable(src, s, e, tail !== undefined ? Infinity : limit);
      return tail !== undefined ? all.subarray(Math.max(0, all.length - tail)) : all;
    }
    default:
      if (tail !== undefined) return src.subarray(Math.max(s, e - tail), e);
      return src.subarray(s, Math.min(e, s + limit));
  }
}

/** The body decoded to text with its charset parameter (lenient). */
export function readText(node: MimeNode, limit?: number): string {
  return decodeCharset(readBody(node, { limit }), node.params['charset']);
}

/** The raw bytes of an entity (headers and body) as transmitted: what a detached signature covers. */
export function entityBytes(node: MimeNode): Uint8Array {
  return node.src.subarray(node.start, node.bodyEnd);
}

/** Strips the internal fields so the node can travel in an Analysis. */
export function partInfo(node: MimeNode): MimePartInfo {
  const info: MimePartInfo = {
    path: node.path,
    contentType: node.contentType,
    params: node.params,
    size: node.size,
    children: node.children,
  };
  if (node.disposition) info.disposition = node.disposition;
  if (node.filename) info.filename = node.filename;
  if (node.encoding) info.encoding = node.encoding;
  if (node.description) info.description = node.description;
  if (node.outlook) info.outlook = node.outlook;
  return info;
}
