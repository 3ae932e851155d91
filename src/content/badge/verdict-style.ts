import type { Verdict } from '../../core/types';

/** Colour family of a verdict: what makes content unreadable, what hides the sender, signatures. */
export function verdictTone(verdict: Verdict): 'encrypted' | 'masked' | 'signed' | 'plain' | 'error' {
  if (verdict.endsWith('-encrypted')) return 'encrypted';
  if (verdict === 'relay-masked') return 'masked';
  if (verdict.endsWith('-signed')) return 'signed';
  return verdict === 'error' ? 'error' : 'plain';
}
