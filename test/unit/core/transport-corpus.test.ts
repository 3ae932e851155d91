import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA } from '../../support/paths';
import { parseMessage } from '../../../src/core/parse/mime';
import { classifyTransport } from '../../../src/core/classify/transport';
import { classifyAuthentication } from '../../../src/core/classify/authentication';
import { getHeader } from '../../../src/core/parse/headers';
import { parseAddressList } from '../../../src/core/parse/postal';

/**
 * LABELS.tsv's `received` / `received_tls` columns over the whole corpus. Its TLS count does not
 * know two dialects, so these files legitimately count more TLS hops here:
 * - Google's internal "with SMTPS ... (Google Transport Security)" and Yahoo's "with SMTPS"/"SMTPs";
 * - Cisco IronPort's "with ESMTP/TLS/<cipher>".
 */
const KNOWN_EXTRA: Record<string, number> = {
  'deltachat-core/test-data/message/gmail_ndn.eml': 1, // SMTPS (Google Transport Security)
  'deltachat-core/test-data/message/gmail_ndn_group.eml': 1, // SMTPS (Google Transport Security)
  'deltachat-core/test-data/message/yahoo_ndn.eml': 2, // Yahoo SMTPS, SMTPs
  'spamscope-mail-parser/tests/mails/mail_test_17': 1, // IronPort ESMTP/TLS/ECDHE-RSA-AES128-GCM-SHA256
  'mailauth/test/fixtures/arc-fail.eml': 1, // SMTPS (Google Transport Security)
  'mailauth/test/fixtures/arc-fail2.eml': 1,
  'mailauth/test/fixtures/arc-fail3.eml': 1,
  'mailauth/test/fixtures/arc-pass.eml': 1,
  'mailauth/test/fixtures/arc-pass2.eml': 1,
};

/**
 * Outlook items (.msg) that LABELS.tsv read as text, finding no Received line: Veil reads the
 * transport headers (PidTagTransportMessageHeaders) Outlook kept, with their whole Received chain.
 */
const OUTLOOK_ITEMS: Record<string, { hops: number; tls: number }> = {
  'spamscope-mail-parser/tests/mails/mail_outlook_1': { hops: 10, tls: 5 },
};

describe('Received chain over the labelled corpus', { tags: ['corpora'] }, () => {
  const rows = () => readFileSync(join(CORPORA, 'LABELS.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));

  it('finds every Received header and the labelled TLS hops (plus the documented extra dialects)', () => {
    let ours = 0;
    let labelled = 0;
    const disagreements: string[] = [];
    for (const [path, , , , , , , , , , , received, receivedTls] of rows()) {
      const msg = parseMessage(new Uint8Array(readFileSync(join(CORPORA, path))));
      const t = classifyTransport({ msg, options: {}, from: [], to: [], cc: [], replyTo: [] });
      const tls = t.hops.filter((h) => h.tls === true).length;
      ours += tls;
      labelled += Number(receivedTls);
      const outlook = OUTLOOK_ITEMS[path];
      if (t.hops.length !== (outlook?.hops ?? Number(received))) disagreements.push(`${path}: ${t.hops.length} hops, labelled ${received}`);
      if (tls - Number(receivedTls) !== (outlook ? outlook.tls - Number(receivedTls) : KNOWN_EXTRA[path] ?? 0)) disagreements.push(`${path}: ${tls} TLS hops, labelled ${receivedTls}`);
      // Every hop either says TLS, says plain, or says nothing; summary must add up.
      expect(t.summary!.hopsWithTls + t.summary!.hopsWithoutTls + t.summary!.hopsUnknown).toBe(t.hops.length);
      for (const h of t.hops) {
        if (h.delay !== undefined) expect(h.delay).toBeGreaterThanOrEqual(0);
        if (h.date) expect(Number.isNaN(Date.parse(h.date))).toBe(false);
      }
    }
    expect(disagreements).toEqual([]);
    expect(labelled).toBe(69);
    const extra = [...Object.values(KNOWN_EXTRA), ...Object.values(OUTLOOK_ITEMS).map((o) => o.tls)].reduce((a, b) => a + b, 0);
    expect(ours).toBe(labelled + extra);
  });

  it('authentication summaries come only from trusted headers, on every corpus file', () => {
    let withTrusted = 0;
    for (const [path] of rows()) {
      const msg = parseMessage(new Uint8Array(readFileSync(join(CORPORA, path))));
      const from = parseAddressList(getHeader(msg.headers, 'from')?.raw ?? '');
      const a = classifyAuthentication({ msg, options: {}, from, to: [], cc: [], replyTo: [] });
      const trusted = a.headers.filter((h) => h.trusted);
      if (trusted.length) withTrusted++;
      for (const h of a.headers) {
        if (h.trusted) expect(h.ignoredBecause).toBeUndefined();
        else expect(['below-receiving-system', 'different-authserv-id', 'inside-attached-message']).toContain(h.ignoredBecause);
      }
      for (const m of ['spf', 'dkim', 'dmarc'] as const) {
        if (a[m] !== undefined) expect(trusted.some((h) => h.results.some((r) => r.method === m && r.result === a[m])), `${path} ${m}`).toBe(true);
      }
      if (a.dkimAligned !== undefined) expect(a.dkimAligned).toBe(a.dkimSignatures!.some((s) => s.aligned));
    }
    expect(withTrusted).toBeGreaterThan(300);
  });
});
