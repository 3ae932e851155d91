#!/usr/bin/env node
// The CLI entry point (built to dist-cli/veil.mjs). Kept apart from main.ts so tests can import main().
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`veil: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
