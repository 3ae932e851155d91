/**
 * Issue 15 through the CLI: the same generated notices, read without and with --authserv-id, give
 * the `warnings` codes of the JSON contract, and the text output starts what-to-do with the check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';
import { NOTICE_SHAPES, RECEIVER, notice, type AuthOutcome } from '../support/portal-notices';

let dir: string;
const OUTCOMES: AuthOutcome[] = ['pass', 'fail', 'none'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'veil-sender-check-'));
  for (const shape of NOTICE_SHAPES) for (const auth of OUTCOMES) writeFileSync(join(dir, `${shape.provider}-${auth}.eml`), notice(shape, auth));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const byFile = (rows: { file: string; warnings: string[] }[]) => Object.fromEntries(rows.map((r) => [r.file.split('/').pop()!.replace(/\.eml$/, ''), r.warnings]));

describe('veil --json, with and without --authserv-id', () => {
  it('reports unverified-sender and sender-unchecked as the receiving system says', async () => {
    const own = byFile((await runCli(['--json', dir])).json());
    const named = byFile((await runCli(['--json', '--authserv-id', RECEIVER, dir])).json());
    const other = byFile((await runCli(['--json', '--authserv-id', 'mx.other.example', dir])).json());
    for (const shape of NOTICE_SHAPES) {
      for (const run of [own, named]) {
        expect(run[`${shape.provider}-pass`], shape.provider).toEqual([]);
        expect(run[`${shape.provider}-fail`], shape.provider).toEqual(['unverified-sender']);
        expect(run[`${shape.provider}-none`], shape.provider).toEqual(['sender-unchecked']);
      }
      // Results stamped by a system the agent did not name are set aside: nothing is confirmed or failed.
      for (const auth of OUTCOMES) expect(other[`${shape.provider}-${auth}`], shape.provider).toEqual(['sender-unchecked']);
    }
  });

  it('prints the check first under what-to-do, in the language asked', async () => {
    const file = join(dir, 'proofpoint-fail.eml');
    const en = (await runCli(['--note', '--reply', file])).out;
    expect(en).toMatch(/What you can do\n {4}• Warning: this notice failed the sender checks/);
    expect(en).toMatch(/Recommended action:\n {4}- Warning: this notice failed the sender checks/);
    const es = (await runCli(['--lang', 'es', '--authserv-id', RECEIVER, file])).out;
    expect(es).toMatch(/Qué puede hacer\n {4}• Atención: este aviso no superó las comprobaciones del remitente/);
  });
});
