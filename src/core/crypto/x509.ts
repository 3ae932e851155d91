/**
 * Just enough X.509 (RFC 5280) to name a certificate: subject, issuer, serial, subject key id,
 * e-mail address, validity, and the public key for signature checks. No path building, no trust:
 * Veil has no trust store, so nothing here says a certificate is good.
 */
import { trimEndChars } from '../text';
import {
  T_BIT_STRING,
  T_INTEGER,
  T_OCTET_STRING,
  T_OID,
  T_SEQUENCE,
  T_SET,
  children,
  content,
  hex,
  integerHex,
  isContext,
  isUniversal,
  latin1,
  oid,
  raw,
  readTlv,
  timeIso,
  type Tlv,
} from './der';

export interface CertInfo {
  subject: string;
  issuer: string;
  serial: string;
  subjectKeyId?: string;
  /** First rfc822Name of the subjectAltName, else emailAddress of the subject DN. */
  email?: string;
  /** Every e-mail address the certificate names (SAN rfc822Name and DN emailAddress). */
  emails: string[];
  /** Common name of the subject, when present. */
  name?: string;
  notBefore?: string;
  notAfter?: string;
  /** DER SubjectPublicKeyInfo, as WebCrypto imports it ('spki'). */
  spki: Uint8Array;
  keyAlgorithm: string;
  /** Named curve OID for EC keys. */
  keyCurve?: string;
}

/**
 * Attribute type short names as `openssl x509 -nameopt RFC2253` prints them (RFC 4514 §3 names,
 * plus OpenSSL's for the rest); unknown types are printed as dotted OIDs, as RFC 4514 says.
 */
const ATTR_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.13': 'description',
  '2.5.4.15': 'businessCategory',
  '2.5.4.16': 'postalAddress',
  '2.5.4.17': 'postalCode',
  '2.5.4.18': 'postOfficeBox',
  '2.5.4.20': 'telephoneNumber',
  '2.5.4.45': 'x500UniqueIdentifier',
  '2.5.4.51': 'houseIdentifier',
  '2.5.4.72': 'role',
  '1.2.840.113549.1.9.2': 'unstructuredName',
  '1.2.840.113549.1.9.8': 'unstructuredAddress',
  '2.5.4.41': 'name',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

const OID_EMAIL = '1.2.840.113549.1.9.1';
const OID_CN = '2.5.4.3';
const OID_SKI = '2.5.29.14';
const OID_SAN = '2.5.29.17';

