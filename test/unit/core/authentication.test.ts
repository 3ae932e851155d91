import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA, FIXTURE_CORPORA } from '../../support/paths';
import { parseMessage } from '../../../src/core/parse/mime';
import { getHeader } from '../../../src/core/parse/headers';
import { parseAddressList } from '../../../src/core/parse/postal';
import { classifyAuthentication } from '../../../src/core/classify/authentication';
import { orgDomain } from '../../../src/core/classify/org-domain';
import type { AnalyzeOptions, Authentication } from '../../../src/core/types';

const DKIMCHECKS = 'deltachat-core/test-data/message/dkimchecks-2022-09-28';

/** A file of ../shared/corpora, for the tests tagged `corpora`. */
const corpus = (rel: string) => new Uint8Array(readFileSync(join(CORPORA, rel)));

/** A path names the project's own copy of a corpus file (test/fixtures/corpora), always there. */
function authOf(input: string | Uint8Array, options: AnalyzeOptions = {}): Authentication {
  const bytes = typeof input === 'string' ? new Uint8Array(readFileSync(join(FIXTURE_CORPORA, input))) : input;
  const msg = parseMessage(bytes);
  const from = parseAddressList(getHeader(msg.headers, 'from')?.raw ?? '');
  return classifyAuthentication({ msg, options, from, to: [], cc: [], replyTo: [] });
}

let labelRows: string[][] | undefined;
/** LABELS.tsv, read by the first test that needs it (never at collection: a bare clone has none). */
const labels = () => (labelRows ??= readFileSync(join(CORPORA, 'LABELS.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')));

