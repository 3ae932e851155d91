// The command line is read by node:util parseArgs, strictly: anything it does not know, a value on a
// flag, a missing value → one line saying what is wrong, the usage line, exit 2. --help, --version,
// and every line of the CLI's own in the --lang language.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/main';
import { ROOT } from '../support/paths';
import { runCli } from '../support/run-cli';

const SAMPLE = join(ROOT, 'samples/plain-with-tls.eml');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('usage errors: exit 2, what is wrong, and the usage line', () => {
  it.each([
    [['--json=false', SAMPLE], 'veil: --json takes no value: write --json alone'],
    [['--note=yes', SAMPLE], 'veil: --note takes no value: write --note alone'],
    [['--lang'], 'veil: --lang needs a value'],
    [['--lang', '--json', SAMPLE], 'veil: --lang needs a value'],
    [['--lang=', SAMPLE], 'veil: --lang needs a value'],
    [['--written-to', SAMPLE], 'veil: no PATH given'], // the path became the address: nothing left to read
    [[SAMPLE, '--replies-from'], 'veil: --replies-from needs a value'],
    [['--bogus', SAMPLE], 'veil: unknown option --bogus'],
    [['-x', SAMPLE], 'veil: unknown option -x'],
    [['--no-json', SAMPLE], 'veil: unknown option --no-json'],
    [['--JSON', SAMPLE], 'veil: unknown option --JSON'],
    [['--lang', 'fr', SAMPLE], 'veil: --lang must be en or es, not “fr”'],
    [[], 'veil: no PATH given'],
  ])('%j', async (args, line) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`${line}\nusage: veil [options] PATH... (see “veil --help”)\n`);
  });

  it('in Spanish when --lang es comes anywhere on the line', async () => {
    const r = await runCli(['--bogus', '--lang', 'es', SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('veil: opción desconocida --bogus\nuso: veil [opciones] RUTA... (vea «veil --help»)\n');
    expect((await runCli(['--lang=es', '--json=false', SAMPLE])).err).toMatch(/^veil: --json no lleva valor: escriba --json sola\n/);
    expect((await runCli(['--lang', 'es'])).err).toMatch(/^veil: falta la RUTA\n/);
  });

  it('"--" ends the options: what follows is a path, even "--json"', async () => {
    const r = await runCli(['--json', '--', '--json']);
    expect(r.code).toBe(1);
    expect(r.json()[0]).toMatchObject({ file: '--json', ok: false, error: 'no such file or directory' });
  });
});

describe('options', () => {
  it('flags, repeated options and values with "=" or after a space', () => {
    const c = parseCommandLine(['--json', '--note', '--written-to', 'a@desk.example', '--written-to=b@desk.example', '--replies-from=r@desk.example', '--authserv-id', 'MX.Desk.Example', '--lang=es', 'x.eml', 'y']);
    expect(c).toEqual({
      kind: 'run',
      args: { json: true, lang: 'es', note: true, reply: false, writtenTo: ['a@desk.example', 'b@desk.example'], repliesFrom: 'r@desk.example', authservIds: ['mx.desk.example'], paths: ['x.eml', 'y'] },
    });
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`veil ${pkg.version}\n`);
  });

  it.each(['en', 'es'] as const)('--help (%s) lists every option, wrapped, and exits 0', async (lang) => {
    const r = await runCli(['--lang', lang, '--help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    for (const o of ['--json', '--lang en|es', '--note', '--reply', '--written-to', '--replies-from', '--authserv-id', '-h, --help', '--version']) expect(r.out).toContain(o);
    for (const line of r.out.split('\n')) expect(line.length).toBeLessThanOrEqual(92);
    expect(r.out).toMatch(lang === 'en' ? /^usage: veil \[options\] PATH\.\.\.\n/ : /^uso: veil \[opciones\] RUTA\.\.\.\n/);
    expect(r.out.replace(/\s+/g, ' ')).toContain(lang === 'en' ? 'searched by content, not by name' : 'se busca por contenido, no por nombre');
    expect((await runCli(['-h'])).code).toBe(0);
  });
});
