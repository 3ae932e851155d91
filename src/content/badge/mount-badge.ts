/**
 * One badge per message: a host element inserted next to the message (the only change Veil makes
 * to the page), a CLOSED shadow root so neither the page's CSS nor its scripts reach inside, and
 * text set through textContent only — the page and the email are hostile (STYLE.md rule 9).
 * The host carries `data-veil-verdict` with the stable code and `data-veil-warnings` with the
 * analysis's warning codes, the only things the page (and our e2e tests) can read.
 */
import type { Lang } from '../../core/types';
import { ui } from '../../core/i18n/ui';
import type { BadgeState } from './state';
import { BADGE_CSS, HOST_STYLE } from './styles';
import { verdictTone } from './verdict-style';

export const BADGE_ATTR = 'data-veil-badge';

export interface BadgePlacement {
  anchor: Element;
  position?: InsertPosition;
}

export interface BadgeHandle {
  readonly host: HTMLElement;
  /** The closed shadow root: only our code holds it (tests read the text through it). */
  readonly shadow: ShadowRoot;
  update(state: BadgeState): void;
  /** Still inserted where `placement` says (a re-render of the page may have dropped it). */
  isPlaced(placement: BadgePlacement): boolean;
  remove(): void;
}

export interface BadgeOptions {
  key: string;
  lang: Lang;
  /** Opens the explanation (the in-page panel); `focusBack` is where focus goes when it closes. */
  onOpen(state: BadgeState, focusBack: HTMLElement): void;
}

function parentFor(host: Element, position: InsertPosition, anchor: Element): boolean {
  return position === 'beforeend' || position === 'afterbegin' ? host.parentElement === anchor : host.parentElement === anchor.parentElement;
}

export function mountBadge(placement: BadgePlacement, initial: BadgeState, opts: BadgeOptions): BadgeHandle {
  const doc = placement.anchor.ownerDocument;
  const host = doc.createElement('span');
  host.setAttribute(BADGE_ATTR, '');
  host.setAttribute('data-veil-key', opts.key);
  host.setAttribute('style', HOST_STYLE);
  const shadow = host.attachShadow({ mode: 'closed', delegatesFocus: true });
  const style = doc.createElement('style');
  style.textContent = BADGE_CSS;
  const button = doc.createElement('button');
  button.type = 'button';
  button.setAttribute('aria-haspopup', 'dialog');
  const dot = doc.createElement('span');
  dot.className = 'dot';
  dot.setAttribute('aria-hidden', 'true');
  const label = doc.createElement('span');
  label.className = 't';
  // A sender that failed its checks: a mark the eye catches before the tooltip is read.
  const mark = doc.createElement('span');
  mark.className = 'mark';
  mark.setAttribute('aria-hidden', 'true');
  mark.hidden = true;
  button.append(dot, label, mark);
  shadow.append(style, button);

  let state = initial;
  button.addEventListener('click', (ev) => {
    // The badge sits inside the page's own clickable rows (a Gmail header, a Zendesk comment).
    ev.stopPropagation();
    ev.preventDefault();
    // Focus returns to the button itself (inside the closed root) when the panel closes.
    if (state.kind !== 'loading') opts.onOpen(state, button);
  });

  function render(): void {
    if (state.kind === 'loading') {
      host.removeAttribute('data-veil-verdict');
      host.setAttribute('data-veil-state', 'loading');
      button.className = 'loading';
      label.textContent = ui(opts.lang, 'inpage.loading');
      button.title = ui(opts.lang, 'inpage.loadingAria');
      button.setAttribute('aria-label', ui(opts.lang, 'inpage.loadingAria'));
      button.setAttribute('aria-busy', 'true');
      host.removeAttribute('data-veil-warnings');
      mark.hidden = true;
      mark.textContent = '';
      return;
    }
    button.removeAttribute('aria-busy');
    const verdict = state.kind === 'done' ? state.analysis.verdict : 'error';
    const lang = state.kind === 'done' ? (state.analysis.explanation?.lang ?? opts.lang) : opts.lang;
    const headline = state.kind === 'done' ? (state.analysis.explanation?.headline ?? '') : state.message;
    const name = ui(lang, `verdict.${verdict}`);
    // An analysis stored by an older version has no warnings.
    const warnings = state.kind === 'done' ? (state.analysis.warnings ?? []) : [];
    const unverified = warnings.includes('unverified-sender');
    // A notice's headline already says its sender was not confirmed; any other verdict's does not.
    const tip = unverified && verdict !== 'portal-encrypted' ? `${headline} ${ui(lang, 'inpage.warning.unverified-sender')}` : headline;
    host.setAttribute('data-veil-verdict', verdict);
    host.setAttribute('data-veil-state', state.kind);
    if (warnings.length) host.setAttribute('data-veil-warnings', warnings.join(' '));
    else host.removeAttribute('data-veil-warnings');
    button.className = verdictTone(verdict);
    label.textContent = name;
    mark.hidden = !unverified;
    mark.textContent = unverified ? '!' : '';
    button.title = tip;
    button.setAttribute('aria-label', ui(lang, 'inpage.badgeAria', { verdict: name, headline: tip }));
  }

  render();
  placement.anchor.insertAdjacentElement(placement.position ?? 'beforeend', host);

  return {
    host,
    shadow,
    update(next) {
      state = next;
      render();
    },
    isPlaced: (p) => host.isConnected && parentFor(host, p.position ?? 'beforeend', p.anchor),
    remove: () => host.remove(),
  };
}
