/**
 * Transport: the Received chain (RFC 5321 §4.4), newest first, with what each hop says about TLS.
 */
import type { Hop, Transport } from '../types';
import { getHeader, getHeaders } from '../parse/headers';
import type { ClassifyContext } from './context';

function clause(value: string, word: string): string | undefined {
  const m = new RegExp(`(?:^|[\\s)])${word}\\s+([^\\s;()]+)`, 'i').exec(value);
  return m ? m[1] : undefined;
}

export function parseReceived(raw: string): Hop {
  const semi = raw.lastIndexOf(';');
  const main = semi >= 0 ? raw.slice(0, semi) : raw;
  const hop: Hop = { tls: null, raw };
  const from = clause(main, 'from');
  const by = clause(main, 'by');
  const withProto = clause(main, 'with');
  const id = clause(main, 'id');
  const forAddr = clause(main, 'for');
  if (from) hop.from = from;
  if (by) hop.by = by;
  if (withProto) hop.with = withProto;
  if (id) hop.id = id;
  if (forAddr) hop.for = forAddr.replace(/^<|>$/g, '');
  if (semi >= 0) {
    const t = Date.parse(raw.slice(semi + 1).trim().replace(/\s*\([^)]*\)\s*$/, ''));
    if (!Number.isNaN(t)) hop.date = new Date(t).toISOString();
  }
  // RFC 3848: a trailing S in the protocol keyword means STARTTLS was negotiated.
  if (withProto) {
    if (/^(e?smtps|esmtpsa|lmtps|lmtpsa|utf8smtps|utf8smtpsa|utf8lmtps|utf8lmtpsa)$/i.test(withProto)) hop.tls = true;
    else if (/^(e?smtp|esmtpa|lmtp|lmtpa|utf8smtp|utf8smtpa)$/i.test(withProto)) hop.tls = false;
  }
  const version = /\b(?:using|version=)\s*(TLS_?v?1[._]?[0-3]|SSLv3)/i.exec(raw);
  if (version) {
    hop.tls = true;
    hop.tlsVersion = version[1];
  }
  const cipher = /\bcipher[= ]\s*([A-Z0-9_-]+)/i.exec(raw);
  if (cipher) {
    hop.tls = true;
    hop.cipher = cipher[1];
  }
  return hop;
}

export function classifyTransport(ctx: ClassifyContext): Transport {
  const hops = getHeaders(ctx.msg.headers, 'received').map((f) => parseReceived(f.raw));
  const transport: Transport = { hops };
  if (/^\s*no\b/i.test(getHeader(ctx.msg.headers, 'tls-required')?.value ?? '')) transport.tlsRequiredNo = true;
  return transport;
}
