// `npm run lint:regex` (and a vitest test, so `npm test` runs it): every regular expression in src/
// must run in linear time, because nearly every one of them reads attacker-written mail.
//
// Why this route: eslint-plugin-regexp's analysis (scslre / refa) finds the patterns that backtrack
// super-linearly (`no-super-linear-backtracking`: exponential and polynomial; `no-dupe-disjunctions`:
// overlapping alternatives under a quantifier, e.g. `(?:\s|\u00a0)+`) and the ones whose quantifier
// moves across the input on a failed match (`no-super-linear-move`: `/\s+$/` on a long run of blanks).
// ESLint needs an ESTree parser for TypeScript; typescript-eslint needs TypeScript 6's compiler API and
// this project uses TypeScript 7, so the types are stripped first with vite's own oxc transform
// (already a dependency) and the plain JavaScript is linted in memory. Regex literals and constant
// `new RegExp(\`...${CONST}...\`)` templates survive the stripping unchanged.
//
// A `new RegExp(x)` whose pattern cannot be computed from constants is a finding too: it cannot be
// checked, so it must be rewritten (string functions, a static pattern), or carry a comment
// `// regex-checked: <why it is linear>` on the line above.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import regexp from 'eslint-plugin-regexp';
import { getStaticValue } from '@eslint-community/eslint-utils';
import { transformWithOxc } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Our own rule: a RegExp built from values the linter cannot see is unchecked, so it must say why it is safe. */
const dynamicRegExp = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const check = (node) => {
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'RegExp' || node.arguments.length === 0) return;
      const arg = node.arguments[0];
      if (arg.type === 'Literal' && arg.regex) return;
      if (getStaticValue(arg, context.sourceCode.getScope(node)) !== null) return;
      // The reason may stand above the expression or above any statement around it, up to the top level.
      const comments = [];
      for (let n = node; n && n.type !== 'Program'; n = n.parent) comments.push(...context.sourceCode.getCommentsBefore(n));
      if (comments.some((c) => /regex-checked:\s*\S/.test(c.value))) return;
      context.report({ node, message: 'RegExp built from a value that is not a constant: it cannot be checked for linear time (rewrite it, or say why it is linear in a `// regex-checked:` comment above it)' });
    };
    return { NewExpression: check, CallExpression: check };
  },
};

export const RULES = {
  'regexp/no-super-linear-backtracking': ['error', { report: 'certain' }],
  'regexp/no-super-linear-move': ['error', { report: 'certain', ignorePartial: false, ignoreSticky: false }],
  'regexp/no-dupe-disjunctions': ['error', { report: 'interesting', reportExponentialBacktracking: 'potential', reportUnreachable: 'potential' }],
  'veil/dynamic-regexp': 'error',
};

/** Every .ts/.tsx file under src/ (declaration files have no code). */
export function sourceFiles(dir = join(ROOT, 'src')) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f))
    .sort();
}

/**
 * Lints TypeScript source text; returns the findings with the original line of each pattern.
 * `file` only names the language (.ts / .tsx) and the report.
 */
export async function checkSource(code, file) {
  const js = await transformWithOxc(code, file, {
    lang: file.endsWith('.tsx') ? 'tsx' : 'ts',
    jsx: { runtime: 'automatic', importSource: 'preact' },
    sourcemap: false,
  });
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(js.code, [
    {
      plugins: { regexp, veil: { rules: { 'dynamic-regexp': dynamicRegExp } } },
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      rules: RULES,
    },
  ]);
  const jsLines = js.code.split('\n');
  const srcLines = code.split('\n');
  return messages.map((m) => {
    const text = m.line ? jsLines[m.line - 1].slice(m.column - 1, m.endLine === m.line ? m.endColumn - 1 : undefined) : '';
    // The stripped code is re-printed: find the pattern's line in the original by its text.
    const at = text ? srcLines.findIndex((l) => l.includes(text.slice(0, 40))) : -1;
    return { file, line: at >= 0 ? at + 1 : m.line, rule: m.ruleId ?? 'parse', message: m.message, pattern: text };
  });
}

export async function checkFiles(files = sourceFiles()) {
  const findings = [];
  for (const f of files) findings.push(...(await checkSource(readFileSync(f, 'utf8'), f)));
  return findings;
}

export function formatFinding(f) {
  return `${relative(ROOT, f.file)}:${f.line}  ${f.rule}\n    ${f.message}\n    ${f.pattern.slice(0, 200)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const files = sourceFiles();
  const findings = await checkFiles(files);
  for (const f of findings) console.log(formatFinding(f));
  console.log(`${files.length} files checked in ${Date.now() - started} ms: ${findings.length} super-linear or unchecked pattern${findings.length === 1 ? '' : 's'}`);
  process.exit(findings.length ? 1 : 0);
}
