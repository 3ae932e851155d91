/**
 * One config, three builds:
 *   vite build                 → dist/          Chromium MV3 (background.service_worker)
 *   vite build --mode firefox  → dist-firefox/  Firefox MV3 (background.scripts + gecko id)
 *   vite build --mode cli      → dist-cli/veil.mjs, the Node CLI over the same pure core
 * and the vitest projects (vitest reads the `test` block; crx() is kept out of test runs).
 */
import { defineConfig } from 'vitest/config';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { PluginOption } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import baseManifest from './manifest.json' with { type: 'json' };

const GECKO_ID = 'veil@veil-extension.org';

/** Firefox wants background.scripts (no service_worker yet) and a gecko id. */
function firefoxManifest(): ManifestV3Export {
  const { background, ...rest } = baseManifest;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      // Veil collects nothing: no telemetry, no network (Firefox's built-in data consent).
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
    },
  } as unknown as ManifestV3Export;
}

/**
 * crxjs lists every `?script` file in web_accessible_resources for all http(s) pages. Files injected
 * with scripting.executeScript({files}) do not need that, and listing them lets any web page probe
 * for Veil (chrome-extension://<id>/src/content/on-demand.js): drop those entries from the manifest.
 */
function dropInjectedFromWebAccessible(files: string[]): PluginOption {
  type War = { resources: string[] };
  return {
    name: 'veil:drop-injected-war',
    enforce: 'post',
    // crxjs calls this hook on every plugin, after its own, with the manifest it is about to write.
    renderCrxManifest(manifest: { web_accessible_resources?: War[] }) {
      const war = (manifest.web_accessible_resources ?? [])
        .map((entry) => ({ ...entry, resources: entry.resources.filter((r) => !files.includes(r)) }))
        .filter((entry) => entry.resources.length > 0);
      if (war.length) manifest.web_accessible_resources = war;
      else delete manifest.web_accessible_resources;
      return manifest;
    },
  } as PluginOption;
}

/**
 * In vitest there is no crx(): a `?script` import (the on-demand content script's built file name)
 * resolves to a fixed name instead of importing — and running — the content script in jsdom.
 */
function stubScriptImports(): PluginOption {
  return {
    name: 'veil:stub-script-imports',
    enforce: 'pre',
    resolveId(id) {
      const m = /^(.*?)\?script(&\w+)?$/.exec(id);
      return m ? `\0veil-script:${m[1].replace(/^.*\//, '').replace(/\.ts$/, '.js')}` : null;
    },
    load(id) {
      return id.startsWith('\0veil-script:') ? `export default ${JSON.stringify(`src/content/${id.slice(13)}`)};` : null;
    },
  };
}

/**
 * Tests that read ../shared/corpora carry this tag: they run where the corpora sit beside the project
 * (this workspace, CI) and are skipped on a bare clone, which the summary line then reports.
 */
// The same test as HAVE_CORPORA in test/support/paths.ts (the config loader takes no extensionless TS import).
const HAVE_CORPORA = existsSync(new URL('../shared/corpora/LABELS.tsv', import.meta.url));
const TEST_TAGS = [{ name: 'corpora', description: 'reads ../shared/corpora (skipped when it is absent)', skip: !HAVE_CORPORA }];

/**
 * crxjs names each `?script` import with a hash of its ABSOLUTE path (`on-demand.ts?scriptId=vtcWw`)
 * and writes that id into the importing chunk (`import.meta.CRX_DYNAMIC_SCRIPT_vtcWw`, replaced by
 * the script's file name in generateBundle, after the chunk's file name hash was taken). The same
 * sources built in another folder would then give other bytes and file names. This swaps each id for
 * one made from the script's path inside the project while chunks render (so the hashes are the same
 * everywhere), then puts crxjs's own id back before crxjs replaces it. Listed before crx(), so its
 * generateBundle runs first.
 */
