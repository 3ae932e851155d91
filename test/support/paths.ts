import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** The project root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared beside the project: the corpora and domain notes (read-only). */
export const SHARED = resolve(ROOT, '../shared');
export const CORPORA = join(SHARED, 'corpora');
export const FIXTURES = join(ROOT, 'test/fixtures');