/** A directory string's text, or undefined when it is not a string type (then it is dumped as hex). */
function stringValue(t: Tlv): string | undefined {
  if (t.cls !== 0 || t.constructed) return undefined;
  const b = content(t);
  switch (t.tag) {
    case 12: // UTF8String
      return new TextDecoder('utf-8').decode(b);
    case 18: // NumericString
    case 19: // PrintableString
    case 22: // IA5String
    case 26: // VisibleString
    case 20: // TeletexString: treated as Latin-1, as most software does
      return latin1(b);
    case 30: {
      // BMPString: UTF-16BE
      let s = '';
      for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
      return s;
    }
    case 28: {
      // UniversalString: UTF-32BE
      let s = '';
      for (let i = 0; i + 3 < b.length; i += 4) {
        const cp = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      return undefined;
  }
}

/**
 * RFC 4514 §2.4 escaping, byte for byte as `openssl x509 -nameopt RFC2253` prints it (so a DN read
 * here equals the one an agent copies from openssl): specials with a backslash, control and non-ASCII
 * characters as \XX escapes of their UTF-8 bytes. Signer.name keeps the plain text for display.
 */
function escapeValue(v: string): string {
  let out = '';
  const chars = Array.from(v);
  chars.forEach((c, i) => {
    const code = c.codePointAt(0) ?? 0;
    if (',+"\\<>;'.includes(c)) out += '\\' + c;
    else if (code < 0x20 || code >= 0x7f) {
      for (const b of new TextEncoder().encode(c)) out += '\\' + b.toString(16).toUpperCase().padStart(2, '0');
    } else if ((i === 0 && (c === ' ' || c === '#')) || (i === chars.length - 1 && c === ' ')) out += '\\' + c;
    else out += c;
  });
  return out;
}

interface Ava {
  type: string;
  value: string;
  text?: string;
}

function readName(name: Tlv): Ava[][] {
  const rdns: Ava[][] = [];
  for (const set of children(name)) {
    if (!isUniversal(set, T_SET)) continue;
    const avas: Ava[] = [];
    for (const seq of children(set)) {
      const [typ, val] = children(seq);
      if (!isUniversal(typ, T_OID) || !val) continue;
      const text = stringValue(val);
      const type = oid(typ);
      // RFC 4514 §2.4: a type in dotted form, or a value that is not a string, is written as #hex of its BER.
      const value = text !== undefined && ATTR_NAMES[type] ? escapeValue(text) : '#' + hex(raw(val)).toUpperCase();
      avas.push({ type, value, text });
    }
    if (avas.length) rdns.push(avas);
  }
  return rdns;
}

/**
 * A Name as an RFC 4514 string: most specific RDN first, multi-valued RDNs joined with '+'. OpenSSL's
 * RFC2253 form reverses the whole list of attributes, members of a multi-valued RDN included; we do
 * the same (RFC 4514 §2.2 leaves the order inside an RDN free).
 */
export function nameToString(name: Tlv): string {
  return formatName(readName(name));
}

function formatName(rdns: Ava[][]): string {
  return rdns
    .slice()
    .reverse()
    .map((avas) =>
      avas
        .slice()
        .reverse()
        .map((a) => `${ATTR_NAMES[a.type] ?? a.type}=${a.value}`)
        .join('+'),
    )
    .join(',');
}

/** Other spellings of attribute names people paste (OpenSSL one-line and slash forms, Windows). */
const DN_ALIASES: Record<string, string> = {
  e: 'emailaddress',
  email: 'emailaddress',
  s: 'st',
  givenname: 'gn',
  surname: 'sn',
  userid: 'uid',
  domaincomponent: 'dc',
  commonname: 'cn',
  countryname: 'c',
  localityname: 'l',
  stateorprovincename: 'st',
  organizationname: 'o',
  organizationalunitname: 'ou',
  streetaddress: 'street',
};

/**
 * Canonical form for comparing a DN an agent pasted with one read from a blob: RFC 4514 escapes
 * (\, and \XX) decoded, attribute names and values case-folded, spaces trimmed, OIDs and aliases
 * mapped to short names, and the RDN order ignored — `openssl x509 -issuer` prints the reverse of
 * RFC 4514 order by default, and the slash form (/C=US/O=...) is common too.
 */
export function normalizeDn(dn: string): string {
  const text = dn.trim().replace(/^(subject|issuer)\s*[=:]\s*/i, '');
  const slash = text.startsWith('/');
  const rdns: string[][] = [];
  let avas: string[] = [];
  let cur = '';
  let pending: number[] = [];
  const flushBytes = () => {
    if (pending.length) cur += new TextDecoder('utf-8').decode(new Uint8Array(pending));
    pending = [];
  };
  const endAva = () => {
    flushBytes();
    if (cur.trim()) avas.push(cur);
    cur = '';
  };
  const endRdn = () => {
    endAva();
    if (avas.length) rdns.push(avas);
    avas = [];
  };
  let quoted = false;
  for (let i = slash ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      // \XX (RFC 4514) and \xXX (OpenSSL's compat form) are UTF-8 bytes; \c is a literal c.
      const hexAt = text[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4)) ? i + 2 : i + 1;
      const pair = text.slice(hexAt, hexAt + 2);
      if (/^[0-9a-fA-F]{2}$/.test(pair)) {
        pending.push(parseInt(pair, 16));
        i = hexAt + 1;
      } else {
        flushBytes();
        cur += '\u0001' + text[++i]; // escaped: never a separator
      }
      continue;
    }
    flushBytes();
    // OpenSSL's one-line form quotes values holding specials: "Caf\C3\A9, S.L." (RFC 1779 style).
    if (c === '"') quoted = !quoted;
    else if (quoted) cur += '\u0001' + c;
    else if (c === '+') endAva();
    else if (slash ? c === '/' : c === ',' || c === ';') endRdn();
    else cur += c;
  }
  endRdn();
  const ava = (a: string) => {
    const eq = a.indexOf('=');
    const rawType = (eq < 0 ? '' : a.slice(0, eq)).trim().toLowerCase();
    const type = (ATTR_NAMES[rawType] ?? DN_ALIASES[rawType] ?? rawType).toLowerCase();
    const value = (eq < 0 ? a : a.slice(eq + 1)).replace(/\u0001/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
    return `${type}=${value}`;
  };
  return rdns
    .map((r) => r.map(ava).sort().join('+'))
    .sort()
    .join('\u0000');
}

/** Parses a DER certificate; null when it is not one. Never throws. */
export function parseCertificate(der: Uint8Array | Tlv): CertInfo | null {
  try {
    const cert = der instanceof Uint8Array ? readTlv(der, 0) : der;
    if (!isUniversal(cert, T_SEQUENCE) || cert.truncated) return null;
    const [tbs] = children(cert);
    if (!isUniversal(tbs, T_SEQUENCE)) return null;
    const f = children(tbs);
    let i = 0;
    if (isContext(f[0], 0)) i++; // [0] EXPLICIT version
    const serialT = f[i++];
    i++; // signature AlgorithmIdentifier
    const issuerT = f[i++];
    const validity = f[i++];
    const subjectT = f[i++];
    const spkiT = f[i++];
    if (!isUniversal(serialT, T_INTEGER) || !isUniversal(issuerT, T_SEQUENCE) || !isUniversal(subjectT, T_SEQUENCE)) {
      return null;
    }
    if (!isUniversal(spkiT, T_SEQUENCE)) return null;
    const subjectRdns = readName(subjectT);
    const [nb, na] = children(validity);
    const [algSeq] = children(spkiT);
    const [algOid, algParam] = children(algSeq);
    const info: CertInfo = {
      subject: formatName(subjectRdns),
      issuer: nameToString(issuerT),
      serial: integerHex(serialT),
      emails: [],
      notBefore: timeIso(nb),
      notAfter: timeIso(na),
      spki: raw(spkiT),
      keyAlgorithm: oid(algOid),
    };
    if (isUniversal(algParam, T_OID)) info.keyCurve = oid(algParam);
    const cn = subjectRdns.flat().find((a) => a.type === OID_CN);
    if (cn?.text) info.name = cn.text;
    // Extensions: [3] EXPLICIT SEQUENCE OF Extension (RFC 5280 §4.1).
    const extWrap = f.slice(i).find((t) => isContext(t, 3));
    const sanEmails: string[] = [];
    for (const ext of children(children(extWrap)[0])) {
      const parts = children(ext);
      const id = oid(parts[0]);
      const valueT = parts[parts.length - 1];
      if (!isUniversal(valueT, T_OCTET_STRING)) continue;
      const inner = readTlv(content(valueT), 0);
      if (id === OID_SKI && isUniversal(inner, T_OCTET_STRING)) info.subjectKeyId = hex(content(inner));
      if (id === OID_SAN && isUniversal(inner, T_SEQUENCE)) {
        // GeneralName rfc822Name is [1] IMPLICIT IA5String (RFC 5280 §4.2.1.6).
        for (const gn of children(inner)) if (isContext(gn, 1) && !gn.constructed) sanEmails.push(latin1(content(gn)));
      }
    }
    const dnEmails = subjectRdns
      .flat()
      .filter((a) => a.type === OID_EMAIL && a.text)
      .map((a) => a.text as string);
    info.emails = [...new Set([...sanEmails, ...dnEmails].map((e) => e.trim()).filter(Boolean))];
    if (info.emails.length) info.email = info.emails[0];
    return info;
  } catch {
    return null;
  }
}

/** The SubjectPublicKeyInfo's key bits (for callers that need the raw key). */
export function spkiKeyBits(spki: Uint8Array): Uint8Array | undefined {
  const t = readTlv(spki, 0);
  const bits = children(t)[1];
  return isUniversal(bits, T_BIT_STRING) ? content(bits).subarray(1) : undefined;
}

export interface CertificateIdentifiers {
  subject: string;
  issuer: string;
  serial: string;
  subjectKeyId?: string;
  email?: string;
  notBefore?: string;
  notAfter?: string;
}

/**
 * What the options page stores when an agent pastes their own certificate (PEM or DER): only the
 * identifiers that CMS recipients name, never the key. Null when the input is not a certificate.
 */
export function certificateIdentifiers(input: string | Uint8Array): CertificateIdentifiers | null {
  const der = typeof input === 'string' ? pemToDer(input) : looksLikeText(input) ? pemToDer(latin1(input)) : input;
  if (!der) return null;
  const c = parseCertificate(der);
  if (!c) return null;
  const out: CertificateIdentifiers = { subject: c.subject, issuer: c.issuer, serial: c.serial };
  if (c.subjectKeyId) out.subjectKeyId = c.subjectKeyId;
  if (c.email) out.email = c.email;
  if (c.notBefore) out.notBefore = c.notBefore;
  if (c.notAfter) out.notAfter = c.notAfter;
  return out;
}

function looksLikeText(b: Uint8Array): boolean {
  return b.length > 0 && b[0] !== 0x30;
}

/** First PEM block's bytes (any label), or the whole text as bare base64. */
export function pemToDer(text: string): Uint8Array | null {
  const m = text.match(/-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/);
  const body = (m ? m[1] : text).replace(/^[A-Za-z-]+:.*$/gm, '').replace(/[^A-Za-z0-9+/=_-]/g, '');
  if (!body) return null;
  try {
    const bin = atob(trimEndChars(body.replace(/-/g, '+').replace(/_/g, '/'), '='));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}
