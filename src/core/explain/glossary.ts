/**
 * Jargon that gets a one-line gloss the first time an explanation uses it (issue 5: "no unexplained
 * jargon"). A line lists the terms it uses; the renderer appends `gloss.<term>` after the first one.
 */
export const TERMS = ['smime', 'openpgp', 'encryption', 'relay', 'portal', 'tls', 'spf', 'dkim', 'dmarc', 'arc', 'signature'] as const;
export type Term = (typeof TERMS)[number];

export type GlossKey = `gloss.${Term}`;

export function glossKey(term: Term): GlossKey {
  return `gloss.${term}`;
}
