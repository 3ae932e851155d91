/** Technical details: the raw facts behind the explanation, for whoever escalates the ticket. */
import { ev, line, ref, type Line } from '../model';
import { recipientRef, recipientValue, whereRef, type Facts } from '../facts';

export function technicalSection(f: Facts): Line[] {
  const a = f.a;
  const out: Line[] = [];
  for (const l of a.protection) {
    const scheme = l.scheme === 'smime' ? 'S/MIME' : l.scheme === 'pgp' ? 'OpenPGP' : ref(`scheme.${l.scheme}`);
    out.push(line('tech.layer', { scheme, kind: ref(`kind.${l.kind}`), where: whereRef(l), format: l.format ?? '-' }, l.evidence));
    if (l.algorithm) out.push(line('tech.algorithm', { algorithm: l.algorithm }, [ev('part', l.part, l.algorithm)]));
    (l.recipients ?? []).forEach((r, i) =>
      out.push(line('tech.recipient', { n: i + 1, who: recipientRef(r) }, [ev('part', l.part, recipientValue(r))])),
    );
    const s = l.signer;
    if (s?.subject) out.push(line('tech.signer.subject', { subject: s.subject }, [ev('part', l.part, s.subject)]));
    if (s?.issuer) out.push(line('tech.signer.issuer', { issuer: s.issuer, serial: s.serial ?? '-' }, [ev('part', l.part, `${s.issuer}; ${s.serial ?? ''}`)]));
    if (s?.keyId || s?.fingerprint) out.push(line('tech.signer.key', { id: s.fingerprint ?? s.keyId ?? '' }, [ev('part', l.part, s.fingerprint ?? s.keyId)]));
    if (s?.notBefore && s.notAfter) out.push(line('tech.signer.validity', { from: s.notBefore, to: s.notAfter }));
    if (s?.signedAt) out.push(line('tech.signer.time', { time: s.signedAt }, [ev('part', l.part, s.signedAt)]));
  }
  const th = a.threading;
  if (th.messageId) out.push(line('tech.message-id', { id: th.messageId }, [ev('header', 'Message-ID', `<${th.messageId}>`)]));
  if (a.message.parts.length) out.push(line('tech.parts', { count: a.message.parts.length, size: a.message.size }));
  if (a.transport.hops.length) out.push(line('tech.hops', { count: a.transport.hops.length }));
  if (a.defects.length) out.push(line('tech.defects', { count: a.defects.length }, a.defects.map((d) => ev('rule', 'parser', d))));
  return out;
}
