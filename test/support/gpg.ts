/**
 * Real GnuPG for tests: a throw-away GNUPGHOME, keys generated at test time with random user ids,
 * and the ids read back from `gpg --list-keys --with-colons` (never typed into a test).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface GpgKey {
  uid: string;
  email: string;
  /** Primary key fingerprint and key id (lowercase hex). */
  fpr: string;
  keyId: string;
  /** The encryption subkey: what a PKESK names. */
  encKeyId: string;
  encFpr: string;
}

export interface GpgHome {
  home: string;
  /** Runs gpg with this home; returns stdout bytes. */
  run(args: string[], input?: Uint8Array | string): Buffer;
  genKey(opts?: { algo?: string; name?: string }): GpgKey;
  /** Writes a file in the home and returns its path. */
  file(name: string, data: Uint8Array | string): string;
  cleanup(): void;
}

const BASE = ['--batch', '--yes', '--no-tty', '--quiet', '--no-auto-key-locate', '--trust-model', 'always', '--pinentry-mode', 'loopback', '--passphrase', ''];

export function randomName(): { name: string; email: string } {
  const tag = randomBytes(5).toString('hex');
  return { name: `Tester ${tag}`, email: `t${tag}@example.${randomBytes(2).toString('hex')}.test` };
}

export function makeGpgHome(): GpgHome {
  const home = mkdtempSync(join(tmpdir(), 'veil-gpg-'));
  const env = { ...process.env, GNUPGHOME: home, LC_ALL: 'C' };
  const run = (args: string[], input?: Uint8Array | string): Buffer =>
    execFileSync('gpg', [...BASE, ...args], { env, input, maxBuffer: 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
  return {
    home,
    run,
    genKey(opts = {}) {
      const { name, email } = randomName();
      const uid = `${opts.name ?? name} <${email}>`;
      if (!opts.algo) {
        // future-default = ed25519 primary (sign/certify) + cv25519 encryption subkey: fast to generate.
        run(['--quick-gen-key', uid, 'future-default', 'default', 'never']);
        return readKey(run, email, uid);
      }
      // Any other algorithm: a signing primary, then an encryption subkey of the same algorithm.
      run(['--quick-gen-key', uid, opts.algo, 'sign', 'never']);
      const fpr = /^fpr:+([0-9A-F]+):/m.exec(run(['--list-keys', '--with-colons', email]).toString())?.[1] ?? '';
      const sub = opts.algo.startsWith('ed25519') ? 'cv25519' : opts.algo;
      run(['--quick-add-key', fpr, sub, 'encr', 'never']);
      return readKey(run, email, uid);
    },
    file(name, data) {
      const p = join(home, name);
      writeFileSync(p, data);
      return p;
    },
    cleanup() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

function readKey(run: GpgHome['run'], email: string, uid: string): GpgKey {
  const lines = run(['--list-keys', '--with-colons', email]).toString('utf8').split('\n');
  let fpr = '';
  let keyId = '';
  let encKeyId = '';
  let encFpr = '';
  let current: 'pub' | 'sub-enc' | 'other' = 'other';
  for (const l of lines) {
    const f = l.split(':');
    if (f[0] === 'pub') {
      keyId = f[4].toLowerCase();
      current = 'pub';
      if (/e/.test(f[11] ?? '') && !encKeyId) {
        encKeyId = keyId;
        current = 'pub';
      }
    } else if (f[0] === 'sub') {
      current = /e/.test(f[11] ?? '') && !encFpr ? 'sub-enc' : 'other';
      if (current === 'sub-enc') encKeyId = f[4].toLowerCase();
    } else if (f[0] === 'fpr') {
      if (current === 'pub' && !fpr) {
        fpr = f[9].toLowerCase();
        if (encKeyId === keyId && !encFpr) encFpr = fpr;
      } else if (current === 'sub-enc') encFpr = f[9].toLowerCase();
      current = 'other';
    }
  }
  if (!fpr || !encKeyId) throw new Error(`could not read key for ${email}`);
  return { uid, email, fpr, keyId, encKeyId, encFpr };
}

/** A MIME message from header lines and a body, CRLF line ends. */
export function mail(headers: string[], body: string): Uint8Array {
  return new TextEncoder().encode([...headers, '', body].join('\r\n').replace(/\r?\n/g, '\r\n'));
}

/** Base64 wrapped at 76 columns (RFC 2045 §6.8). */
export function b64lines(data: Uint8Array | string): string {
  const s = Buffer.from(data).toString('base64');
  return s.replace(/.{1,76}/g, '$&\r\n').trimEnd();
}
