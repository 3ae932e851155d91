import { describe, expect, it, vi } from 'vitest';
import type { Analysis } from '../../../src/core/types';
import { mountBadge } from '../../../src/content/badge/mount-badge';
import { closePanel, openPanel, panelRootForTest } from '../../../src/content/badge/panel';

const HOSTILE = '<img src=x onerror="window.pwned=1">';

function analysis(verdict: Analysis['verdict'], lang: 'en' | 'es' = 'en'): Analysis {
  return {
    ok: true,
    verdict,
    explanation: {
      lang,
      headline: `Headline ${HOSTILE}`,
      sections: [{ id: 'what', title: `Title ${HOSTILE}`, text: 'Line one\nLine two', evidence: [{ source: 'header', where: 'From', value: HOSTILE }] }],
      internalNote: 'Note for the team',
      customerReply: 'Reply for the customer',
    },
  } as unknown as Analysis;
}

function anchor(): HTMLElement {
  const a = document.createElement('div');
  a.textContent = 'Sender';
  document.body.append(a);
  return a;
}

describe('badge', () => {
  it('loading, then the verdict: code on the host, text-only content in a closed shadow root', () => {
    const a = anchor();
    const onOpen = vi.fn();
    const b = mountBadge({ anchor: a }, { kind: 'loading' }, { key: 'k1', lang: 'en', onOpen });
    expect(a.lastElementChild).toBe(b.host);
    expect(b.host.shadowRoot).toBeNull(); // closed: the page cannot reach in
    expect(b.host.hasAttribute('data-veil-verdict')).toBe(false);
    expect(b.host.getAttribute('data-veil-state')).toBe('loading');

    b.update({ kind: 'done', analysis: analysis('relay-masked') });
    expect(b.host.getAttribute('data-veil-verdict')).toBe('relay-masked');
    const button = b.shadow.querySelector('button')!;
    expect(button.textContent).toBe('Masked sender');
    expect(button.title).toBe(`Headline ${HOSTILE}`);
    expect(button.getAttribute('aria-label')).toContain('Masked sender');
    expect(b.shadow.querySelector('img')).toBeNull();
    expect(button.tabIndex).toBe(0);
    // The page's own text is untouched by the badge.
    expect(a.firstChild!.textContent).toBe('Sender');

    button.click();
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen.mock.calls[0]![1]).toBe(button);
  });

  it('speaks the analysis language and says why on error', () => {
    const a = anchor();
    const b = mountBadge({ anchor: a, position: 'beforebegin' }, { kind: 'done', analysis: analysis('smime-encrypted', 'es') }, { key: 'k2', lang: 'en', onOpen: () => undefined });
    expect(a.previousElementSibling).toBe(b.host);
    expect(b.shadow.querySelector('button')!.textContent).toBe('Cifrado S/MIME');
    b.update({ kind: 'error', message: 'The raw source of this message is empty.' });
    expect(b.host.getAttribute('data-veil-verdict')).toBe('error');
    expect(b.shadow.querySelector('button')!.title).toBe('The raw source of this message is empty.');
    expect(b.isPlaced({ anchor: a, position: 'beforebegin' })).toBe(true);
    b.remove();
    expect(b.isPlaced({ anchor: a, position: 'beforebegin' })).toBe(false);
  });

  it('panel: a non-modal dialog with the explanation as text; Escape closes it and returns focus', () => {
    const a = anchor();
    const b = mountBadge({ anchor: a }, { kind: 'done', analysis: analysis('pgp-encrypted') }, { key: 'k3', lang: 'en', onOpen: () => undefined });
    const button = b.shadow.querySelector('button')!;
    openPanel(document, analysis('pgp-encrypted'), 'en', button);
    const root = panelRootForTest(document)!;
    const dialog = root.querySelector('[role="dialog"]')!;
    expect(dialog.getAttribute('aria-labelledby')).toBe('veil-title');
    expect(root.querySelector('#veil-title')!.textContent).toBe('Veil: OpenPGP encrypted');
    expect(root.querySelector('.headline')!.textContent).toBe(`Headline ${HOSTILE}`);
    expect(root.querySelector('h3')!.textContent).toBe(`Title ${HOSTILE}`);
    // The evidence label is in the reader's language ("header", "encabezado").
    expect(root.querySelector('li')!.textContent).toBe(`header From: ${HOSTILE}`);
    expect(root.querySelector('img')).toBeNull();
    expect([...root.querySelectorAll('pre')].map((p) => p.textContent)).toEqual(['Note for the team', 'Reply for the customer']);
    expect(root.activeElement).toBe(dialog);

    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    const host = document.querySelector('[data-veil-panel]') as HTMLElement;
    expect(host.style.display).toBe('none');
    expect(document.activeElement).toBe(b.host);
    expect(b.shadow.activeElement).toBe(button);

    // Reopened (e.g. by the background's showPanel) it reuses the one panel.
    openPanel(document, { kind: 'error', message: 'Could not read it' }, 'en');
    expect(document.querySelectorAll('[data-veil-panel]')).toHaveLength(1);
    expect(root.querySelector('.headline')!.textContent).toBe('Could not read it');
    closePanel(document);
  });
});
