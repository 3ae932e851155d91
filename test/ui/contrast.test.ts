/**
 * Colour contrast read from the stylesheets themselves (popup.css and the badge/panel CSS), in the
 * light and the dark scheme: every text colour against the background it sits on meets WCAG AA
 * 1.4.3 (4.5:1), focus rings 1.4.11 (3:1). A palette edit that breaks a pair fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BADGE_CSS, PANEL_CSS } from '../../src/content/badge/styles';
import { contrastRatio, parseColor } from '../support/contrast';
import { ROOT } from '../support/paths';

const VERDICTS = ['smime-encrypted', 'pgp-encrypted', 'portal-encrypted', 'attachment-encrypted', 'relay-masked', 'smime-signed', 'pgp-signed', 'plain', 'error'] as const;

/** Custom properties of the first `selector { ... }` block in `css` (e.g. ':root', '.masked'). */
function vars(css: string, selector: string): Record<string, string> {
  const at = css.indexOf(`${selector} {`);
  if (at < 0) throw new Error(`no ${selector} block`);
  const body = css.slice(css.indexOf('{', at) + 1, css.indexOf('}', at));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** HSL hue in degrees. */
function hue(c: string): number {
  const [r, g, b] = parseColor(c).map((v) => v / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

function split(css: string): { light: string; dark: string } {
  const at = css.indexOf('@media (prefers-color-scheme: dark)');
  return { light: css.slice(0, at), dark: css.slice(at) };
}

describe('popup palette (popup.css)', () => {
  const css = readFileSync(join(ROOT, 'src/popup/popup.css'), 'utf8');
  const { light, dark } = split(css);
  const schemes = { light: vars(light, ':root'), dark: { ...vars(light, ':root'), ...vars(dark, ':root') } };
  // Which custom property colours each verdict's chip (the rules in popup.css).
  const chipVar = (v: string) => (v.endsWith('-encrypted') ? '--chip-enc' : v === 'relay-masked' ? '--chip-relay' : v.endsWith('-signed') ? '--chip-sig' : v === 'plain' ? '--chip-plain' : '--chip-error');

  it('colours every verdict chip through the rule this test assumes', () => {
    expect(css).toMatch(/\.chip\[data-verdict\$='-encrypted'\] \{ color: var\(--chip-enc\)/);
    expect(css).toMatch(/\.chip\[data-verdict='relay-masked'\] \{ color: var\(--chip-relay\)/);
  });

  for (const [scheme, p] of Object.entries(schemes)) {
    it.each(VERDICTS)(`${scheme}: the %s chip has ≥ 4.5:1 on the popup background`, (v) => {
      expect(contrastRatio(p[chipVar(v)]!, p['--bg']!)).toBeGreaterThanOrEqual(4.5);
    });
    it(`${scheme}: body, muted, error and primary-button text ≥ 4.5:1; focus ring ≥ 3:1`, () => {
      expect(contrastRatio(p['--fg']!, p['--bg']!)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(p['--muted']!, p['--bg']!)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(p['--error-fg']!, p['--error-bg']!)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(p['--accent-fg']!, p['--accent']!)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(p['--focus']!, p['--bg']!)).toBeGreaterThanOrEqual(3);
    });
  }
});

describe('in-page badge and panel (closed shadow root styles)', () => {
  const { light, dark } = split(BADGE_CSS);
  const tones = ['encrypted', 'masked', 'signed', 'error', 'loading'] as const;
  const base = { light: vars(light, 'button'), dark: { ...vars(light, 'button'), ...vars(dark, 'button') } };

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: every badge tone (and plain) has ≥ 4.5:1 text on its own background`, () => {
      const plain = base[scheme];
      expect(contrastRatio(plain['--fg']!, plain['--bg']!), 'plain').toBeGreaterThanOrEqual(4.5);
      for (const tone of tones) {
        const t = { ...vars(light, `.${tone}`), ...(scheme === 'dark' ? vars(dark, `.${tone}`) : {}) };
        expect(contrastRatio(t['--fg']!, t['--bg']!), tone).toBeGreaterThanOrEqual(4.5);
      }
    });
  }

  it('uses the same hue for a verdict as the popup chip does (one colour language for the agent)', () => {
    const popup = readFileSync(join(ROOT, 'src/popup/popup.css'), 'utf8');
    const p = { light: vars(split(popup).light, ':root'), dark: vars(split(popup).dark, ':root') };
    const pairs = { encrypted: '--chip-enc', masked: '--chip-relay', signed: '--chip-sig', error: '--chip-error' } as const;
    for (const scheme of ['light', 'dark'] as const) {
      for (const [tone, chip] of Object.entries(pairs)) {
        const badge = { ...vars(light, `.${tone}`), ...(scheme === 'dark' ? vars(dark, `.${tone}`) : {}) }['--fg']!;
        const d = Math.abs(hue(badge) - hue(p[scheme][chip]!));
        expect(Math.min(d, 360 - d), `${scheme} ${tone}: badge ${badge} vs chip ${p[scheme][chip]}`).toBeLessThan(45);
      }
    }
  });

  it('panel text ≥ 4.5:1 in both schemes', () => {
    const color = (css: string, sel: string, prop: string) => new RegExp(`${sel.replace('.', '\\.')} \\{[^}]*?\\b${prop}: (#[0-9a-f]{3,6})`).exec(css)?.[1] ?? '';
    const { light: pl, dark: pd } = split(PANEL_CSS);
    expect(contrastRatio(color(pl, '.panel', 'color'), color(pl, '.panel', 'background'))).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#3c4043', color(pl, '.panel', 'background'))).toBeGreaterThanOrEqual(4.5); // evidence list
    expect(contrastRatio(color(pd, '.panel', 'color'), color(pd, '.panel', 'background'))).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(color(pd, 'ul', 'color'), color(pd, '.panel', 'background'))).toBeGreaterThanOrEqual(4.5);
  });
});
