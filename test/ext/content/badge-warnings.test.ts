// @vitest-environment node
// The page is its own jsdom window: the real core (openpgp) needs Node's own typed arrays, which a
// global jsdom environment replaces.
/**
 * Issue 15: the in-page badge shows a sender that failed its checks: its tooltip (the headline, or
 * the headline plus the warning for other verdicts), its accessible name, a visible mark, and the
 * warning codes on the host. Real analyses of notices generated at test time, in both languages.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core';
import { ui } from '../../../src/core/i18n/ui';
import { mountBadge } from '../../../src/content/badge/mount-badge';
import { openPanel, panelRootForTest } from '../../../src/content/badge/panel';
import { NOTICE_SHAPES, notice } from '../../support/portal-notices';

const document = new JSDOM('<!doctype html><body></body>', { url: 'https://acme.zendesk.com/agent/tickets/1' }).window.document;

function badgeFor(a: Awaited<ReturnType<typeof analyze>>) {
  const anchor = document.createElement('div');
  document.body.append(anchor);
  return mountBadge({ anchor }, { kind: 'done', analysis: a }, { key: Math.random().toString(36), lang: a.explanation.lang, onOpen: () => undefined });
}

describe('badge and the sender check', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`a failing notice: tooltip, label and panel say it (${lang})`, async () => {
      for (const shape of NOTICE_SHAPES) {
        const failed = await analyze(notice(shape, 'fail'), { lang });
        const b = badgeFor(failed);
        const button = b.shadow.querySelector('button')!;
        expect(b.host.getAttribute('data-veil-verdict'), shape.provider).toBe('portal-encrypted');
        expect(b.host.getAttribute('data-veil-warnings'), shape.provider).toBe('unverified-sender');
        expect(button.title, shape.provider).toBe(failed.explanation.headline);
        expect(button.title, shape.provider).toMatch(lang === 'en' ? /could not be confirmed as coming from its sender/ : /no se pudo confirmar que venga de su remitente/);
        expect(button.getAttribute('aria-label'), shape.provider).toContain(failed.explanation.headline);
        expect(b.shadow.querySelector('.mark')!.textContent).toBe('!');
        openPanel(document, failed, lang);
        const panel = panelRootForTest(document)!;
        const paragraphs = [...panel.querySelectorAll('p')].map((p) => p.textContent);
        expect(paragraphs[0]).toBe(failed.explanation.headline);
        expect(paragraphs).toContain(failed.explanation.sections.find((s) => s.id === 'what-to-do')!.text.split('\n')[0]);

        // The same notice, authenticated: today's badge, no mark.
        const ok = await analyze(notice(shape, 'pass'), { lang });
        const okBadge = badgeFor(ok);
        expect(okBadge.host.hasAttribute('data-veil-warnings')).toBe(false);
        expect(okBadge.shadow.querySelector('.mark')!.textContent).toBe('');
        expect(okBadge.shadow.querySelector('button')!.title).toBe(ok.explanation.headline);

        // No results at all: the headline says it could not be checked; no alarm mark.
        const none = await analyze(notice(shape, 'none'), { lang });
        const noneBadge = badgeFor(none);
        expect(noneBadge.host.getAttribute('data-veil-warnings')).toBe('sender-unchecked');
        expect(noneBadge.shadow.querySelector('button')!.title).toMatch(lang === 'en' ? /could not check that it comes from its sender/ : /no pudo comprobar que venga de su remitente/);
        expect(noneBadge.shadow.querySelector('.mark')!.textContent).toBe('');
      }
    });
  }

  it('any other verdict whose sender failed adds the warning to the tooltip', async () => {
    const raw = [
      'Authentication-Results: mx.example.net; spf=fail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org',
      'Received: from mail.example.org (mail.example.org [203.0.113.25]) by mx.example.net with ESMTPS id 1; Tue, 01 Oct 2024 10:00:01 +0000',
      'From: Ana <ana@example.org>', 'To: support@example.net', 'Subject: New bank details', '', 'Pay to the new account.', '',
    ].join('\r\n');
    for (const lang of ['en', 'es'] as const) {
      const a = await analyze(raw, { lang });
      const button = badgeFor(a).shadow.querySelector('button')!;
      expect(button.title).toBe(`${a.explanation.headline} ${ui(lang, 'inpage.warning.unverified-sender')}`);
    }
  });
});
