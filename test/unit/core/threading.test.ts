/**
 * classifyThreading: ids, help-desk markers and whether the message joins its conversation,
 * including what each relay does to the threading headers (RELAYS-AND-HOSTS.md §0.1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core';
import { CORPORA, FIXTURE_CORPORA } from '../../support/paths';
import { digits, person, plainMail, randAlnum, randHex, replyLeg, word } from '../../support/relay-mail';

/** A corpus file (tests tagged `corpora`), or the project's own copy of one (always there). */
const corpus = (p: string) => readFileSync(join(CORPORA, p));
const local = (p: string) => readFileSync(join(FIXTURE_CORPORA, p));
const upper = (n: number) => randAlnum(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
/** A Zendesk-style encoded id with at least one letter and one digit in the first group. */
const zendeskId = () => `${upper(4)}${digits(1)}${randAlnum(1, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}-${upper(4)}`;

describe('relay effects on threading', () => {
  it('Firefox Relay reply leg: no In-Reply-To/References → will not thread', async () => {
    for (let i = 0; i < 5; i++) {
      const a = await analyze(replyLeg('firefox-relay', { subject: `Re: order ${digits(5)}` }).raw);
      expect(a.threading.willThread).toBe('no');
      expect(a.threading.reasons).toContain('relay-strips-references');
      expect(a.threading.evidence.some((e) => e.where === 'firefox-relay.threading')).toBe(true);
    }
  });

  it('Firefox Relay reply leg with a ticket marker in the body still threads', async () => {
    const id = zendeskId();
    const a = await analyze(replyLeg('firefox-relay', { body: `Thanks!\n\n> ${word()} wrote:\n> [${id}]\n` }).raw);
    expect(a.threading.willThread).toBe('yes');
    expect(a.threading.reasons).toEqual(expect.arrayContaining(['relay-strips-references', 'ticket-marker']));
    expect(a.threading.markers).toEqual([{ system: 'zendesk', value: id, where: 'body:1' }]);
  });

  for (const p of ['simplelogin', 'proton-pass', 'addy'] as const) {
    it(`${p} reply leg: new Message-ID, references kept → threads`, async () => {
      for (let i = 0; i < 5; i++) {
        const ref = `${randHex(16)}@desk.example`;
        const m = replyLeg(p, { replyToId: ref });
        const a = await analyze(m.raw);
        expect(a.threading.inReplyTo).toBe(ref);
        expect(a.threading.references).toEqual([ref]);
        expect(a.threading.willThread).toBe('yes');
        expect(a.threading.reasons).toEqual(expect.arrayContaining(['relay-replaces-message-id', 'references']));
        expect(a.threading.messageId?.endsWith('@' + m.alias.split('@')[1])).toBe(true);
      }
    });
  }

  it('SimpleLogin forward leg (reverse-alias From): the original Message-ID passes through', async () => {
    const ref = `${randHex(16)}@shop.example`;
    const raw = plainMail(`"Shop - orders at shop.example" <${randAlnum(30, 'abcdefghijklmnopqrstuvwxyz')}@simplelogin.co>`, {
      subject: 'Re: your order',
      extra: [`X-SimpleLogin-EmailLog-ID: ${digits(6)}`, `In-Reply-To: <${ref}>`],
    });
    const a = await analyze(raw);
    expect(a.sender).toMatchObject({ service: 'simplelogin', masked: true });
    expect(a.threading.reasons).toEqual(['references']);
    expect(a.threading.willThread).toBe('yes');
  });

  it('SimpleLogin fixture: encoded In-Reply-To/References are still read', { tags: ['corpora'] }, async () => {
    const a = await analyze(corpus('simplelogin/tests/example_emls/bad_base64format.eml'));
    expect(a.threading.messageId).toBe('167646093513.7.291600372246730744.9928@premium.sldev.ovh');
    expect(a.threading.inReplyTo).toMatch(/@odd\.quest$/);
    expect(a.threading.references.length).toBeGreaterThan(0);
    expect(a.threading.willThread).toBe('yes');
    expect(a.threading.reasons).toContain('relay-replaces-message-id');
  });

  it('Firefox Relay reply-leg fixture: a "Re:" with no references', async () => {
    const a = await analyze(local('firefox-relay/emails/tests/fixtures/s3_stored_replies_expected.email'));
    expect(a.threading.willThread).toBe('no');
    expect(a.threading.reasons).toContain('no-references');
  });
});

describe('ordinary mail', () => {
  it('a reply with In-Reply-To/References threads', async () => {
    const ref = `${randHex(12)}@mail.example`;
    const a = await analyze(plainMail(person('gmail.com').address, { subject: 'Re: hi', extra: [`In-Reply-To: <${ref}>`, `References: <${randHex(8)}@x.example> <${ref}>`] }));
    expect(a.threading).toMatchObject({ inReplyTo: ref, willThread: 'yes' });
    expect(a.threading.references).toHaveLength(2);
  });
  it('"Re:" / "AW:" / "SV:" with nothing to thread on', async () => {
    for (const s of ['Re: invoice', 'RE: invoice', 'AW: Rechnung', 'SV: faktura', 'Antw: factuur', '[ext] Re: order']) {
      const a = await analyze(plainMail(person('outlook.com').address, { subject: s }));
      expect(a.threading.willThread, s).toBe('no');
      expect(a.threading.reasons).toEqual(['no-references']);
      expect(a.threading.evidence.some((e) => e.where === 'Subject')).toBe(true);
    }
  });
  it('Thread-Index alone: unknown (Outlook can, help desks cannot)', async () => {
    const a = await analyze(plainMail(person('outlook.com').address, { subject: 'RE: hi', extra: ['Thread-Index: AQHZ' + randAlnum(20), 'Thread-Topic: hi'] }));
    expect(a.threading).toMatchObject({ willThread: 'unknown', threadTopic: 'hi' });
    expect(a.threading.reasons).toEqual(['no-references', 'thread-index-only']);
  });
  it('a first message opens a new conversation', async () => {
    const a = await analyze(plainMail(person('yahoo.com').address, { subject: `Order ${digits(6)} is late` }));
    expect(a.threading).toMatchObject({ willThread: 'yes', reasons: ['new-conversation'] });
  });
});

describe('help-desk markers', () => {
  // A random base-36 encoded id has no digit ~4% of the time: letters-only ids must thread too,
  // but only with corroboration, since "[URGENT-HELP]" has the same shape.
  const lettersId = () => `${randAlnum(6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}-${randAlnum(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`;
  it('a letters-only encoded id alone on its quoted line (text or HTML) threads', async () => {
    for (let i = 0; i < 5; i++) {
      const id = lettersId();
      const a = await analyze(plainMail(person('gmail.com').address, { subject: 'Re: Your request', body: `Thanks!\n\nOn Mon, ${word()} wrote:\n> \n> [${id}]\n` }));
      expect(a.threading.markers, id).toEqual([{ system: 'zendesk', value: id, where: 'body:1' }]);
      expect(a.threading.willThread).toBe('yes');
      const html = await analyze(plainMail(person('gmail.com').address, { subject: 'Re: x', body: `<div>ok</div>\n<span style="color:#FFFFFF">[${id}]</span>\n` }));
      expect(html.threading.markers?.[0], id).toMatchObject({ system: 'zendesk', value: id });
    }
  });
  it('a letters-only encoded id in running text or the Subject needs a Zendesk address', async () => {
    const id = lettersId();
    const plain = await analyze(plainMail(person('gmail.com').address, { subject: `Re: [${id}] Your request`, body: `see [${id}] please` }));
    expect(plain.threading.markers).toBeUndefined();
    const desk = await analyze(plainMail(person('gmail.com').address, { subject: `Re: [${id}] Your request`, to: `support@${word()}.zendesk.com` }));
    expect(desk.threading.markers).toEqual([{ system: 'zendesk', value: id, where: 'Subject' }]);
  });

  it('Zendesk encoded id in the subject and in a support+id reply address', async () => {
    const id = zendeskId();
    const sub = word();
    const a = await analyze(plainMail(person('gmail.com').address, { subject: `Re: Your request [${id}]`, to: `support+id${id.toLowerCase()}@${sub}.zendesk.com` }));
    expect(a.threading.willThread).toBe('yes');
    expect(a.threading.markers).toEqual([{ system: 'zendesk', value: id, where: 'Subject' }]);
    const b = await analyze(plainMail(person('gmail.com').address, { subject: 'Re: Your request', to: `support+id${id}@${sub}.zendesk.com` }));
    expect(b.threading.markers).toEqual([{ system: 'zendesk', value: id, where: 'To' }]);
    expect(b.threading.willThread).toBe('yes');
  });
  it('Freshdesk [#NNN] and "Ticket #NNN"', async () => {
    const n = digits(5).replace(/^0/, '1');
    const a = await analyze(plainMail(person('gmail.com').address, { subject: `Re: [#${n}] Refund` }));
    expect(a.threading.markers).toEqual([{ system: 'freshdesk', value: n, where: 'Subject' }]);
    expect(a.threading).toMatchObject({ willThread: 'yes' });
    expect(a.threading.reasons).toContain('ticket-marker');
    const b = await analyze(plainMail(person('gmail.com').address, { subject: `Re: Ticket #${n} refund` }));
    expect(b.threading.markers).toEqual([{ system: 'ticket', value: n, where: 'Subject' }]);
  });
  it('Jira keys and plain words in brackets are not Zendesk ids', async () => {
    const a = await analyze(plainMail(person('gmail.com').address, { subject: 'Re: [ABCDEF-1234] build', body: 'see [RELEASE-NOTE]' }));
    expect(a.threading.markers).toBeUndefined();
    expect(a.threading.willThread).toBe('no');
  });
  it('a marker inside an attached message (message/rfc822) is not this message\'s', async () => {
    const id = zendeskId();
    const raw = [
      `From: ${person('gmail.com').address}`,
      'To: support@desk.example',
      'Subject: Re: forwarding the old one',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--b',
      'Content-Type: message/rfc822',
      '',
      'From: a@b.example',
      'Subject: old',
      '',
      `[${id}]`,
      '--b--',
      '',
    ].join('\r\n');
    const a = await analyze(raw);
    expect(a.threading.markers).toBeUndefined();
    expect(a.threading.willThread).toBe('no');
  });

  it('body markers are read with a bounded read (marker far past 64 KiB is not seen)', async () => {
    const id = zendeskId();
    const far = await analyze(plainMail(person('gmail.com').address, { subject: 'Re: x', body: 'a'.repeat(70 * 1024) + `\n[${id}]\n` }));
    expect(far.threading.markers).toBeUndefined();
    const near = await analyze(plainMail(person('gmail.com').address, { subject: 'Re: x', body: `hello\n[${id}]\n` + 'a'.repeat(70 * 1024) }));
    expect(near.threading.markers?.[0]).toMatchObject({ system: 'zendesk', value: id });
  });
});
