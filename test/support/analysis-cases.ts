/**
 * Hand-built Analysis objects, one per case the explanation engine must handle. They follow
 * src/core/types.ts by hand so the explanation tests do not depend on the detectors' progress; the
 * values (ids, serials, relay aliases) are shaped like real ones (RELAYS-AND-HOSTS.md, ENCRYPTION.md).
 */
import type { Explainable } from '../../src/core/explain/explain';
import type { Hop, ProtectionLayer, Sender, Threading, Authentication, Verdict } from '../../src/core/types';
import { verdictOf } from '../../src/core/verdict';
import { senderCheckOf, senderWarnings } from '../../src/core/classify/sender-check';

const HOP_TLS: Hop = {
  from: 'mail-ed1-f52.google.com',
  by: 'mx.example.net',
  with: 'ESMTPS',
  tls: true,
  tlsVersion: 'TLS1_3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  date: '2026-11-20T09:14:03.000Z',
  raw: 'from mail-ed1-f52.google.com (mail-ed1-f52.google.com [209.85.208.52]) by mx.example.net with ESMTPS id 4a1b2c (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Fri, 20 Nov 2026 09:14:03 +0000',
};
const HOP_LOCAL: Hop = {
  by: 'mx.example.net',
  with: 'LMTPS',
  tls: true,
  raw: 'from mx.example.net by imap.example.net with LMTPS id 77aa; Fri, 20 Nov 2026 09:14:04 +0000',
};
const HOP_PLAIN: Hop = {
  from: 'legacy.example.org',
  by: 'relay.example.org',
  with: 'ESMTP',
  tls: false,
  raw: 'from legacy.example.org by relay.example.org with ESMTP id 1f2e; Fri, 20 Nov 2026 09:13:58 +0000',
};
const HOP_SILENT: Hop = {
  by: 'internal.example.org',
  tls: null,
  raw: 'by internal.example.org (Postfix, from userid 1000) id 9c8b; Fri, 20 Nov 2026 09:13:55 +0000',
};

const AUTH_PASS: Authentication = {
  spf: 'pass',
  dkim: 'pass',
  dmarc: 'pass',
  dkimDomains: ['example.org'],
  dkimAligned: true,
  trustedAuthservId: 'mx.example.net',
  headers: [
    {
      header: 'Authentication-Results',
      authservId: 'mx.example.net',
      trusted: true,
      results: [
        { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'example.org' } },
        { method: 'dkim', result: 'pass', props: { 'header.d': 'example.org' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'example.org' } },
      ],
    },
  ],
  evidence: [],
};

const NO_AUTH: Authentication = { dkimDomains: [], headers: [], evidence: [] };

/** The receiving system says the From domain failed: spf=fail, dkim=none, dmarc=fail (a spoofed sender). */
const AUTH_FAIL: Authentication = {
  spf: 'fail',
  dkim: 'none',
  dmarc: 'fail',
  spfDomain: 'example.org',
  dkimDomains: [],
  fromDomain: 'example.org',
  trustedAuthservId: 'mx.example.net',
  headers: [
    {
      header: 'Authentication-Results',
      authservId: 'mx.example.net',
      trusted: true,
      results: [
        { method: 'spf', result: 'fail', props: { 'smtp.mailfrom': 'example.org' } },
        { method: 'dkim', result: 'none', props: {} },
        { method: 'dmarc', result: 'fail', props: { 'header.from': 'example.org' } },
      ],
    },
  ],
  evidence: [],
};

function direct(from = 'ana.garcia@example.org', name = 'Ana García'): Sender {
  return {
    from,
    fromName: name,
    masked: false,
    kind: 'direct',
    replyAddress: from,
    evidence: [{ source: 'header', where: 'From', value: `${name} <${from}>` }],
  };
}

function threading(extra: Partial<Threading> = {}): Threading {
  return { messageId: 'CAF7x2k9Q@mail.example.org', references: [], evidence: [], ...extra };
}

interface CaseInput {
  protection?: ProtectionLayer[];
  notes?: Explainable['notes'];
  sender?: Sender;
  hops?: Hop[];
  tlsRequiredNo?: boolean;
  threading?: Threading;
  authentication?: Authentication;
  parts?: { path: string; contentType: string; filename?: string }[];
  to?: string;
  subject?: string;
  verdict?: Verdict;
}

