/** vitest globalSetup of the e2e project: make sure dist/ exists and is fresh (no-op under `npm test`). */
import { ensureBuilt } from './extension';

export default function setup(): void {
  ensureBuilt();
}
