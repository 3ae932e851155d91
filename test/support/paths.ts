import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** The project root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared beside the project: the corpora and domain notes (read-only). Absent on a bare clone. */
export const SHARED = resolve(ROOT, '../shared');
export const CORPORA = join(SHARED, 'corpora');
/**
 * Whether ../shared/corpora is there. Tests that read it carry the `corpora` tag (vite.config.ts),
 * which skips them when it is not; the summary line then says how many were skipped.
 */
export const HAVE_CORPORA = existsSync(join(CORPORA, 'LABELS.tsv'));
export const FIXTURES = join(ROOT, 'test/fixtures');
/**
 * The project's own copies of a few corpus files (same relative paths as in ../shared/corpora, each
 * folder with its SOURCE.txt lines; permissive licences only): tests that need one particular real
 * message read it here, so they run on a bare clone too.
 */
export const FIXTURE_CORPORA = join(FIXTURES, 'corpora');
