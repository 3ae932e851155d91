// The built CLI piped into `head`: when head exits, the CLI stops quietly (no EPIPE stack trace),
// and a FIFO given as a path is refused at once instead of blocking the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/paths';

let dir: string;
let cli: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veil-epipe-'));
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'error',
    build: { ssr: join(ROOT, 'src/cli/veil.ts'), outDir: join(dir, 'cli'), target: 'node20', copyPublicDir: false, rollupOptions: { output: { entryFileNames: 'veil.mjs' } } },
    ssr: { noExternal: true },
  });
  cli = join(dir, 'cli/veil.mjs');
  mkdirSync(join(dir, 'mail'));
  for (let i = 0; i < 400; i++) writeFileSync(join(dir, `mail/m${String(i).padStart(3, '0')}.eml`), `From: a@example.com\nTo: b@example.net\nSubject: s${i}\n\nhello\n`);
  execFileSync('mkfifo', [join(dir, 'pipe.eml')]);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sh = (script: string) => spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, CLI: cli, DIR: dir } });

describe('veil | head', () => {
  for (const mode of ['--json', '--lang=en']) {
    it(`exits quietly when the reader closes the pipe (${mode})`, () => {
      const r = sh(`node "$CLI" ${mode} "$DIR/mail" | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`);
      expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
      expect(r.stderr).toMatch(/status=0/);
    }, 30_000);
  }

  it('a FIFO path is refused, not waited on', () => {
    const r = sh(`node "$CLI" --json "$DIR/pipe.eml"; echo "status=$?" >&2`);
    expect(r.error).toBeUndefined(); // no timeout
    expect(JSON.parse(r.stdout).error).toMatch(/not a regular file/);
    expect(r.stderr).toMatch(/status=1/);
  }, 30_000);
});
