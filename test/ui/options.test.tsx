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

describe('options page: managed settings', () => {
  it('shows what the organisation set, read-only, with a line saying so, and keeps the agent’s own values', async () => {
    const own = { ...structuredClone(DEFAULT_SETTINGS), support: { writtenTo: ['me@acme.test'], repliesFrom: '', authservIds: ['mine.test'] } };
    const managedApi = {
      ...api,
      load: async () => structuredClone(own),
      managed: async () => ({ lang: 'es' as const, writtenTo: ['help@acme.test', 'support@acme.test'], sites: { gmail: false } }),
    };
    await act(async () => render(<OptionsPage api={managedApi} />, root));
    await vi.waitFor(() => expect(root.querySelector('h1')?.textContent).toBe(ui('es', 'options.title')));
    expect(root.textContent).toContain(ui('es', 'options.managedIntro'));
    const select = root.querySelector<HTMLSelectElement>('#o-lang-select')!;
    expect(select.disabled).toBe(true);
    expect(select.value).toBe('es');
    expect(root.querySelector(`#${select.getAttribute('aria-describedby')}`)!.textContent).toBe(ui('es', 'options.managed'));
    const written = root.querySelector<HTMLTextAreaElement>('#o-written')!;
    expect(written.readOnly).toBe(true);
    expect(written.value).toBe('help@acme.test\nsupport@acme.test');
    // Not managed: the agent's own, editable.
    const authserv = root.querySelector<HTMLTextAreaElement>('#o-authserv')!;
    expect(authserv.readOnly).toBe(false);
    expect(authserv.value).toBe('mine.test');
    const gmail = [...root.querySelectorAll('label.check')].find((l) => l.textContent?.includes('Gmail'))!;
    expect(gmail.querySelector('input')!.disabled).toBe(true);
    expect(gmail.querySelector('input')!.checked).toBe(false);
    expect(gmail.textContent).toContain(ui('es', 'options.managed'));
    // Saving keeps the agent's own addresses (the managed ones are not theirs to save).
    await type(authserv, 'mx.acme.test');
    await act(async () => button(ui('es', 'options.save')).click());
    expect(last().support).toEqual({ writtenTo: ['me@acme.test'], repliesFrom: '', authservIds: ['mx.acme.test'] });
  });
});

describe('options page: the agent’s own desk domains', () => {
  type Desk = { origin: string; granted: boolean; managed: boolean };
  function desksApi(initial: Desk[], answer: boolean | Error = true) {
    let desks = [...initial];
    const calls: string[] = [];
    return {
      calls,
      api: {
        list: async () => desks,
        request: vi.fn((origin: string) => {
          calls.push(`request ${origin}`);
          return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
        }),
        add: async (origin: string) => {
          calls.push(`add ${origin}`);
          desks = [...desks.filter((d) => d.origin !== origin), { origin, granted: true, managed: false }];
          return desks;
        },
        remove: async (origin: string) => {
          calls.push(`remove ${origin}`);
          desks = desks.filter((d) => d.origin !== origin);
          return { desks, released: true };
        },
      },
    };
  }
  async function mount(d: ReturnType<typeof desksApi>) {
    await act(async () => render(<OptionsPage api={{ ...api, desks: d.api }} />, root));
    await vi.waitFor(() => expect(root.querySelector('#o-desks')).not.toBeNull());
  }
  const line = () => root.querySelector('[data-desk-line]')!;

  it('asks the browser for exactly the typed origin, in the click, and lists the desk once granted', async () => {
    const d = desksApi([]);
    await mount(d);
    await type(byLabel(ui('en', 'options.deskAddress')), 'support.example.com/agent/tickets/5');
    await act(async () => button(ui('en', 'options.deskAdd')).click());
    // The prompt is asked for synchronously inside the click (Firefox needs the user's gesture).
    expect(d.api.request).toHaveBeenCalledWith('https://support.example.com');
    await vi.waitFor(() => expect(line().textContent).toBe(ui('en', 'desk.added', { origin: 'https://support.example.com' })));
    expect(d.calls).toEqual(['request https://support.example.com', 'add https://support.example.com']);
    expect(root.querySelector('[data-desk="https://support.example.com"]')!.textContent).toContain(ui('en', 'options.deskActive'));
  });

  it('an origin the agent declines gets a clear line, and nothing is added', async () => {
    const d = desksApi([], false);
    await mount(d);
    await type(byLabel(ui('en', 'options.deskAddress')), 'https://zammad.example.org');
    await act(async () => button(ui('en', 'options.deskAdd')).click());
    await vi.waitFor(() => expect(line().textContent).toBe(ui('en', 'desk.declined', { origin: 'https://zammad.example.org' })));
    expect(line().getAttribute('role')).toBe('alert');
    expect(d.calls).toEqual(['request https://zammad.example.org']);
  });

  it('refuses what is not a web address, and the sites Veil reads by itself, without asking the browser', async () => {
    const d = desksApi([]);
    await mount(d);
    await type(byLabel(ui('en', 'options.deskAddress')), 'ftp://files.example.org');
    await act(async () => button(ui('en', 'options.deskAdd')).click());
    expect(line().textContent).toBe(ui('en', 'desk.badAddress', { value: 'ftp://files.example.org' }));
    await type(byLabel(ui('en', 'options.deskAddress')), 'acme.zendesk.com');
    await act(async () => button(ui('en', 'options.deskAdd')).click());
    expect(line().textContent).toBe(ui('en', 'desk.builtIn', { origin: 'https://acme.zendesk.com' }));
    expect(d.calls).toEqual([]);
  });

  it('lists each desk with where it stands: allow one the browser has not granted, remove the agent’s own, not the organisation’s', async () => {
    const d = desksApi([
      { origin: 'https://support.example.com', granted: true, managed: false },
      { origin: 'https://zammad.example.org', granted: false, managed: true },
    ]);
    await mount(d);
    await vi.waitFor(() => expect(root.querySelectorAll('[data-desk]')).toHaveLength(2));
    const zammad = root.querySelector('[data-desk="https://zammad.example.org"]')!;
    expect(zammad.textContent).toContain(ui('en', 'options.deskNotAllowed'));
    expect(zammad.textContent).toContain(ui('en', 'options.managed'));
    expect([...zammad.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'))).toEqual([ui('en', 'options.deskAllowItem', { item: 'https://zammad.example.org' })]);
    await act(async () => zammad.querySelector('button')!.click());
    await vi.waitFor(() => expect(d.calls).toEqual(['request https://zammad.example.org', 'add https://zammad.example.org']));

    const mine = root.querySelector('[data-desk="https://support.example.com"]')!;
    const remove = [...mine.querySelectorAll('button')].find((b) => b.textContent === ui('en', 'options.remove'))!;
    expect(remove.getAttribute('aria-label')).toBe(ui('en', 'options.removeItem', { item: 'https://support.example.com' }));
    await act(async () => remove.click());
    await vi.waitFor(() => expect(line().textContent).toBe(ui('en', 'desk.removed', { origin: 'https://support.example.com' })));
    expect(root.querySelector('[data-desk="https://support.example.com"]')).toBeNull();
  });
});
