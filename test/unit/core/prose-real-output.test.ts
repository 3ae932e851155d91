/**
 * Issue 14 on real output: messages generated at test time (every portal vendor, every relay provider
 * with and without the desk's settings, openssl S/MIME, GnuPG OpenPGP, locked ZIPs, plain mail with
 * TLS traces) and the samples are analyzed in both languages; the explanation, the internal note, the
 * customer reply and the CLI text must carry no rejected Spanish term, no English word Veil wrote in
 * Spanish, no ISO stamp in prose, no rule id or source reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core';
import type { AnalyzeOptions } from '../../../src/core/types';
import { leaf, message, multipart } from '../../support/mime-builder';
import { buildZip } from '../../support/file-builders';
import { makeCa, makeUser, tempPki, type Pki } from '../../support/openssl';
import { makeGpgHome, type GpgHome } from '../../support/gpg';
import { NOTICE_SHAPES, notice } from '../../support/portal-notices';
import { PROVIDERS, forwardLeg, replyLeg } from '../../support/relay-mail';
import { proseProblems } from '../../support/prose-checks';
import { ROOT } from '../../support/paths';

let pki: Pki;
let gpg: GpgHome;
const generated: { name: string; raw: string | Uint8Array; options?: AnalyzeOptions }[] = [];

beforeAll(() => {
  pki = tempPki();
  const ca = makeCa(pki);
  const bob = makeUser(pki, ca);
  pki.write('msg.txt', 'Content-Type: text/plain\r\n\r\nThe invoice is attached.\r\n');
  const cms = (args: string[], from: string) => pki.run(['cms', '-from', from, '-to', 'support@example.net', '-subject', 'Invoice', ...args]).toString().replace(/\r?\n/g, '\r\n');
  generated.push(
    { name: 'smime-encrypted', raw: cms(['-encrypt', '-in', 'msg.txt', '-aes256', bob.cert], 'a@sender.example') },
    { name: 'smime-signed', raw: cms(['-sign', '-in', 'msg.txt', '-signer', bob.cert, '-inkey', bob.key], `Bob <${bob.email}>`) },
    { name: 'smime-signed-nocerts', raw: cms(['-sign', '-nocerts', '-in', 'msg.txt', '-signer', bob.cert, '-inkey', bob.key], `Bob <${bob.email}>`) },
  );

  gpg = makeGpgHome();
  const alice = gpg.genKey();
  const armored = gpg.run(['--armor', '--encrypt', '--recipient', alice.fpr], 'Hello, private text.').toString();
  const clear = gpg.run(['--clearsign', '--local-user', alice.fpr], 'Signed words.').toString();
  const head = (subject: string) => [`From: Alice <${alice.email}>`, 'To: support@example.net', `Subject: ${subject}`, 'Date: Tue, 01 Oct 2024 10:00:00 +0000', 'Message-ID: <g1@example.org>'];
  generated.push(
    { name: 'pgp-inline', raw: [...head('Private'), '', armored].join('\r\n') },
    { name: 'pgp-clearsigned', raw: [...head('Signed'), '', clear].join('\r\n') },
    { name: 'pgp-clearsigned-unknown-key', raw: [...head('Signed'), '', clear].join('\r\n') },
  );

  const zip = buildZip([{ name: 'invoice.pdf', data: new Uint8Array(200).fill(7), encrypted: true }]);
  generated.push({ name: 'zip', raw: message(multipart('mixed', [leaf('text/plain', 'The password is coming by phone.'), leaf('application/zip', zip, { filename: 'invoice.zip' })])) });

  const tls = [
    'Received: from mx.example.net by imap.example.net with LMTP id 8d3k; Tue, 01 Oct 2024 10:00:02 +0000',
    'Received: from out.sender.example (out.sender.example [192.0.2.10]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) by mx.example.net (Postfix) with ESMTPS id 4a1b; Tue, 01 Oct 2024 10:00:01 +0000',
    'Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=sender.example; dkim=pass header.d=sender.example; dmarc=pass header.from=sender.example',
  ];
  generated.push({ name: 'plain-tls', raw: `${tls.join('\r\n')}\r\n${message(leaf('text/plain', 'Hello'), { from: 'Ana <ana@sender.example>' })}` });

  for (const shape of NOTICE_SHAPES) for (const auth of ['pass', 'fail', 'none'] as const) generated.push({ name: `portal-${shape.provider}-${auth}`, raw: notice(shape, auth) });

  for (const p of PROVIDERS) {
    const m = replyLeg(p, { to: 'help@desk.example' });
    generated.push(
      { name: `relay-${p}`, raw: m.raw },
      { name: `relay-${p}-same-desk`, raw: m.raw, options: { support: { writtenTo: ['help@desk.example'], repliesFrom: 'help@desk.example' } } },
      { name: `relay-${p}-other-desk`, raw: m.raw, options: { support: { writtenTo: ['help@desk.example'], repliesFrom: 'noreply@desk.example' } } },
    );
  }
  for (const p of ['firefox-relay', 'simplelogin', 'proton-pass', 'addy', 'duckduckgo', 'apple-hme'] as const) generated.push({ name: `forward-${p}`, raw: forwardLeg(p).raw });

  const samples = join(ROOT, 'samples');
  for (const f of readdirSync(samples).filter((n) => n.endsWith('.eml'))) generated.push({ name: `samples/${f}`, raw: readFileSync(join(samples, f)) });
}, 120_000);

afterAll(() => {
  pki?.cleanup();
  gpg?.cleanup();
});

describe('words an agent can paste, on real output', () => {
  it('builds the whole set', () => {
    expect(generated.length).toBeGreaterThan(80);
  });

  for (const lang of ['en', 'es'] as const) {
    it(`no rule id, source reference, ISO stamp or machine word; in Spanish no rejected term and no English Veil wrote (${lang})`, async () => {
      const problems: string[] = [];
      for (const g of generated) {
        const a = await analyze(g.raw, { ...g.options, lang });
        expect(a.ok, g.name).toBe(true);
        for (const p of proseProblems(a)) problems.push(`${g.name}: ${p}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('customer replies are true for the settings Veil knows', () => {
  it('a relay reply never says "that same address" and promises a reply address only when the desk replies from it', async () => {
    for (const lang of ['en', 'es'] as const) {
      for (const p of PROVIDERS) {
        const m = replyLeg(p, { to: 'help@desk.example' });
        const unset = await analyze(m.raw, { lang });
        const same = await analyze(m.raw, { lang, support: { writtenTo: ['help@desk.example'], repliesFrom: 'help@desk.example' } });
        const other = await analyze(m.raw, { lang, support: { writtenTo: ['help@desk.example'], repliesFrom: 'noreply@desk.example' } });
        for (const a of [unset, same, other]) {
          const r = a.explanation.customerReply ?? '';
          expect(r, p).not.toMatch(/that same address|esa misma dirección/);
          expect(r, p).not.toContain('noreply@desk.example');
        }
        if (other.sender.replyRule?.mismatch) {
          expect(other.explanation.customerReply ?? '', p).not.toMatch(/we will answer from|le contestaremos desde/);
          // The agent is told which address to use instead, first.
          expect(other.explanation.sections.find((s) => s.id === 'what-to-do')!.text.split('\n')[0], p).toMatch(lang === 'en' ? /^Warning: / : /^Atención: /);
        }
        if (same.sender.replyRule?.mustReplyFrom && !same.sender.replyRule.unconfirmed) {
          expect(same.explanation.customerReply ?? '', p).toContain(same.sender.replyRule.mustReplyFrom);
        }
      }
    }
  });

  it('the send-from step comes before the general relay advice', async () => {
    for (const p of PROVIDERS) {
      const a = await analyze(replyLeg(p, { to: 'help@desk.example' }).raw);
      const steps = a.explanation.sections.find((s) => s.id === 'what-to-do')?.text.split('\n') ?? [];
      const from = steps.findIndex((l) => /^(To be safe, )?[Ss]end your reply from /.test(l));
      const reply = steps.findIndex((l) => /^Reply to /.test(l));
      if (from >= 0 && reply >= 0) expect(from, p).toBeLessThan(reply);
    }
  });

  it('a portal reply never says an address "cannot open it"', async () => {
    for (const shape of NOTICE_SHAPES) {
      for (const lang of ['en', 'es'] as const) {
        const r = (await analyze(notice(shape, 'pass'), { lang })).explanation.customerReply ?? '';
        expect(r).not.toMatch(/cannot open it|no puede abrirlo/);
      }
    }
  });
});
