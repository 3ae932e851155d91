/**
 * The UI catalogues read as written text: counted strings have a singular and a plural form (no
 * "message(s)"), the Spanish one has no English left over and uses the explanation catalogue's terms.
 */
import { describe, expect, it } from 'vitest';
import { ui, uiCatalogues, uiCount } from '../../src/core/i18n/ui';

describe('UI catalogues', () => {
  it.each(['en', 'es'] as const)('%s: no "(s)" plurals, and every .one key has its plural', (lang) => {
    const cat = uiCatalogues[lang] as Record<string, string>;
    for (const [key, text] of Object.entries(cat)) {
      expect(text, key).not.toMatch(/\w\((s|es)\)/);
      if (key.endsWith('.one')) expect(cat[key.slice(0, -4)], key).toBeDefined();
    }
  });

  it('picks the singular for 1 and the plural otherwise, in both languages', () => {
    expect(uiCount('en', 'popup.found', 1)).toBe('1 message found on this page.');
    expect(uiCount('en', 'popup.found', 3)).toBe('3 messages found on this page.');
    expect(uiCount('es', 'popup.found', 1)).toBe('Se encontró 1 mensaje en esta página.');
    expect(uiCount('es', 'popup.found', 0)).toBe('Se encontraron 0 mensajes en esta página.');
    expect(uiCount('es', 'badge.title', 1)).toBe('Veil: 1 mensaje protegido o enmascarado en esta página');
    expect(uiCount('es', 'badge.title', 12)).toBe('Veil: 12 mensajes protegidos o enmascarados en esta página');
  });

  it('Spanish: "usted", the catalogue’s words, no English words left over', () => {
    const all = Object.values(uiCatalogues.es).join('\n');
    // Informal imperatives/pronouns ("pega", "tu") would break the "usted" register.
    expect(all).not.toMatch(/\b(pega|abre|pulsa|elige|tus?|puedes)\b/i);
    // «ticket» is the help desk's own Spanish word (Zendesk), not English left over: see glossary-es.ts.
    expect(all).not.toMatch(/\b(the|and|message|click|header|relay|found|please)\b/i);
    expect(ui('es', 'popup.emptyHelp')).toContain('Abra un ticket de Zendesk');
    expect(ui('es', 'inpage.badgeAria', { verdict: 'x', headline: 'y' })).toContain('Presione Intro (Enter)');
    expect(ui('es', 'popup.pasteLabel')).toContain('encabezados');
    expect(ui('es', 'verdict.relay-masked')).toBe('Remitente enmascarado');
  });
});
