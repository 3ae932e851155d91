/**
 * The Spanish glossary: one term per concept, the reason for each, and the words it replaces.
 *
 * The texts Veil writes are pasted into help-desk tickets and sent to customers in Spain and Latin
 * America, so the words are the help desk's own (Zendesk's Spanish interface) and neutral Spanish.
 * A test (test/unit/core/glossary-es.test.ts) fails when a rejected term appears in a Spanish
 * catalogue (explanations, UI, public/_locales/es) or in Spanish prose Veil renders for real mail.
 * Pure data: no imports, nothing here reaches the reader.
 */

export interface GlossaryEntry {
  /** The concept, in English. */
  concept: string;
  /** The Spanish term Veil uses. */
  term: string;
  /** Why this term and not another. */
  why: string;
  /** Words Veil must not write for this concept (case-insensitive, whole words unless the pattern says otherwise). */
  rejected?: RegExp[];
  /** Phrases that contain a rejected pattern but are the chosen term itself (removed before checking). */
  allow?: RegExp[];
  /** 'catalogue': checked on catalogue strings only (rendered prose quotes mail, which may contain anything). */
  scope?: 'catalogue';
}

/** Letters on neither side: a whole word, accents included (\b is ASCII-only). */
// regex-checked: `w` is a short literal alternation written in this file (a word and its plural);
// these patterns read Veil's own catalogue strings and rendered prose in the tests, never raw mail.
const word = (w: string) => new RegExp(`(?<!\\p{L})(?:${w})(?!\\p{L})`, 'iu');

export const GLOSSARY_ES: readonly GlossaryEntry[] = [
  {
    concept: 'ticket (a help-desk conversation)',
    term: 'ticket',
    why: 'Zendesk’s Spanish interface says «ticket»; «caso» is another product’s word, and «su caso» reads as the customer’s matter.',
    rejected: [word('casos?')],
  },
  {
    concept: 'merge tickets',
    term: 'fusionar (fusiónelo con el ticket correcto)',
    why: 'Zendesk calls it «fusionar tickets»; «vincular» is a different feature (linked tickets) and sends the agent to the wrong button.',
    rejected: [/(?<!\p{L})v[ií]nc[uú]l\p{L}*/iu],
  },
  {
    concept: 'privacy relay (Apple Hide My Email, Firefox Relay, …)',
    term: 'servicio de reenvío privado',
    why: 'The full name, always with «privado», so it never shares the word «reenvío» with ordinary forwarding. Glossed once as «retransmisión privada», the seed article’s word.',
    rejected: [/(?<!\p{L})reenv\p{L}*/iu],
    allow: [/servicios? de reenvío privados?/giu],
  },
  {
    concept: 'ordinary forwarding (a person or a mail server passes a message on)',
    term: 'enviar (a otra persona); redirigir, redirección (un servidor)',
    why: '«Reenviar» is kept for the privacy relay; a person sends the message to a colleague, a server redirects it.',
  },
  {
    concept: 'a vendor’s secure-message website (Proofpoint, Zix, Microsoft Purview, …)',
    term: 'portal seguro',
    why: 'One name for one thing: not «sitio web seguro» in one line and «mensajería protegida» in the next.',
    rejected: [/sitio web seguro|mensajería protegida/iu],
  },
  {
    concept: 'check (SPF, DKIM, DMARC, a signature, a setting)',
    term: 'comprobación, comprobar',
    why: 'One word for every check, as in the section title «Comprobaciones del remitente»; «revisión» reads as a review by a person.',
    rejected: [/(?<!\p{L})revis\p{L}*/iu],
  },
  {
    concept: 'evidence (the header or part behind a claim)',
    term: 'evidencias',
    why: '«Pruebas» reads as software tests to a technical reader, and as legal proof to a customer. The verb «probar» is avoided too («demostrar»), so the word never appears.',
    rejected: [word('pruebas?')],
  },
  {
    concept: 'encrypt, encrypted',
    term: 'cifrar, cifrado',
    why: 'The standard term (RAE, ISO). Glossed once with the seed article’s word, «encriptado», which agents search for.',
    rejected: [/(?<!\p{L})encript\p{L}*/iu],
    allow: [/«encriptado»/gu],
  },
  {
    concept: 'contact someone',
    term: 'comuníquese con',
    why: 'Neutral Spanish: «contacte con» is usual in Spain only.',
    rejected: [word('contacte|contactar con')],
  },
  {
    concept: 'add (a certificate, a key)',
    term: 'agregar',
    why: 'Neutral Spanish: «añadir» is usual in Spain only; «agregar» is understood everywhere.',
    rejected: [/(?<!\p{L})añad\p{L}*/iu],
  },
  {
    concept: 'press a key; click a button',
    term: 'presione Intro (Enter); haga clic en',
    why: 'The key is labelled «Intro» in Spain and «Enter» in Latin America; «pulsar» is usual in Spain only.',
    rejected: [/(?<!\p{L})intro(?!\p{L})(?! \(Enter\))/iu, word('puls(?:a|e|ar)')],
  },
  {
    concept: 'the IT team',
    term: 'equipo de TI',
    why: 'Understood in Spain and Latin America; «informática» is Spain’s usual word, «sistemas» Latin America’s.',
    rejected: [/equipo de informática/iu],
  },
  {
    concept: 'quotation marks',
    term: '« »',
    why: 'Spanish typography (RAE): angular quotation marks first.',
    rejected: [/[“”"]/u],
    scope: 'catalogue',
  },
  {
    concept: 'a rule or policy of the agent’s organisation',
    term: 'las normas internas',
    why: '«Sus normas» next to «el cliente» reads as the customer’s rules.',
    rejected: [/sus normas/iu],
  },
  {
    concept: 'join its own conversation; on its own',
    term: 'la conversación de la que forma parte; por sí mismo',
    why: '«Su conversación» reads as the customer’s; «no se unirá solo» reads as «only».',
    rejected: [/su conversación|se unirá solo(?!\p{L})/iu],
  },
  {
    concept: 'a key that was not valid when the signature was made',
    term: 'no era válida en el momento de la firma',
    why: '«La clave no era válida cuando firmó» makes the key the signer.',
    rejected: [/cuando firmó/iu],
  },
];

/** The rejected terms a Spanish text uses (`catalogue` entries only when `catalogue` is true). */
export function rejectedTermsEs(text: string, catalogue = false): string[] {
  const found: string[] = [];
  for (const e of GLOSSARY_ES) {
    if (e.scope === 'catalogue' && !catalogue) continue;
    let t = text;
    for (const a of e.allow ?? []) t = t.replace(a, ' ');
    for (const r of e.rejected ?? []) {
      const m = r.exec(t);
      if (m) found.push(`${m[0]} (use: ${e.term})`);
    }
  }
  return found;
}