function stableScriptIds(): PluginOption {
  const original = new Map<string, string>();
  const TOKEN = /\b((?:import\.meta|import_meta)\.CRX_DYNAMIC_SCRIPT_)([A-Za-z0-9]+)(?=[^A-Za-z0-9]|$)/g;
  return {
    name: 'veil:stable-script-ids',
    enforce: 'post',
    renderChunk(code) {
      // The module comment of the unminified output names the script: "// src/content/on-demand.ts?scriptId=vtcWw".
      const stable = new Map<string, string>();
      for (const m of code.matchAll(/^\/\/(?:#region)? ([^\n?]+)\?scriptId=([A-Za-z0-9]+)$/gm)) {
        const id = `veil${createHash('sha256').update(m[1]).digest('hex').slice(0, 10)}`;
        stable.set(m[2], id);
        original.set(id, m[2]);
      }
      if (!stable.size) return null;
      const out = code
        .replace(/^(\/\/(?:#region)? [^\n?]+\?scriptId=)([A-Za-z0-9]+)$/gm, (all, head: string, id: string) => (stable.has(id) ? head + stable.get(id) : all))
        .replace(TOKEN, (all, head: string, id: string) => (stable.has(id) ? head + stable.get(id) : all));
      return { code: out, map: null };
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = chunk.code.replace(TOKEN, (all, head: string, id: string) => (original.has(id) ? head + original.get(id) : all));
      }
    },
  };
}

/**
 * Every build carries Veil's licence and the notices of the third-party code inside it
 * (THIRD-PARTY-NOTICES.txt, made by `npm run notices`): the extension zips and the CLI ship them.
 */
function shipLicences(): PluginOption {
  return {
    name: 'veil:ship-licences',
    generateBundle() {
      for (const fileName of ['LICENSE', 'THIRD-PARTY-NOTICES.txt']) this.emitFile({ type: 'asset', fileName, source: readFileSync(fileName) });
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'cli') {
    return {
      publicDir: false,
      build: {
        ssr: 'src/cli/veil.ts',
        outDir: 'dist-cli',
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        rollupOptions: { output: { entryFileNames: 'veil.mjs', format: 'es' } },
      },
      // Bundle every dependency so `node dist-cli/veil.mjs` runs without node_modules beside it.
      ssr: { noExternal: true, target: 'node' },
      plugins: [shipLicences()],
    };
  }
  const firefox = mode === 'firefox';
  const plugins: PluginOption[] = [preact()];
  if (process.env.VITEST === undefined) {
    plugins.push(
      stableScriptIds(),
      crx({
        manifest: firefox ? firefoxManifest() : (baseManifest as unknown as ManifestV3Export),
        browser: firefox ? 'firefox' : 'chrome',
        // The declared content script is built as one self-contained file. crxjs's default is a loader
        // that import()s its chunks, which must then be web-accessible to the host pages
        // (use_dynamic_url: false): any script on a Zendesk or Gmail page could fetch
        // chrome-extension://<id>/assets/… and so detect Veil and its version.
        contentScripts: { standaloneFiles: ['src/content/index.ts'] },
      }),
      dropInjectedFromWebAccessible(['src/content/on-demand.js']),
      shipLicences(),
    );
  }
  return {
    plugins,
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      // Mail is hostile input and the popup renders it: keep the built code readable for review.
      minify: false,
      sourcemap: false,
    },
    test: {
      reporters: ['default', './test/support/summary-reporter.ts'],
      projects: [
        {
          test: {
            name: 'core',
            environment: 'node',
            tags: TEST_TAGS,
            include: ['test/unit/**/*.test.ts', 'test/corpus/**/*.test.ts', 'test/cli/**/*.test.ts'],
            testTimeout: 60_000,
          },
        },
        {
          plugins: [stubScriptImports(), preact()],
          test: {
            name: 'dom',
            environment: 'jsdom',
            tags: TEST_TAGS,
            include: ['test/adapters/**/*.test.ts', 'test/ui/**/*.test.{ts,tsx}', 'test/ext/**/*.test.ts'],
          },
        },
        {
          test: {
            name: 'e2e',
            environment: 'node',
            tags: TEST_TAGS,
            // Builds dist/ only when it is missing or older than the sources (`npm test` builds first).
            globalSetup: ['test/support/e2e-global-setup.ts'],
            include: ['test/e2e/**/*.test.ts'],
            testTimeout: 120_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
