/**
 * Issue 15, item 3: the sender check changes the advice for every verdict, not only for portal
 * notices. Relay-masked, encrypted (openssl), signed (openssl) and plain messages whose From failed
 * the receiving system's checks say so first in what-to-do; a signature that is intact but made by
 * a certificate whose address is not the failed From is called out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core';
import { t } from '../../../src/core/i18n';
import type { Analysis, Lang } from '../../../src/core/types';
import { makeCa, makeUser, tempPki, type Identity, type Pki } from '../../support/openssl';
import { replyLeg } from '../../support/relay-mail';

const RECEIVER = 'mx.example.net';
const received = () => `Received: from mail.sender.example (mail.sender.example [203.0.113.25]) by ${RECEIVER} with ESMTPS id 7q; Tue, 01 Oct 2024 10:00:01 +0000`;
const failFor = (domain: string) => `Authentication-Results: ${RECEIVER}; spf=fail smtp.mailfrom=${domain}; dkim=none; dmarc=fail header.from=${domain}`;
const passFor = (domain: string) => `Authentication-Results: ${RECEIVER}; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`;
const stamp = (raw: string, ar: string) => `${ar}\r\n${received()}\r\n${raw}`;

const todo = (a: Analysis) => a.explanation.sections.find((s) => s.id === 'what-to-do')!;
const WARN: Record<Lang, RegExp> = {
  en: /^Warning: this message failed the sender checks, so it may not come from \S+@\S+\. Do not act on what it asks/,
  es: /^Atención: este mensaje no superó las comprobaciones del remitente, así que puede que no venga de \S+@\S+\./,
};

let pki: Pki;
let ca: Identity;
let bob: Identity;
beforeAll(() => {
  pki = tempPki();
  ca = makeCa(pki);
  bob = makeUser(pki, ca);
  pki.write('msg.txt', 'Content-Type: text/plain\r\n\r\nPlease change the bank account for our invoices.\r\n');
});
afterAll(() => pki.cleanup());

function openssl(args: string[], from: string): string {
  return pki.run(['cms', '-from', from, '-to', 'support@example.net', '-subject', 'Invoice', ...args]).toString().replace(/\r?\n/g, '\r\n');
}

async function both(raw: string, verdict: Analysis['verdict']) {
  const out: Record<Lang, Analysis> = { en: await analyze(raw, { lang: 'en' }), es: await analyze(raw, { lang: 'es' }) };
  for (const lang of ['en', 'es'] as const) {
    expect(out[lang].verdict).toBe(verdict);
    expect(out[lang].warnings).toEqual(['unverified-sender']);
    const steps = todo(out[lang]).text.split('\n');
    expect(steps[0], lang).toMatch(WARN[lang]);
    expect(todo(out[lang]).evidence.some((e) => e.where === 'Authentication-Results' && /dmarc=fail/.test(e.value)), lang).toBe(true);
    expect(out[lang].explanation.internalNote, lang).toContain(steps[0]);
  }
  return out;
}

describe('a failed sender on every verdict', () => {
  it('relay-masked: the warning comes before the reply advice', async () => {
    const m = replyLeg('simplelogin');
    const domain = m.alias.split('@')[1]!;
    const out = await both(stamp(m.raw, failFor(domain)), 'relay-masked');
    // Then the step that keeps the reply from being lost, then where the reply goes.
    // Every step that answers the sender waits for the sender's confirmation.
    const steps = todo(out.en).text.split('\n');
    expect(steps[1]).toMatch(/^Send your reply from \S+@\S+\..* Do this only once the sender has confirmed the message\.$/);
    expect(steps[2]).toBe(`Reply to ${m.alias}. The relay passes your reply on to the customer. ${t('en', 'do.after-confirm', { step: '' }).trim()}`);
    for (const lang of ['en', 'es'] as const) {
      const condition = t(lang, 'do.after-confirm', { step: '' }).trim();
      const replies = todo(out[lang]).text.split('\n').filter((l) => /^(Reply|Send your reply|Responda|Envíe su respuesta)/.test(l));
      expect(replies.length, lang).toBeGreaterThanOrEqual(3);
      for (const l of replies) expect(l.endsWith(condition), `${lang}: ${l}`).toBe(true);
      // The customer reply asks them to confirm, and promises nothing about addresses.
      expect(out[lang].explanation.customerReply, lang).toContain(t(lang, 'reply.unverified'));
      expect(out[lang].explanation.customerReply, lang).not.toContain(m.alias);
    }
    // The same message, authenticated, keeps today's advice.
    const ok = await analyze(stamp(m.raw, passFor(domain)));
    expect(ok.warnings).toEqual([]);
    expect(todo(ok).text).not.toMatch(/sender checks/);
  });

  it('S/MIME encrypted (openssl): the warning comes before forwarding advice', async () => {
    const raw = openssl(['-encrypt', '-in', 'msg.txt', '-aes256', bob.cert], 'Billing <billing@sender.example>');
    const out = await both(stamp(raw, failFor('sender.example')), 'smime-encrypted');
    for (const lang of ['en', 'es'] as const) {
      const condition = t(lang, 'do.after-confirm', { step: '' }).trim();
      const steps = todo(out[lang]).text.split('\n');
      // Forwarding it on, or asking for another copy, rests on the sender too.
      for (const key of ['do.encrypted.forward', 'do.encrypted.resend'] as const) {
        expect(steps, `${lang} ${key}`).toContain(`${t(lang, key)} ${condition}`);
      }
      expect(out[lang].explanation.customerReply, lang).toContain(t(lang, 'reply.unverified'));
      expect(out[lang].explanation.customerReply, lang).not.toContain(t(lang, 'reply.encrypted.safe'));
    }
  });

  it('S/MIME signed (openssl) by a certificate for another address than the failed From: the signature is called out', async () => {
    const raw = openssl(['-sign', '-in', 'msg.txt', '-signer', bob.cert, '-inkey', bob.key], 'CEO <ceo@sender.example>');
    const out = await both(stamp(raw, failFor('sender.example')), 'smime-signed');
    expect(out.en.protection[0]!.integrity?.status).toBe('intact');
    expect(out.en.protection[0]!.signer?.matchesFrom).toBe(false);
    for (const lang of ['en', 'es'] as const) {
      const steps = todo(out[lang]).text.split('\n');
      expect(steps[1], lang).toBe(t(lang, 'do.sender.signer-not-from', { email: bob.email! }));
      expect(steps.at(-1), lang).toBe(t(lang, 'do.usual.after-warning'));
    }
    // Signed by the From address itself: no call-out, only the warning.
    const own = openssl(['-sign', '-in', 'msg.txt', '-signer', bob.cert, '-inkey', bob.key], `Bob <${bob.email}>`);
    const ownOut = await analyze(stamp(own, failFor(bob.email!.split('@')[1]!)));
    expect(todo(ownOut).text).not.toContain(t('en', 'do.sender.signer-not-from', { email: bob.email! }));
    expect(todo(ownOut).text.split('\n')).toHaveLength(2);
  });

  it('plain: "answer it as usual" comes after the warning, never instead of it', async () => {
    const raw = ['From: Ana <ana@sender.example>', 'To: support@example.net', 'Subject: New bank details', 'Message-ID: <x@sender.example>', '', 'Pay to the new account.', ''].join('\r\n');
    const out = await both(stamp(raw, failFor('sender.example')), 'plain');
    for (const lang of ['en', 'es'] as const) expect(todo(out[lang]).text.split('\n').at(-1)).toBe(t(lang, 'do.usual.after-warning'));
  });
});
