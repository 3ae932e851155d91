/**
 * The popup rendered in jsdom from hand-built Analysis objects: every verdict in English and
 * Spanish, the explanation view with copy buttons, error/empty states, scan and paste, hostile
 * text staying text, IDN warnings, and keyboard focus.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const { App } = await import('../../src/popup/App');
const { ui, uiCount } = await import('../../src/core/i18n/ui');
const { MessageError } = await import('../../src/messaging/protocol');
import type { Analysis, Lang, Verdict } from '../../src/core/types';
import { VERDICTS as ALL_VERDICTS } from '../../src/core/verdict';
import type { FoundEntry, TabState } from '../../src/messaging/protocol';
import type { PopupApi } from '../../src/popup/api';

// Every badge code, in the core's priority order.
const VERDICTS = ALL_VERDICTS;

function analysisFor(verdict: Verdict, lang: Lang, over: Partial<Analysis> = {}): Analysis {
  const es = lang === 'es';
  return {
    ok: verdict !== 'error',
    verdict,
    warnings: [],
    protection: [],
    notes: [],
    transport: { hops: [] },
    sender: { from: 'customer@example.com', masked: verdict === 'relay-masked', evidence: [] },
    threading: { references: [], evidence: [] },
    authentication: { dkimDomains: [], headers: [], evidence: [] },
    explanation: {
      lang,
      headline: `${es ? 'Titular' : 'Headline'} ${verdict}`,
      sections: [
        {
          id: 'what',
          title: es ? 'Qué encontró Veil' : 'What Veil found',
          text: `${es ? 'Texto' : 'Text'} ${verdict}`,
          evidence: [{ source: 'header', where: 'Content-Type', value: `application/pkcs7-mime; x=${verdict}` }],
        },
        { id: 'what-to-do', title: es ? 'Qué hacer' : 'What to do', text: es ? 'Pida al cliente…' : 'Ask the customer…', evidence: [] },
      ],
      internalNote: `${es ? 'Nota' : 'Note'}: ${verdict}`,
      customerReply: `${es ? 'Respuesta' : 'Reply'}: ${verdict}`,
    },
    message: { subject: `Subject ${verdict}`, from: [], to: [], cc: [], replyTo: [], headers: [], parts: [], size: 100 },
    defects: [],
    ...over,
  };
}

function stateOf(entries: FoundEntry[], focus?: string): TabState {
  return { url: 'https://acme.zendesk.com/agent/tickets/1', site: 'zendesk', entries, updatedAt: 1, focus };
}

function fakeApi(state: TabState | null, over: Partial<PopupApi> = {}) {
  const watchers: ((s: TabState | null) => void)[] = [];
  const api = {
    lang: vi.fn(async () => 'en' as Lang),
    activeTabId: vi.fn(async () => 7 as number | null),
    getTabState: vi.fn(async () => state),
    analyzeText: vi.fn(async (_raw: string, lang: Lang) => analysisFor('pgp-encrypted', lang)),
    scanTab: vi.fn(async () => ({ injected: true })),
    watchTab: vi.fn((_id: number, cb: (s: TabState | null) => void) => {
      watchers.push(cb);
      return () => undefined;
    }),
    copy: vi.fn(async () => undefined),
    openOptions: vi.fn(),
    ...over,
  };
  return { api: api as PopupApi & typeof api, push: (s: TabState | null) => act(() => watchers.forEach((w) => w(s))) };
}

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.replaceChildren(root);
});
afterEach(() => {
  render(null, root);
});
// preact runs effects after a frame, or after 100 ms when no frame comes (jsdom paints none): let
// the last ones run before the environment is torn down, or they find no cancelAnimationFrame.
afterAll(() => new Promise<void>((r) => setTimeout(r, 150)));

async function mount(api: PopupApi, lang?: Lang) {
  await act(async () => {
    render(<App api={api} initialLang={lang} />, root);
  });
  await vi.waitFor(() => expect(root.querySelector('.status')?.textContent ?? '').not.toBe(ui(lang ?? 'en', 'popup.loading')));
}

const text = () => root.textContent ?? '';
/** The button whose visible text is `label` (the back button has an arrow before it). */
const button = (label: string) =>
  [...root.querySelectorAll('button')].find((b) => {
    const t = (b.textContent ?? '').trim();
    return t === label || t.endsWith(` ${label}`);
  })!;

