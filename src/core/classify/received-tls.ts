/**
 * What one Received line says about TLS on that hop, in every dialect we know of
 * (../shared/domain/ENCRYPTION.md §C1–C2). The answer is per hop: a hop's TLS says nothing about
 * the hops before or after it, and nothing about end-to-end confidentiality (§C3).
 */
import { trimEndChars } from '../text';

export interface HopTls {
  /** true: TLS recorded; false: a plain protocol recorded and no TLS comment; null: the line says nothing. */
  tls: boolean | null;
  tlsVersion?: string;
  cipher?: string;
  tlsVerify?: string;
  /** The words that decided `tls`. */
  evidence?: string;
}

/**
 * RFC 3848 (and RFC 6531's UTF8 variants, IANA "Mail Transmission Types"): the "S" in the protocol
 * keyword means STARTTLS was negotiated, "A" means SMTP AUTH. "SMTPS" is not registered but is
 * written by Google ("(Google Transport Security)") and Yahoo for TLS-wrapped internal hops.
 */
const TLS_KEYWORDS = /^(?:e?smtps|esmtpsa|lmtps|lmtpsa|utf8smtps|utf8smtpsa|utf8lmtps|utf8lmtpsa|smtpsa)$/i;
const PLAIN_KEYWORDS = /^(?:e?smtp|esmtpa|lmtp|lmtpa|utf8smtp|utf8smtpa|utf8lmtp|utf8lmtpa|smtpa)$/i;

/** "TLS1_2", "TLSv1.3", "TLS1.2", "TLSv1", "SSLv3" → "TLSv1.2" style. OpenSSL's "TLSv1/SSLv3" is a cipher
 *  family label, not a negotiated version, so it is kept as written. */
export function normalizeTlsVersion(v: string): string {
  const s = v.trim();
  if (/^tlsv1\/sslv3$/i.test(s)) return 'TLSv1/SSLv3';
  const m = /^(tls|ssl)\s*(?:v\s*)?(\d)(?:[._](\d))?$/i.exec(s);
  if (!m) return s;
  if (m[1].toLowerCase() === 'ssl') return `SSLv${m[2]}`;
  return `TLSv${m[2]}.${m[3] ?? '0'}`;
}

function cleanCipher(c: string): string {
  return trimEndChars(c, '),;:.');
}

const VERSION_TOKEN = '(TLSv1\\/SSLv3|TLS[_ ]?v?\\d(?:[._]\\d)?|SSLv\\d)';

/**
 * The Received line with the values the CLIENT chose blanked out: the HELO name after "from" and in
 * "helo=" / "(HELO …)" / "(EHLO …)", the reverse-DNS name before "[ip]", the SMTP AUTH login name,
 * and every <address> (envelope-from, "for <…>"). The client
 * picks them freely (RFC 5321 §4.1.1.1 EHLO domain, §4.1.1.2 reverse-path), so a sender could
 * otherwise write "<version=TLS1_3@x>" or HELO "cipher=…" and have a plain-text hop read as TLS.
 * Only the receiving MTA's own words may speak about TLS.
 */
