/**
 * Readability scores for the explanation tests (issue 5: English Flesch reading ease ≥ 60, Spanish
 * Fernández-Huerta ≥ 60).
 *
 * Formulas
 * - Flesch reading ease (Flesch 1948):
 *     FRE = 206.835 − 1.015 · (words / sentences) − 84.6 · (syllables / words)
 * - Fernández-Huerta (1959), Flesch's formula re-weighted for Spanish, in its usual corrected form:
 *     L = 206.84 − 0.60 · P − 1.02 · F
 *   where P = syllables per 100 words and F = sentences per 100 words.
 * Both read 60–70 as "plain / fairly easy"; higher is easier.
 *
 * What is measured: the prose. Values from the message (addresses, domains, ids, part numbers,
 * header names with digits) and product names are data, not sentences the writer chose, so tokens
 * that hold '@', '/', '=', '_', a digit or an inner dot are dropped before counting, and so are the
 * product names the engine prints (passed in by the caller).
 */

const EN_VOWELS = /[aeiouy]+/g;

/** English syllables: vowel groups, minus a silent final e / -es / -ed; at least one. */
export function syllablesEn(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!w) return 0;
  if (w.length <= 3) return 1;
  // Silent endings: "make", "lines", "used" (but keep "table", "needed", "boxes").
  w = w.replace(/(?:[^laeiouy]es|[^dt]ed|[^laeiouy]e)$/, (m) => m[0]);
  w = w.replace(/^y/, '');
  const groups = w.match(EN_VOWELS);
  return Math.max(1, groups ? groups.length : 0);
}

const STRONG = new Set(['a', 'e', 'o', 'á', 'é', 'ó']);
const ACCENTED_WEAK = new Set(['í', 'ú']);
const ES_VOWEL = /[aeiouáéíóúü]/;

/**
 * Spanish syllables: one per vowel nucleus. Adjacent vowels share a syllable (diphthong) unless both
 * are strong (a, e, o: hiatus, "le-er") or one is an accented weak vowel (í, ú: "dí-a"). The u of
 * "que/qui/gue/gui" is silent; a final y after a vowel closes the diphthong ("hoy", "rey").
 */
export function syllablesEs(word: string): number {
  let w = word.toLowerCase().replace(/[^a-záéíóúüñ]/g, '');
  if (!w) return 0;
  w = w.replace(/qu(?=[eiéí])/g, 'q').replace(/gu(?=[eiéí])/g, 'g');
  // A y between vowels or at the start is a consonant; only "y" alone is a vowel word.
  if (w === 'y') return 1;
  let count = 0;
  let prev = '';
  for (const ch of w) {
    if (!ES_VOWEL.test(ch)) {
      prev = '';
      continue;
    }
    if (!prev) count++;
    else if ((STRONG.has(prev) && STRONG.has(ch)) || ACCENTED_WEAK.has(prev) || ACCENTED_WEAK.has(ch)) count++;
    prev = ch;
  }
  return Math.max(1, count);
}

export interface TextStats {
  words: number;
  sentences: number;
  syllables: number;
}

/** Drops data tokens and the given names; returns the prose words. */
export function proseWords(text: string, names: readonly string[] = []): string[] {
  let t = text;
  for (const n of [...names].sort((a, b) => b.length - a.length)) t = t.split(n).join(' ');
  return t
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w && !/[@/=_\d]|\.\p{L}/u.test(w) && /\p{L}/u.test(w));
}

export function stats(text: string, lang: 'en' | 'es', names: readonly string[] = []): TextStats {
  // A sentence ends at . ! ? : or a line break (each claim is its own line).
  const sentences = text
    .split(/(?<=[.!?:])\s+|\n+/)
    .filter((s) => proseWords(s, names).length > 0).length;
  const words = proseWords(text, names);
  const count = lang === 'en' ? syllablesEn : syllablesEs;
  return { words: words.length, sentences: Math.max(1, sentences), syllables: words.reduce((n, w) => n + count(w), 0) };
}

export function fleschReadingEase(s: TextStats): number {
  return 206.835 - 1.015 * (s.words / s.sentences) - 84.6 * (s.syllables / s.words);
}

export function fernandezHuerta(s: TextStats): number {
  const P = (100 * s.syllables) / s.words;
  const F = (100 * s.sentences) / s.words;
  return 206.84 - 0.6 * P - 1.02 * F;
}

export function readability(text: string, lang: 'en' | 'es', names: readonly string[] = []): number {
  const s = stats(text, lang, names);
  return lang === 'en' ? fleschReadingEase(s) : fernandezHuerta(s);
}