describe.each(['en', 'es'] as const)('popup in %s', (lang) => {
  it.each(VERDICTS)('lists and explains a %s message', async (verdict) => {
    const entry: FoundEntry = { key: 'c1', label: `Comment ${verdict}`, hash: 'ab', analysis: analysisFor(verdict, lang) };
    const { api } = fakeApi(stateOf([entry]));
    await mount(api, lang);

    const chip = root.querySelector('.entries .chip')!;
    expect(chip.getAttribute('data-verdict')).toBe(verdict);
    expect(chip.textContent).toBe(ui(lang, `verdict.${verdict}`));
    expect(text()).toContain(uiCount(lang, 'popup.found', 1));

    const open = root.querySelector<HTMLButtonElement>('.entries button')!;
    expect(open.getAttribute('aria-label')).toBe(ui(lang, 'popup.open', { label: `Comment ${verdict}`, verdict: ui(lang, `verdict.${verdict}`) }));
    await act(async () => open.click());

    const article = root.querySelector('article.analysis')!;
    expect(article.getAttribute('data-verdict')).toBe(verdict);
    expect(root.querySelector('h2.headline')!.textContent).toBe(`${lang === 'es' ? 'Titular' : 'Headline'} ${verdict}`);
    expect(document.activeElement).toBe(root.querySelector('h2.headline'));
    expect([...root.querySelectorAll('section.section h3')].map((h) => h.textContent)).toEqual(
      lang === 'es' ? ['Qué encontró Veil', 'Qué hacer'] : ['What Veil found', 'What to do'],
    );
    expect(root.querySelector('.evidence li')!.textContent).toBe(`Content-Type: application/pkcs7-mime; x=${verdict}`);

    await act(async () => button(ui(lang, 'popup.copyNote')).click());
    expect(api.copy).toHaveBeenCalledWith(`${lang === 'es' ? 'Nota' : 'Note'}: ${verdict}`);
    await vi.waitFor(() => expect(text()).toContain(ui(lang, 'popup.copied')));
    await act(async () => button(ui(lang, 'popup.copyReply')).click());
    expect(api.copy).toHaveBeenLastCalledWith(`${lang === 'es' ? 'Respuesta' : 'Reply'}: ${verdict}`);

    await act(async () => button(ui(lang, 'popup.back')).click());
    expect(root.querySelector('.entries')).not.toBeNull();
    expect(document.activeElement?.id).toBe('veil-found');
  });

  it('says why a raw source could not be read, and what to do', async () => {
    const { api } = fakeApi(stateOf([{ key: 'c2', label: 'Bob', error: 'the server answered 403' }]));
    await mount(api, lang);
    expect(root.querySelector('.entries .chip')!.getAttribute('data-verdict')).toBe('error');
    await act(async () => root.querySelector<HTMLButtonElement>('.entries button')!.click());
    const alert = root.querySelector('[role=alert]')!;
    expect(alert.textContent).toContain(ui(lang, 'popup.rawUnreadable', { reason: 'the server answered 403' }));
    expect(alert.textContent).toContain(ui(lang, 'popup.rawUnreadableHelp'));
  });

  it('lists every email comment the page scan knows, placed or not, reading or failed, and says what it found', async () => {
    const state: TabState = {
      ...stateOf([
        { key: 'z:1', label: 'Alice', hash: 'a', analysis: analysisFor('smime-encrypted', lang) },
        { key: 'z:3', label: 'Carol', error: 'Refused.', reason: 'no-access' },
        { key: 'z:4', label: 'Dana', hash: 'd', analysis: analysisFor('plain', lang) },
      ]),
      diagnostics: {
        site: 'zendesk',
        shape: 'workspace',
        thread: '123',
        listed: 6,
        withRaw: 4,
        onPage: 3,
        markers: { 'items-with-time': 0, notes: 1 },
        messages: [
          { key: 'z:1', label: 'Alice', placement: 'time' },
          { key: 'z:2', label: 'Bob', unplaced: 'counts-differ' },
          { key: 'z:3', label: 'Carol', unplaced: 'counts-differ' },
          { key: 'z:4', label: 'Dana', unplaced: 'note' },
        ],
      },
    };
    const { api } = fakeApi(state);
    await mount(api, lang);
    const rows = [...root.querySelectorAll('.entries li')];
    expect(rows.map((r) => r.querySelector('.entry-label')!.textContent)).toEqual(['Alice', 'Bob', 'Carol', 'Dana']);
    expect(text()).toContain(uiCount(lang, 'popup.found', 4));
    // Bob is still being read: no button to open, a "reading" chip.
    expect(rows[1]!.querySelector('button')).toBeNull();
    expect(rows[1]!.querySelector('.chip')!.textContent).toBe(ui(lang, 'popup.reading'));
    expect(rows[1]!.textContent).toContain(ui(lang, 'popup.notPlaced', { reason: ui(lang, 'popup.unplaced.counts-differ') }));
    expect(rows[3]!.textContent).toContain(ui(lang, 'popup.notPlaced', { reason: ui(lang, 'popup.unplaced.note') }));
    expect(rows[0]!.querySelector('.entry-where')).toBeNull();
    expect(rows[2]!.querySelector('.chip')!.getAttribute('data-verdict')).toBe('error');

    // The diagnostics open by themselves when something went wrong.
    const diag = root.querySelector<HTMLDetailsElement>('details.diag')!;
    expect(diag.open).toBe(true);
    const lines = [...diag.querySelectorAll('.diag-lines li')].map((l) => l.textContent);
    expect(lines).toEqual([
      ui(lang, 'popup.diag.recognised', { site: 'Zendesk', shape: ui(lang, 'popup.shape.workspace') }),
      ui(lang, 'popup.diag.ticket', { id: '123' }),
      ui(lang, 'popup.diag.listed', { site: 'Zendesk', listed: 6, withRaw: 4, placed: 1 }),
      ui(lang, 'popup.diag.progress', { done: 2, failed: 1, pending: 1 }),
      ui(lang, 'popup.diag.failed', { label: 'Carol', reason: ui(lang, 'popup.reason.no-access') }),
    ]);

    // The report copies codes and counts, never labels or addresses.
    await act(async () => button(ui(lang, 'popup.diag.copy')).click());
    const report = vi.mocked(api.copy).mock.calls.at(-1)![0] as string;
    expect(report).toContain('shape: workspace');
    expect(report).toContain('listed by the site: 6');
    expect(report).toContain('2. not placed: counts-differ; reading');
    expect(report).toContain('3. not placed: counts-differ; failed: no-access');
    expect(report).toContain('markers: items-with-time=0 notes=1');
    for (const secret of ['Alice', 'Bob', 'Carol', 'Dana', 'customer@example.com', 'acme']) expect(report).not.toContain(secret);
  });

  it('says why the ticket could not be listed, and the Gmail notes', async () => {
    const listFailed: TabState = {
      ...stateOf([]),
      diagnostics: { site: 'zendesk', shape: 'workspace', thread: '9', onPage: 4, markers: {}, listError: { code: 'signed-out', detail: 'HTTP 401' }, messages: [] },
    };
    const { api } = fakeApi(listFailed);
    await mount(api, lang);
    expect(root.querySelector('.diag [role=alert]')!.textContent).toBe(ui(lang, 'popup.diag.listError', { site: 'Zendesk', reason: ui(lang, 'popup.reason.signed-out') }));
    render(null, root);
    const gmailState: TabState = {
      url: 'https://mail.google.com/mail/u/0/#inbox/x',
      site: 'gmail',
      entries: [],
      updatedAt: 1,
      diagnostics: { site: 'gmail', shape: 'gmail-thread', onPage: 1, withRaw: 1, markers: {}, notes: ['no-ik', 'unsynced'], messages: [{ key: 'g:1', placement: 'element' }] },
    };
    await mount(fakeApi(gmailState).api, lang);
    expect(text()).toContain(ui(lang, 'popup.note.no-ik'));
    expect(text()).toContain(ui(lang, 'popup.note.unsynced'));
    expect(text()).toContain(ui(lang, 'popup.diag.onPage', { withRaw: 1, placed: 1 }));
  });

  it('shows the empty state with what to do, and scans on request', async () => {
    const { api, push } = fakeApi(null);
    await mount(api, lang);
    expect(text()).toContain(ui(lang, 'popup.empty'));
    expect(text()).toContain(ui(lang, 'popup.emptyHelp'));
    await act(async () => button(ui(lang, 'popup.scan')).click());
    expect(api.scanTab).toHaveBeenCalledWith(7);
    // Results arrive one by one through storage.session.
    await push(stateOf([{ key: 'c1', analysis: analysisFor('relay-masked', lang) }]));
    expect(root.querySelector('.entries .chip')!.getAttribute('data-verdict')).toBe('relay-masked');
  });

  it('explains a failed scan', async () => {
    const { api } = fakeApi(null, {
      scanTab: vi.fn(async () => {
        throw new MessageError('no-access', 'Cannot access contents of the page');
      }),
    });
    await mount(api, lang);
    await act(async () => button(ui(lang, 'popup.scan')).click());
    // In the popup's language, not the browser's English error text.
    await vi.waitFor(() => expect(root.querySelector('[role=alert]')!.textContent).toBe(ui(lang, 'popup.scanFailed', { reason: ui(lang, 'popup.noAccess') })));
  });

  it('analyses pasted source in the popup language', async () => {
    const { api } = fakeApi(null);
    await mount(api, lang);
    await act(async () => button(ui(lang, 'popup.analyze')).click());
    expect(root.querySelector('[role=alert]')!.textContent).toBe(ui(lang, 'popup.pasteEmpty'));
    const ta = root.querySelector('textarea')!;
    expect(root.querySelector(`label[for="${ta.id}"]`)!.textContent).toBe(ui(lang, 'popup.pasteLabel'));
    await act(async () => {
      // A textarea normalises line breaks to LF (HTML spec), in browsers as in jsdom.
      ta.value = 'From: a@example.com\n\nhi';
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => button(ui(lang, 'popup.analyze')).click());
    expect(api.analyzeText).toHaveBeenCalledWith('From: a@example.com\n\nhi', lang);
    await vi.waitFor(() => expect(root.querySelector('article.analysis')?.getAttribute('data-verdict')).toBe('pgp-encrypted'));
  });

  it('reads a chosen Outlook .msg as bytes (base64), not as text', async () => {
    const { api } = fakeApi(null);
    await mount(api, lang);
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0xff, 0x80]);
    const input = root.querySelector('input[type=file]') as HTMLInputElement;
    expect(input.accept).toContain('.msg');
    Object.defineProperty(input, 'files', { value: [new File([bytes], 'Forwarded.msg')], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(() => expect(api.analyzeText).toHaveBeenCalledWith(Buffer.from(bytes).toString('base64'), lang, 'base64'));
    await vi.waitFor(() => expect(root.querySelector('article.analysis')?.getAttribute('data-verdict')).toBe('pgp-encrypted'));
  });

  it('explains a message too large to analyse', async () => {
    const { api } = fakeApi(null, {
      analyzeText: vi.fn(async () => {
        throw new MessageError('too-large', 'x');
      }),
    });
    await mount(api, lang);
    const ta = root.querySelector('textarea')!;
    await act(async () => {
      ta.value = 'x';
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => button(ui(lang, 'popup.analyze')).click());
    await vi.waitFor(() => expect(root.querySelector('[role=alert]')!.textContent).toBe(ui(lang, 'popup.analyzeFailed', { reason: ui(lang, 'popup.tooLarge', { max: 64 }) })));
  });
});

describe('popup safety and states', () => {
  it('renders hostile message text as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const a = analysisFor('plain', 'en');
    a.explanation.headline = evil;
    a.explanation.sections[0].evidence = [{ source: 'header', where: 'Subject', value: evil }];
    a.message.subject = evil;
    const { api } = fakeApi(stateOf([{ key: 'k', label: evil, analysis: a }]));
    await mount(api);
    await act(async () => root.querySelector<HTMLButtonElement>('.entries button')!.click());
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('h2.headline')!.textContent).toBe(evil);
    expect((window as any).__pwned).toBeUndefined();
  });

  it('puts mail-derived values in <bdi>, with bidi controls shown and long values cut', async () => {
    const a = analysisFor('plain', 'en');
    a.message.subject = `Invoice\u202egpj.exe ${'S'.repeat(100_000)}`;
    a.sender.from = `${'n'.repeat(100_000)}\u202e@example.com`;
    a.explanation.sections[0].evidence = [{ source: 'header', where: 'Subject', value: 'a\u202eb' }];
    const { api } = fakeApi(stateOf([{ key: 'k', label: `Label\u202e${'L'.repeat(100_000)}`, analysis: a }]));
    await mount(api);
    const label = root.querySelector('.entry-label bdi')!;
    expect(label.textContent!.startsWith('Label‹U+202E›L')).toBe(true);
    expect(label.textContent!.length).toBeLessThanOrEqual(140);
    expect(root.querySelector('.entry-from bdi')!.textContent!.length).toBeLessThanOrEqual(120);
    await act(async () => root.querySelector<HTMLButtonElement>('.entries button')!.click());
    const subject = root.querySelector('.subject bdi')!;
    expect(subject.textContent!.startsWith('Invoice‹U+202E›gpj.exe SSS')).toBe(true);
    expect(subject.textContent!.length).toBeLessThanOrEqual(300);
    expect([...root.querySelectorAll('.evidence bdi')].map((b) => b.textContent)).toEqual(['Subject', 'a\u202eb']);
    expect(text()).not.toContain('\u202e'.repeat(1) + 'gpj');
  });

  it('opens the entry the context menu focused', async () => {
    const { api } = fakeApi(stateOf([{ key: 'a', analysis: analysisFor('plain', 'en') }, { key: 'selection', analysis: analysisFor('smime-signed', 'en') }], 'selection'));
    await mount(api);
    expect(root.querySelector('article.analysis')!.getAttribute('data-verdict')).toBe('smime-signed');
  });

  it('says when the tab cannot be read at all', async () => {
    const { api } = fakeApi(null, { activeTabId: vi.fn(async () => null) });
    await mount(api);
    expect(text()).toContain(ui('en', 'popup.noTab'));
    expect(button(ui('en', 'popup.scan'))).toBeUndefined();
  });

  it('shows IDN addresses with their punycode and flags mixed scripts', async () => {
    const a = analysisFor('relay-masked', 'en');
    a.sender.from = 'billing@pаypal.com'; // Cyrillic а
    a.sender.replyTo = ['info@münchen.de'];
    const { api } = fakeApi(stateOf([{ key: 'k', analysis: a }]));
    await mount(api);
    await act(async () => root.querySelector<HTMLButtonElement>('.entries button')!.click());
    const items = [...root.querySelectorAll('.domains li')].map((li) => li.textContent ?? '');
    expect(items[0]).toContain('xn--pypal-4ve.com');
    expect(items[0]).toContain('Latin, Cyrillic');
    expect(root.querySelectorAll('.domain[data-mixed]')).toHaveLength(1);
    expect(items[1]).toContain('xn--mnchen-3ya.de');
    expect(items[1]).not.toContain('⚠');
  });

  it('uses the language from the settings when none is forced', async () => {
    const { api } = fakeApi(null, { lang: vi.fn(async () => 'es' as Lang) });
    await mount(api);
    await vi.waitFor(() => expect(text()).toContain(ui('es', 'popup.empty')));
    expect(document.documentElement.lang).toBe('es');
  });
});

