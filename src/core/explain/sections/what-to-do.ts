/**
 * "What you can do": concrete steps for this case. Advice is an action the agent takes, so it never
 * rests on the word of a sender the receiving system could not confirm: a sender that failed its
 * checks comes first (a "secure message, sign in here" notice is one of the commonest lures), then
 * the relay reply-rule warning, because a reply that a relay silently drops is the costliest mistake
 * left (RELAYS-AND-HOSTS.md).
 */
import type { Evidence } from '../../types';
import { ev, line, ref, type Line } from '../model';
import { isNotice, deliveredHeader, deliveredTo, isPassphraseOnly, reportOf, layerEvidence, senderCheckEvidence, senderEvidence, serviceRef, type Facts } from '../facts';
import { vendorOf } from '../names';

/**
 * The sender check as advice: a failed sender is a warning for every verdict; for a portal notice
 * the first step is to confirm with the sender through a known channel, and an unchecked sender
 * gets the same step, worded softer. A signature that is intact but made by another address than a
 * failed From is said too: the signature proves the key, not the From line.
 */
function senderLines(f: Facts): Line[] {
  const e = senderCheckEvidence(f);
  const out: Line[] = [];
  if (f.senderCheck === 'failed') {
    out.push(f.portals.length ? line('do.sender.portal.failed', {}, e) : line('do.sender.failed', { from: f.sender.from ?? f.a.message.from[0]?.address ?? '' }, e));
    for (const l of f.signed) {
      const s = l.signer;
      if (l.integrity?.status === 'intact' && s?.matchesFrom === false && s.email) out.push(line('do.sender.signer-not-from', { email: s.email }, [ev('part', l.part, `email=${s.email}`), ...e]));
    }
  } else if (f.senderCheck === 'unchecked' && f.portals.length) {
    out.push(line('do.sender.portal.unchecked', {}, e));
  }
  return out;
}

export function mismatchLine(f: Facts): Line | undefined {
  const rule = f.sender.replyRule;
  if (!rule?.mismatch) return undefined;
  const e: Evidence[] = [...senderEvidence(f.a)];
  if (rule.mustReplyFrom) e.push(ev('rule', 'reply-rule:must-reply-from', rule.mustReplyFrom));
  if (rule.unconfirmed) e.push(ev('rule', 'reply-rule:unconfirmed', 'true'));
  return rule.mustReplyFrom
    ? line(rule.unconfirmed ? 'do.relay.mismatch.unconfirmed' : 'do.relay.mismatch', { service: serviceRef(f.sender), address: rule.mustReplyFrom }, e)
    : line('do.relay.mismatch.unknown', { service: serviceRef(f.sender) }, e);
}

/**
 * Steps that act on the sender's word: replying to them, asking them for something, opening or
 * passing on what they sent. After a failed sender check each one waits for the sender's
 * confirmation through a known channel (the first line says how), so no step reads as "go ahead".
 */
const ACTS_ON_SENDER: ReadonlySet<string> = new Set([
  'do.relay.reply',
  'do.relay.from',
  'do.relay.from.unconfirmed',
  'do.marketplace',
  'do.notification',
  'do.list',
  'do.forwarder',
  'do.recipient-mask',
  'do.encrypted.mine',
  'do.encrypted.forward',
  'do.encrypted.resend',
  'do.attachment',
  'do.attachment.key',
  'do.portal.expired',
  'do.thread.keep',
]);

function afterConfirmation(l: Line): Line {
  return ACTS_ON_SENDER.has(l.key) ? line('do.after-confirm', { step: ref(l.key, l.params) }, l.evidence, l.terms) : l;
}

export function whatToDoSection(f: Facts): Line[] {
  const out = stepsFor(f);
  return f.senderCheck === 'failed' ? out.map(afterConfirmation) : out;
}

