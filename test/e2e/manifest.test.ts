// The built manifests (issue 11): no page can detect Veil by fetching one of its files. Nothing is
// web-accessible, and the declared content script is one self-contained file that imports nothing,
// so it needs no web-accessible chunks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, DIST_FIREFOX, ensureBuilt } from '../support/extension';

interface Manifest {
  web_accessible_resources?: { resources: string[]; matches?: string[]; use_dynamic_url?: boolean }[];
  content_scripts?: { js?: string[] }[];
}

describe.each([
  ['chromium', DIST],
  ['firefox', DIST_FIREFOX],
] as const)('the %s build', (target, dist) => {
  it('exposes no web-accessible resource a page could probe, and its content script imports nothing', () => {
    ensureBuilt(target);
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    const scripts = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []);
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      expect(existsSync(join(dist, file)), file).toBe(true);
      const code = readFileSync(join(dist, file), 'utf8');
      expect(code, file).not.toMatch(/\bimport\s*\(|^\s*import\s|chrome\.runtime\.getURL/m);
    }
  });
});
