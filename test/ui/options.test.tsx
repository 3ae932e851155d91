/**
 * The options page in jsdom: language, support addresses (checked), certificates and keys (only the
 * identifiers are saved; private keys refused with a warning), sites; labelled controls.
 * The parsers are mocked here (openpgp needs Node's realm); test/ext/identifiers.test.ts tests them
 * on keys made by openssl and gpg.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../src/shared/settings';

vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../../src/options/identifiers', () => ({
  isAddress: (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  parseCertificate: (pem: string) =>
    pem.includes('PRIVATE KEY')
      ? { ok: false, reason: 'private-key' }
      : pem.includes('BEGIN CERTIFICATE')
        ? { ok: true, value: { issuer: 'CN=Test CA', serial: '01ab', subjectKeyId: 'ff00', label: 'agent@acme.test' } }
        : { ok: false, reason: 'unreadable' },
  parsePgpKey: async (armored: string) =>
    armored.includes('PRIVATE')
      ? { ok: false, reason: 'private-key' }
      : { ok: true, value: { keyIds: ['0123456789abcdef'], fingerprints: ['a'.repeat(40)], label: 'Agent <agent@acme.test>' } },
}));

const { OptionsPage } = await import('../../src/options/Options');
const { ui } = await import('../../src/core/i18n/ui');
const { DEFAULT_SETTINGS } = await import('../../src/shared/settings');

let root: HTMLElement;
let saved: Settings[];
const api = {
  load: async () => structuredClone(DEFAULT_SETTINGS),
  save: async (s: Settings) => void saved.push(structuredClone(s)),
  browserLanguage: () => 'en-US',
};

beforeEach(async () => {
  saved = [];
  root = document.createElement('div');
  document.body.replaceChildren(root);
  await act(async () => render(<OptionsPage api={api} />, root));
  await vi.waitFor(() => expect(root.querySelector('h1')?.textContent).toBe(ui('en', 'options.title')));
});

const byLabel = (label: string) => {
  const l = [...root.querySelectorAll('label')].find((x) => x.textContent === label)!;
  return root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${l.getAttribute('for')}`)!;
};
const button = (label: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === label)!;
async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  await act(async () => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const last = () => saved[saved.length - 1];

describe('options page', () => {
  it('saves support addresses and rejects what is not an address', async () => {
    await type(byLabel(ui('en', 'options.writtenTo')), 'help@acme.test\nsupport@acme.test');
    await type(byLabel(ui('en', 'options.repliesFrom')), 'agent@acme.test');
    await act(async () => button(ui('en', 'options.save')).click());
    expect(last().support).toEqual({ writtenTo: ['help@acme.test', 'support@acme.test'], repliesFrom: 'agent@acme.test', authservIds: [] });

    await type(byLabel(ui('en', 'options.authservIds')), 'MX.acme.test\nmx2.acme.test');
    await act(async () => button(ui('en', 'options.save')).click());
    expect(last().support.authservIds).toEqual(['mx.acme.test', 'mx2.acme.test']);
    await type(byLabel(ui('en', 'options.authservIds')), 'not a <server>');
    await act(async () => button(ui('en', 'options.save')).click());
    expect(root.querySelector('[role=alert]')!.textContent).toBe(ui('en', 'options.badAuthserv', { value: '<server>' }));
    await type(byLabel(ui('en', 'options.authservIds')), '');

    await type(byLabel(ui('en', 'options.writtenTo')), 'Help Desk');
    await act(async () => button(ui('en', 'options.save')).click());
    expect(root.querySelector('[role=alert]')!.textContent).toBe(ui('en', 'options.badAddress', { value: 'Help' }));
  });

  it('keeps only the identifiers of a pasted certificate, and refuses a private key', async () => {
    const ta = root.querySelector<HTMLTextAreaElement>('#o-cert')!;
    await type(ta, '-----BEGIN PRIVATE KEY-----\nMII...\n-----END PRIVATE KEY-----');
    await act(async () => button(ui('en', 'options.addCertificate')).click());
    expect(root.querySelector('[role=alert]')!.textContent).toBe(ui('en', 'options.privateKey'));
    expect(saved).toHaveLength(0);

    await type(ta, '-----BEGIN CERTIFICATE-----\nMII...\n-----END CERTIFICATE-----');
    await act(async () => button(ui('en', 'options.addCertificate')).click());
    expect(last().certificates).toEqual([{ issuer: 'CN=Test CA', serial: '01ab', subjectKeyId: 'ff00', label: 'agent@acme.test' }]);
    expect(ta.value).toBe('');
    expect(root.textContent).toContain(ui('en', 'options.certLine', { issuer: 'CN=Test CA', serial: '01ab' }));

    // Each Remove button says what it removes (several look alike on screen).
    const remove = root.querySelector<HTMLButtonElement>('.ids button')!;
    expect(remove.getAttribute('aria-label')).toBe(ui('en', 'options.removeItem', { item: ui('en', 'options.certLine', { issuer: 'CN=Test CA', serial: '01ab' }) }));
    expect(remove.textContent).toBe(ui('en', 'options.remove'));
    await act(async () => remove.click());
    expect(last().certificates).toEqual([]);
  });

  it('keeps the key ids and fingerprints of a pasted OpenPGP key', async () => {
    await type(root.querySelector<HTMLTextAreaElement>('#o-key')!, '-----BEGIN PGP PUBLIC KEY BLOCK-----');
    await act(async () => button(ui('en', 'options.addKey')).click());
    await vi.waitFor(() => expect(last()?.pgpKeys).toHaveLength(1));
    expect(last().pgpKeys[0].fingerprints).toEqual(['a'.repeat(40)]);
  });

  it('switches language and sites', async () => {
    const select = root.querySelector<HTMLSelectElement>('select')!;
    expect(root.querySelector(`#${select.getAttribute('aria-labelledby')}`)!.textContent).toBe(ui('en', 'options.language'));
    await act(async () => {
      select.value = 'es';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(last().lang).toBe('es');
    expect(root.querySelector('h1')!.textContent).toBe(ui('es', 'options.title'));
    expect(document.documentElement.lang).toBe('es');

    const gmail = [...root.querySelectorAll('label.check')].find((l) => l.textContent?.includes('Gmail'))!.querySelector('input')!;
    await act(async () => gmail.click());
    expect(last().sites).toEqual({ zendesk: true, gmail: false });
  });
});
