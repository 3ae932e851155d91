/**
 * The in-page explanation panel: one per document, opened by a badge click or by the background
 * (BackgroundToContent.showPanel, the context-menu result). A closed shadow root, text only
 * (textContent), a non-modal dialog: Escape or the Close button closes it and focus returns to
 * the badge that opened it.
 */
import type { Analysis, Lang } from '../../core/types';
import { ui } from '../../core/i18n/ui';
import { evidenceText, shownEvidence } from '../../core/explain/evidence';
import { inert } from '../../core/text';
import type { BadgeState } from './state';
import { PANEL_CSS, PANEL_HOST_STYLE } from './styles';

export const PANEL_ATTR = 'data-veil-panel';

interface PanelParts {
  host: HTMLElement;
  shadow: ShadowRoot;
  box: HTMLElement;
  returnFocus: HTMLElement | null;
}

const panels = new WeakMap<Document, PanelParts>();

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function ensurePanel(doc: Document): PanelParts {
  const existing = panels.get(doc);
  if (existing && existing.host.isConnected) return existing;
  const host = doc.createElement('div');
  host.setAttribute(PANEL_ATTR, '');
  host.setAttribute('style', PANEL_HOST_STYLE);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = el(doc, 'style', PANEL_CSS);
  const box = el(doc, 'section', undefined, 'panel');
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-modal', 'false');
  box.setAttribute('aria-labelledby', 'veil-title');
  box.tabIndex = -1;
  shadow.append(style, box);
  const parts: PanelParts = { host, shadow, box, returnFocus: null };
  box.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.stopPropagation();
      closePanel(doc);
    }
  });
  (doc.body ?? doc.documentElement).append(host);
  panels.set(doc, parts);
  return parts;
}

function copyButton(doc: Document, lang: Lang, label: string, text: string): HTMLButtonElement {
  const b = el(doc, 'button', label);
  b.type = 'button';
  b.addEventListener('click', () => {
    navigator.clipboard?.writeText(text).then(
      () => (b.textContent = ui(lang, 'popup.copied')),
      () => (b.textContent = ui(lang, 'popup.copyFailed')),
    );
  });
  return b;
}

function renderAnalysis(doc: Document, box: HTMLElement, a: Analysis, fallbackLang: Lang): void {
  const lang = a.explanation?.lang ?? fallbackLang;
  const title = el(doc, 'h2', ui(lang, 'inpage.panelTitle', { verdict: ui(lang, `verdict.${a.verdict}`) }));
  title.id = 'veil-title';
  appendHeader(doc, box, title, lang);
  box.append(el(doc, 'p', a.explanation?.headline ?? '', 'headline'));
  for (const s of a.explanation?.sections ?? []) {
    box.append(el(doc, 'h3', s.title));
    // One claim per line in section.text (the explanation engine's layout).
    for (const claim of s.text.split(/\n+/)) if (claim.trim()) box.append(el(doc, 'p', claim));
    // What the message says, not Veil's own rule ids or English reasoning (those stay in the JSON).
    const evidence = shownEvidence(a, s.evidence ?? []);
    if (evidence.length) {
      const list = el(doc, 'ul');
      list.setAttribute('aria-label', ui(lang, 'popup.evidence'));
      // Each item in <bdi>: a right-to-left run quoted from the mail cannot reorder the text around it.
      for (const ev of evidence) {
        const item = el(doc, 'li');
        item.append(el(doc, 'bdi', evidenceText(a, lang, ev)));
        list.append(item);
      }
      box.append(list);
    }
  }
  for (const [text, label, copy] of [
    [a.explanation?.internalNote, 'popup.internalNote', 'popup.copyNote'],
    [a.explanation?.customerReply, 'popup.customerReply', 'popup.copyReply'],
  ] as const) {
    if (!text) continue;
    box.append(el(doc, 'h3', ui(lang, label)), el(doc, 'pre', text), copyButton(doc, lang, ui(lang, copy), text));
  }
}

function appendHeader(doc: Document, box: HTMLElement, title: HTMLElement, lang: Lang): void {
  const header = el(doc, 'header');
  const close = el(doc, 'button', ui(lang, 'inpage.close'));
  close.type = 'button';
  close.addEventListener('click', () => closePanel(doc));
  header.append(title, close);
  box.append(header);
}

/** Opens (or refreshes) the panel with an analysis or a badge's error. */
export function openPanel(doc: Document, content: BadgeState | Analysis, lang: Lang, returnFocus: HTMLElement | null = null): void {
  const parts = ensurePanel(doc);
  parts.box.replaceChildren();
  parts.returnFocus = returnFocus;
  const state: BadgeState = 'kind' in content ? content : { kind: 'done', analysis: content };
  if (state.kind === 'done') renderAnalysis(doc, parts.box, state.analysis, lang);
  else {
    const title = el(doc, 'h2', ui(lang, 'inpage.panelTitle', { verdict: ui(lang, 'verdict.error') }));
    title.id = 'veil-title';
    appendHeader(doc, parts.box, title, lang);
    parts.box.append(el(doc, 'p', state.kind === 'error' ? inert(state.message, 500) : ui(lang, 'inpage.loadingAria'), 'headline'));
  }
  parts.host.hidden = false;
  parts.host.style.setProperty('display', 'block', 'important');
  parts.box.focus();
}

export function closePanel(doc: Document): void {
  const parts = panels.get(doc);
  if (!parts) return;
  parts.host.style.setProperty('display', 'none', 'important');
  const back = parts.returnFocus;
  parts.returnFocus = null;
  if (back?.isConnected) back.focus();
}

/** For tests: the panel's closed shadow root, if one was opened in this document. */
export function panelRootForTest(doc: Document): ShadowRoot | undefined {
  return panels.get(doc)?.shadow;
}
