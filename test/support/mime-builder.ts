// Assembles RFC 5322 / MIME messages for tests (CRLF line ends, base64 wrapped at 76 columns).
// Small on purpose: the shapes under test are spelled out in each test.

export type Body = string | Uint8Array;

export interface Entity {
  /** Header lines without the trailing CRLF, in order. */
  headers: string[];
  /** The body as transmitted (already encoded). */
  body: string;
}

export function base64Lines(bytes: Uint8Array | string): string {
  const b64 = Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('base64');
  return (b64.match(/.{1,76}/g) ?? ['']).join('\r\n');
}

export interface LeafOptions {
  filename?: string;
  /** 'attachment' (default when a filename is given) or 'inline'. */
  disposition?: 'attachment' | 'inline';
  /** 'base64' (default for bytes), '7bit' (default for text), 'quoted-printable' (text only, given pre-encoded). */
  encoding?: 'base64' | '7bit' | '8bit' | 'quoted-printable';
  params?: Record<string, string>;
  headers?: string[];
}

export function leaf(contentType: string, body: Body, o: LeafOptions = {}): Entity {
  const encoding = o.encoding ?? (typeof body === 'string' ? '7bit' : 'base64');
  const params = { ...(o.params ?? {}) };
  if (o.filename) params['name'] = o.filename;
  const ct = [contentType, ...Object.entries(params).map(([k, v]) => `${k}="${v}"`)].join('; ');
  const headers = [`Content-Type: ${ct}`, `Content-Transfer-Encoding: ${encoding}`];
  if (o.filename || o.disposition) headers.push(`Content-Disposition: ${o.disposition ?? 'attachment'}${o.filename ? `; filename="${o.filename}"` : ''}`);
  headers.push(...(o.headers ?? []));
  const text = encoding === 'base64' ? base64Lines(body) : typeof body === 'string' ? body.replace(/\r?\n/g, '\r\n') : Buffer.from(body).toString('latin1');
  return { headers, body: text };
}

let counter = 0;

export function multipart(subtype: string, parts: Entity[], o: { boundary?: string; params?: Record<string, string>; headers?: string[] } = {}): Entity {
  const boundary = o.boundary ?? `b${++counter}_${Math.random().toString(36).slice(2, 10)}`;
  const params = Object.entries(o.params ?? {}).map(([k, v]) => `; ${k}="${v}"`).join('');
  const body = [...parts.map((p) => `--${boundary}\r\n${render(p)}`), `--${boundary}--`, ''].join('\r\n');
  return { headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"${params}`, ...(o.headers ?? [])], body };
}

/** An attached message (message/rfc822, 7bit). */
export function attachedMessage(inner: Entity, o: { filename?: string } = {}): Entity {
  const headers = ['Content-Type: message/rfc822'];
  if (o.filename) headers.push(`Content-Disposition: attachment; filename="${o.filename}"`);
  return { headers, body: render(inner) };
}

export function render(e: Entity): string {
  return `${e.headers.join('\r\n')}\r\n\r\n${e.body}`;
}

export interface MessageOptions {
  from?: string;
  to?: string;
  subject?: string;
  headers?: string[];
}

/** A whole message: envelope headers, MIME-Version, then the entity's own headers and body. */
export function message(e: Entity, o: MessageOptions = {}): string {
  const top = [
    `From: ${o.from ?? 'Customer <customer@example.com>'}`,
    `To: ${o.to ?? 'Support <support@example.net>'}`,
    `Subject: ${o.subject ?? 'Test'}`,
    'Date: Tue, 01 Oct 2024 10:00:00 +0000',
    `Message-ID: <${Math.random().toString(36).slice(2)}@example.com>`,
    'MIME-Version: 1.0',
    ...(o.headers ?? []),
  ];
  return `${[...top, ...e.headers].join('\r\n')}\r\n\r\n${e.body}`;
}

/** A message/rfc822 entity from a whole message string. */
export function attachedRaw(raw: string): Entity {
  return { headers: ['Content-Type: message/rfc822', 'Content-Disposition: attachment; filename="forwarded.eml"'], body: raw };
}
