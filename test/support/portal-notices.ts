/**
 * Secure-message notices of every vendor shape in src/core/classify/portal-vendors.ts, built at test
 * time (random tokens, the shapes documented in ../shared/domain/ENCRYPTION.md §B and tested one by
 * one in test/unit/core/portal.test.ts), each stamped by the receiving system with one of three
 * sender-check outcomes: authenticated, failed, or no results at all.
 */
import { randomBytes } from 'node:crypto';
import { leaf, message, multipart, type Entity } from './mime-builder';

const token = () => randomBytes(12).toString('hex');
const html = (body: string) => leaf('text/html', `<html><body>${body}</body></html>`, { params: { charset: 'utf-8' } });
const text = (body: string) => leaf('text/plain', body, { params: { charset: 'utf-8' } });
const withFile = (type: string, filename: string, body: string | Uint8Array = '<html><body>envelope</body></html>') =>
  multipart('mixed', [text('You have received a secure message. Open the attachment to read it.'), leaf(type, body, { filename })]);

/** One notice per vendor rule id; `file` is what the recipient is told to open, when it is a file. */
export const NOTICE_SHAPES: { provider: string; file?: string; build: () => Entity; subject?: string }[] = [
  { provider: 'microsoft-purview', file: 'message.rpmsg', build: () => withFile('application/x-microsoft-rpmsg-message', 'message.rpmsg', randomBytes(600)) },
  { provider: 'virtru', file: 'contract.pdf.tdf.html', build: () => withFile('text/html', 'contract.pdf.tdf.html') },
  { provider: 'zix', build: () => html(`<a href="https://web1.zixmail.net/s/e?b=acme&m=${token()}">Open Message</a> in the Secure Message Center`) },
  { provider: 'proofpoint', file: 'SecureMessageAtt.html', build: () => withFile('text/html', 'SecureMessageAtt.html') },
  { provider: 'cisco', file: 'securedoc_20241001T100000.html', build: () => withFile('text/html', 'securedoc_20241001T100000.html') },
  { provider: 'mimecast', build: () => html(`<p>You've been sent a secure message.</p><a href="https://login-us.mimecast.com/u/secure-messaging/#/${token()}">View Message</a>`) },
  { provider: 'egress', build: () => html(`<p>To read it, use Egress Switch web access.</p><a href="https://switch.egress.com/ui/#/${token()}">Authenticate to read</a>`) },
  { provider: 'paubox', build: () => html(`<p>Secure Notification</p><a href="https://secure.paubox.com/messages/${token()}">View Secure Message</a>`) },
  {
    provider: 'tuta',
    subject: 'Confidential email from Alice Example',
    build: () => html(`<p>You have just received a confidential email via Tuta (https://tuta.com).</p><p><a href="https://app.tuta.com/mail#${token()}">Show encrypted email</a></p>`),
  },
  { provider: 'proton', build: () => html(`<p>You received a secure message from Alice.</p><a href="https://mail.proton.me/eo/${token()}">Unlock message</a>`) },
  { provider: 'google-cse', build: () => html(`<p>This message uses client-side encryption.</p><a href="https://mail.google.com/mail/e2ee/guest/${token()}">View message</a>`) },
  { provider: 'trend-micro', file: 'Encrypted_Message.htm', build: () => withFile('text/html', 'Encrypted_Message.htm') },
  { provider: 'echoworx', build: () => html(`<p>Go to the Message Pickup Center.</p><a href="https://secure.echoworx.net/pickup/${token()}">Open secure message</a>`) },
  { provider: 'datamotion', build: () => html(`<p>DataMotion SecureMail</p><a href="https://ssl.datamotion.com/m/${token()}">View secure message</a>`) },
];

export type AuthOutcome = 'pass' | 'fail' | 'none';

/** The receiving system's name in its Authentication-Results (what --authserv-id names). */
export const RECEIVER = 'mx.example.net';
export const SENDER_DOMAIN = 'example.org';

const RESULTS: Record<Exclude<AuthOutcome, 'none'>, string> = {
  pass: `spf=pass smtp.mailfrom=${SENDER_DOMAIN}; dkim=pass header.d=${SENDER_DOMAIN}; dmarc=pass header.from=${SENDER_DOMAIN}`,
  fail: `spf=fail smtp.mailfrom=${SENDER_DOMAIN}; dkim=none; dmarc=fail header.from=${SENDER_DOMAIN}`,
};

/** A whole notice as delivered: the receiver's Authentication-Results (unless 'none') above its Received line. */
export function notice(shape: (typeof NOTICE_SHAPES)[number], auth: AuthOutcome): string {
  const top = [
    ...(auth === 'none' ? [] : [`Authentication-Results: ${RECEIVER}; ${RESULTS[auth]}`]),
    `Received: from mail.${SENDER_DOMAIN} (mail.${SENDER_DOMAIN} [203.0.113.25]) by ${RECEIVER} with ESMTPS id ${token().slice(0, 8)}; Tue, 01 Oct 2024 10:00:01 +0000`,
  ];
  const body = message(shape.build(), { from: `Accounts <accounts@${SENDER_DOMAIN}>`, to: 'billing@example.net', subject: shape.subject ?? 'Secure message' });
  return `${top.join('\r\n')}\r\n${body}`;
}
