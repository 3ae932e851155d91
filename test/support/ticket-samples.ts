/**
 * Real messages from ../shared/corpora (the project's own copies in test/fixtures/corpora) that make up the test ticket, with
 * the verdict analyze() gives each (checked against the core when these tests were written; the
 * plain one must stay `plain`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_CORPORA } from './paths';

export interface Sample {
  path: string;
  verdict: string;
  from: { address: string; name: string };
}

export const SAMPLES = {
  smime: { path: 'thunderbird-comm-central/mail/test/browser/smime/data/alice.env.eml', verdict: 'smime-encrypted', from: { address: 'alice@example.com', name: 'Alice' } },
  pgp: { path: 'deltachat-core/test-data/message/thunderbird_encrypted_unsigned.eml', verdict: 'pgp-encrypted', from: { address: 'bob@example.net', name: 'Bob' } },
  relay: { path: 'firefox-relay/emails/tests/fixtures/plain_text_expected.email', verdict: 'relay-masked', from: { address: 'ebsbdsan7@test.com', name: 'root@server.example.com [via Relay]' } },
  plain: { path: 'thunderbird-comm-central/mail/components/extensions/test/xpcshell/messages/alternative.eml', verdict: 'plain', from: { address: 'carol@example.com', name: 'Carol' } },
} as const satisfies Record<string, Sample>;

export function sampleBytes(s: Sample): Buffer {
  return readFileSync(join(FIXTURE_CORPORA, s.path));
}
