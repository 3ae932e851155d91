/**
 * An Outlook item as the MIME outline the classifiers already read. Design choice: one model, not
 * two. The item becomes the tree of `MimeNode`s an equivalent Internet message would have (what
 * Outlook itself produces when it sends the item), each leaf's body a view of the property or
 * attachment bytes; nothing is re-encoded, so no boundary can be forged by a body and no payload
 * grows by base64. Every detector (S/MIME, OpenPGP, portals, attachments, threading, relays) then
 * works unchanged, and the root carries `outlook` so the explanation can say where it came from.
 *
 *   header block  PidTagTransportMessageHeaders (0x007D) when present: the Internet headers of the
 *                 delivered message, Content-* fields replaced by the outline's. Otherwise rebuilt
 *                 from the properties: Date (0x0039, else 0x0E06), From (sent-representing 0x0042 /
 *                 0x5D02 / 0x0065, else sender 0x0C1A / 0x5D01 / 0x0C1F), Sender when the two
 *                 differ, To/Cc/Bcc from the recipient storages (0x0C15), Subject (0x0037),
 *                 Message-ID (0x1035), In-Reply-To (0x1042), References (0x1039), Thread-Topic and
 *                 Thread-Index (0x0070, 0x0071).
 *   body          text/plain (0x1000) and text/html (0x1013), multipart/alternative when both;
 *                 a body kept only as compressed RTF (0x1009) is not read (a defect says so).
 *   attachments   multipart/mixed around the body: data (0x3701), name (0x3707, 0x3704, 0x3001),
 *                 type (0x370E); an embedded message (method 5) is a message/rfc822 part whose
 *                 root is the embedded item's outline at `<part>.1`, like any attached message.
 *   S/MIME        MS-OXOSMIME §2.1: IPM.Note.SMIME keeps the whole CMS blob (EnvelopedData, or
 *                 opaque SignedData) in its one attachment, smime.p7m: the root becomes that
 *                 application/pkcs7-mime leaf. IPM.Note.SMIME.MultipartSigned keeps the whole
 *                 multipart/signed entity (its headers and body, byte for byte as signed) in
 *                 smime.p7m: the root becomes that entity, parsed as MIME, so the signature is
 *                 checked over the very bytes that were signed.
 */
import type { HeaderField, OutlookInfo } from '../types';
import { PID, type OutlookAttachment, type OutlookItem, type OutlookRecipient } from './outlook';
import { parseStructured } from './content-type';
import type { MimeNode } from './mime';

/** What the MIME scanner lends the outline builder (it owns the node list, budgets and defects). */
export interface OutlineBuilder {
  /** A recorded node over `body` (or an empty body), or undefined once the part budget is spent. */
  node(spec: NodeSpec): MimeNode | undefined;
  /** MIME bytes parsed as an entity at `path` (the signed entity of IPM.Note.SMIME.MultipartSigned). */
  entity(src: Uint8Array, path: string, depth: number): MimeNode;
  /** Expands a leaf that holds a message of its own (message/rfc822, or an Outlook item). */
  expand(node: MimeNode, depth: number): void;
  /** Whether children at this depth may still be added (says so in the defects when not). */
  mayNest(depth: number, path: string): boolean;
  defect(text: string): void;
  /** An RFC 5322 header block read into fields (for the transport headers). */
  headers(bytes: Uint8Array): HeaderField[];
}

export interface NodeSpec {
  path: string;
  headers: HeaderField[];
  contentType: string;
  params?: Record<string, string>;
  filename?: string;
  disposition?: string;
  body?: Uint8Array;
}

const empty = new Uint8Array(0);
const utf8 = new TextEncoder();

function field(name: string, value: string): HeaderField {
  // Property strings may hold line breaks; a header value never does.
  const v = value.replace(/[\r\n\t]+/g, ' ').trim();
  return { name, key: name.toLowerCase(), value: v, raw: v };
}

