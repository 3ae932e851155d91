// Vendor portals are recognised from the envelope's structure (attachment names, MIME types,
// headers, the notice's link host + call-to-action), never from a word in a customer's sentence.
// Notices here follow the shapes documented in ../shared/domain/ENCRYPTION.md section B.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { analyze } from '../../../src/core';
import type { ProtectionLayer } from '../../../src/core';
import { attachedRaw, leaf, message, multipart } from '../../support/mime-builder';
import { htmlToText } from '../../../src/core/classify/portal';
import { VENDORS } from '../../../src/core/classify/portal-vendors';

async function portals(raw: string): Promise<ProtectionLayer[]> {
  const a = await analyze(raw);
  expect(a.ok).toBe(true);
  return a.protection.filter((l) => l.scheme === 'portal');
}

const token = () => randomBytes(12).toString('hex');
const html = (body: string) => leaf('text/html', `<html><body>${body}</body></html>`, { params: { charset: 'utf-8' } });
const text = (body: string) => leaf('text/plain', body, { params: { charset: 'utf-8' } });
const alt = (t: string, h: string) => multipart('alternative', [text(t), html(h)]);

describe('attachment names and MIME types (one is enough)', () => {
  it('Microsoft Purview: message.rpmsg with application/x-microsoft-rpmsg-message', async () => {
    const raw = message(multipart('mixed', [text('This message is protected.'), leaf('application/x-microsoft-rpmsg-message', randomBytes(2000), { filename: 'message.rpmsg' })]));
    const [l, ...rest] = await portals(raw);
    expect(rest).toEqual([]);
    expect(l).toMatchObject({ scheme: 'portal', kind: 'encrypted', provider: 'microsoft-purview', part: '1.2' });
    expect(l.evidence.map((e) => e.value).join(' ')).toMatch(/message\.rpmsg/);
  });

  it('Microsoft OME: message_v3.rpmsg even as application/octet-stream; Content-Class: rpmsg.message alone', async () => {
    const v3 = message(multipart('mixed', [text('x'), leaf('application/octet-stream', randomBytes(300), { filename: 'message_v3.rpmsg' })]));
    expect((await portals(v3))[0]).toMatchObject({ provider: 'microsoft-purview', part: '1.2' });
    const cc = message(text('Protected content.'), { headers: ['Content-Class: rpmsg.message'] });
    const [l] = await portals(cc);
    expect(l).toMatchObject({ provider: 'microsoft-purview', part: '1' });
    expect(l.evidence[0]).toMatchObject({ source: 'header', where: 'Content-Class' });
  });

  it.each([
    ['virtru', 'invoice.pdf.tdf.html', 'text/html'],
    ['proofpoint', 'SecureMessageAtt.html', 'text/html'],
    ['cisco', 'securedoc_20240615T193043.html', 'text/html'],
    ['trend-micro', 'Encrypted_Message.htm', 'text/html'],
  ])('%s: %s', async (provider, filename, type) => {
    const raw = message(multipart('mixed', [text('Hello'), leaf(type, '<html><body>envelope</body></html>', { filename })]));
    const [l, ...rest] = await portals(raw);
    expect(rest).toEqual([]);
    expect(l).toMatchObject({ provider, part: '1.2' });
  });

  it('a generic "message.html" alone, or a securedoc name without the date stamp, is not a portal', async () => {
    expect(await portals(message(multipart('mixed', [text('Minutes attached.'), leaf('text/html', '<p>minutes</p>', { filename: 'message.html' })])))).toEqual([]);
    expect(await portals(message(multipart('mixed', [text('Doc attached.'), leaf('text/html', '<p>x</p>', { filename: 'securedoc_final.html' })])))).toEqual([]);
  });
});

