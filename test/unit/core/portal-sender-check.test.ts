/**
 * Issue 15: a secure-message notice whose sender failed its checks is a possible lure, not a portal.
 * Every vendor shape of portal-vendors.ts, generated at test time, authenticated (dmarc=pass), failed
 * (spf=fail dkim=none dmarc=fail) and with no results, read with and without the receiving system's
 * authserv-id (the CLI's --authserv-id), in both languages, asserting on the real output.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core';
import { t } from '../../../src/core/i18n';
import { VENDORS } from '../../../src/core/classify/portal-vendors';
import type { Analysis, AnalyzeOptions, Lang } from '../../../src/core/types';
import { NOTICE_SHAPES, RECEIVER, notice, type AuthOutcome } from '../../support/portal-notices';

const todo = (a: Analysis) => a.explanation.sections.find((s) => s.id === 'what-to-do')!;
const firstAction = (a: Analysis) => todo(a).text.split('\n')[0]!;
/** The sentences of a customer reply that ask the customer to do something. */
const requests = (reply: string) => reply.split(/(?<=[.?!])\s+/).filter((s) => /\?|please|por favor/i.test(s));

/** Readings of the same bytes: the receiver found on its own, named, and another system named. */
const READINGS: { name: string; options: AnalyzeOptions; trusted: boolean }[] = [
  { name: 'without --authserv-id', options: {}, trusted: true },
  { name: `--authserv-id ${RECEIVER}`, options: { authservIds: [RECEIVER] }, trusted: true },
  { name: '--authserv-id mx.other.example', options: { authservIds: ['mx.other.example'] }, trusted: false },
];

/** What the reader should get, by outcome (an untrusted stamp is the same as no stamp). */
function expected(auth: AuthOutcome, trusted: boolean): 'confirmed' | 'failed' | 'unchecked' {
  if (!trusted || auth === 'none') return 'unchecked';
  return auth === 'pass' ? 'confirmed' : 'failed';
}

const WORDS: Record<Lang, { failed: RegExp; unchecked: RegExp; confirmed: RegExp; first: Record<'failed' | 'unchecked', RegExp>; until: RegExp; after: string }> = {
  en: {
    failed: /could not be confirmed as coming from its sender/,
    unchecked: /could not check that it comes from its sender/,
    confirmed: /the real message waits on a secure website/,
    first: { failed: /^Warning: this notice failed the sender checks/, unchecked: /^Veil could not check who sent this notice\./ },
    until: /opens? the attachment, follows? the link or types? a password/,
    after: 'This step is safe only once the sender confirms the notice.',
  },
  es: {
    failed: /no se pudo confirmar que venga de su remitente/,
    unchecked: /Veil no pudo comprobar que venga de su remitente/,
    confirmed: /el mensaje real espera en un portal seguro/,
    first: { failed: /^Atención: este aviso no superó las comprobaciones del remitente/, unchecked: /^Veil no pudo comprobar quién envió este aviso\./ },
    until: /(abra|abrir) el adjunto, (siga|seguir) el enlace (o|ni) (escriba|escribir) una contraseña/,
    after: 'Ese paso solo es seguro cuando el remitente haya confirmado el aviso.',
  },
};

it('has a generated notice for every vendor rule', () => {
  expect(NOTICE_SHAPES.map((s) => s.provider).sort()).toEqual(VENDORS.map((v) => v.id).sort());
});

describe.each(NOTICE_SHAPES)('$provider notice', (shape) => {
  for (const auth of ['pass', 'fail', 'none'] as const) {
    it(`${auth === 'pass' ? 'authenticated' : auth === 'fail' ? 'failing' : 'with no results'}: headline, first action, note, reply and warnings follow the sender check`, async () => {
      const raw = notice(shape, auth);
      for (const reading of READINGS) {
        const check = expected(auth, reading.trusted);
        for (const lang of ['en', 'es'] as const) {
          const label = `${reading.name} (${lang})`;
          const a = await analyze(raw, { ...reading.options, lang });
          expect(a.verdict, label).toBe('portal-encrypted');
          expect(a.protection.find((l) => l.scheme === 'portal')?.provider, label).toBe(shape.provider);
          expect(a.warnings, label).toEqual(check === 'failed' ? ['unverified-sender'] : check === 'unchecked' ? ['sender-unchecked'] : []);
          expect(a.authentication.senderCheck, label).toBe(check);
          const w = WORDS[lang];
          const e = a.explanation;
          expect(e.headline, label).toMatch(w[check]);
          const first = firstAction(a);
          const steps = todo(a).text.split('\n');
          if (check === 'confirmed') {
            // Authenticated notices keep today's steps: the vendor's open/sign-in step comes first.
            expect(first, label).not.toMatch(/sender checks|comprobaciones del remitente|could not check|no pudo comprobar/);
            expect(todo(a).text, label).not.toContain(w.after);
          } else {
            // Verify first, and no opening, following or typing until then; the vendor's step comes after, conditioned.
            expect(first, label).toMatch(w.first[check]);
            expect(first, label).toMatch(w.until);
            expect(steps[1], label).toMatch(new RegExp(`\\S.* ${w.after.replace(/[.]/g, '\\.')}$`));
          }
          // The what-to-do evidence cites the Authentication-Results result it rests on.
          const arEv = todo(a).evidence.filter((x) => x.where === 'Authentication-Results');
          if (check === 'failed') expect(arEv.map((x) => x.value), label).toContain(`${RECEIVER}; dmarc=fail header.from=example.org`);
          if (check === 'confirmed') expect(arEv.map((x) => x.value), label).toContain(`${RECEIVER}; dmarc=pass header.from=example.org`);
          // The internal note says it: the headline and the first action.
          expect(e.internalNote, label).toContain(e.headline);
          expect(e.internalNote, label).toContain(first);
          // The customer reply never asks the customer to open, click or sign in to anything.
          expect(e.customerReply, label).toBeTruthy();
          for (const ask of requests(e.customerReply!)) expect(ask, label).not.toMatch(/\b(open|click|sign in|log in|abra|abrir|pulse|haga clic|inicie sesión)\b/i);
          if (check === 'failed') {
            expect(e.customerReply!, label).toContain(t(lang, 'reply.portal.unverified'));
            expect(e.customerReply!, label).not.toContain('billing@example.net');
          }
        }
      }
    });
  }
});