/** A quoted-string for a display name or parameter (RFC 5322 §3.2.4): backslash and quote escaped. */
function quote(s: string): string {
  return `"${s.replace(/[\r\n\t]+/g, ' ').replace(/[\\"]/g, (c) => '\\' + c)}"`;
}

function contentTypeField(type: string, params: Record<string, string>): HeaderField {
  const extra = Object.entries(params).map(([k, v]) => `; ${k}=${quote(v)}`);
  return field('Content-Type', type + extra.join(''));
}

/** A mailbox as an address-list entry: `"Name" <address>`, or the name alone when there is no SMTP address. */
function mailbox(name: string | undefined, address: string | undefined): string | undefined {
  const addr = address && /^[^\s<>@"]+@[^\s<>@"]+$/.test(address.trim()) ? address.trim() : undefined;
  const nm = name?.trim().replace(/^'(.*)'$/, '$1');
  if (addr) return nm && nm.toLowerCase() !== addr.toLowerCase() ? `${quote(nm)} <${addr}>` : addr;
  return nm ? quote(nm) : undefined;
}

/** RFC 5322 §3.3 date-time, in UTC. */
function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/GMT$/, '+0000');
}

function smtpOf(item: OutlookItem, smtpId: number, typeId: number, emailId: number): string | undefined {
  const smtp = item.string(smtpId);
  if (smtp) return smtp;
  const type = (item.string(typeId) ?? '').toUpperCase();
  const email = item.string(emailId);
  return type === 'SMTP' || (!type && email?.includes('@')) ? email : undefined;
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return btoa(s);
}

const CONTENT_FIELD = /^content-/;

/** The header block: the transport headers Outlook kept, else one rebuilt from the properties. */
export function envelopeHeaders(item: OutlookItem, parse: (bytes: Uint8Array) => HeaderField[]): { headers: HeaderField[]; from: OutlookInfo['headers'] } {
  const transport = item.string(PID.transportHeaders);
  if (transport && transport.trim()) {
    const headers = parse(utf8.encode(transport)).filter((f) => !CONTENT_FIELD.test(f.key));
    if (headers.length) return { headers, from: 'transport' };
  }
  const out: HeaderField[] = [];
  const date = item.time(PID.clientSubmitTime) ?? item.time(PID.deliveryTime);
  if (date) out.push(field('Date', rfc5322Date(date)));
  const repName = item.string(PID.sentRepresentingName);
  const repAddr = smtpOf(item, PID.sentRepresentingSmtp, PID.sentRepresentingAddrType, PID.sentRepresentingEmail);
  const sndName = item.string(PID.senderName);
  const sndAddr = smtpOf(item, PID.senderSmtp, PID.senderAddrType, PID.senderEmail);
  // The author is the sent-representing mailbox; without its address, the sender's is the next best.
  const from = repAddr ? mailbox(repName, repAddr) : sndAddr ? mailbox(sndName || repName, sndAddr) : mailbox(repName || sndName, undefined);
  if (from) out.push(field('From', from));
  // Sent on behalf of someone else: Outlook's "Sender" (MS-OXOMSG §2.2.1.48 vs §2.2.1.58).
  if ((repName || repAddr) && sndAddr && repAddr && sndAddr.toLowerCase() !== repAddr.toLowerCase()) {
    const sender = mailbox(sndName, sndAddr);
    if (sender) out.push(field('Sender', sender));
  }
  const list = (type: number) =>
    item.recipients
      .filter((r: OutlookRecipient) => r.type === type)
      .map((r) => mailbox(r.name, r.address))
      .filter((m): m is string => !!m);
  for (const [name, type] of [['To', 1], ['Cc', 2], ['Bcc', 3]] as const) {
    const l = list(type);
    if (l.length) out.push(field(name, l.join(', ')));
  }
  const subject = item.string(PID.subject);
  if (subject !== undefined) out.push(field('Subject', subject));
  const ids: [string, number][] = [['Message-ID', PID.messageId], ['In-Reply-To', PID.inReplyTo], ['References', PID.references]];
  for (const [name, id] of ids) {
    const v = item.string(id);
    if (v?.trim()) out.push(field(name, v));
  }
  const topic = item.string(PID.conversationTopic);
  if (topic) out.push(field('Thread-Topic', topic));
  const index = item.binary(PID.conversationIndex);
  if (index?.length) out.push(field('Thread-Index', base64(index)));
  out.push(field('MIME-Version', '1.0'));
  return { headers: out, from: 'properties' };
}

