/**
 * Firefox ESR smoke test (when Firefox ESR is installed: `apt-get install firefox-esr`): the Firefox
 * build installs as a temporary add-on over WebDriver BiDi, and its popup explains a pasted real
 * S/MIME message through the background script; then its content script badges a Zendesk-shaped
 * ticket served over local HTTPS at acme.zendesk.com, reading the comment's raw .eml with the
 * page's own session: the page's SameSite=Strict session cookie must reach the server with that
 * read, as a same-origin request from the page (Veil reads through content.fetch there).
 * Driven by test/support/firefox-smoke.mjs in a child Node with --experimental-websocket (Node 20
 * has no global WebSocket; no extra dependency).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST_FIREFOX, ensureBuilt } from '../support/extension';
import { FIXTURE_CORPORA, ROOT } from '../support/paths';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const EML = join(FIXTURE_CORPORA, 'thunderbird-comm-central/mail/test/browser/smime/data/alice.env.eml');

describe.skipIf(!existsSync(FIREFOX))('Firefox ESR smoke', () => {
  it('installs the Firefox build, its popup explains a pasted S/MIME message, a ticket is badged with the page’s own session, and a desk on its own domain is added by a click and badged', () => {
    ensureBuilt('firefox');
    const geckoId = JSON.parse(readFileSync(join(DIST_FIREFOX, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
    const r = spawnSync(process.execPath, ['--experimental-websocket', join(ROOT, 'test/support/firefox-smoke.mjs'), FIREFOX, DIST_FIREFOX, EML, geckoId], {
      encoding: 'utf8',
      timeout: 115_000,
    });
    const out = JSON.parse(r.stdout.trim().split('\n').pop() || '{}');
    expect(out.error, r.stderr.slice(-2000)).toBeUndefined();
    expect(out.extension).toBe(geckoId);
    expect(out.verdict).toBe('smime-encrypted');
    expect(out.chip).toBe('S/MIME encrypted');
    expect(out.headline).toMatch(/S\/MIME/);
    // The same message as a ticket's email comment: badged, read with the page's cookie, from the page's origin.
    expect(out.desk.verdict, JSON.stringify(out.desk)).toBe('smime-encrypted');
    expect(out.desk.emlReads.length).toBeGreaterThan(0);
    for (const r of out.desk.emlReads) {
      expect(r.cookie, JSON.stringify(r)).toBe(true);
      expect(r.secFetchSite).toBe('same-origin');
      expect(r.referer).toMatch(/^https:\/\/acme\.zendesk\.com:\d+\/agent\/tickets\/123$/);
    }
    expect(out.desk.hostsAsked).toEqual(['acme.zendesk.com']);
    // The agent's own desk domain: a script's click is refused (no user gesture), a real click adds it,
    // and the registered content script badges the ticket there, reading only from that host.
    const own = out.deskDomain;
    expect(own.scriptClickLine, JSON.stringify(own)).toMatch(/^Veil could not set up https:\/\/support\.example\.com:\d+: .*user input/);
    expect(own.line, JSON.stringify(own)).toMatch(/^Veil now reads tickets on https:\/\/support\.example\.com:\d+\.$/);
    expect(own.verdict, JSON.stringify(own)).toBe('smime-encrypted');
    expect(own.emlReads).toBeGreaterThan(0);
    expect(own.hostsAsked).toEqual(['support.example.com']);
  });
});
