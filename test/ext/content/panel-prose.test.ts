// @vitest-environment node
// The page is its own jsdom window: the real core (openpgp) needs Node's own typed arrays.
/**
 * Issue 14 in the in-page panel: what the agent reads there carries no rule id, no source citation
 * and no English Veil wrote into a Spanish explanation; evidence is quoted mail or data. Real
 * analyses of the samples and of generated relay mail.
 */
import { JSDOM } from 'jsdom';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core';
import { openPanel, panelRootForTest } from '../../../src/content/badge/panel';
import { dataValues, englishWordsIn } from '../../support/explanation-text';
import { ROOT } from '../../support/paths';
import { PROVIDERS, replyLeg } from '../../support/relay-mail';

const document = new JSDOM('<!doctype html><body></body>', { url: 'https://acme.zendesk.com/agent/tickets/1' }).window.document;

function panelText(): string {
  const root = panelRootForTest(document)!;
  return [...root.querySelectorAll('h2, h3, p, li, pre')].map((n) => n.textContent ?? '').join('\n');
}

describe('the in-page panel speaks the agent’s language', () => {
  it('shows no rule id, source citation or Veil-written English, in either language', async () => {
    const raws: [string, Uint8Array | string][] = [
      ...readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.eml')).map((f): [string, Uint8Array] => [f, readFileSync(join(ROOT, 'samples', f))]),
      ...PROVIDERS.map((p): [string, string] => [p, replyLeg(p).raw]),
    ];
    const problems: string[] = [];
    for (const [name, raw] of raws) {
      for (const lang of ['en', 'es'] as const) {
        const a = await analyze(raw, { lang });
        openPanel(document, a, lang);
        const text = panelText();
        const rules = a.explanation.sections.flatMap((s) => s.evidence.filter((e) => e.source === 'rule').map((e) => e.where)).filter((w) => /[.:-]/.test(w));
        for (const id of rules) if (text.includes(id)) problems.push(`${name} ${lang}: rule id ${id}`);
        const bad = /[\w-]+\/[\w.-]+@[0-9a-f]{7}|\.py\b|\b0 Received\b|random \[a-z0-9\]|integrity=|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?![^«]*»)/.exec(text.replace(/«[^»]*»|“[^”]*”/g, ' '));
        if (bad) problems.push(`${name} ${lang}: ${bad[0]}`);
        if (lang === 'es') {
          const english = englishWordsIn(text.replace(/[\w.+-]+\/[\w.+-]+|\S*=\S*/g, ' '), dataValues(a));
          if (english.length) problems.push(`${name} es: English ${english.join(', ')}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
