// The ReDoS check as a class (issue 11): every regular expression in src/ is linted for super-linear
// backtracking and moving (scripts/check-regex.mjs, also `npm run lint:regex`); a pattern built at
// run time is either computed from constants (and linted) or says why it is linear, and the data
// tables that build patterns have each built instance linted here.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { checkFiles, checkSource, formatFinding } from '../../../scripts/check-regex.mjs';
import { VENDORS } from '../../../src/core/classify/portal-vendors';
import { RELAY_SERVICES } from '../../../src/core/classify/relay-services';

type Finding = { file: string; line: number; rule: string; message: string; pattern: string };

describe('ReDoS check', () => {
  it('no pattern in src/ backtracks or moves super-linearly, and none is built unchecked', async () => {
    const findings: Finding[] = await checkFiles();
    expect(findings.map(formatFinding).join('\n')).toBe('');
  }, 180_000);

  it('catches the classes it is there for', async () => {
    const bad = [
      ['overlapping alternatives under a quantifier (exponential)', 'export const a = /BEGIN(?:\\s|\\u00a0)+PGP/;'],
      ['two adjacent optional runs of the same class (quadratic)', 'export const b = /^re\\s*(\\[\\d+\\])?\\s*:/i;'],
      ['a run anchored only at the end (quadratic move)', 'export const c = (s: string) => s.replace(/\\.+$/, "");'],
      ['a pattern built from a parameter', 'export const d = (x: string) => new RegExp(`^${x}$`);'],
    ];
    for (const [what, code] of bad) {
      const found: Finding[] = await checkSource(code, 'sample.ts');
      expect(found.length, what).toBeGreaterThan(0);
    }
    const good = 'export const e = /^re\\s*(?:(\\[\\d+\\])\\s*)?:/i; const T = "a+"; export const f = new RegExp(`^${T}b`);';
    expect(await checkSource(good, 'sample.ts')).toEqual([]);
  }, 60_000);

  it('every pattern the vendor and relay tables build at load time is linear', async () => {
    const built: RegExp[] = [
      ...VENDORS.flatMap((v) => [...(v.weak?.hosts ?? [])]),
      ...RELAY_SERVICES.flatMap((s) => (s.addresses ?? []).map((a) => a.re)),
    ];
    expect(built.length).toBeGreaterThan(10);
    const code = built.map((re, i) => `export const r${i} = ${re.toString()};`).join('\n');
    const findings: Finding[] = await checkSource(code, 'built-patterns.ts');
    expect(findings.map((f) => `${f.rule}: ${f.pattern}`)).toEqual([]);
  }, 60_000);
});