describe('popup: "Use Veil on this site" on a page Veil does not read', () => {
  type Desk = { origin: string; granted: boolean; managed: boolean };
  function withDesk(origin: string | null, desks: Desk[] = [], answer = true) {
    const calls: string[] = [];
    const desksApi = {
      list: vi.fn(async () => desks),
      request: vi.fn((o: string) => {
        calls.push(`request ${o}`);
        return Promise.resolve(answer);
      }),
      add: vi.fn(async (o: string) => {
        calls.push(`add ${o}`);
        return [{ origin: o, granted: true, managed: false }];
      }),
      remove: vi.fn(async () => ({ desks: [], released: true })),
    };
    return { calls, ...fakeApi(null, { tabOrigin: vi.fn(async () => origin), desks: desksApi }) };
  }

  it('offers the tab’s own origin, asks the browser for it in the click, and says when it is done', async () => {
    const { api, calls } = withDesk('https://zammad.example.org');
    await mount(api);
    const section = root.querySelector('.desk-offer')!;
    expect(section.textContent).toContain(ui('en', 'popup.desk.offer', { origin: 'https://zammad.example.org' }));
    await act(async () => button(ui('en', 'popup.desk.add')).click());
    expect(api.desks!.request).toHaveBeenCalledWith('https://zammad.example.org');
    await vi.waitFor(() => expect(section.textContent).toContain(ui('en', 'desk.added', { origin: 'https://zammad.example.org' })));
    expect(calls).toEqual(['request https://zammad.example.org', 'add https://zammad.example.org']);
  });

  it('says so when the agent declines, in their language', async () => {
    const { api, calls } = withDesk('https://support.example.com', [], false);
    await mount(api, 'es');
    await act(async () => button(ui('es', 'popup.desk.add')).click());
    await vi.waitFor(() => expect(root.querySelector('.desk-offer [role=alert]')?.textContent).toBe(ui('es', 'desk.declined', { origin: 'https://support.example.com' })));
    expect(calls).toEqual(['request https://support.example.com']);
  });

  it('offers nothing on a site Veil reads by itself, on a desk already allowed, or where the tab’s address is not given', async () => {
    for (const [origin, desks] of [
      ['https://acme.zendesk.com', []],
      ['https://support.example.com', [{ origin: 'https://support.example.com', granted: true, managed: false }]],
      [null, []],
    ] as const) {
      const { api } = withDesk(origin, [...desks]);
      await mount(api);
      expect(root.querySelector('.desk-offer'), String(origin)).toBeNull();
      render(null, root);
    }
    // A desk listed but whose access was taken back: offered again.
    const { api } = withDesk('https://support.example.com', [{ origin: 'https://support.example.com', granted: false, managed: false }]);
    await mount(api);
    expect(root.querySelector('.desk-offer')).not.toBeNull();
  });
});
