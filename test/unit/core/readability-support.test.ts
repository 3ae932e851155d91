import { describe, expect, it } from 'vitest';
import { fernandezHuerta, fleschReadingEase, stats, syllablesEn, syllablesEs } from '../../support/readability';

describe('syllable counting', () => {
  it('counts English syllables on common words', () => {
    const cases: [string, number][] = [
      ['the', 1], ['message', 2], ['encrypted', 3], ['make', 1], ['lines', 1], ['used', 1], ['table', 2],
      ['reply', 2], ['address', 2], ['recipient', 3], ['privacy', 3], ['only', 2], ['server', 2], ['needed', 2],
    ];
    for (const [w, n] of cases) expect([w, syllablesEn(w)]).toEqual([w, n]);
  });
  it('counts Spanish syllables with diphthongs, hiatus and silent u', () => {
    const cases: [string, number][] = [
      ['mensaje', 3], ['cifrado', 3], ['dirección', 3], ['leer', 2], ['día', 2], ['puede', 2], ['que', 1],
      ['guerra', 2], ['servidor', 3], ['respuesta', 3], ['país', 2], ['hoy', 1], ['y', 1], ['aéreo', 4], ['destinatario', 5],
    ];
    for (const [w, n] of cases) expect([w, syllablesEs(w)]).toEqual([w, n]);
  });
});

describe('scores', () => {
  it('rates short plain sentences as easy and long Latinate ones as hard (English)', () => {
    expect(fleschReadingEase(stats('The cat sat on the mat. It was a good day.', 'en'))).toBeGreaterThan(90);
    expect(fleschReadingEase(stats('Cryptographic encapsulation necessitates comprehensive organizational authorization procedures.', 'en'))).toBeLessThan(0);
  });
  it('rates short plain sentences as easy and long ones as hard (Spanish)', () => {
    expect(fernandezHuerta(stats('El gato está en la casa. Hoy es un buen día.', 'es'))).toBeGreaterThan(90);
    expect(fernandezHuerta(stats('La encapsulación criptográfica necesita autorizaciones organizativas extraordinariamente complejas.', 'es'))).toBeLessThan(20);
  });
  it('leaves data out of the count', () => {
    const s = stats('Reply to ana_x7@simplelogin.co now.', 'en');
    expect(s.words).toBe(3);
  });
});