function make(c: CaseInput): Explainable {
  const protection = c.protection ?? [];
  const sender = c.sender ?? direct();
  const parts = (c.parts ?? [{ path: '1', contentType: 'text/plain' }]).map((p) => ({
    path: p.path,
    contentType: p.contentType,
    params: {},
    ...(p.filename ? { filename: p.filename, disposition: 'attachment' } : {}),
    size: 2048,
    children: 0,
  }));
  const to = c.to ?? 'support@example.net';
  const authentication = c.authentication ?? AUTH_PASS;
  const hops = c.hops ?? [HOP_LOCAL, HOP_TLS];
  const th = c.threading ?? threading();
  const subject = c.subject ?? 'Order 4417';
  // The header fields the evidence quotes, as a real message would carry them.
  const fields: [string, string][] = [
    ...hops.map((h): [string, string] => ['Received', h.raw]),
    ...[...sender.evidence, ...th.evidence].filter((e) => e.source === 'header').map((e): [string, string] => [e.where, e.value]),
    ['To', to],
    ['Subject', subject],
    ...(th.messageId ? [['Message-ID', `<${th.messageId}>`] as [string, string]] : []),
  ];
  const headers = [...new Map(fields.map(([n, v]) => [`${n}\u0000${v}`, { name: n, key: n.toLowerCase(), value: v, raw: v }])).values()];
  return {
    ok: true,
    verdict: c.verdict ?? verdictOf(protection, sender),
    warnings: senderWarnings(senderCheckOf(authentication)),
    protection,
    notes: c.notes ?? [],
    transport: { hops, ...(c.tlsRequiredNo ? { tlsRequiredNo: true } : {}) },
    sender,
    threading: th,
    authentication,
    message: {
      subject,
      date: 'Fri, 20 Nov 2026 09:13:50 +0000',
      from: sender.from ? [{ name: sender.fromName ?? '', address: sender.from, domain: sender.from.split('@')[1] }] : [],
      to: [{ name: '', address: to, domain: to.split('@')[1] }],
      cc: [],
      replyTo: (sender.replyTo ?? []).map((r) => ({ name: '', address: r, domain: r.split('@')[1] })),
      headers,
      parts,
      size: 18_211,
    },
    defects: [],
  };
}

function partEv(path: string, value: string) {
  return [{ source: 'part' as const, where: path, value }];
}

const SMIME_ISSUER = 'CN=Example Issuing CA 2,O=Example Trust,C=US';

function relay(service: string, from: string, extra: Partial<Sender> = {}): Sender {
  return {
    from,
    fromName: 'Customer',
    masked: true,
    kind: 'privacy-relay',
    service,
    replyAddress: extra.replyTo?.[0] ?? from,
    deliveredTo: 'support@example.net',
    evidence: [
      { source: 'header', where: 'From', value: `Customer <${from}>` },
      { source: 'rule', where: `relay-domain:${service}`, value: from.split('@')[1] },
    ],
    ...extra,
  };
}

const RELAY_AUTH = (domain: string): Authentication => ({
  ...AUTH_PASS,
  dkimDomains: [domain],
  dkimAligned: true,
});

const PORTALS: Record<string, { provider: string; file?: string; type?: string }> = {
  microsoft: { provider: 'microsoft-purview', file: 'message.rpmsg', type: 'application/x-microsoft-rpmsg-message' },
  virtru: { provider: 'virtru', file: 'message.tdf.html', type: 'text/html' },
  zix: { provider: 'zix' },
  proofpoint: { provider: 'proofpoint', file: 'SecureMessageAtt.html', type: 'text/html' },
  cisco: { provider: 'cisco', file: 'securedoc_20261120T091403.html', type: 'text/html' },
  mimecast: { provider: 'mimecast' },
  egress: { provider: 'egress' },
  paubox: { provider: 'paubox' },
  tuta: { provider: 'tuta' },
  proton: { provider: 'proton' },
  google: { provider: 'google-cse' },
  'trend-micro': { provider: 'trend-micro', file: 'Encrypted_Message.htm', type: 'text/html' },
  echoworx: { provider: 'echoworx' },
  datamotion: { provider: 'datamotion' },
  unknown: { provider: 'some-new-vendor' },
};