/** A by-value attachment's MIME type: its own tag when it is one, else one its file name implies. */
function attachmentType(a: OutlookAttachment): { type: string; params: Record<string, string> } {
  const tag = parseStructured(a.mimeTag);
  if (/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(tag.value)) return { type: tag.value, params: tag.params };
  const name = (a.name ?? '').toLowerCase();
  if (name.endsWith('.eml')) return { type: 'message/rfc822', params: {} };
  if (name.endsWith('.msg')) return { type: 'application/vnd.ms-outlook', params: {} };
  return { type: 'application/octet-stream', params: {} };
}

const P7M = /\.p7m$/i;
const PKCS7 = /^application\/(x-)?pkcs7-mime$|^multipart\/signed$/;

export interface ItemRef {
  item: OutlookItem;
  /** Problems of the compound file itself, known once the item has been read. */
  fileProblems?: () => string[];
}

/**
 * Builds the outline of `item` with its root at `path` and returns the root. `attached`: the item
 * is an attachment of another message (its root is marked like a message/rfc822's).
 */
export function outlookOutline(ref: ItemRef, path: string, depth: number, attached: boolean, b: OutlineBuilder): MimeNode | undefined {
  const { item } = ref;
  const env = envelopeHeaders(item, (bytes) => b.headers(bytes));
  const info: OutlookInfo = { messageClass: item.messageClass, headers: env.from };
  const cls = item.messageClass.toLowerCase();
  let root: MimeNode | undefined;

  if (cls === 'ipm.note.smime' || cls.startsWith('ipm.note.smime.')) {
    const withData = item.attachments.filter((a) => a.data?.length);
    const p7m = withData.find((a) => P7M.test(a.name ?? '')) ?? withData.find((a) => PKCS7.test(parseStructured(a.mimeTag).value)) ?? (withData.length === 1 ? withData[0] : undefined);
    if (!p7m?.data) {
      b.defect(`outlook-smime-without-p7m: ${item.messageClass} item has no smime.p7m attachment (part ${path})`);
    } else if (cls === 'ipm.note.smime.multipartsigned' && p7m.data[0] !== 0x30) {
      // The whole signed entity, byte for byte: parsed as MIME, its own Content-* headers kept.
      root = b.entity(p7m.data, path, depth);
      root.headers = [...env.headers, ...root.headers];
    } else {
      const t = attachmentType(p7m);
      const type = PKCS7.test(t.type) && t.type !== 'multipart/signed' ? t.type : 'application/pkcs7-mime';
      const params = { ...t.params, name: p7m.name || 'smime.p7m' };
      root = b.node({
        path,
        headers: [...env.headers, contentTypeField(type, params), field('Content-Disposition', `attachment; filename=${quote(params.name)}`)],
        contentType: type,
        params,
        filename: params.name,
        disposition: 'attachment',
        body: p7m.data,
      });
    }
  }
  if (!root) root = plainOutline(item, env.headers, path, depth, b);
  if (!root) return undefined;
  root.outlook = info;
  if (attached) root.attached = true;
  for (const p of item.problems) b.defect(`outlook-damaged: ${p} (part ${path})`);
  if (ref.fileProblems) for (const p of ref.fileProblems()) b.defect(`outlook-damaged: ${p} (part ${path})`);
  return root;
}

function textPart(item: OutlookItem, id: number): { body: Uint8Array; charset: string } | undefined {
  const t = item.text(id);
  return t && t.bytes.length ? { body: t.bytes, charset: t.charset } : undefined;
}