describe("Delta Chat's real Authentication-Results fragments", () => {
  // LABELS.tsv auth column: "receiver=<addr> sender=<addr> (FORGED Authentication-Results added by attacker script)".
  const rows = () => labels().filter((r) => r[0].startsWith(DKIMCHECKS));
  const forgedAdded = () => rows().filter((r) => r[14].includes('FORGED') && r[0].endsWith('/forged-authres-added@example.com'));
  const forgedFrom = () => rows().filter((r) => r[14].includes('FORGED') && !r[0].endsWith('/forged-authres-added@example.com'));
  const receiverOf = (r: string[]) => /receiver=(\S+)/.exec(r[14])![1];

  /**
   * What an agent would configure as `authservIds` (RFC 8601 §7.1): the receiver's own authserv-id,
   * learned here the way Delta Chat learns it, from the receiver's other (genuine) messages: the
   * organisation most of them were stamped by; for receivers that stamp nothing, their own domain.
   */
  function configuredFor(receiver: string): string[] {
    const dir = join(CORPORA, DKIMCHECKS, receiver);
    const counts = new Map<string, number>();
    const genuine = readdirSync(dir).filter((f) => !f.startsWith('forged'));
    for (const f of genuine) {
      const id = authOf(corpus(`${DKIMCHECKS}/${receiver}/${f}`)).trustedAuthservId;
      if (id) counts.set(orgDomain(id), (counts.get(orgDomain(id)) ?? 0) + 1);
    }
    const [best, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    return n * 2 > genuine.length ? [best] : [receiver.split('@')[1]];
  }

  it('finds the 16 forged-header fragments and the 2 From-forged list messages', { tags: ['corpora'] }, () => {
    expect(forgedAdded()).toHaveLength(16);
    expect(forgedFrom().map((r) => r[0].slice(DKIMCHECKS.length + 1))).toEqual(['alice@nauta.cu/forged@disroot.org', 'alice@testrun.org/forged@nauta.cu']);
  });

  it('never trusts the forged "aaa.com" results when the receiver stamped its own above them', { tags: ['corpora'] }, () => {
    let decided = 0;
    const undecidable: string[] = [];
    for (const r of forgedAdded()) {
      const a = authOf(corpus(r[0]));
      const forged = a.headers.filter((h) => h.authservId === 'aaa.com');
      expect(forged.length).toBeGreaterThan(0);
      if (a.trustedAuthservId !== 'aaa.com') {
        decided++;
        expect(forged.every((h) => !h.trusted && h.ignoredBecause === 'different-authserv-id')).toBe(true);
        expect(orgDomain(a.trustedAuthservId)).not.toBe('aaa.com');
        // The forged "dkim=pass header.i=@example.com" must not leak into the summary.
        expect(a.evidence.some((e) => e.value.startsWith('aaa.com'))).toBe(false);
      } else undecidable.push(receiverOf(r));
    }
    // LIMITATION (reported): these receivers stamp no Authentication-Results and the fragments carry no
    // Received lines, so the topmost header is the attacker's and the default rule cannot tell.
    expect(undecidable.sort()).toEqual(['alice@buzon.uy', 'alice@disroot.org', 'alice@mailo.com', 'alice@riseup.net', 'alice@yandex.ru']);
    expect(decided).toBe(11);
  });

  it('rejects every forged header once the receiving system is named (options.authservIds)', { tags: ['corpora'] }, () => {
    for (const r of forgedAdded()) {
      const a = authOf(corpus(r[0]), { authservIds: configuredFor(receiverOf(r)) });
      for (const h of a.headers.filter((x) => x.authservId === 'aaa.com')) {
        expect(h.trusted).toBe(false);
        expect(h.ignoredBecause).toBe('not-a-configured-authserv-id');
      }
      expect(a.trustedAuthservId).not.toBe('aaa.com');
      // Nothing the attacker wrote ("dkim=pass") survives: DKIM is the receiver's verdict or absent.
      if (a.dkim !== undefined) expect(a.headers.some((h) => h.trusted && h.results.some((x) => x.method === 'dkim'))).toBe(true);
    }
  });

  it("picks the receiver's own authserv-id on the genuine fragments whenever the receiver stamped one", { tags: ['corpora'] }, () => {
    let agree = 0;
    let total = 0;
    for (const r of rows().filter((x) => !x[14].includes('FORGED'))) {
      const receiver = receiverOf(r);
      const expected = configuredFor(receiver)[0];
      const a = authOf(corpus(r[0]));
      if (!a.headers.some((h) => orgDomain(h.authservId) === expected)) continue; // the receiver stamped nothing here
      total++;
      if (orgDomain(a.trustedAuthservId) === expected) agree++;
    }
    expect(total).toBeGreaterThan(200);
    expect(agree).toBe(total);
  });

  it('From-forged list mail: the real receiver results say DKIM failed for the forged domain', () => {
    const nauta = authOf(`${DKIMCHECKS}/alice@nauta.cu/forged@disroot.org`);
    expect(nauta.trustedAuthservId).toBe('box.hispanilandia.net');
    expect(nauta.dkim).toBe('fail');
    expect(nauta.fromDomain).toBe('disroot.org');
    // testrun.org is the mailbox; hispanilandia's headers sit above its own in this fragment, so only
    // naming the receiver selects testrun.org's verdict (dkim=fail, "body hash did not verify").
    const testrun = authOf(`${DKIMCHECKS}/alice@testrun.org/forged@nauta.cu`, { authservIds: ['testrun.org'] });
    expect(testrun.trustedAuthservId).toBe('testrun.org');
    expect(testrun.dkim).toBe('fail');
    expect(testrun.headers.filter((h) => h.authservId === 'box.hispanilandia.net').every((h) => !h.trusted)).toBe(true);
  });

  it('Microsoft results without an authserv-id are still the receiver\'s (outlook.com)', () => {
    const a = authOf(`${DKIMCHECKS}/alice@outlook.com/alice@gmail.com`);
    expect(a.trustedAuthservId).toBe('');
    expect(a.headers[0].trusted).toBe(true);
    expect(a.spf).toBeDefined();
  });
});

describe('trust follows the Received chain', () => {
  const gmail = 'mailauth/test/fixtures/arc-pass2.eml';

  it('Gmail forwarded mail: trusted mx.google.com, DMARC fail, the forwarder re-signed with its own d=', () => {
    const a = authOf(gmail);
    expect(a.trustedAuthservId).toBe('mx.google.com');
    expect(a.headers.every((h) => h.trusted)).toBe(true);
    expect(a.dkim).toBe('pass');
    expect(a.dmarc).toBe('fail');
    expect(a.fromDomain).toBe('zone.ee');
    expect(a.dkimDomains).toEqual(['zonevs.eu', 'srs3.zonevs.eu']);
    expect(a.dkimAligned).toBe(false);
    // Gmail verified the relay's signatures, none of zone.ee's organisation: that is why DMARC failed.
    expect(a.dkimPassDomains).toEqual(['zonevs.eu', 'srs3.zonevs.eu']);
    expect(a.spfDomain).toBe('tr.ee');
    expect(a.arcChain).toMatchObject({ instances: 2, sealers: ['google.com', 'google.com'], structure: 'ok', trusted: true, newestCv: 'pass' });
    expect(a.arc).toBe('pass');
  });

  it('ignores a forged Authentication-Results the sender put below the receiving boundary', () => {
    const raw = readFileSync(join(FIXTURE_CORPORA, gmail), 'latin1');
    // Insert, right below the sender's own (oldest) Received, what a forger would write.
    const lines = raw.split(/\r?\n/);
    const lastReceived = lines.reduce((at, l, i) => (/^Received:/i.test(l) && i < lines.indexOf('') ? i : at), -1);
    let end = lastReceived + 1;
    while (/^[ \t]/.test(lines[end])) end++;
    lines.splice(end, 0, 'Authentication-Results: mx.google.com; dkim=pass header.d=zone.ee; dmarc=pass header.from=zone.ee');
    const a = authOf(new TextEncoder().encode(lines.join('\r\n')));
    const forged = a.headers.find((h) => h.header === 'Authentication-Results' && h.results.some((r) => r.method === 'dmarc' && r.result === 'pass'))!;
    expect(forged.trusted).toBe(false);
    expect(forged.ignoredBecause).toBe('below-receiving-system');
    expect(a.dmarc).toBe('fail');
  });

  it('SimpleLogin receiving from Outlook: Microsoft\'s ARC results and the attached report\'s results are ignored', { tags: ['corpora'] }, () => {
    const a = authOf(corpus('simplelogin/tests/example_emls/hotmail_complaint.eml'));
    // Microsoft sealed before handing over; SimpleLogin (the receiver) stamped no results of its own.
    const aar = a.headers.find((h) => h.header === 'ARC-Authentication-Results')!;
    expect(aar).toMatchObject({ authservId: 'mx.microsoft.com', instance: 1, trusted: false, ignoredBecause: 'different-authserv-id' });
    const attached = a.headers.find((h) => h.header === 'Authentication-Results')!;
    expect(attached).toMatchObject({ authservId: '', trusted: false, ignoredBecause: 'inside-attached-message' });
    expect(a.spf).toBeUndefined();
    expect(a.trustedAuthservId).toBeUndefined();
    expect(a.arcChain).toMatchObject({ instances: 1, newestCv: 'none', trusted: false });
  });
});

describe("mailauth's ARC suite (ValiMail): structure checks without DNS or crypto", () => {
  const suite = () => labels().filter((r) => r[0].startsWith('mailauth/arc-validation-suite/'));
  const expectedCv = (r: string[]) => /cv='(\w*)'/.exec(r[14])![1];

  it('never calls a passing chain broken, and catches the structural failures', { tags: ['corpora'] }, () => {
    let caught = 0;
    let fails = 0;
    for (const r of suite()) {
      const a = authOf(corpus(r[0]));
      const cv = expectedCv(r);
      if (cv === 'None') {
        expect(a.arcChain).toBeUndefined();
        expect(a.arc).toBe('none');
      } else if (cv === 'Pass') {
        expect(a.arcChain?.structure, r[0]).toBe('ok');
        expect(a.arc).not.toBe('fail');
      } else {
        fails++;
        if (a.arcChain?.structure === 'broken') caught++;
      }
    }
    expect(suite()).toHaveLength(170);
    expect(fails).toBe(112);
    // 27 of the suite's failures are bad signatures or body hashes: only DNS + crypto can see them.
    expect(caught).toBe(85);
  });

  it.each([
    ['00-cv_pass_i2_1.eml', { instances: 2, newestCv: 'pass', sealers: ['example.org', 'example.org'] }],
    ['00-cv_pass_i5_1.eml', { instances: 5, newestCv: 'pass' }],
    ['00-cv_fail_i1_ams_na.eml', { structure: 'broken', problems: ['missing-ams-1'] }],
    ['00-cv_fail_i2_as2_none.eml', { structure: 'broken', problems: ['unexpected-cv-at-2'] }],
    ['00-cv_fail_i1_as_pass.eml', { structure: 'broken', problems: ['unexpected-cv-at-1'] }],
    ['03-ams_fields_a_unknown.eml', { structure: 'broken', problems: ['ams-unknown-algorithm'] }],
    ['03-ams_fields_b_base64.eml', { structure: 'broken', problems: ['ams-invalid-b'] }],
  ])('%s', (file, expected) => {
    expect(authOf(`mailauth/arc-validation-suite/${file}`).arcChain).toMatchObject(expected);
  });
});

describe('hostile Authentication-Results stay fast and never throw', () => {
  const cases: [string, string][] = [
    ['many comments after "="', `x.example; ${'= '.repeat(50_000)}${'(c)'.repeat(50_000)}`],
    ['deep comment', `x.example; dkim=pass ${'('.repeat(100_000)}`],
    ['many results', `x.example; ${'dkim=pass header.d=a.example; '.repeat(20_000)}`],
    ['unterminated quote', `x.example; dkim=pass reason="${'a'.repeat(200_000)}`],
  ];
  it.each(cases)('%s', (_name, value) => {
    const t0 = performance.now();
    const raw = `Authentication-Results: ${value}\r\nARC-Seal: i=1; cv=${'a'.repeat(100_000)}\r\nARC-Authentication-Results: i=1; ${value}\r\nFrom: a@example.com\r\n\r\nx`;
    const a = authOf(new TextEncoder().encode(raw));
    expect(a.headers.length).toBe(2);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('a receiver that stamps above its own Received lines', () => {
  const msg = (extra: string) =>
    new TextEncoder().encode(
      [
        'Authentication-Results: mx.receiver.example; spf=fail smtp.mailfrom=sender.example; dkim=none; dmarc=fail header.from=sender.example',
        'Received: from mail.sender.example (mail.sender.example [203.0.113.5]) by mx.receiver.example (Postfix) with ESMTPS id 1; Tue, 1 Oct 2024 10:00:05 +0000',
        extra,
        'Received: from [10.0.0.7] (unknown [10.0.0.7]) by mail.sender.example (Postfix) with ESMTPSA id 2; Tue, 1 Oct 2024 10:00:00 +0000',
        'From: a@sender.example',
        '',
        'hi',
      ].join('\r\n'),
    );

  it('does not trust a header with its name that arrived with the message, just below its boundary line', () => {
    const a = authOf(msg('Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=sender.example; dkim=pass header.d=sender.example; dmarc=pass'));
    expect(a.trustedAuthservId).toBe('mx.receiver.example');
    expect(a.headers.map((h) => [h.trusted, h.ignoredBecause])).toEqual([[true, undefined], [false, 'below-receiving-system']]);
    expect([a.spf, a.dkim, a.dmarc]).toEqual(['fail', 'none', 'fail']);
  });

  it('ignores a different authserv-id at the same place', () => {
    const a = authOf(msg('Authentication-Results: relay.example; dkim=pass header.d=sender.example'));
    expect(a.headers[1]).toMatchObject({ authservId: 'relay.example', trusted: false });
    expect(a.dkim).toBe('none');
  });
});

describe('DKIM d= alignment with From (RFC 7489 §3.1.1 relaxed)', () => {
  const rnd = () => Math.random().toString(36).slice(2, 9).replace(/[0-9]/g, 'x');
  const mail = (d: string, from: string) =>
    new TextEncoder().encode(`DKIM-Signature: v=1; a=rsa-sha256; d=${d}; s=s${rnd()}; h=from; bh=x; b=y\r\nFrom: <a@${from}>\r\nSubject: x\r\n\r\nx\r\n`);
  it('subdomains of one organisation align, under tabled and generic second-level suffixes', () => {
    // co.uk, com.br are tabled; co.ae, com.qa, gov.sg, ac.ir are the generic registry labels.
    for (const suffix of ['co.uk', 'com.br', 'com.au', 'co.jp', 'co.ae', 'com.qa', 'gov.sg', 'ac.ir', 'com', 'de']) {
      const org = `${rnd()}.${suffix}`;
      expect(authOf(mail(`mail.${org}`, org)).dkimAligned, org).toBe(true);
      expect(authOf(mail(org, `news.${org}`)).dkimAligned, org).toBe(true);
      // A different registrant under the same public suffix never aligns, nor does the suffix itself.
      expect(authOf(mail(`${rnd()}.${suffix}`, org)).dkimAligned, org).toBe(false);
      if (suffix.includes('.')) expect(authOf(mail(suffix, org)).dkimAligned, org).toBe(false);
    }
  });
});