function portalCase(p: { provider: string; file?: string; type?: string }): Explainable {
  const parts = [
    { path: '1', contentType: 'multipart/mixed' },
    { path: '1.1', contentType: 'text/html' },
    ...(p.file ? [{ path: '1.2', contentType: p.type ?? 'application/octet-stream', filename: p.file }] : []),
  ];
  return make({
    parts,
    to: 'billing@example.net',
    protection: [
      {
        scheme: 'portal',
        kind: 'encrypted',
        part: p.file ? '1.2' : '1.1',
        provider: p.provider,
        evidence: p.file ? partEv('1.2', `${p.type}; name=${p.file}`) : partEv('1.1', 'text/html: secure message notice'),
      },
    ],
  });
}

function attachmentCase(format: 'zip' | 'pdf' | 'office', file: string, type: string): Explainable {
  return make({
    parts: [
      { path: '1', contentType: 'multipart/mixed' },
      { path: '1.1', contentType: 'text/plain' },
      { path: '1.2', contentType: type, filename: file },
    ],
    protection: [{ scheme: 'attachment', kind: 'encrypted', part: '1.2', format, evidence: partEv('1.2', `${type}; name=${file}`) }],
  });
}

export const CASES: Record<string, Explainable> = {
  'smime-encrypted-named': make({
    parts: [{ path: '1', contentType: 'application/pkcs7-mime', filename: 'smime.p7m' }],
    protection: [
      {
        scheme: 'smime',
        kind: 'encrypted',
        part: '1',
        format: 'enveloped-data',
        algorithm: 'aes-256-cbc',
        recipients: [
          { issuer: SMIME_ISSUER, serial: '4f1a09c3' },
          { issuer: 'CN=Other Corp CA,O=Other Corp,C=DE', serial: '01' },
        ],
        evidence: partEv('1', 'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m'),
      },
    ],
  }),
  'smime-encrypted-mine': make({
    parts: [{ path: '1', contentType: 'application/pkcs7-mime', filename: 'smime.p7m' }],
    protection: [
      {
        scheme: 'smime',
        kind: 'encrypted',
        part: '1',
        format: 'auth-enveloped-data',
        algorithm: 'aes-256-gcm',
        recipients: [{ subjectKeyId: '9f2c44aa01be77d0c3a1e5f66b2d8c0e11aa2233', mine: true }, { type: 'kari' }],
        evidence: partEv('1', 'application/pkcs7-mime; smime-type=authEnveloped-data'),
      },
    ],
  }),
  'smime-opaque-signed': make({
    parts: [{ path: '1', contentType: 'application/pkcs7-mime', filename: 'smime.p7m' }],
    protection: [
      {
        scheme: 'smime',
        kind: 'signed',
        part: '1',
        format: 'opaque-signed',
        signer: {
          email: 'ana.garcia@example.org',
          subject: 'CN=Ana García,E=ana.garcia@example.org',
          issuer: SMIME_ISSUER,
          serial: '2b7e15',
          notBefore: '2026-01-01T00:00:00Z',
          notAfter: '2027-01-01T00:00:00Z',
          signedAt: '2026-11-20T09:13:40Z',
          matchesFrom: true,
        },
        integrity: { status: 'intact' },
        evidence: partEv('1', 'application/pkcs7-mime; smime-type=signed-data; name=smime.p7m'),
      },
    ],
  }),
  // Intact, but signed by a certificate for another address than a From that failed its checks.
  'smime-signed-other-signer-spoofed': make({
    parts: [
      { path: '1', contentType: 'multipart/signed' },
      { path: '1.1', contentType: 'text/plain' },
      { path: '1.2', contentType: 'application/pkcs7-signature', filename: 'smime.p7s' },
    ],
    protection: [
      {
        scheme: 'smime',
        kind: 'signed',
        part: '1',
        format: 'detached-signed',
        signer: { email: 'billing@lookalike.example', subject: 'CN=Billing,E=billing@lookalike.example', issuer: SMIME_ISSUER, serial: '4c1d09', matchesFrom: false },
        integrity: { status: 'intact' },
        evidence: partEv('1', 'multipart/signed; protocol="application/pkcs7-signature"'),
      },
    ],
    authentication: AUTH_FAIL,
  }),
  'smime-detached-altered': make({
    parts: [
      { path: '1', contentType: 'multipart/signed' },
      { path: '1.1', contentType: 'text/plain' },
      { path: '1.2', contentType: 'application/pkcs7-signature', filename: 'smime.p7s' },
    ],
    protection: [
      {
        scheme: 'smime',
        kind: 'signed',
        part: '1',
        format: 'detached-signed',
        signer: { email: 'billing@example.com', subject: 'CN=Billing,E=billing@example.com', issuer: SMIME_ISSUER, serial: '0a11', matchesFrom: false },
        integrity: { status: 'altered', reason: 'digest-mismatch: the signed content was changed after signing' },
        evidence: partEv('1', 'multipart/signed; protocol="application/pkcs7-signature"'),
      },
    ],
  }),
  // CMS EncryptedData (RFC 5652 §8): a key agreed beforehand, no recipients named.
  'smime-encrypted-data': make({
    parts: [{ path: '1', contentType: 'application/pkcs7-mime', filename: 'smime.p7m' }],
    protection: [
      {
        scheme: 'smime',
        kind: 'encrypted',
        part: '1',
        format: 'encrypted-data',
        algorithm: 'aes-128-cbc',
        evidence: partEv('1', 'application/pkcs7-mime; name=smime.p7m'),
      },
    ],
  }),
  'smime-signed-no-certificate': make({
    parts: [
      { path: '1', contentType: 'multipart/signed' },
      { path: '1.1', contentType: 'text/plain' },
      { path: '1.2', contentType: 'application/pkcs7-signature', filename: 'smime.p7s' },
    ],
    protection: [
      {
        scheme: 'smime',
        kind: 'signed',
        part: '1',
        format: 'detached-signed',
        signer: { issuer: SMIME_ISSUER, serial: '0b12' },
        integrity: { status: 'cannot-check', reason: "no-certificate: the signer's certificate is not included in the message" },
        evidence: partEv('1', 'multipart/signed; protocol="application/pkcs7-signature"'),
      },
    ],
  }),
  'pgp-signed-reformatted': make({
    protection: [
      {
        scheme: 'pgp',
        kind: 'signed',
        part: '1',
        format: 'cleartext-signed',
        signer: { email: 'ana.garcia@example.org', keyId: '5c2e8f0a91b3d7e4', matchesFrom: true },
        integrity: { status: 'cannot-check', reason: 'text-reformatted (quoted, indented or HTML)' },
        evidence: [{ source: 'body', where: '1', value: '-----BEGIN PGP SIGNED MESSAGE-----' }],
      },
    ],
  }),
  'pgp-mime-encrypted': make({
    parts: [
      { path: '1', contentType: 'multipart/encrypted' },
      { path: '1.1', contentType: 'application/pgp-encrypted' },
      { path: '1.2', contentType: 'application/octet-stream', filename: 'encrypted.asc' },
    ],
    protection: [
      {
        scheme: 'pgp',
        kind: 'encrypted',
        part: '1',
        format: 'pgp-mime',
        recipients: [{ keyId: '8a3c51e09b7d4f21' }, { keyId: '0000000000000000' }],
        evidence: partEv('1', 'multipart/encrypted; protocol="application/pgp-encrypted"'),
      },
    ],
    notes: [{ kind: 'protected-headers', part: '1', evidence: [{ source: 'header', where: 'Subject', value: '...' }] }],
    subject: '...',
  }),
  'pgp-inline-encrypted': make({
    protection: [
      {
        scheme: 'pgp',
        kind: 'encrypted',
        part: '1',
        format: 'inline',
        recipients: [{ fingerprint: '3f9d0c1e2a7b44c8a1d0e6f25b8c9a7d1e2f3a4b' }],
        evidence: [{ source: 'body', where: '1', value: '-----BEGIN PGP MESSAGE-----' }],
      },
    ],
  }),
  'pgp-passphrase-only': make({
    parts: [
      { path: '1', contentType: 'multipart/encrypted' },
      { path: '1.1', contentType: 'application/pgp-encrypted' },
      { path: '1.2', contentType: 'application/octet-stream', filename: 'encrypted.asc' },
    ],
    protection: [
      {
        scheme: 'pgp',
        kind: 'encrypted',
        part: '1',
        format: 'pgp-mime',
        passphrase: true,
        recipients: [],
        evidence: partEv('1', 'multipart/encrypted; SKESK packet'),
      },
    ],
  }),
  'pgp-clearsigned': make({
    protection: [
      {
        scheme: 'pgp',
        kind: 'signed',
        part: '1',
        format: 'cleartext-signed',
        signer: { keyId: '5c2e8f0a91b3d7e4', signedAt: '2026-11-20T09:10:00Z' },
        integrity: { status: 'cannot-check', reason: 'no-key-in-message' },
        evidence: [{ source: 'body', where: '1', value: '-----BEGIN PGP SIGNED MESSAGE-----' }],
      },
    ],
    notes: [{ kind: 'autocrypt-header', evidence: [{ source: 'header', where: 'Autocrypt', value: 'addr=ana.garcia@example.org; keydata=mQINBG...' }] }],
  }),
  'pgp-public-key-only': make({
    parts: [
      { path: '1', contentType: 'multipart/mixed' },
      { path: '1.1', contentType: 'text/plain' },
      { path: '1.2', contentType: 'application/pgp-keys', filename: 'publickey.asc' },
    ],
    notes: [{ kind: 'pgp-public-key', part: '1.2', evidence: partEv('1.2', 'application/pgp-keys; name=publickey.asc') }],
  }),
  'nested-encrypted-attached': make({
    parts: [
      { path: '1', contentType: 'multipart/mixed' },
      { path: '1.1', contentType: 'text/plain' },
      { path: '1.2', contentType: 'message/rfc822', filename: 'forwarded.eml' },
      { path: '1.2.1', contentType: 'application/pkcs7-mime', filename: 'smime.p7m' },
    ],
    protection: [
      {
        scheme: 'smime',
        kind: 'encrypted',
        part: '1.2.1',
        attached: true,
        format: 'enveloped-data',
        recipients: [{ issuer: SMIME_ISSUER, serial: '7d' }],
        evidence: partEv('1.2.1', 'application/pkcs7-mime; smime-type=enveloped-data'),
      },
    ],
  }),
  'smime-damaged': make({
    parts: [{ path: '1', contentType: 'application/pkcs7-mime', filename: 'smime.p7m' }],
    protection: [
      {
        scheme: 'smime',
        kind: 'encrypted',
        part: '1',
        problems: ['truncated CMS structure at byte 412'],
        evidence: partEv('1', 'application/pkcs7-mime; smime-type=enveloped-data'),
      },
    ],
  }),
  ...Object.fromEntries(Object.entries(PORTALS).map(([id, p]) => [`portal-${id}`, portalCase(p)])),
  // A notice whose sender failed its checks (a lure), and one with no results at all.
  'lure-portal-proofpoint': { ...portalCase(PORTALS.proofpoint!), authentication: AUTH_FAIL, warnings: ['unverified-sender'] },
  'unchecked-portal-cisco': { ...portalCase(PORTALS.cisco!), authentication: NO_AUTH, warnings: ['sender-unchecked'] },
  'attachment-zip': attachmentCase('zip', 'invoices-2026.zip', 'application/zip'),
  'attachment-pdf': attachmentCase('pdf', 'statement.pdf', 'application/pdf'),
  'attachment-office': attachmentCase('office', 'payroll.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  // An OpenPGP file encrypted to a key, next to a readable body: no password opens it.
  'attachment-pgp-key': make({
    parts: [
      { path: '1', contentType: 'multipart/mixed' },
      { path: '1.1', contentType: 'text/plain' },
      { path: '1.2', contentType: 'application/octet-stream', filename: 'plan.txt.gpg' },
    ],
    protection: [
      {
        scheme: 'attachment',
        kind: 'encrypted',
        part: '1.2',
        format: 'pgp',
        recipients: [{ keyId: '275fa8a38fe62f3a' }],
        evidence: partEv('1.2', 'application/octet-stream; name=plan.txt.gpg'),
      },
    ],
  }),
  'relay-apple': make({
    sender: relay('apple-hide-my-email', 'dpdcnf87gw@privaterelay.appleid.com'),
    authentication: RELAY_AUTH('privaterelay.appleid.com'),
  }),
  'relay-firefox': make({
    sender: relay('firefox-relay', 'k3j9x2m1q@mozmail.com', { fromName: 'ana.garcia@example.org [via Relay]' }),
    authentication: RELAY_AUTH('mozmail.com'),
  }),
  'relay-duckduckgo': make({
    sender: relay('duckduckgo', 'quiet-lamp-51@duck.com'),
    authentication: RELAY_AUTH('duck.com'),
  }),
  'relay-simplelogin': make({
    sender: relay('simplelogin', 'ana_garcia_at_example_org_x7k2@simplelogin.co', {
      replyRule: { enforced: true, mustReplyFrom: 'support@example.net' },
    }),
    authentication: RELAY_AUTH('simplelogin.co'),
  }),
  'relay-proton-pass': make({
    sender: relay('proton-pass', 'fresh.owl4417@passmail.net'),
    authentication: RELAY_AUTH('passmail.net'),
  }),
  'relay-addy': make({
    sender: relay('addy', 'shop.x91@ana.anonaddy.com', { replyTo: ['shop.x91+support=example.net@ana.anonaddy.com'] }),
    authentication: RELAY_AUTH('anonaddy.me'),
  }),
  'relay-unknown': make({
    sender: relay('unknown', 'r7f3k9q2zp@mask.example.io'),
    authentication: NO_AUTH,
  }),
  'relay-mismatch': make({
    sender: relay('simplelogin', 'ana_garcia_at_example_org_x7k2@simplelogin.co', {
      deliveredTo: 'help@example.net',
      replyRule: { enforced: true, mustReplyFrom: 'help@example.net', mismatch: true },
    }),
    to: 'help@example.net',
    authentication: RELAY_AUTH('simplelogin.co'),
  }),
  'marketplace-amazon': make({
    sender: {
      from: 'x7k2m9q4p1z8@marketplace.amazon.com',
      fromName: 'Ana - Amazon Marketplace',
      masked: true,
      kind: 'marketplace',
      service: 'amazon-marketplace',
      replyAddress: 'x7k2m9q4p1z8@marketplace.amazon.com',
      evidence: [{ source: 'header', where: 'From', value: 'x7k2m9q4p1z8@marketplace.amazon.com' }],
    },
    authentication: RELAY_AUTH('amazon.com'),
  }),
  'notification-github': make({
    sender: {
      from: 'notifications@github.com',
      fromName: 'octo/widgets',
      replyTo: ['reply+ABCDEFGHIJKLMNOPQRSTUVWX@reply.github.com'],
      masked: true,
      kind: 'marketplace',
      notification: true,
      service: 'github',
      replyAddress: 'reply+ABCDEFGHIJKLMNOPQRSTUVWX@reply.github.com',
      evidence: [{ source: 'header', where: 'Reply-To', value: 'reply+ABCDEFGHIJKLMNOPQRSTUVWX@reply.github.com' }],
    },
  }),
  'list-google-groups': make({
    sender: {
      from: 'support-team@googlegroups.com',
      fromName: "'Ana García' via Support Team",
      replyTo: ['support-team@googlegroups.com'],
      masked: false,
      kind: 'mailing-list',
      service: 'google-groups',
      replyAddress: 'support-team@googlegroups.com',
      evidence: [{ source: 'header', where: 'List-Id', value: '<support-team.googlegroups.com>' }],
    },
  }),
  'forwarder-srs': make({
    sender: {
      from: 'ana.garcia@example.org',
      masked: false,
      kind: 'forwarder',
      replyAddress: 'ana.garcia@example.org',
      evidence: [{ source: 'header', where: 'Return-Path', value: '<SRS0=Hx3k=TQ=example.org=ana.garcia@forward.example.com>' }],
    },
  }),
  'reply-will-not-thread': make({
    sender: relay('firefox-relay', 'k3j9x2m1q@mozmail.com'),
    threading: threading({
      willThread: 'no',
      reasons: ['relay-strips-references', 'some-future-code'],
      evidence: [{ source: 'header', where: 'Subject', value: 'Re: Order 4417' }],
    }),
    subject: 'Re: Order 4417',
    authentication: RELAY_AUTH('mozmail.com'),
  }),
  'tls-some-hops': make({
    hops: [{ ...HOP_LOCAL, zone: 'receiving' }, { ...HOP_TLS, zone: 'receiving', tlsVerify: 'NOT', tlsEvidence: 'with ESMTPS (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)' }, { ...HOP_PLAIN, zone: 'before', clockSkew: true }, { ...HOP_SILENT, zone: 'before' }],
    tlsRequiredNo: true,
    threading: threading({ inReplyTo: 'prev123@example.net', references: ['first1@example.net', 'prev123@example.net'], willThread: 'yes' }),
    authentication: {
      spf: 'softfail',
      spfDomain: 'mailer.example.com',
      arcChain: { instances: 2, newestCv: 'pass', sealers: ['relay.example', 'relay.example'], structure: 'broken', problems: ['i=2 has cv=none'], trusted: false },
      dkim: 'fail',
      dmarc: 'fail',
      dkimDomains: ['mailer.example.com'],
      dkimAligned: false,
      trustedAuthservId: 'mx.example.net',
      headers: [
        { header: 'Authentication-Results', authservId: 'mx.example.net', trusted: true, results: [{ method: 'spf', result: 'softfail', props: {} }, { method: 'dkim', result: 'fail', props: { 'header.d': 'mailer.example.com' } }, { method: 'dmarc', result: 'fail', props: { 'header.from': 'example.org' } }] },
        { header: 'Authentication-Results', authservId: 'evil.example', trusted: false, ignoredBecause: 'below-receiving-system', results: [{ method: 'dkim', result: 'pass', props: {} }] },
      ],
      evidence: [],
    },
  }),
  'relay-duckduckgo-unconfirmed-mismatch': make({
    sender: relay('duckduckgo', 'quiet-lamp-51@duck.com', {
      replyTo: ['ana.garcia_at_example.org_quiet-lamp-51@duck.com'],
      deliveredTo: 'help@example.net',
      replyRule: { enforced: true, mustReplyFrom: 'help@example.net', mismatch: true, unconfirmed: true },
    }),
    authentication: RELAY_AUTH('duck.com'),
  }),
  'written-to-alias': make({
    sender: { ...direct(), deliveredToHeader: 'Delivered-To', recipientMask: { service: 'firefox-relay', address: 'ab12cd34e@mozmail.com' } },
    to: 'ab12cd34e@mozmail.com',
  }),
  'list-unnamed': make({
    sender: {
      from: 'ana.garcia@example.org',
      masked: false,
      kind: 'mailing-list',
      service: 'list',
      replyAddress: 'users@lists.example.org',
      replyTo: ['users@lists.example.org'],
      evidence: [{ source: 'header', where: 'List-Id', value: '<users.lists.example.org>' }],
    },
  }),
  'reply-thread-index-only': make({
    threading: threading({
      threadIndex: 'AdnXkq2+b7W1w9dGQ0mYbq3Ww==',
      willThread: 'unknown',
      reasons: ['no-references', 'thread-index-only'],
      evidence: [{ source: 'header', where: 'Subject', value: 'RE: Order 4417' }],
    }),
    subject: 'RE: Order 4417',
  }),
  'autocrypt-setup-message': make({
    parts: [
      { path: '1', contentType: 'multipart/mixed' },
      { path: '1.1', contentType: 'text/plain' },
      { path: '1.2', contentType: 'application/autocrypt-setup', filename: 'autocrypt-setup-message.html' },
    ],
    hops: [HOP_PLAIN],
    notes: [
      {
        kind: 'autocrypt-setup-message',
        part: '1.2',
        evidence: [
          { source: 'header', where: 'Autocrypt-Setup-Message', value: 'v1' },
          { source: 'part', where: '1.2', value: 'application/autocrypt-setup' },
        ],
      },
    ],
    authentication: { dkimDomains: ['testrun.org'], dkimAligned: false, headers: [], evidence: [] },
  }),
  plain: make({ threading: threading({ markers: [{ system: 'Zendesk', value: '#4417', where: 'subject' }] }) }),
};

export const ERROR_CASE: Explainable = {
  ok: false,
  error: 'no e-mail headers were found (a message starts with lines like "From:" and "Subject:")',
  verdict: 'error',
  warnings: [],
  protection: [],
  notes: [],
  transport: { hops: [] },
  sender: { masked: false, evidence: [] },
  threading: { references: [], evidence: [] },
  authentication: { dkimDomains: [], headers: [], evidence: [] },
  message: { from: [], to: [], cc: [], replyTo: [], headers: [], parts: [], size: 12 },
  defects: [],
};

export const ALL_CASES: Record<string, Explainable> = { ...CASES, error: ERROR_CASE };
