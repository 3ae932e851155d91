/**
 * Generated and mutated mail for the fuzz run (`npm run fuzz`, ≥ 100,000 cases) and its small
 * sibling in `npm test` (test/unit/core/fuzz.test.ts). One place says what a hostile message looks
 * like and what must hold for any of them:
 *
 *  - header grammars: every header Veil reads, built from the tokens its parsers look for, with
 *    long runs of every separator and space between them (the shape of every quadratic pattern
 *    found so far: "Re" + spaces, "with TLS1" + spaces, "BEGIN" + no-break spaces);
 *  - MIME trees: multipart nesting with the part types the detectors read (CMS, OpenPGP, archives,
 *    attached messages, HTML with armor and links);
 *  - mutations of real messages (the corpora beside the project and samples/).
 *
 * For each: analyze() returns (never throws), within 1 s below 1 MB, and its output validates
 * against schema/analysis.schema.json (which also says that nothing a reader sees carries a control,
 * bidi or line-separator character).
 */
import fc from 'fast-check';
import Ajv from 'ajv';
import { analyze, type Analysis } from '../../src/core';
import SCHEMA_JSON from '../../schema/analysis.schema.json' with { type: 'json' };

// ---------------------------------------------------------------------------------------------
// The contract
// ---------------------------------------------------------------------------------------------

export const SCHEMA = SCHEMA_JSON;
const ajv = new Ajv({ allErrors: false, strict: true });
export const validateAnalysis = ajv.compile<Analysis>(SCHEMA);

export interface CaseResult {
  ms: number;
  bytes: number;
  analysis: Analysis;
}

