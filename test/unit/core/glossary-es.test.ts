/**
 * Issue 14: the Spanish Veil writes uses the help desk's words (src/core/i18n/glossary-es.ts). A
 * rejected term fails here, in every Spanish catalogue (explanations, UI, the extension's own
 * public/_locales/es) and in the prose rendered for real and generated mail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOSSARY_ES, rejectedTermsEs } from '../../../src/core/i18n/glossary-es';
import { loadCatalogues } from '../../support/catalogues';
import { ROOT } from '../../support/paths';

describe('Spanish glossary', () => {
  it('gives every term a reason, and a rejected word for each concept it replaces', () => {
    for (const e of GLOSSARY_ES) {
      expect(e.term.trim(), e.concept).not.toBe('');
      expect(e.why.length, e.concept).toBeGreaterThan(20);
    }
    expect(GLOSSARY_ES.filter((e) => e.rejected?.length).length).toBeGreaterThanOrEqual(10);
  });

  it('catches the words it rejects, and not the chosen terms', () => {
    const bad = ['Abra un caso nuevo.', 'Vincúlelo a mano.', 'un reenvío', 'Reenvíelo sin cambios.', 'un sitio web seguro', 'Revisión SPF', 'Los detalles están en las pruebas.',
      'contacte con la persona', 'Añadir certificado', 'Pulse Intro', 'líneas como “From:”', 'que sus normas permitan', 'se unirá a su conversación', 'no se unirá solo', 'no era válida cuando firmó', 'está encriptado'];
    for (const s of bad) expect(rejectedTermsEs(s, true), s).not.toEqual([]);
    const good = ['Abra un ticket nuevo.', 'Fusiónelo con el ticket correcto.', 'un servicio de reenvío privado', 'Envíelo sin cambios.', 'un portal seguro', 'Comprobación SPF', 'Los detalles están en las evidencias.',
      'comuníquese con la persona', 'Agregar certificado', 'Presione Intro (Enter)', 'líneas como «From:»', 'que permitan las normas internas', 'por si acaso', 'en el momento de la firma', 'Cifrado, también llamado «encriptado»'];
    for (const s of good) expect(rejectedTermsEs(s, true), s).toEqual([]);
  });

  it('finds no rejected term in any Spanish catalogue (explanations, UI, public/_locales/es)', async () => {
    const bad: string[] = [];
    for (const { dir, lang, messages } of await loadCatalogues()) {
      if (lang !== 'es') continue;
      for (const [k, v] of Object.entries(messages)) for (const r of rejectedTermsEs(v, true)) bad.push(`${dir}/es ${k}: ${r}`);
    }
    const locales = JSON.parse(readFileSync(join(ROOT, 'public/_locales/es/messages.json'), 'utf8')) as Record<string, { message: string }>;
    for (const [k, v] of Object.entries(locales)) for (const r of rejectedTermsEs(v.message, true)) bad.push(`_locales/es ${k}: ${r}`);
    expect(bad).toEqual([]);
  });

  it('puts a gloss’s full stop inside its parenthesis: a gloss after a full stop is its own sentence', async () => {
    for (const { lang, messages } of await loadCatalogues()) {
      for (const [k, v] of Object.entries(messages)) if (k.startsWith('gloss.')) expect(v, `${lang} ${k}`).toMatch(/^\(.+\.\)$/);
    }
  });
});
