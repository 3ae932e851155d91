/**
 * Relay detection on fresh messages with random aliases (test/support/relay-mail.ts), per provider,
 * per leg, and the reply-path mismatch matrix.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core';
import { EXPECTED, PROVIDERS, forwardLeg, inboundToAlias, person, pick, randAlnum, replyLeg, word } from '../../support/relay-mail';

const RUNS = 12;

describe('reply leg: a customer writes through a relay (From = alias)', () => {
  for (const p of PROVIDERS) {
    it(`${p}: service, kind, masked, evidence (${RUNS} random aliases)`, async () => {
      for (let i = 0; i < RUNS; i++) {
        const m = replyLeg(p);
        const a = await analyze(m.raw);
        const s = a.sender;
        expect(s.masked, m.alias).toBe(true);
        expect(s.service, m.alias).toBe(EXPECTED[p].service);
        expect(s.kind, m.alias).toBe(EXPECTED[p].kind);
        expect(s.from).toBe(m.alias);
        expect(s.replyAddress).toBe(m.alias);
        expect(s.deliveredTo).toBe(m.deliveredTo);
        expect(s.deliveredToHeader).toBe('To');
        expect(a.verdict).toBe('relay-masked');
        // Evidence names the header and the rule that decided.
        expect(s.evidence.some((e) => e.source === 'header' && e.value.includes(m.alias))).toBe(true);
        expect(s.evidence.some((e) => e.source === 'rule' && e.where.startsWith(EXPECTED[p].service + '.'))).toBe(true);
      }
    });
  }
});

describe('forward leg: the relay delivers to its user', () => {
  const cases = [
    ['firefox-relay', 'firefox-relay'],
    ['simplelogin', 'simplelogin'],
    ['proton-pass', 'proton-pass'],
    ['addy', 'addy'],
    ['duckduckgo', 'duckduckgo'],
    ['apple-hme', 'apple-hide-my-email'],
  ] as const;
  for (const [p, service] of cases) {
    it(`${p}: names the relay, reply goes to the relay token`, async () => {
      for (let i = 0; i < RUNS; i++) {
        const m = forwardLeg(p);
        const a = await analyze(m.raw);
        expect(a.sender.service, m.raw).toBe(service);
        expect(a.sender.kind).toBe('privacy-relay');
        expect(a.sender.masked).toBe(true);
        expect(a.sender.replyAddress).toBe(m.replyAddress);
        expect(a.sender.deliveredTo).toBe(m.deliveredTo);
      }
    });
  }

  it('Firefox Relay forward leg: [via Relay] + Resent-From works on any domain', async () => {
    const mask = `${randAlnum(9)}@${word()}.example`;
    const orig = person().address;
    const raw = [
      'Subject: Hi',
      `From: "${orig} [via Relay]" <${mask}>`,
      'To: me@example.org',
      `Reply-To: replies@${word()}.example`,
      `Resent-From: ${orig}`,
      '',
      'x',
    ].join('\r\n');
    const a = await analyze(raw);
    expect(a.sender.service).toBe('firefox-relay');
    expect(a.sender.masked).toBe(true);
    expect(a.sender.evidence.some((e) => e.where === 'Resent-From' && e.value === orig)).toBe(true);
  });

  it('a SimpleLogin reverse alias delivered to a Proton Pass alias is Proton Pass, even with the X-SimpleLogin-* headers stripped', async () => {
    for (const d of ['passmail.net', 'passmail.com', 'passinbox.com', 'passfwd.com']) {
      const alias = `${word()}.${word()}${randAlnum(3, '0123456789')}@${d}`;
      const reverse = `${randAlnum(24, 'abcdefghijklmnopqrstuvwxyz')}@simplelogin.co`;
      const raw = [`From: "${person().name}" <${reverse}>`, `To: ${alias}`, 'Subject: Hello', `Message-ID: <${randAlnum(12)}@x.example>`, '', 'hi', ''].join('\r\n');
      const a = await analyze(raw);
      expect(a.sender, alias).toMatchObject({ masked: true, service: 'proton-pass', kind: 'privacy-relay' });
      // Written to a SimpleLogin alias, the same reverse alias stays SimpleLogin.
      const b = await analyze(raw.replace(alias, `${word()}_${word()}${randAlnum(3, '0123456789')}@aleeas.com`));
      expect(b.sender.service).toBe('simplelogin');
    }
  });

  it('"[via Relay]" without Resent-From on an unknown domain is not enough', async () => {
    const raw = ['Subject: Hi', `From: "Bob [via Relay]" <bob@${word()}.example>`, 'To: me@example.org', '', 'x'].join('\r\n');
    const a = await analyze(raw);
    expect(a.sender.service).not.toBe('firefox-relay');
    expect(a.sender.masked).toBe(false);
  });
});

describe('addy.io "use Reply-To": From = alias, Reply-To = alias+sender=domain token', () => {
  it('is a forward leg: threading headers are the original sender\'s, reply rule enforced', async () => {
    const alias = `${word()}${randAlnum(3)}@${randAlnum(6, 'abcdefghijklmnopqrstuvwxyz')}.anonaddy.com`;
    const orig = person();
    const [l, d] = orig.address.split('@');
    const token = alias.replace('@', `+${l}=${d}@`);
    const ref = `${randAlnum(12)}@${d}`;
    const raw = ['Subject: Re: hello', `From: ${alias}`, `Reply-To: ${token}`, 'To: owner@mail.example', `In-Reply-To: <${ref}>`, `Message-ID: <${randAlnum(16)}@${d}>`, '', 'x'].join('\r\n');
    const a = await analyze(raw, { support: { repliesFrom: 'agent@mail.example' } });
    expect(a.sender).toMatchObject({ masked: true, service: 'addy', replyAddress: token, deliveredTo: 'owner@mail.example' });
    expect(a.sender.replyRule).toMatchObject({ enforced: true, mustReplyFrom: 'owner@mail.example', mismatch: true });
    expect(a.threading.reasons).not.toContain('relay-replaces-message-id');
    expect(a.threading.willThread).toBe('yes');
  });
});

describe('inbound to an alias: the mask is the recipient, not the sender', () => {
  for (const p of PROVIDERS) {
    it(`${p}`, async () => {
      const m = inboundToAlias(p);
      const a = await analyze(m.raw);
      expect(a.sender.masked).toBe(false);
      expect(a.sender.replyRule).toBeUndefined();
      expect(a.sender.deliveredTo).toBe(m.alias);
      expect(a.sender.recipientMask).toEqual({ service: EXPECTED[p].service, address: m.alias });
    });
  }
});

describe('reply-path rule: fires exactly when delivered-to and reply-from differ for an enforcing relay', () => {
  for (const p of PROVIDERS) {
    const enforced = EXPECTED[p].enforced;
    it(`${p}: enforced=${enforced}`, async () => {
      for (let i = 0; i < 4; i++) {
        const deskAddr = `${pick(['help', 'support', 'care'])}@${word()}${randAlnum(3)}.example`;
        const other = `agent.${word()}@${word()}.zendesk.com`;
        const m = replyLeg(p, { to: deskAddr });
        // Same address (different case): no mismatch.
        const same = await analyze(m.raw, { support: { repliesFrom: deskAddr.toUpperCase() } });
        // Different address: mismatch only for enforcing relays.
        const diff = await analyze(m.raw, { support: { repliesFrom: other } });
        // No reply-from configured: nothing to compare.
        const none = await analyze(m.raw);
        if (enforced) {
          expect(same.sender.replyRule).toMatchObject({ enforced: true, mustReplyFrom: deskAddr, mismatch: false });
          expect(diff.sender.replyRule).toMatchObject({ enforced: true, mustReplyFrom: deskAddr, mismatch: true });
          expect(diff.sender.evidence.some((e) => e.source === 'option' && e.value === other)).toBe(true);
          expect(diff.sender.evidence.some((e) => e.where.endsWith('.reply-mismatch'))).toBe(true);
          expect(none.sender.replyRule?.mismatch).toBeUndefined();
        } else {
          expect(same.sender.replyRule?.mismatch).not.toBe(true);
          expect(diff.sender.replyRule?.mismatch).not.toBe(true);
          expect(diff.sender.replyRule?.enforced ?? false).toBe(false);
        }
      }
    });
  }

  it('support addresses may be given as "Name <address>"', async () => {
    const m = replyLeg('simplelogin', { to: 'help@shop.example' });
    const a = await analyze(m.raw, { support: { writtenTo: ['Shop Help <help@shop.example>'], repliesFrom: ' Shop Help <HELP@shop.example> ' } });
    expect(a.sender.replyRule).toMatchObject({ enforced: true, mismatch: false });
  });

  it('DuckDuckGo says its rule is unconfirmed', async () => {
    const a = await analyze(replyLeg('duckduckgo').raw, { support: { repliesFrom: 'x@y.example' } });
    expect(a.sender.replyRule).toMatchObject({ enforced: false, unconfirmed: true });
    expect(a.sender.evidence.some((e) => e.where === 'duckduckgo.reply-rule' && /not document/i.test(e.value))).toBe(true);
  });

  it('non-relays never get a reply rule', async () => {
    for (const from of [person('gmail.com').address, person('icloud.com').address, `noreply@${word()}.example`]) {
      const raw = ['Subject: hi', `From: ${from}`, 'To: support@desk.example', '', 'x'].join('\r\n');
      const a = await analyze(raw, { support: { repliesFrom: 'other@desk.example' } });
      expect(a.sender.replyRule).toBeUndefined();
      expect(a.sender.masked).toBe(false);
    }
  });

  it('Delivered-To wins over To, and says which header it came from', async () => {
    const m = replyLeg('simplelogin', { to: 'support@shop.example', extra: ['Delivered-To: inbox@shop-desk.example'] });
    const a = await analyze(m.raw, { support: { repliesFrom: 'support@shop.example' } });
    expect(a.sender.deliveredTo).toBe('inbox@shop-desk.example');
    expect(a.sender.deliveredToHeader).toBe('Delivered-To');
    expect(a.sender.replyRule?.mismatch).toBe(true);
  });

  it('a declared writtenTo address picks the delivered-to among several candidates', async () => {
    const m = replyLeg('addy', { to: 'support@shop.example', extra: ['Delivered-To: inbox@shop-desk.example'] });
    const a = await analyze(m.raw, { support: { writtenTo: ['Support@Shop.example'], repliesFrom: 'support@shop.example' } });
    expect(a.sender.deliveredTo).toBe('support@shop.example');
    expect(a.sender.deliveredToHeader).toBe('To');
    expect(a.sender.replyRule?.mismatch).toBe(false);
  });

  it('a declared support address in Cc is where the relay delivered (To: someone else)', async () => {
    for (const p of ['simplelogin', 'addy', 'firefox-relay', 'apple-siwa'] as const) {
      const support = `support@${word()}${randAlnum(3)}.example`;
      const m = replyLeg(p, { to: `sales@${word()}${randAlnum(3)}.example`, extra: [`Cc: Support <${support}>`] });
      const same = await analyze(m.raw, { support: { writtenTo: [support], repliesFrom: support } });
      expect(same.sender, p).toMatchObject({ deliveredTo: support, deliveredToHeader: 'Cc' });
      expect(same.sender.replyRule?.mismatch, p).toBe(false);
      const other = await analyze(m.raw, { support: { writtenTo: [support], repliesFrom: `agent@${word()}.example` } });
      expect(other.sender.replyRule?.mismatch, p).toBe(true);
    }
  });

  it('Apple forward leg: delivered to the X-ICLOUD-HME f= mailbox, never to the p= alias in To', async () => {
    for (let i = 0; i < 4; i++) {
      const alias = `${word()}-${word()}-${randAlnum(2)}@${pick(['icloud.com', 'private.icloud.com'])}`;
      const mailbox = `desk${randAlnum(3)}@${word()}.example`;
      const orig = person();
      const [l, d] = orig.address.split('@');
      const raw = [
        `From: ${orig.name} <${l}_at_${d.replace(/\./g, '_')}_${randAlnum(6)}_${randAlnum(6)}@icloud.com>`,
        `To: Hide My Email <${alias}>`,
        `X-ICLOUD-HME: p=${alias}; d=; f=${mailbox}; r=to; s=${orig.address}`,
        'Subject: Hello', `Message-ID: <${randAlnum(12)}@x.example>`, '', 'hi', '',
      ].join('\r\n');
      const ok = await analyze(raw, { support: { repliesFrom: mailbox.toUpperCase() } });
      expect(ok.sender).toMatchObject({ service: 'apple-hide-my-email', deliveredTo: mailbox, deliveredToHeader: 'X-ICLOUD-HME' });
      expect(ok.sender.replyRule?.mismatch).toBe(false);
      const bad = await analyze(raw, { support: { repliesFrom: alias } });
      expect(bad.sender.replyRule?.mismatch).toBe(true);
    }
  });

  it('X-Original-To and X-Forwarded-To are read when there is no Delivered-To', async () => {
    const a = await analyze(replyLeg('firefox-relay', { extra: ['X-Original-To: orig@desk.example'] }).raw);
    expect(a.sender).toMatchObject({ deliveredTo: 'orig@desk.example', deliveredToHeader: 'X-Original-To' });
    const b = await analyze(replyLeg('firefox-relay', { extra: ['X-Forwarded-To: fwd@desk.example'] }).raw);
    expect(b.sender).toMatchObject({ deliveredTo: 'fwd@desk.example', deliveredToHeader: 'X-Forwarded-To' });
  });

  it('Firefox Relay ignores a +tag on the replying address; SimpleLogin does not', async () => {
    const fx = forwardLeg('firefox-relay', { to: 'jane@mail.example' });
    const a = await analyze(fx.raw, { support: { repliesFrom: 'jane+desk@mail.example' } });
    expect(a.sender.replyRule).toMatchObject({ enforced: true, mustReplyFrom: 'jane@mail.example', mismatch: false });
    const sl = forwardLeg('simplelogin', { to: 'jane@mail.example' });
    const b = await analyze(sl.raw, { support: { repliesFrom: 'jane+desk@mail.example' } });
    expect(b.sender.replyRule).toMatchObject({ enforced: true, mustReplyFrom: 'jane@mail.example', mismatch: true });
  });

  it('forward legs: the relay token accepts replies only from the mailbox it delivered to', async () => {
    for (const p of ['firefox-relay', 'simplelogin', 'proton-pass', 'addy'] as const) {
      const m = forwardLeg(p, { to: 'owner@desk.example' });
      const ok = await analyze(m.raw, { support: { repliesFrom: 'owner@desk.example' } });
      const bad = await analyze(m.raw, { support: { repliesFrom: 'agent@desk.example' } });
      expect(ok.sender.replyRule, p).toMatchObject({ enforced: true, mustReplyFrom: 'owner@desk.example', mismatch: false });
      expect(bad.sender.replyRule, p).toMatchObject({ enforced: true, mismatch: true });
    }
  });
});