describe('notice structure (two kinds of signal, one of them not prose)', () => {
  it('Microsoft OME wrapper: message.html + "Read the message" notice', async () => {
    const raw = message(
      multipart('mixed', [
        html(`<p>Alice (alice@contoso.com) has sent you a protected message.</p><p><a href="https://outlook.office365.com/Encryption/retrieve.ashx?recipientemailaddress=x&amp;id=${token()}">Read the message</a></p>`),
        leaf('text/html', '<html>envelope</html>', { filename: 'message.html' }),
      ]),
      { subject: '[Encrypted] Contract' },
    );
    const [l] = await portals(raw);
    expect(l).toMatchObject({ provider: 'microsoft-purview', part: '1.2' });
    const ev = l.evidence.map((e) => e.value).join(' | ');
    expect(ev).toMatch(/message\.html/);
    expect(ev).toMatch(/Read the message/);
    expect(ev).toMatch(/outlook\.office365\.com\/Encryption/);
  });

  it('msip_labels with the ENCRYPT bit plus the notice phrase; the label alone on readable mail is not a portal', async () => {
    const guid = '2096f6a2-d2f7-48be-b329-b73aaa526e5d';
    const label = `MSIP_Label_${guid}_Enabled=true; MSIP_Label_${guid}_SetDate=2024-10-01T10:00:00Z; MSIP_Label_${guid}_ContentBits=9`;
    const notice = message(html('<p>You have received an encrypted message. <b>Read the message</b></p>'), { headers: [`msip_labels: ${label}`] });
    const [l] = await portals(notice);
    expect(l.provider).toBe('microsoft-purview');
    expect(l.evidence.some((e) => e.where.toLowerCase() === 'msip_labels' && /ContentBits=9 \(0x8 = encrypt\)/.test(e.value))).toBe(true);
    expect(await portals(message(text('Quarterly numbers below: 1, 2, 3.'), { headers: [`msip_labels: ${label}`] }))).toEqual([]);
    // ContentBits=3 (header + footer, no encryption) never counts.
    const noEnc = label.replace('ContentBits=9', 'ContentBits=3');
    expect(await portals(message(html('<p>Read the message</p>'), { headers: [`msip_labels: ${noEnc}`] }))).toEqual([]);
  });

  it('Virtru: "Unlock Message" linking to secure.virtru.com (also through Microsoft Safe Links)', async () => {
    const url = `https://secure.virtru.com/start/?c=email&policyUuid=${token()}`;
    const direct = message(alt(`Bob sent you a secure email.\nUnlock Message: ${url}\n`, `<p>Bob sent you a secure email.</p><a href="${url}">Unlock Message</a>`));
    const [l, ...rest] = await portals(direct);
    expect(rest).toEqual([]);
    expect(l).toMatchObject({ provider: 'virtru', part: '1.1' });
    const safe = `https://nam02.safelinks.protection.outlook.com/?url=${encodeURIComponent(url)}&data=05%7C02&reserved=0`;
    expect((await portals(message(html(`<a href="${safe}">Unlock Message</a>`))))[0]).toMatchObject({ provider: 'virtru', part: '1' });
  });

  it('Proofpoint Encryption on the customer\'s own host: "This is a secure message. Click here" + /formpostdir/securereader', async () => {
    const raw = message(text(`This is a secure message.\n\nClick here https://securemail.agency.example.gov/formpostdir/securereader?id=${token()}&brand=1 by 2024-10-08 to read your message.`));
    expect((await portals(raw)).map((l) => l.provider)).toEqual(['proofpoint']);
  });

  it('Tuta: "Confidential email from …" + Show encrypted email + the tuta link', async () => {
    const raw = message(
      html(`<p>Hello,</p><p>You have just received a confidential email via Tuta (https://tuta.com).</p><p><a href="https://app.tuta.com/mail#${token()}">Show encrypted email</a></p><p>Or paste this link into your browser.</p>`),
      { subject: 'Confidential email from Alice Example' },
    );
    expect((await portals(raw))[0]).toMatchObject({ provider: 'tuta', part: '1' });
  });

  it('Proton password-protected: Unlock message + a mail.proton.me /eo/ link', async () => {
    const raw = message(html(`<p>You received a secure message from Alice.</p><a href="https://mail.proton.me/eo/${token()}">Unlock message</a><p>Sent with Proton Mail secure email.</p>`));
    const got = await portals(raw);
    expect(got.map((l) => l.provider)).toEqual(['proton']);
  });

  it.each([
    ['zix', `<a href="https://web1.zixmail.net/s/e?b=acme&m=${token()}">Open Message</a> in the Secure Message Center`],
    ['proofpoint', `<a href="https://securemail.proofpoint.com/formpostdir/securereader?id=${token()}">Click to read message</a>`],
    ['cisco', `<p>You have received a Registered Envelope.</p><a href="https://res.cisco.com/websafe/viewMessage.action?e=${token()}">Open</a>`],
    ['mimecast', `<p>You've been sent a secure message.</p><a href="https://login-us.mimecast.com/u/secure-messaging/#/${token()}">View Message</a>`],
    ['egress', `<p>To read it, use Egress Switch web access.</p><a href="https://switch.egress.com/ui/#/${token()}">Authenticate to read</a>`],
    ['paubox', `<p>Secure Notification</p><a href="https://secure.paubox.com/messages/${token()}">View Secure Message</a>`],
    ['trend-micro', `<a href="https://encryption.trendmicro.com/open/${token()}">Open my email</a>`],
    ['echoworx', `<p>Go to the Message Pickup Center.</p><a href="https://secure.echoworx.net/pickup/${token()}">Open secure message</a>`],
    ['datamotion', `<p>DataMotion SecureMail</p><a href="https://ssl.datamotion.com/m/${token()}">View secure message</a>`],
    ['google-cse', `<p>This message uses client-side encryption.</p><a href="https://mail.google.com/mail/e2ee/guest/${token()}">View message</a>`],
  ])('%s notice', async (provider, body) => {
    const got = await portals(message(html(body)));
    expect(got.map((l) => l.provider)).toEqual([provider]);
    expect(got[0].evidence.filter((e) => e.source === 'body').length).toBeGreaterThanOrEqual(2);
  });
});

