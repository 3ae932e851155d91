/** Technical details: the raw facts behind the explanation, for whoever escalates the ticket. */
import { ev, line, ref, type Line } from '../model';
import { serviceName } from '../names';
import { maskHeader, recipientRef, recipientValue, whereRef, type Facts } from '../facts';

const MAX_HOPS = 12;

export function technicalSection(f: Facts): Line[] {
  const a = f.a;
  const out: Line[] = [];
  for (const l of a.protection) {
    const scheme = l.scheme === 'smime' ? 'S/MIME' : l.scheme === 'pgp' ? 'OpenPGP' : ref(`scheme.${l.scheme}`);
    const base = { scheme, kind: ref(`kind.${l.kind}`), where: whereRef(l) };
    out.push(l.format ? line('tech.layer', { ...base, format: l.format }, l.evidence) : line('tech.layer.noformat', base, l.evidence));
    if (l.algorithm) out.push(line('tech.algorithm', { algorithm: l.algorithm }, [ev('part', l.part, l.algorithm)]));
    (l.recipients ?? []).forEach((r, i) =>
      out.push(line('tech.recipient', { n: i + 1, who: recipientRef(r) }, [ev('part', l.part, recipientValue(r))])),
    );
    const s = l.signer;
    if (s?.subject) out.push(line('tech.signer.subject', { subject: s.subject }, [ev('part', l.part, s.subject)]));
    if (s?.issuer) out.push(line('tech.signer.issuer', { issuer: s.issuer, serial: s.serial ?? '-' }, [ev('part', l.part, `${s.issuer}; ${s.serial ?? ''}`)]));
    if (s?.keyId || s?.fingerprint) out.push(line('tech.signer.key', { id: s.fingerprint ?? s.keyId ?? '' }, [ev('part', l.part, s.fingerprint ?? s.keyId)]));
    // Dates in the reader's language. They are decoded from the certificate and the signature (binary),
    // so there is no text of the message to quote; the JSON keeps the stamps in the signer fields.
    if (s?.notBefore && s.notAfter) out.push(line('tech.signer.validity', { from: { date: s.notBefore }, to: { date: s.notAfter } }));
    if (s?.signedAt) out.push(line('tech.signer.time', { time: { date: s.signedAt, time: true } }));
  }
  const s = a.sender;
  if (s.service) {
    const service = serviceName(s.service) ?? s.service;
    const kind = s.kind ? ref(`senderkind.${s.notification ? 'notification' : s.kind}`) : undefined;
    out.push(kind ? line('tech.sender.service', { service, kind }, s.evidence.slice(0, 3)) : line('tech.sender.service.nokind', { service }, s.evidence.slice(0, 3)));
  }
  if (s.replyAddress) out.push(line('tech.sender.reply', { address: s.replyAddress }, [ev('header', s.replyTo?.length ? 'Reply-To' : 'From', s.replyAddress)]));
  if (s.deliveredTo) {
    const header = s.deliveredToHeader ?? 'To';
    out.push(line('tech.sender.delivered', { address: s.deliveredTo, header }, [ev('header', header, s.deliveredTo)]));
  }
  if (s.recipientMask) {
    const service = serviceName(s.recipientMask.service) ?? s.recipientMask.service;
    out.push(line('tech.sender.recipient-mask', { address: s.recipientMask.address, service }, [ev('header', maskHeader(s), s.recipientMask.address)]));
  }
  if (s.replyRule?.unconfirmed) {
    out.push(line('tech.sender.rule.unconfirmed', { service: serviceName(s.service) ?? ref('service.unknown') }, [ev('rule', 'reply-rule:unconfirmed', 'true')]));
  }
  // Hop by hop, newest first, as the Received lines are stacked (RFC 5321 §4.4); capped for reading.
  a.transport.hops.slice(0, MAX_HOPS).forEach((h, i) => {
    const by = h.by ?? ref('tech.host-unknown');
    const e = [ev('header', 'Received', h.raw)];
    if (h.tls === true) out.push(line('tech.hop.tls', { n: i + 1, by, version: h.tlsVersion ?? h.with ?? 'TLS' }, e));
    else if (h.tls === false) out.push(line('tech.hop.plain', { n: i + 1, by }, e));
    else out.push(line('tech.hop.silent', { n: i + 1, by }, e));
    // Sendmail/Postfix record whether the peer's certificate was verified: without it, TLS keeps out
    // eavesdroppers but not a server pretending to be the next hop.
    if (h.tls === true && h.tlsVerify) {
      const v = h.tlsVerify.toUpperCase();
      const key = v === 'OK' ? 'tech.hop.verify.ok' : v === 'FAIL' ? 'tech.hop.verify.fail' : v === 'NOT' || v === 'NONE' || v === 'NO' ? 'tech.hop.verify.not' : 'tech.hop.verify.other';
      out.push(line(key, { n: i + 1, verify: h.tlsVerify }, [ev('header', 'Received', `verify=${h.tlsVerify}`)]));
    }
  });
  if (a.message.outlook?.messageClass) out.push(line('tech.outlook', { kind: a.message.outlook.messageClass }, [ev('part', '1', a.message.outlook.messageClass)]));
  const th = a.threading;
  if (th.messageId) out.push(line('tech.message-id', { id: th.messageId }, [ev('header', 'Message-ID', `<${th.messageId}>`)]));
  if (a.message.parts.length) out.push(line('tech.parts', { count: a.message.parts.length, size: a.message.size }));
  if (a.transport.hops.length) out.push(line('tech.hops', { count: a.transport.hops.length }));
  if (a.defects.length) out.push(line('tech.defects', { count: a.defects.length }, a.defects.map((d) => ev('rule', 'parser', d))));
  return out;
}
