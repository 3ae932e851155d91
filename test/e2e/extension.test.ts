/** The built extension loads in real Chromium: service worker alive, manifest as declared. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, saveScreenshot, type LaunchedExtension } from '../support/extension';
import { ui } from '../../src/core/i18n/ui';

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

  it('keeps the on-demand script out of web_accessible_resources and sets a strict CSP', async () => {
    const m = await ext.worker.evaluate(() => chrome.runtime.getManifest());
    const war = JSON.stringify(m.web_accessible_resources ?? []);
    expect(war).not.toContain('on-demand');
    expect(war).not.toContain('http://*/*');
    expect(m.content_security_policy.extension_pages).toMatch(/script-src 'self'/);
    expect(m.content_security_policy.extension_pages).not.toMatch(/unsafe-(eval|inline)|https?:/);
  });

  it('opens the options page and saves the support addresses to storage.local', async () => {
    const page = await ext.openPage('src/options/index.html');
    await page.getByRole('heading', { level: 1, name: ui('en', 'options.title') }).waitFor();
    await page.locator('#o-replies').fill('agent@acme.test');
    await page.locator('#o-written').fill('help@acme.test');
    await page.getByRole('button', { name: ui('en', 'options.save') }).click();
    await page.getByText(ui('en', 'options.saved')).waitFor();
    const stored = await ext.worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
    expect(stored.support).toEqual({ authservIds: [], writtenTo: ['help@acme.test'], repliesFrom: 'agent@acme.test' });
    await saveScreenshot(page, 'options-en');
    await page.close();
    expect(ext.requests.hosts()).toEqual([]);
  });
});