describe('not a portal', () => {
  it('a customer who writes "encrypted" or "secure message" in prose', async () => {
    const prose = [
      'Hi, I sent you an encrypted file yesterday as a secure message. Could you unlock message for me? Read the message please.',
      'We use Virtru (https://www.virtru.com) and Proofpoint at work; please open my email and view message.',
      'Our Paubox rep said to Open Message in the Secure Message Center but nothing shows up.',
    ];
    for (const body of prose) {
      expect(await portals(message(text(body), { subject: 'Re: your secure message' })), body).toEqual([]);
      expect(await portals(message(html(`<p>${body}</p>`))), body).toEqual([]);
    }
  });

  it('a customer naming the vendor\'s product and linking to its home, product or help pages', async () => {
    const prose: [string, string][] = [
      ['proofpoint', 'Our IT team uses Proofpoint Encryption: https://www.proofpoint.com/us/products/email-security-and-protection/email-encryption'],
      ['virtru', 'We evaluate Virtru; https://www.virtru.com/secure-share says you would use the Virtru Secure Reader.'],
      ['egress', 'We switched to Egress Protect (https://www.egress.com/products/email-encryption).'],
      ['mimecast', 'We use Mimecast Secure Messaging, see https://www.mimecast.com/products/secure-messaging/'],
      ['zix', 'Our bank uses ZixEncrypt (https://www.zixcorp.com/encryption) and I never got my statement.'],
      ['paubox', 'Our clinic uses the Paubox Secure Message Center, https://www.paubox.com/blog/secure-message-center'],
      ['microsoft-purview', 'Our tenant uses Microsoft Purview Message Encryption, help at https://outlook.office365.com/encryption/help'],
      ['tuta', 'Do the "Show encrypted email" links expire? https://tuta.com/support'],
      ['cisco', 'The Registered Envelope does not open: https://res.cisco.com/websafe/help?topic=RegEnvelope'],
    ];
    for (const [provider, body] of prose) {
      expect(await portals(message(text(body))), provider).toEqual([]);
      const linked = body.replace(/https:\/\/\S+?(?=[).,]?(\s|$))/, (u) => `<a href="${u}">${u}</a>`);
      expect(await portals(message(html(`<p>${linked}</p>`))), provider).toEqual([]);
    }
    // The same words next to a link that opens one message are a notice.
    const notice = message(html(`<p>Our IT team uses Proofpoint Encryption.</p><a href="https://securemail.proofpoint.com/encrypt/read?id=${token()}">Read</a>`));
    expect((await portals(notice))[0]).toMatchObject({ provider: 'proofpoint' });
  });

  it('rewritten links of a Mimecast customer plus ordinary words are not a Mimecast notice', async () => {
    const raw = message(html(`<p>Please view message history below.</p><a href="https://protect-us.mimecast.com/s/${token()}?domain=example.com">our site</a>`));
    expect(await portals(raw)).toEqual([]);
  });

  it('a link to a vendor host alone, or a call-to-action alone, is one signal', async () => {
    expect(await portals(message(html(`<a href="https://secure.virtru.com/start/?c=${token()}">here</a>`)))).toEqual([]);
    expect(await portals(message(html('<a href="https://example.com/x">Unlock Message</a>')))).toEqual([]);
  });

  it('Paubox footer / Zix "secured by Zixcorp" on mail delivered over TLS', async () => {
    const paubox = message(html('<p>Your results are ready.</p><p><small>Sent securely via Paubox. <a href="https://www.paubox.com/">paubox.com</a> View Message online</small></p>'));
    expect(await portals(paubox)).toEqual([]);
    const zix = message(text('Meeting moved to 3pm.\n\nThis message was secured by Zixcorp(R). https://www.zixcorp.com/ Open Message'));
    expect(await portals(zix)).toEqual([]);
  });

  it('HTML is read as text: tags and entities do not hide or fake a phrase', () => {
    expect(htmlToText('<p>Unlock&nbsp;<b>Message</b></p><script>var x="Registered Envelope"</script>')).toBe('Unlock Message');
    expect(htmlToText('&#82;ead the message &#x26; more')).toBe('Read the message & more');
  });
});

