/**
 * Ready-to-paste texts: an internal note for the ticket (facts, evidence, recommended action) and,
 * when the customer has to do something, a courteous reply template ("usted" in Spanish).
 */
import type { Lang } from '../types';
import { t } from '../i18n';
import type { Draft, Line } from './model';
import { isNotice, deliveredTo, filenameOf, vendorRef, type Facts } from './facts';
import { renderLine, resolveParams, uniqueEvidence } from './render';
import { evidenceText, shownEvidence } from './evidence';
import { serviceName } from './names';

const MAX_EVIDENCE = 10;

export function internalNote(lang: Lang, f: Facts, d: Draft): string {
  const lines = (id: string): Line[] => d.sections.find((s) => s.id === id)?.lines ?? [];
  const facts = [...lines('what'), ...lines('cannot-recover').filter((l) => !l.key.startsWith('cannot.policy'))];
  const actions = lines('what-to-do');
  // Rule evidence is the detectors' reasoning (English, for developers); the note keeps what was seen.
  const evidence = shownEvidence(f.a, uniqueEvidence([d.headline, ...facts, ...actions].flatMap((l) => l.evidence ?? []))).slice(0, MAX_EVIDENCE);
  const out: string[] = [`${t(lang, 'note.title')}: ${renderLine(lang, d.headline)}`];
  const bullets = (ls: Line[]) => [...new Set(ls.map((l) => `- ${renderLine(lang, l)}`))];
  out.push('', `${t(lang, 'note.facts')}:`, ...bullets(facts));
  if (evidence.length) {
    out.push('', `${t(lang, 'note.evidence')}:`, ...evidence.map((e) => `- ${evidenceText(f.a, lang, e)}`));
  }
  out.push('', `${t(lang, 'note.action')}:`, ...bullets(actions));
  if (f.encrypted.length || f.relay) out.push('', t(lang, 'note.policy'));
  return out.join('\n');
}

/** Which customer template fits, or undefined when the customer has nothing to do. */
function replyBody(f: Facts): Line[] | undefined {
  const a = f.a;
  // A message whose sender failed its checks may be written in the customer's name by someone else:
  // the reply asks them to confirm it through a known channel, never to open, resend or share
  // anything through this thread. A notice says what it was; anything else that needs an answer
  // says so in general words.
  if (f.senderCheck === 'failed') {
    if (f.portals.length) return [{ key: 'reply.portal.unverified' }, { key: 'reply.portal.unverified.ask' }];
    const wouldReply = (f.keyEncrypted.length && !f.mine) || f.keyAttachments.length || f.attachments.length || f.relay;
    return wouldReply ? [{ key: 'reply.unverified' }, { key: 'reply.portal.unverified.ask' }] : undefined;
  }
  if (f.keyEncrypted.length && !f.mine) return [{ key: 'reply.encrypted' }, { key: 'reply.encrypted.safe' }];
  if (f.portals.length) {
    const vendor = vendorRef(f.portals[0].provider);
    const to = deliveredTo(a);
    if (typeof vendor !== 'string') {
      return [
        { key: 'reply.portal.generic' },
        to ? { key: 'reply.portal.resend.generic', params: { address: to } } : { key: 'reply.portal.resend.noaddress', params: { vendor } },
      ];
    }
    return [
      { key: 'reply.portal', params: { vendor } },
      to ? { key: 'reply.portal.resend', params: { vendor, address: to } } : { key: 'reply.portal.resend.noaddress', params: { vendor } },
    ];
  }
  if (f.keyAttachments.length && !f.attachments.length) {
    const name = filenameOf(a, f.keyAttachments[0].part);
    return [name ? { key: 'reply.attachment.key.named', params: { name } } : { key: 'reply.attachment.key' }, { key: 'reply.attachment.key.resend' }];
  }
  if (f.attachments.length) {
    const name = filenameOf(a, f.attachments[0].part);
    return [name ? { key: 'reply.attachment.named', params: { name } } : { key: 'reply.attachment' }, { key: 'reply.attachment.password' }];
  }
  if (f.relay && f.sender.kind !== 'marketplace' && !isNotice(f.sender)) {
    const service = serviceName(f.sender.service);
    if (!service) return [{ key: 'reply.relay.generic' }, { key: 'reply.relay.check.generic' }];
    const body: Line[] = [{ key: 'reply.relay', params: { service } }];
    // Tell the customer which address we answer from only when it is true: the provider documents the
    // rule (not a guess), and the desk's configured reply address is not another one (then the note
    // warns the agent, and the reply promises nothing it cannot keep).
    const rule = f.sender.replyRule;
    const must = rule?.unconfirmed || rule?.mismatch ? undefined : rule?.mustReplyFrom;
    body.push(must ? { key: 'reply.relay.rule', params: { service, address: must } } : { key: 'reply.relay.check', params: { service } });
    return body;
  }
  return undefined;
}

export function customerReply(lang: Lang, f: Facts): string | undefined {
  const body = replyBody(f);
  if (!body) return undefined;
  return [t(lang, 'reply.greeting'), ...body.map((l) => t(lang, l.key, resolveParams(lang, l.params))), t(lang, 'reply.closing')].join('\n\n');
}