function withoutClientClaims(raw: string): string {
  return raw
    .replace(/<[^<>]*>/g, '<>')
    .replace(/^(\s*from\s+)\S+/i, '$1_')
    // The reverse-DNS name in "(name [ip])" is whatever the client's address owner put in DNS.
    .replace(/\(\s*[a-z0-9._-]+\s+(?=\[)/gi, '(_ ')
    .replace(/\b(helo|ehlo)([= ]\s*)[^\s()\]]+/gi, '$1$2_')
    // The SMTP AUTH login name is the client's too (Postfix "Authenticated sender: x", Exim "A=login:x").
    .replace(/\b(authenticated\s+(?:sender|user|as):?\s*|\bA=[a-z0-9_-]+:)[^\s();]+/gi, '$1_');
}

/**
 * Reads the TLS facts of a Received value (unfolded). `withKeyword` is the parsed `with` clause.
 * Order: explicit TLS comments first (they carry version/cipher), then the protocol keyword.
 */
export function readHopTls(line: string, withKeyword: string | undefined): HopTls {
  const raw = withoutClientClaims(line);
  const out: HopTls = { tls: null };
  const found: string[] = [];
  const take = (version: string | undefined, cipher: string | undefined, evidence: string) => {
    out.tls = true;
    if (version && !out.tlsVersion) out.tlsVersion = normalizeTlsVersion(version);
    if (cipher && !out.cipher) out.cipher = cleanCipher(cipher);
    found.push(evidence.trim());
  };

  // Postfix / Sophos: "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) ...)".
  // Also the bare "(TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)" some MTAs write without "using".
  let m = new RegExp(`(?:\\busing\\s+|\\(\\s*)${VERSION_TOKEN}(?:\\s+with\\s+cipher\\s+([A-Za-z0-9_-]+))?`, 'i').exec(raw);
  if (m) take(m[1], m[2], m[0]);
  // PGP Universal-style "(using TLS: TLSv1.2, AES256-SHA)" and Cellopoint "(... with TLSv1.2 ECDHE-RSA-AES256-SHA384 256/256)".
  // Courier-style "(TLS: TLSv1/SSLv3,256bits,AES256-SHA)" reads the same way.
  m = new RegExp(`(?:\\bTLS:\\s*|\\bwith\\s+)${VERSION_TOKEN}(?:,?\\s*(?:\\d+bits,\\s*)?([A-Z0-9]+(?:[-_][A-Z0-9]+)+))?`, 'i').exec(raw);
  if (m) take(m[1], m[2], m[0]);
  // Gmail, Exchange, Sendmail, Proofpoint, Mimecast, Haraka, ZoneMTA, Mailgun:
  // "version=TLS1_3 cipher=..." / "(version=TLS1_2, cipher=...)" / "version=TLSv1.2 cipher=... bits=256 verify=NOT".
  m = new RegExp(`\\bversion=${VERSION_TOKEN}[,\\s]*(?:cipher=([A-Za-z0-9_-]+))?`, 'i').exec(raw);
  if (m) take(m[1], m[2], m[0]);
  // Exim log-style "X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256" and older Exim/GnuTLS "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)".
  // OpenSMTPD appends the peer-certificate check: "(TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO)".
  m = new RegExp(`(?:\\bX=|\\()${VERSION_TOKEN}:([A-Za-z0-9_-]+)(?::\\d+)?(?::(YES|NO)\\b)?`, 'i').exec(raw);
  if (m) {
    take(m[1], m[2], m[0]);
    if (m[3]) out.tlsVerify = m[3].toUpperCase();
  }
  // Exim 4.9x default: "with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384".
  m = new RegExp(`\\(${VERSION_TOKEN}\\)(?:\\s+tls\\s+([A-Za-z0-9_-]+))?`, 'i').exec(raw);
  if (m) take(m[1], m[2], m[0]);
  if (!out.cipher) {
    // A bare "tls CIPHER" (Exim without the version), or a lone "cipher=" (Exim template, Haraka).
    m = /\btls\s+(TLS_[A-Z0-9_]+|[A-Z0-9]+(?:-[A-Z0-9]+){2,})/.exec(raw) ?? /\bcipher=([A-Za-z0-9_-]+)/i.exec(raw);
    if (m) take(undefined, m[1], m[0]);
  }
  // qmail-tls: "with ESMTPS (AES128-GCM-SHA256 encrypted)".
  m = /\(([A-Z0-9]+(?:[-_][A-Z0-9]+)+)\s+encrypted\)/i.exec(raw);
  if (m) take(undefined, m[1], m[0]);
  // Exchange: "with Microsoft SMTP Server (TLS)"; Mimecast "with STARTTLS"; Google "(Google Transport Security)".
  // Cellopoint/others "(... ESMTP with TLS)".
  m = /\bMicrosoft SMTP Server\s*\(TLS\)|\bwith\s+STARTTLS\b|\(Google Transport Security\)|\bwith\s+TLS\)|\(\s*(?:TLS|STARTTLS)\s*\)/i.exec(raw);
  if (m) take(undefined, undefined, m[0]);
  // Last resort: a protocol version named anywhere in a comment ("(TLSv1.2 ...)") means TLS was negotiated.
  if (out.tls === null) {
    m = /\((?:[^()]*?[\s,;:])?(TLSv1(?:\.[0-3])?|TLS1[._][0-3])\b[^()]*\)/i.exec(raw);
    if (m) take(m[1], undefined, m[0]);
  }

  // Cisco IronPort / Secure Email: the keyword carries the cipher, "with ESMTP/TLS/ECDHE-RSA-AES128-GCM-SHA256".
  m = /\bwith\s+E?SMTP\/TLS(?:\/([A-Za-z0-9_-]+))?/i.exec(raw);
  if (m) take(undefined, m[1], m[0]);

  // Certificate verification, when the MTA records it.
  m = /\bverify=([A-Za-z_]+)/.exec(raw);
  if (m) out.tlsVerify = m[1].toUpperCase();
  else if (!out.tlsVerify && /\(verified OK\)/i.test(raw)) out.tlsVerify = 'OK';
  else if (!out.tlsVerify && /\bnot verified\b/i.test(raw)) out.tlsVerify = 'NOT';

  const kw = withKeyword?.trim();
  if (kw) {
    if (TLS_KEYWORDS.test(kw)) {
      out.tls = true;
      found.unshift(`with ${kw}`);
    } else if (/^https$/i.test(kw)) {
      // HTTPS is HTTP inside TLS by definition (Exchange Online writes it for internal web-service hops).
      out.tls = true;
      found.unshift(`with ${kw}`);
    } else if (out.tls === null && (PLAIN_KEYWORDS.test(kw) || /^Microsoft SMTP Server$/i.test(kw))) {
      // A plain keyword with no TLS comment: the hop recorded no TLS. Exchange writes "(TLS)" or
      // "(version=..., cipher=...)" after "Microsoft SMTP Server" whenever TLS was used.
      out.tls = false;
      found.push(`with ${kw}`);
    }
    // HTTP, mapi, LOCAL, local, LMTPProxy, unknown words: the line tells nothing about TLS (null).
  }
  if (found.length) out.evidence = [...new Set(found)].join('; ');
  return out;
}
