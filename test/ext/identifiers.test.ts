// @vitest-environment node
// (openpgp rejects jsdom's cross-realm Uint8Array; the parsing itself needs no DOM)
/**
 * What the options page keeps from a pasted certificate or OpenPGP key: only identifiers, read back
 * exactly as openssl and gpg report them for keys generated now; private keys are refused. Then the
 * stored identifiers reach the core through the background, which marks "encrypted to you".
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeCa, makeUser, tempPki, message } from '../support/openssl';
import { makeGpgHome } from '../support/gpg';
import { fake } from '../support/fake-browser-instance';

vi.mock('webextension-polyfill', async () => ({ default: (await import('../support/fake-browser-instance')).fake.browser }));

const { parseCertificate, parsePgpKey, isAddress } = await import('../../src/options/identifiers');
const { normalizeSettings, toAnalyzeOptions, isSiteEnabled } = await import('../../src/shared/settings');
const { onMessage } = await import('../../src/background/router');

const pki = tempPki();
const gpg = makeGpgHome();
afterAll(() => {
  pki.cleanup();
  gpg.cleanup();
});

describe('pasted certificates', () => {
  const ca = makeCa(pki);
  const user = makeUser(pki, ca, { type: 'ec' });

  it('keeps issuer, serial and subject key id exactly as openssl reads them', () => {
    const r = parseCertificate(pki.read(user.cert).toString('utf8'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.serial).toBe(user.serial);
    expect(r.value.subjectKeyId).toBe(user.subjectKeyId);
    expect(r.value.issuer?.toLowerCase()).toContain(ca.issuer.split(',').find((p) => p.startsWith('CN='))!.slice(3).toLowerCase());
    expect(r.value.label).toBe(user.email);
    expect(JSON.stringify(r.value)).not.toMatch(/BEGIN|PRIVATE/);
  });

  it('refuses a private key and text that is not a certificate', () => {
    expect(parseCertificate(pki.read(user.key).toString('utf8'))).toEqual({ ok: false, reason: 'private-key' });
    expect(parseCertificate('hello').ok).toBe(false);
    expect(parseCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----').ok).toBe(false);
  });

  it('marks a message encrypted to the stored certificate as encrypted to you', async () => {
    const other = makeUser(pki, ca);
    const entity = pki.run(['cms', '-encrypt', '-aes256', pki.path(other.cert), pki.path(user.cert)], 'Content-Type: text/plain\r\n\r\nsecret\r\n');
    const raw = message({ From: 'a@example.org', To: user.email!, Subject: 'enc' }, entity);
    const cert = parseCertificate(pki.read(user.cert).toString('utf8'));
    if (!cert.ok) throw new Error('certificate not read');
    await fake.local.set({ settings: { certificates: [cert.value] } });
    const res = (await onMessage({ type: 'analyzeText', data: { raw } }, fake.pageSender() as never)) as any;
    expect(res.ok).toBe(true);
    const layer = res.value.protection.find((l: any) => l.scheme === 'smime' && l.kind === 'encrypted');
    const mine = layer.recipients.filter((r: any) => r.mine);
    expect(mine).toHaveLength(1);
    expect(mine[0].serial ?? mine[0].subjectKeyId).toBe(mine[0].serial ? user.serial : user.subjectKeyId);
    await fake.local.clear();
  });
});

describe('pasted OpenPGP keys', () => {
  const key = gpg.genKey();

  it('keeps the key ids and fingerprints of the primary key and subkeys, as gpg lists them', async () => {
    const armored = gpg.run(['--armor', '--export', key.email]).toString('utf8');
    const r = await parsePgpKey(armored);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.fingerprints).toContain(key.fpr);
    expect(r.value.fingerprints).toContain(key.encFpr);
    expect(r.value.keyIds).toContain(key.keyId);
    expect(r.value.keyIds).toContain(key.encKeyId);
    expect(r.value.label).toContain(key.email);
    expect(JSON.stringify(r.value)).not.toMatch(/BEGIN PGP/);
    // The core receives the identifiers as one list.
    const opts = toAnalyzeOptions(normalizeSettings({ pgpKeys: [r.value] }), 'en');
    expect(opts.own?.pgpKeys).toEqual(expect.arrayContaining([key.fpr, key.encKeyId]));
  });

  it('refuses a private key block and garbage', async () => {
    const secret = gpg.run(['--armor', '--export-secret-keys', key.email]).toString('utf8');
    expect(await parsePgpKey(secret)).toEqual({ ok: false, reason: 'private-key' });
    expect((await parsePgpKey('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----')).ok).toBe(false);
  });
});

describe('settings', () => {
  it('fills defaults for anything missing or malformed', () => {
    expect(normalizeSettings(undefined)).toEqual({
      lang: 'auto',
      support: { writtenTo: [], repliesFrom: '', authservIds: [] },
      certificates: [],
      pgpKeys: [],
      sites: { zendesk: true, gmail: true },
      desks: [],
    });
    const s = normalizeSettings({ lang: 'fr', support: { writtenTo: ['help@acme.test', 7] }, sites: { gmail: false } });
    expect(s.lang).toBe('auto');
    expect(s.support.writtenTo).toEqual(['help@acme.test']);
    expect(s.sites).toEqual({ zendesk: true, gmail: false });
  });

  it('keeps desks as origins: typed addresses become origins, duplicates and non-web addresses go', () => {
    const s = normalizeSettings({
      desks: ['support.example.com', 'https://support.example.com/agent/tickets/1', 'http://zammad.intranet.test:8080/#ticket/zoom/7', 'ftp://x.test', 'javascript:alert(1)', 'https://user:pw@evil.test', '', 7],
    });
    expect(s.desks).toEqual(['https://support.example.com', 'http://zammad.intranet.test:8080']);
  });

  it('maps support addresses into AnalyzeOptions and leaves empty parts out', () => {
    expect(toAnalyzeOptions(normalizeSettings({}), 'es')).toEqual({ lang: 'es', support: undefined, own: undefined });
    const o = toAnalyzeOptions(normalizeSettings({ support: { writtenTo: ['help@acme.test'], repliesFrom: 'agent@acme.test' } }), 'en');
    expect(o.support).toEqual({ writtenTo: ['help@acme.test'], repliesFrom: 'agent@acme.test' });
    expect(o.authservIds).toBeUndefined();
    expect(toAnalyzeOptions(normalizeSettings({ support: { authservIds: ['mx.acme.test'] } }), 'en').authservIds).toEqual(['mx.acme.test']);
  });

  it('tells whether badges are on for a site', () => {
    const s = normalizeSettings({ sites: { gmail: false } });
    expect(isSiteEnabled(s, new URL('https://mail.google.com/mail/u/0/'))).toBe(false);
    expect(isSiteEnabled(s, new URL('https://acme.zendesk.com/agent/tickets/1'))).toBe(true);
    expect(isSiteEnabled(s, new URL('https://example.org/'))).toBe(true);
  });

  it('checks addresses loosely', () => {
    expect(isAddress('help@acme.test')).toBe(true);
    expect(isAddress('Help Desk')).toBe(false);
    expect(isAddress('a@b')).toBe(false);
  });
});
