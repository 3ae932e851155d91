/** The built extension loads in real Chromium: service worker alive, manifest as declared. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type LaunchedExtension } from '../support/extension';

// Evaluated inside the extension's service worker, where the chrome.* API exists.
declare const chrome: any;

describe('extension in Chromium', () => {
  let ext: LaunchedExtension;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('starts its service worker', async () => {
    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
    const id = await ext.worker.evaluate(() => chrome.runtime.id);
    expect(id).toBe(ext.extensionId);
  });

  it('declares exactly the permissions it needs and no broad host access', async () => {
    const m = await ext.worker.evaluate(() => chrome.runtime.getManifest());
    expect([...(m.permissions ?? [])].sort()).toEqual(['activeTab', 'contextMenus', 'scripting', 'storage']);
    expect([...(m.host_permissions ?? [])].sort()).toEqual(['https://*.zendesk.com/*', 'https://mail.google.com/*']);
    expect(JSON.stringify(m)).not.toContain('<all_urls>');
  });
});
