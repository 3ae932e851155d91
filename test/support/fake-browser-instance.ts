/** One fake browser shared by a test file and its `vi.mock('webextension-polyfill')` factory. */
import { createFakeBrowser, installLocks } from './fake-browser';

installLocks();
export const fake = createFakeBrowser();
