import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA, FIXTURE_CORPORA } from '../../support/paths';
import { parseMessage } from '../../../src/core/parse/mime';
import { getHeaders } from '../../../src/core/parse/headers';
import { parseAuthResults, parseTagList } from '../../../src/core/classify/auth-results';
import { orgDomain, relaxedAligned } from '../../../src/core/classify/org-domain';

const DKIMCHECKS = 'deltachat-core/test-data/message/dkimchecks-2022-09-28';
/** The i-th `name` header of a file: the project's own copy of a corpus file, or (`fromCorpora`) ../shared/corpora's. */
const firstAr = (rel: string, name = 'authentication-results', i = 0, fromCorpora = false) =>
  getHeaders(parseMessage(new Uint8Array(readFileSync(join(fromCorpora ? CORPORA : FIXTURE_CORPORA, rel)))).headers, name)[i].raw;

describe('parseAuthResults (RFC 8601 §2.2) on real headers', () => {
  it('Gmail: comments, header.i/header.s/header.b, several methods', () => {
    const ar = parseAuthResults(firstAr('mailauth/test/fixtures/message3.eml'));
    expect(ar.authservId).toBe('mx.google.com');
    expect(ar.results.map((r) => `${r.method}=${r.result}`)).toEqual(['dkim=pass', 'dkim=pass', 'spf=pass']);
    expect(ar.results[0].props).toMatchObject({ 'header.i': '@cronweekly.ma.ttias.be', 'header.s': 'pic' });
    expect(ar.results[2].props['smtp.mailfrom']).toMatch(/@cronweekly\.ma\.ttias\.be$/);
    expect(ar.results[2].comment).toMatch(/^google\.com: domain of/);
  });

  it('Microsoft: no authserv-id at all, "action=" and "compauth=... reason=100"', () => {
    const ar = parseAuthResults(firstAr(`${DKIMCHECKS}/alice@hotmail.com/alice@gmail.com`));
    expect(ar.authservId).toBe('');
    expect(ar.results).toEqual([
      { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'gmail.com' }, comment: 'sender IP is 209.85.221.68' },
      { method: 'dkim', result: 'pass', props: { 'header.d': 'gmail.com' }, comment: 'signature was verified' },
      { method: 'dmarc', result: 'pass', props: { action: 'none', 'header.from': 'gmail.com' } },
      { method: 'compauth', result: 'pass', props: {}, reason: '100' },
    ]);
  });

  it('Fastmail: policy.* properties and comments spread over the value', () => {
    const ar = parseAuthResults(firstAr(`${DKIMCHECKS}/alice@fastmail.com/forged-authres-added@example.com`, 'authentication-results', 3));
    expect(ar.authservId).toBe('mx1.messagingengine.com');
    const dmarc = ar.results.find((r) => r.method === 'dmarc')!;
    expect(dmarc.result).toBe('none');
    expect(dmarc.props).toMatchObject({ 'policy.published-domain-policy': 'none', 'header.from': 'delta.blinzeln.de' });
    expect(ar.results.find((r) => r.method === 'iprev')!.props['smtp.remote-ip']).toBe('89.22.108.184');
    expect(ar.results.find((r) => r.method === 'dkim')!.comment).toBe('no signatures found');
  });

  it('quoted reason and values, ARC instance, version number', () => {
    const nauta = parseAuthResults(firstAr(`${DKIMCHECKS}/alice@nauta.cu/forged@disroot.org`));
    expect(nauta.authservId).toBe('box.hispanilandia.net');
    expect(nauta.results[0]).toMatchObject({ method: 'dkim', result: 'fail', reason: 'signature verification failed', props: { 'header.d': 'disroot.org', 'header.b': 'kqh3WUKq' } });
    const aar = parseAuthResults(firstAr(`${DKIMCHECKS}/alice@testrun.org/forged@nauta.cu`, 'arc-authentication-results'), true);
    expect(aar.instance).toBe(1);
    expect(aar.authservId).toBe('testrun.org');
    expect(aar.results.find((r) => r.method === 'spf')!.props['smtp.mailfrom']).toBe('test1-bounces+hocuri=testrun.org@hispanilandia.net');
  });

  it("Microsoft's ARC-Authentication-Results: instance, authserv-id and version", { tags: ['corpora'] }, () => {
    const ms = parseAuthResults(firstAr('simplelogin/tests/example_emls/hotmail_complaint.eml', 'arc-authentication-results', 0, true), true);
    expect(ms).toMatchObject({ instance: 1, authservId: 'mx.microsoft.com', version: 1 });
  });

  it('"none", empty and hostile values never throw', () => {
    expect(parseAuthResults('example.org 1; none')).toEqual({ authservId: 'example.org', version: 1, results: [] });
    expect(parseAuthResults('mx.zohomail.eu;').results).toEqual([]);
    for (const v of ['', ';;;', '((((', '"unterminated', '=;=;=', 'a=b=c', ')'.repeat(500)]) expect(() => parseAuthResults(v)).not.toThrow();
    // a stamper that forgot the ";" after its authserv-id
    expect(parseAuthResults('mx.example.net dkim=pass header.d=example.com')).toMatchObject({ authservId: 'mx.example.net', results: [{ method: 'dkim', result: 'pass' }] });
    // RFC 8601 §2.2: the result may be spelled with whitespace around "=".
    expect(parseAuthResults('mx.example.net; spf = pass smtp.mailfrom = a@example.com').results[0]).toMatchObject({ method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'a@example.com' } });
  });
});

describe('parseTagList (RFC 6376 §3.2)', () => {
  it('reads d= and s= of a real DKIM-Signature', () => {
    const { tags, problems } = parseTagList(firstAr('mailauth/test/fixtures/message3.eml', 'dkim-signature'));
    expect(tags.get('d')).toBe('cronweekly.ma.ttias.be');
    expect(tags.get('s')).toBe('pic');
    expect(problems).toEqual([]);
  });
  it('reports duplicate and empty tags', () => {
    expect(parseTagList('a=1; a=2').problems).toContain('duplicate-tag-a');
    expect(parseTagList('a=1;; b=2').problems).toContain('empty-tag');
    expect(parseTagList('a=1; b=2;').problems).toEqual([]);
  });
});

describe('organisational domains', () => {
  it.each([
    ['mail.example.com', 'example.com'], ['a.b.example.co.uk', 'example.co.uk'], ['shop.example.com.au', 'example.com.au'],
    ['example.com', 'example.com'], ['EXAMPLE.COM.', 'example.com'], ['x.y.z.example.org', 'example.org'], ['mx.google.com', 'google.com'],
  ])('%s → %s', (host, org) => expect(orgDomain(host)).toBe(org));
  it('relaxed alignment', () => {
    expect(relaxedAligned('cronweekly.ma.ttias.be', 'ttias.be')).toBe(true);
    expect(relaxedAligned('eu.mailgun.org', 'ttias.be')).toBe(false);
    expect(relaxedAligned('mail.example.co.uk', 'example.co.uk')).toBe(true);
    expect(relaxedAligned('other.co.uk', 'example.co.uk')).toBe(false);
    expect(relaxedAligned('', 'example.com')).toBe(false);
  });
});