/** Runs one case and checks the contract; throws an Error that says what broke. */
export async function runCase(input: string | Uint8Array, name: string, boundMs = 1000): Promise<CaseResult> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input).length : input.length;
  const t = performance.now();
  let a: Analysis;
  try {
    a = await analyze(input);
  } catch (err) {
    throw new Error(`${name}: analyze() threw ${err instanceof Error ? err.stack : String(err)}`);
  }
  const ms = performance.now() - t;
  if (bytes < 1_000_000 && ms > boundMs) throw new Error(`${name}: ${bytes} bytes took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  if (!validateAnalysis(JSON.parse(JSON.stringify(a)))) {
    throw new Error(`${name}: output does not match schema/analysis.schema.json: ${ajv.errorsText(validateAnalysis.errors)}`);
  }
  // A classifier guard that fired is a bug in that classifier, even though the answer came back.
  const failed = a.defects.filter((d) => /-failed: /.test(d));
  if (failed.length) throw new Error(`${name}: ${failed.join('; ')}`);
  return { ms, bytes, analysis: a };
}

// ---------------------------------------------------------------------------------------------
// Header grammars
// ---------------------------------------------------------------------------------------------

/** Every separator and space a parser might loop over, including the ones that look like spaces. */
export const SEPARATORS = [
  ' ', '\t', '\u00a0', '\u2000', '\u3000', '\ufeff', ';', ',', '.', ':', '=', '-', '_', '/', '\\', '@', '<', '>', '(', ')', '[', ']',
  '"', "'", '+', '*', '?', '&', '#', '%', '|', '!', '0', 'a', 'é', '\u202e', '\u2028', '\u0007', '\r\n ', '=?', '?=', '&nbsp;', '&#32;',
];

/** Tokens each header's parser looks for: the words that make the patterns try hard. */
const TOKENS: Record<string, string[]> = {
  From: ['"', 'Alice', '<', '>', 'a@example.com', '=?utf-8?b?4oCu?=', '=?utf-8?q?A=E2=80=AE?=', ',', 'via', '@privaterelay.appleid.com', '@mozmail.com', '@duck.com', '@simplelogin.com', 'reply+', '_at_'],
  To: ['b@example.net', ',', '<', '>', 'undisclosed-recipients:;', '@relay.firefox.com', 'alias+x=y.z@anonaddy.me'],
  'Reply-To': ['r@example.org', '<', '>', 'ra+abc@simplelogin.co'],
  Subject: ['Re', 'RE', 'Aw', 'Fwd', ':', '：', '[', ']', '[12]', '回复', '#123', '[1G7EOR-0Q2J]', 'Ticket', '=?utf-8?b?', '?='],
  Date: ['Mon,', '1', 'Jan', '2024', '10:00:00', '+0000', 'GMT', '(UTC)', '2024-01-01T10:00:00Z'],
  'Message-ID': ['<', '>', 'id', '@', 'example.com', '.'],
  'In-Reply-To': ['<', '>', 'a@b', ' '],
  References: ['<', '>', 'a@b', 'c@d', ' '],
  Received: ['from', 'by', 'with', 'ESMTPS', 'ESMTP', 'LMTPS', 'SMTP', 'TLS1', 'TLSv1.3', 'TLS1_2', 'version=', 'cipher=', 'TLS_AES_256_GCM_SHA384', '(', ')', '[1.2.3.4]', 'using', 'with cipher', 'bits=256/256', 'verify=OK', 'id', 'for', '<a@b>', ';', 'Mon, 1 Jan 2024 10:00:00 +0000', '2024-01-01 10:00:00', 'X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256', 'Microsoft SMTP Server', 'TLS:', '256bits,', 'helo=', 'Authenticated sender:'],
  'Authentication-Results': ['mx.example.net', ';', 'spf=pass', 'dkim=pass', 'dmarc=fail', 'header.d=example.com', 'smtp.mailfrom=a@b', '(', ')', 'reason=', '"', 'arc=pass', 'i=1', 'none', '1'],
  'ARC-Authentication-Results': ['i=1', ';', 'mx.example.net', 'spf=pass'],
  'ARC-Seal': ['i=1;', 'a=rsa-sha256;', 'cv=none;', 'd=example.com;', 's=sel;', 'b=AAAA'],
  'ARC-Message-Signature': ['i=1;', 'a=rsa-sha256;', 'd=example.com;', 'h=from:to;', 'b=AAAA'],
  'DKIM-Signature': ['v=1;', 'a=rsa-sha256;', 'd=example.com;', 's=sel;', 'h=from:to;', 'bh=AAA=;', 'b=AAAA'],
  'Content-Type': ['multipart/mixed', 'text/plain', 'application/pkcs7-mime', ';', 'boundary=', '"', 'smime-type=enveloped-data', 'name=', 'protocol="application/pgp-encrypted"', 'charset=utf-8', "name*0*=utf-8''a%E2%80%AE", 'name*1=b'],
  'Content-Disposition': ['attachment', 'inline', ';', 'filename=', '"', "filename*=utf-8''%E2%80%AEgpj.exe", 'a.zip'],
  'Content-Transfer-Encoding': ['base64', 'quoted-printable', '7bit', 'x-uuencode'],
  Autocrypt: ['addr=a@b;', 'prefer-encrypt=mutual;', 'keydata=', 'mQENBF'],
  'X-ICLOUD-HME': ['p=a@privaterelay.appleid.com;', 'f=b@example.com;', ';', 'p=', 'f='],
  'List-Id': ['<', '>', 'list.example.com', '"List"'],
  'Delivered-To': ['b@example.net', 'alias@mozmail.com'],
  'X-Original-To': ['b@example.net'],
  'TLS-Required': ['No', 'no', ' '],
  'Thread-Index': ['AQHW', '=='],
  'Feedback-ID': ['F:1:anonaddy', 'R:2:anonaddy', ':'],
  'X-SimpleLogin-Type': ['Forward', 'Reply'],
  'X-MS-Exchange-Organization-SCL': ['-1'],
  'X-Mailgun-Sid': ['W1'],
};
export const HEADER_NAMES = Object.keys(TOKENS);

/** A run of one separator: most short, some long (up to `maxRun`), as the attacks use. */
const run = (maxRun: number) =>
  fc.tuple(fc.constantFrom(...SEPARATORS), fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: maxRun }) })).map(([s, n]) => s.repeat(Math.max(1, Math.floor(n / s.length))));

/** A header value: tokens of that header, separator runs and stray bytes, in any order. */
export const headerValue = (name: string, maxRun: number) =>
  fc
    .tuple(
      fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TOKENS[name]) }, { weight: 2, arbitrary: run(maxRun) }, { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) }), { maxLength: 24 }),
      fc.constantFrom(' ', ' ', '', '; '),
    )
    .map(([parts, glue]) => parts.join(glue));

/** Folds long values like a mailer would, sometimes (a fold is CRLF + a space). */
const fold = (v: string, fold: boolean) => (fold ? v.replace(/(.{60})/g, '$1\r\n ') : v);

const header = (maxRun: number) =>
  fc.constantFrom(...HEADER_NAMES).chain((name) => fc.tuple(fc.constant(name), headerValue(name, maxRun), fc.boolean()).map(([n, v, f]) => `${n}: ${fold(v.replace(/\r?\n(?![ \t])/g, ' '), f)}`));

// ---------------------------------------------------------------------------------------------
// Bodies and MIME trees
// ---------------------------------------------------------------------------------------------

const BODY_TOKENS = [
  '-----BEGIN PGP MESSAGE-----', '-----END PGP MESSAGE-----', '-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA256', '-----BEGIN PGP SIGNATURE-----',
  'BEGIN', '&nbsp;', '\u00a0', 'PGP', 'hQEMA', 'wcBMA', '=ABCD', '<p>', '</p>', '<br>', '<a href="https://', 'https://example.com/', 'https://secure.example.net/s/',
  'safelinks.protection.outlook.com/?url=', 'urldefense.com/v3/__', '__', '%E0%A4%A', '&amp;', '&#45;', '>', '> ', 'Secure Message', 'Click here to read', 'encrypted', 'Virtru', 'Zix',
  'password', 'Ticket #', '[1G7EOR-0Q2J]', '\u202e', 'Version: 1',
];
const bodyText = (maxRun: number) =>
  fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...BODY_TOKENS) }, { weight: 2, arbitrary: run(maxRun) }, { weight: 1, arbitrary: fc.constantFrom('\r\n', '\n', '\r\n\r\n') }), { maxLength: 40 }).map((p) => p.join(''));

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');

/** Byte prefixes the detectors sniff: CMS, OpenPGP packets, ZIP, PDF, CFB, 7z, RAR, zlib. */
const MAGIC = [
  [0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03],
  [0x30, 0x82, 0x01, 0x00, 0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x09],
  [0x85, 0x01, 0x0c, 0x03], [0xc1, 0x4c, 0x03], [0xa3, 0x01], [0xc8, 0x01],
  [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x01, 0x00], [0x25, 0x50, 0x44, 0x46, 0x2d], [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00], [0x78, 0x9c],
].map((m) => new Uint8Array(m));
const blob = fc.tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 400 })).map(([m, rest]) => {
  const out = new Uint8Array(m.length + rest.length);
  out.set(m);
  out.set(rest, m.length);
  return out;
});

const LEAF_TYPES = [
  'text/plain', 'text/html', 'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m', 'application/pkcs7-signature; name=smime.p7s',
  'application/x-pkcs7-mime; name=smime.p7z', 'application/pgp-encrypted', 'application/octet-stream; name=encrypted.asc', 'application/pgp-signature',
  'application/pgp-keys', 'application/zip; name=a.zip', 'application/pdf; name=a.pdf', 'application/msword; name=a.doc', 'application/x-7z-compressed; name=a.7z',
  'application/vnd.ms-office.rpmsg; name=message.rpmsg', 'application/octet-stream; name=smime.p7m',
];
const MULTI_TYPES = ['multipart/mixed', 'multipart/alternative', 'multipart/signed; protocol="application/pkcs7-signature"', 'multipart/signed; protocol="application/pgp-signature"', 'multipart/encrypted; protocol="application/pgp-encrypted"', 'multipart/digest', 'multipart/related', 'message/rfc822'];

let boundaryCounter = 0;
/** A MIME entity: headers + body, nested up to `depth`. */
export const entity = (depth: number, maxRun: number): fc.Arbitrary<string> =>
  fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(fc.constantFrom(...LEAF_TYPES), fc.oneof(bodyText(maxRun), blob.map(b64)), fc.boolean(), fc.option(headerValue('Content-Disposition', maxRun))).map(([ct, body, base64, disp]) => {
        const enc = base64 && !/^text\//.test(ct) ? 'Content-Transfer-Encoding: base64\r\n' : '';
        const text = enc ? (/^[A-Za-z0-9+/=\r\n]*$/.test(body) ? body : b64(new TextEncoder().encode(body))) : body;
        return `Content-Type: ${ct}\r\n${enc}${disp ? `Content-Disposition: ${disp.replace(/[\r\n]/g, ' ')}\r\n` : ''}\r\n${text}\r\n`;
      }),
      fc.tuple(fc.constantFrom(...MULTI_TYPES), fc.array(tie('node'), { maxLength: depth })).map(([ct, kids]) => {
        if (ct === 'message/rfc822') return `Content-Type: message/rfc822\r\n\r\nFrom: x@example.com\r\nSubject: inner\r\n${kids[0] ?? 'Content-Type: text/plain\r\n\r\nhi\r\n'}`;
        const b = `b${boundaryCounter++ % 1000}x`;
        return `Content-Type: ${ct}; boundary="${b}"\r\n\r\n${kids.map((k) => `--${b}\r\n${k}`).join('\r\n')}\r\n--${b}--\r\n`;
      }),
    ),
  })).node;

/** A whole message: a few fixed headers, generated headers with long runs, and a MIME tree. */
export const message = (o: { maxRun: number; depth: number; headers: number }) =>
  fc.tuple(fc.array(header(o.maxRun), { maxLength: o.headers }), entity(o.depth, o.maxRun)).map(
    ([hs, body]) => `From: a@example.com\r\nTo: b@example.net\r\nSubject: x\r\nMIME-Version: 1.0\r\n${hs.join('\r\n')}${hs.length ? '\r\n' : ''}${body}`,
  );

// ---------------------------------------------------------------------------------------------
// Mutations of real messages
// ---------------------------------------------------------------------------------------------

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const fromLatin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

export { rng, type Rng } from './rng';
import type { Rng } from './rng';

/** A mutation: a seed-driven edit of one message's bytes (names printed with the slowest cases). */
export const MUTATIONS: [string, (b: Uint8Array, r: Rng) => Uint8Array][] = [
  ['flip bytes', (b, r) => {
    const c = new Uint8Array(b);
    for (let k = 0; k < 1 + r.nextInt(0, 20); k++) if (c.length) c[r.nextInt(0, c.length - 1)] = r.nextInt(0, 255);
    return c;
  }],
  ['truncate', (b, r) => b.subarray(0, r.nextInt(0, b.length))],
  ['long separator run in a header', (b, r) => {
    const s = latin1(b);
    const lines = s.split('\n');
    const heads = lines.findIndex((l) => l.trim() === '');
    const i = r.nextInt(0, Math.max(0, (heads > 0 ? heads : lines.length) - 1));
    const sep = Buffer.from(SEPARATORS[r.nextInt(0, SEPARATORS.length - 1)], 'utf8').toString('latin1');
    const at = r.nextInt(0, lines[i].length);
    lines[i] = lines[i].slice(0, at) + sep.repeat(Math.ceil(r.nextInt(100, 20_000) / sep.length)) + 'x' + lines[i].slice(at);
    return fromLatin1(lines.join('\n'));
  }],
  ['long run in the body', (b, r) => {
    const s = latin1(b);
    const at = r.nextInt(Math.min(s.length, s.indexOf('\n\n') + 2 || 0), s.length);
    const sep = Buffer.from(SEPARATORS[r.nextInt(0, SEPARATORS.length - 1)], 'utf8').toString('latin1');
    return fromLatin1(s.slice(0, at) + sep.repeat(r.nextInt(100, 20_000)) + 'b' + s.slice(at));
  }],
  ['duplicate or drop a boundary line', (b, r) => {
    const lines = latin1(b).split('\n');
    const at = lines.map((l, i) => (l.startsWith('--') ? i : -1)).filter((i) => i >= 0);
    if (!at.length) return b;
    const i = at[r.nextInt(0, at.length - 1)];
    if (r.nextBoolean()) lines.splice(i, 1);
    else lines.splice(i, 0, lines[i], lines[i]);
    return fromLatin1(lines.join('\n'));
  }],
  ['repeat a header 200 times', (b, r) => {
    const lines = latin1(b).split('\n');
    const heads = Math.max(1, lines.findIndex((l) => l.trim() === ''));
    const i = r.nextInt(0, heads - 1);
    lines.splice(i, 0, ...Array(200).fill(lines[i]));
    return fromLatin1(lines.join('\n'));
  }],
  ['hostile characters in a header', (b, r) => {
    const s = latin1(b);
    const evil = Buffer.from(['\u202e', '\u2028', '\u0007', '\u001b[31m', '\u0000', '=?utf-8?b?4oCu4oCo?='][r.nextInt(0, 5)], 'utf8').toString('latin1');
    const nl = s.indexOf('\n');
    return fromLatin1(nl > 0 ? s.slice(0, nl).replace(/:/, `: ${evil}`) + s.slice(nl) : evil + s);
  }],
  ['CR-only line ends', (b) => fromLatin1(latin1(b).replace(/\r?\n/g, '\r'))],
];
