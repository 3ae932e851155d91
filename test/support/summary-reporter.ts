/**
 * Ends every run with the line CI reads: "N passed, N failed" (skipped tests counted apart). On a
 * bare clone it says first, in one line, how many corpus tests were skipped and why.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { HAVE_CORPORA } from './paths';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let corpus = 0;
    for (const mod of modules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          if (test.tags.includes('corpora')) corpus++;
        }
      }
      // A file that failed to load has no tests but is a failure.
      if (mod.state() === 'failed' && ![...mod.children.allTests()].some((t) => t.result().state === 'failed')) failed++;
    }
    failed += errors.length;
    if (!HAVE_CORPORA && corpus) process.stdout.write(`\n../shared/corpora not found: ${corpus} corpus test${corpus === 1 ? '' : 's'} skipped\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