function plainOutline(item: OutlookItem, envelope: HeaderField[], path: string, depth: number, b: OutlineBuilder): MimeNode | undefined {
  const text = textPart(item, PID.body);
  const html = textPart(item, PID.html);
  if (!text && !html && item.binary(PID.rtfCompressed)?.length) {
    b.defect(`outlook-rtf-body-not-read: the body is kept only as compressed RTF (part ${path})`);
  }
  const atts = item.attachments;
  const bodies = [text && { ...text, type: 'text/plain' }, html && { ...html, type: 'text/html' }].filter((x): x is { body: Uint8Array; charset: string; type: string } => !!x);
  const multi = (p: string, type: string, headers: HeaderField[]) =>
    b.node({ path: p, headers: [...headers, contentTypeField(type, {})], contentType: type });
  const leafText = (p: string, t: { body: Uint8Array; charset: string; type: string }, headers: HeaderField[]) =>
    b.node({ path: p, headers: [...headers, contentTypeField(t.type, { charset: t.charset })], contentType: t.type, params: { charset: t.charset }, body: t.body });

  /** The body at path `p`, at nesting depth `d`: one text leaf, or text and HTML as alternatives. */
  const bodyAt = (p: string, d: number, headers: HeaderField[]): MimeNode | undefined => {
    if (bodies.length === 2) {
      const alt = multi(p, 'multipart/alternative', headers);
      if (!alt || !b.mayNest(d, p)) return alt;
      bodies.forEach((t, i) => {
        const n = leafText(`${p}.${i + 1}`, t, []);
        if (n) alt.parts.push(n);
      });
      alt.children = alt.parts.length;
      return alt;
    }
    return leafText(p, bodies[0] ?? { body: empty, charset: 'utf-8', type: 'text/plain' }, headers);
  };

  if (!atts.length) return bodyAt(path, depth, envelope);
  const root = multi(path, 'multipart/mixed', envelope);
  if (!root || !b.mayNest(depth, path)) return root;
  const first = bodyAt(`${path}.1`, depth + 1, []);
  if (first) root.parts.push(first);
  atts.forEach((a, i) => {
    const n = attachmentNode(a, `${path}.${i + 2}`, depth + 1, b);
    if (n) root.parts.push(n);
  });
  root.children = root.parts.length;
  return root;
}

function attachmentNode(a: OutlookAttachment, path: string, depth: number, b: OutlineBuilder): MimeNode | undefined {
  const disposition = a.hidden || a.contentId ? 'inline' : 'attachment';
  const params: Record<string, string> = {};
  if (a.name) params.name = a.name;
  const extra: HeaderField[] = [];
  if (a.contentId) extra.push(field('Content-ID', `<${a.contentId.replace(/^<|>$/g, '')}>`));
  const disp = field('Content-Disposition', a.name ? `${disposition}; filename=${quote(a.name)}` : disposition);
  if (a.embedded) {
    const node = b.node({ path, headers: [contentTypeField('message/rfc822', params), disp, ...extra], contentType: 'message/rfc822', params, filename: a.name, disposition });
    if (!node || !b.mayNest(depth, path)) return node;
    const inner = a.embedded();
    if (!inner.item) {
      b.defect(`outlook-damaged: embedded message ${a.name ? `"${a.name}" ` : ''}not read: ${inner.error} (part ${path})`);
      return node;
    }
    const root = outlookOutline({ item: inner.item }, `${path}.1`, depth + 1, true, b);
    if (root) {
      node.parts.push(root);
      node.children = 1;
    }
    return node;
  }
  const t = attachmentType(a);
  const p = { ...t.params, ...params };
  const node = b.node({ path, headers: [contentTypeField(t.type, p), disp, ...extra], contentType: t.type, params: p, filename: a.name, disposition, body: a.data ?? empty });
  // An attached .eml, or a .msg dropped into the item as a file: analysed as an attached message.
  if (node && a.data?.length) b.expand(node, depth);
  return node;
}
