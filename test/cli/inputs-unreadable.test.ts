// A directory that cannot be read gives one clear line and the walk goes on. The tests run as root,
// which reads any directory whatever its mode, so readdir is made to fail for one folder by name;
// when not root, a real chmod 000 folder is checked too.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chmodSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readdirSync = ((path: string, opts: unknown) => {
    if (String(path).endsWith('locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
    return (fs.readdirSync as (p: string, o: unknown) => unknown)(path, opts);
  }) as typeof fs.readdirSync;
  return { ...fs, default: { ...fs, readdirSync }, readdirSync };
});

const { expandInputs } = await import('../../src/cli/inputs');

let dir: string;
const MSG = 'From: a@example.com\nTo: b@example.net\nSubject: s\n\nhi\n';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'veil-locked-'));
  mkdirSync(join(dir, 'a-locked'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'a-locked/x.eml'), MSG);
  writeFileSync(join(dir, 'b/y.eml'), MSG);
  mkdirSync(join(dir, 'c-mode000'));
  writeFileSync(join(dir, 'c-mode000/z.eml'), MSG);
  chmodSync(join(dir, 'c-mode000'), 0);
});
afterAll(() => {
  chmodSync(join(dir, 'c-mode000'), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('unreadable directories in a tree', () => {
  it('one clear line for the folder, then the rest of the tree', () => {
    const items = [...expandInputs([dir])].map((i) => ({ file: i.file.slice(dir.length + 1), error: i.error }));
    const root = process.getuid?.() === 0;
    expect(items).toEqual([
      { file: 'a-locked', error: 'permission denied: the directory cannot be read' },
      { file: 'b/y.eml', error: undefined },
      root ? { file: 'c-mode000/z.eml', error: undefined } : { file: 'c-mode000', error: 'permission denied: the directory cannot be read' },
    ]);
  });
});