function stepsFor(f: Facts): Line[] {
  const a = f.a;
  const out: Line[] = senderLines(f);
  // Lines that do not replace "answer it as usual": the sender warning only adds to it.
  const lead = out.length;
  const warn = mismatchLine(f);
  if (warn) out.push(warn);
  // Nothing locked and nobody masked: an altered signature is worth a word first.
  const quiet = !f.encrypted.length && !f.sender.masked;
  const secret = a.notes.filter((n) => n.kind === 'pgp-private-key' || n.kind === 'autocrypt-setup-message');
  if (secret.length) out.push(line('do.secret-key', {}, secret.flatMap((n) => n.evidence)));
  if (quiet && f.signed.some((l) => l.integrity?.status === 'altered')) out.push(line('do.signed.altered'));

  if (f.keyEncrypted.length) {
    const e = f.keyEncrypted.flatMap((l) => layerEvidence(a, l));
    if (f.mine) out.push(line('do.encrypted.mine', {}, e));
    else if (f.keyEncrypted.every(isPassphraseOnly)) out.push(line('do.passphrase', {}, e));
    else if (f.sharedKeyOnly) out.push(line('do.shared-key', {}, e), line('do.encrypted.resend'));
    else {
      out.push(line('do.encrypted.forward', {}, e));
      // The key holder is most likely among the addressees (headers stay in clear, ENCRYPTION.md §A).
      const to = [...a.message.to, ...a.message.cc].map((m) => m.address).filter(Boolean);
      if (to.length) {
        const shown = to.slice(0, 3).join(', ');
        out.push(line(to.length === 1 ? 'do.encrypted.addressed.one' : 'do.encrypted.addressed', { to: shown }, [ev('header', 'To', shown)]));
      }
      if (f.keyEncrypted.some((l) => l.recipients?.length)) out.push(line('do.encrypted.who'));
      out.push(line('do.encrypted.resend'));
    }
    out.push(line('do.never-ask-key'));
  }
  for (const l of f.portals) {
    const v = vendorOf(l.provider);
    const step = v ? (`do.portal.${v}` as const) : 'do.portal.unknown';
    // The vendor's own steps are safe only once the sender is confirmed; they rest on that check.
    if (f.senderCheck === 'confirmed') out.push(line(step, {}, [...layerEvidence(a, l), ...senderCheckEvidence(f)]));
    else out.push(line('do.portal.after-check', { step: ref(step) }, layerEvidence(a, l)));
    const to = deliveredTo(a);
    if (to) out.push(line('do.portal.address', { address: to }, [ev('header', deliveredHeader(a), to)]));
    out.push(line('do.portal.expired'));
  }
  if (f.attachments.length) out.push(line('do.attachment', {}, f.attachments.flatMap((l) => layerEvidence(a, l))));
  if (f.keyAttachments.length) out.push(line('do.attachment.key', {}, f.keyAttachments.flatMap((l) => layerEvidence(a, l))));

  const s = f.sender;
  const se = senderEvidence(a);
  const reply = s.replyAddress ?? s.from;
  if (s.masked && s.kind !== 'marketplace' && !isNotice(s)) {
    // Which address to send from comes first: it is the step that keeps the reply from being lost.
    const from = s.replyRule?.mustReplyFrom ?? (s.replyRule?.enforced ? s.deliveredTo : undefined);
    if (from && !warn) {
      // Which header the address came from matters: Delivered-To names the mailbox that got it,
      // which may differ from the To line the customer typed.
      const header = from === s.deliveredTo ? deliveredHeader(a) : 'To';
      const e = [ev('header', header, from), ev('rule', 'reply-rule:must-reply-from', from)];
      // An undocumented rule (e.g. DuckDuckGo) is advice, not a fact: say so.
      if (s.replyRule?.unconfirmed) out.push(line('do.relay.from.unconfirmed', { address: from, header, service: serviceRef(s) }, [...e, ev('rule', 'reply-rule:unconfirmed', 'true')]));
      else out.push(line('do.relay.from', { address: from, header }, e));
    }
    if (reply) out.push(line('do.relay.reply', { reply }, se));
    out.push(line('do.relay.respect'));
  } else if (isNotice(s)) {
    out.push(line('do.notification', { reply: reply ?? '' }, se));
  } else if (s.kind === 'marketplace') {
    out.push(line('do.marketplace', { service: serviceRef(s), reply: reply ?? '' }, se));
  } else if (s.kind === 'mailing-list' && reply) {
    out.push(line('do.list', { reply }, se));
  } else if (s.kind === 'forwarder' && reply) {
    out.push(line('do.forwarder', { reply }, se));
  }

  // Written TO a relay alias: the hidden person is the recipient; the sender is an ordinary address.
  if (s.recipientMask && !s.masked && reply) out.push(line('do.recipient-mask', { reply: reply ?? '' }, se.length ? se.slice(0, 1) : []));

  if (a.threading.willThread === 'no') out.push(line('do.thread.link', {}, a.threading.evidence));
  if (f.encrypted.length || s.masked) out.push(line('do.thread.keep'));
  // Nothing else to do: say so plainly.
  // An automatic report: replying reaches no one (RFC 3464 §2: the DSN comes from the mail system).
  const report = reportOf(a);
  if (report) out.push(line(`do.report.${report.kind}`, {}, report.evidence));
  // A signature nobody could check proves nothing: say how to treat the message, not just "nothing to do".
  const unchecked = f.signed.length > 0 && f.signed.every((l) => l.integrity?.status === 'cannot-check');
  if (out.length === lead) out.push(line(unchecked ? 'do.signed.unchecked' : lead ? 'do.usual.after-warning' : f.signed.length ? 'do.signed' : 'do.plain'));
  return out;
}