describe('hostile input', () => {
  it('megabytes of unclosed tags, comments, scripts and hrefs stay linear', async () => {
    const junk = ['<script', '<!--', '<', '<a href="https://secure.virtru.com/', '<style>', "href='"].map((t) => t.repeat(Math.ceil(300_000 / t.length))).join('');
    const t0 = performance.now();
    expect(htmlToText(junk).length).toBeGreaterThanOrEqual(0);
    const got = await portals(message(html(junk)));
    expect(got).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5000);
  }, 20_000);
});

describe('scope and placement', () => {
  it('a notice inside a forwarded message is reported there, attached', async () => {
    const inner = message(multipart('mixed', [text('You have a secure message.'), leaf('text/html', '<html>x</html>', { filename: 'SecureMessageAtt.html' })]), { subject: 'Secure' });
    const raw = message(multipart('mixed', [text('Forwarding what I got, I cannot open it.'), attachedRaw(inner)]));
    const [l, ...rest] = await portals(raw);
    expect(rest).toEqual([]);
    expect(l).toMatchObject({ provider: 'proofpoint', part: '1.2.1.2', attached: true });
  });

  it('signals of the outer message and of an attached one do not add up', async () => {
    // Outer: a virtru link only. Attached: the phrase only. Neither is a notice.
    const inner = message(text('Unlock Message'));
    const raw = message(multipart('mixed', [html(`<a href="https://secure.virtru.com/start/?c=${token()}">link</a>`), attachedRaw(inner)]));
    expect(await portals(raw)).toEqual([]);
  });

  it('every vendor id is unique and documented', () => {
    const ids = VENDORS.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['microsoft-purview', 'virtru', 'zix', 'proofpoint', 'cisco', 'mimecast', 'egress', 'paubox', 'tuta', 'proton', 'google-cse', 'trend-micro', 'echoworx', 'datamotion']) {
      expect(ids).toContain(id);
    }
  });
});
