/**
 * Real S/MIME made with the openssl CLI at test time: a throwaway CA, user certificates (RSA or EC,
 * random serials, SAN e-mail, subject key id), and `openssl cms` / `openssl smime` runs.
 * Everything lives in a temp dir; keys are new every run, so tests must read ids back from the tools.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ClassifyContext } from '../../src/core/classify/context';
import type { AnalyzeOptions } from '../../src/core/types';
import { parseMessage } from '../../src/core/parse/mime';
import { getHeader } from '../../src/core/parse/headers';
import { parseAddressList } from '../../src/core/parse/postal';

export interface Pki {
  dir: string;
  /** Runs openssl with these args in the temp dir; returns stdout as bytes. */
  run(args: string[], input?: string | Uint8Array): Buffer;
  path(name: string): string;
  read(name: string): Buffer;
  write(name: string, data: string | Uint8Array): string;
  cleanup(): void;
}

export function tempPki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'veil-smime-'));
  const path = (name: string) => join(dir, name);
  return {
    dir,
    path,
    run(args, input) {
      return execFileSync('openssl', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    },
    read: (name) => readFileSync(path(name)),
    write(name, data) {
      writeFileSync(path(name), data);
      return path(name);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Identity {
  /** File names in the temp dir. */
  key: string;
  cert: string;
  email?: string;
  /** As openssl prints them: DNs with -nameopt RFC2253, serial and SKI lower-cased hex. */
  subject: string;
  issuer: string;
  serial: string;
  subjectKeyId: string;
}

const rand = (n = 4) => randomBytes(n).toString('hex');

/** A random serial of 8..16 bytes, sometimes with the top bit set (DER then adds a leading 00). */
function randomSerial(): string {
  const b = randomBytes(8 + (randomBytes(1)[0] % 9));
  if (b[0] === 0) b[0] = 1;
  return '0x' + b.toString('hex');
}

export type KeyType = 'rsa' | 'ec' | 'ec384' | 'ec521';

function keyArgs(type: KeyType): string[] {
  if (type === 'rsa') return ['-newkey', 'rsa:2048'];
  const curve = { ec: 'P-256', ec384: 'P-384', ec521: 'P-521' }[type];
  return ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`];
}

/** Reads the identifiers of a certificate file back from openssl itself. */
export function describeCert(pki: Pki, cert: string): Omit<Identity, 'key' | 'cert' | 'email'> {
  const line = (args: string[]) => pki.run(['x509', '-in', cert, '-noout', ...args]).toString().trim();
  const subject = line(['-subject', '-nameopt', 'RFC2253']).replace(/^subject=/, '');
  const issuer = line(['-issuer', '-nameopt', 'RFC2253']).replace(/^issuer=/, '');
  const serial = line(['-serial'])
    .replace(/^serial=/, '')
    .toLowerCase()
    .replace(/^(00)+(?=..)/, '');
  const skiText = line(['-ext', 'subjectKeyIdentifier']);
  const m = skiText.match(/([0-9A-F]{2}(?::[0-9A-F]{2})+)/i);
  return { subject, issuer, serial, subjectKeyId: m ? m[1].replace(/:/g, '').toLowerCase() : '' };
}

export function makeCa(pki: Pki, label = 'CA'): Identity {
  const key = `ca-${rand()}.key`;
  const cert = `ca-${rand()}.pem`;
  pki.run([
    'req', '-x509', '-nodes', ...keyArgs('rsa'), '-keyout', key, '-out', cert, '-days', '30',
    '-set_serial', randomSerial(),
    '-subj', `/C=US/O=Veil Test ${rand()}, Inc./OU=${label}/CN=Veil Test ${label} ${rand()}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { key, cert, ...describeCert(pki, cert) };
}

export interface UserOptions {
  type?: KeyType;
  email?: string;
  cn?: string;
  /** Put the e-mail in the subject DN (emailAddress) instead of the SAN. */
  emailInDn?: boolean;
}

export function makeUser(pki: Pki, ca: Identity, opts: UserOptions = {}): Identity {
  const id = rand();
  const key = `user-${id}.key`;
  const csr = `user-${id}.csr`;
  const cert = `user-${id}.pem`;
  const email = opts.email ?? `user.${id}@example.com`;
  const cn = opts.cn ?? `Test User ${id}`;
  const subj = `/O=Example ${id}/CN=${cn}${opts.emailInDn ? `/emailAddress=${email}` : ''}`;
  pki.run(['req', '-new', '-nodes', ...keyArgs(opts.type ?? 'rsa'), '-keyout', key, '-out', csr, '-subj', subj]);
  const ext = pki.write(
    `user-${id}.ext`,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment,keyAgreement',
      'extendedKeyUsage=emailProtection',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      opts.emailInDn ? '' : `subjectAltName=email:${email}`,
    ].join('\n'),
  );
  pki.run([
    'x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', randomSerial(),
    '-days', '30', '-extfile', ext, '-out', cert,
  ]);
  return { key, cert, email, ...describeCert(pki, cert) };
}

/** Wraps an S/MIME entity produced by openssl (headers + body) into a message with the given headers. */
export function message(headers: Record<string, string>, entity: string | Buffer): string {
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  const body = entity.toString().replace(/\r?\n/g, '\r\n');
  return head ? `${head}\r\n${body}` : body;
}

/** The same ClassifyContext analyze() builds, for calling one classifier alone. */
export function contextOf(raw: string | Uint8Array, options: AnalyzeOptions = {}): ClassifyContext {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  const msg = parseMessage(bytes);
  const addresses = (name: string) => parseAddressList(getHeader(msg.headers, name)?.raw ?? '');
  return { msg, options, from: addresses('from'), to: addresses('to'), cc: addresses('cc'), replyTo: addresses('reply-to') };
}