describe('sender check on other verdicts', () => {
  const AR_FAIL = `Authentication-Results: ${RECEIVER}; spf=fail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org`;
  const AR_PASS = `Authentication-Results: ${RECEIVER}; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org`;
  const RECEIVED = `Received: from mail.example.org (mail.example.org [203.0.113.25]) by ${RECEIVER} with ESMTPS id 1a2b; Tue, 01 Oct 2024 10:00:01 +0000`;
  const plain = (ar: string) =>
    [ar, RECEIVED, 'From: Ana <ana@example.org>', 'To: support@example.net', 'Subject: Change my bank details', 'Date: Tue, 01 Oct 2024 10:00:00 +0000', 'Message-ID: <p1@example.org>', '', 'Please pay the invoice to the new account.', ''].join('\r\n');

  it('a plain message whose sender failed says so in what-to-do before "answer it as usual"', async () => {
    for (const lang of ['en', 'es'] as const) {
      const a = await analyze(plain(AR_FAIL), { lang });
      expect(a.warnings).toEqual(['unverified-sender']);
      const steps = todo(a).text.split('\n');
      expect(steps[0]).toMatch(lang === 'en' ? /^Warning: this message failed the sender checks, so it may not come from ana@example\.org\./ : /^Atención: este mensaje no superó las comprobaciones del remitente/);
      expect(steps.at(-1)).toBe(t(lang, 'do.usual.after-warning'));
      expect(todo(a).evidence).toContainEqual({ source: 'header', where: 'Authentication-Results', value: `${RECEIVER}; dmarc=fail header.from=example.org` });
      expect(a.explanation.internalNote).toContain(steps[0]);
    }
    const ok = await analyze(plain(AR_PASS));
    expect(ok.warnings).toEqual([]);
    expect(todo(ok).text).toBe(t('en', 'do.plain'));
  });

  it('an SPF fail with an aligned DKIM pass is confirmed; an SPF fail alone is not', async () => {
    const dkimOk = await analyze(plain(`Authentication-Results: ${RECEIVER}; spf=fail smtp.mailfrom=bounce.example.com; dkim=pass header.d=mail.example.org`));
    expect(dkimOk.authentication.senderCheck).toBe('confirmed');
    const spfFail = await analyze(plain(`Authentication-Results: ${RECEIVER}; spf=fail smtp.mailfrom=example.org; dkim=pass header.d=other.example`));
    expect(spfFail.authentication.senderCheck).toBe('failed');
    expect(spfFail.warnings).toEqual(['unverified-sender']);
  });

  it('a DMARC pass for another domain than the From line confirms nothing', async () => {
    const a = await analyze(plain(`Authentication-Results: ${RECEIVER}; dmarc=pass header.from=attacker.example`));
    expect(a.authentication.senderCheck).toBe('unchecked');
    expect(a.warnings).toEqual(['sender-unchecked']);
  });

  it('results written before the receiving system are not trusted: a forged pass leaves the sender unchecked', async () => {
    const older = 'Received: from attacker.example (attacker.example [198.51.100.7]) by mail.example.org with ESMTP id 9z; Tue, 01 Oct 2024 09:59:59 +0000';
    const forged = [RECEIVED, older, `Authentication-Results: ${RECEIVER}; dmarc=pass header.from=example.org`, 'From: Ana <ana@example.org>', 'To: support@example.net', 'Subject: x', '', 'x', ''].join('\r\n');
    for (const options of [{}, { authservIds: [RECEIVER] }]) {
      const a = await analyze(forged, options);
      expect(a.authentication.senderCheck).toBe('unchecked');
      expect(a.warnings).toEqual(['sender-unchecked']);
    }
  });
});
