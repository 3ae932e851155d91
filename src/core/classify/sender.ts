/**
 * The sender as the agent sees it: who is behind the message (a person, a privacy relay, a
 * marketplace alias, a list, a forwarder), where a reply goes, which address the message was
 * delivered to, and whether the relay will accept a reply from the address the desk answers from.
 *
 * Facts and sources: ../shared/domain/RELAYS-AND-HOSTS.md §A; the provider table is relay-services.ts.
 * Every verdict carries evidence: the header and value that support it, and the rule that read it.
 */
import type { Evidence, Mailbox, Sender, SenderKind } from '../types';
import { getHeader, getHeaders } from '../parse/headers';
import { parseAddressList } from '../parse/postal';
import type { ClassifyContext } from './context';
import { parseAuthResults } from './auth-results';
import { type RelayService, RELAY_SERVICES, TICKET_SYSTEM_DOMAINS, domainIn, isMailboxProvider, serviceById, serviceForDomain } from './relay-services';
import {
  type Addr,
  ROLE_LOCAL,
  headerEvidence,
  isStrongToken,
  orgDomain,
  ruleEvidence,
  splitAddress,
  stripPlusTag,
} from './address';

/** Which relay leg a message is: relay → its user ('forward'), or user → outside through the relay ('reply'). */
export type RelayLeg = 'forward' | 'reply';

export interface Detection {
  service: string;
  kind: SenderKind;
  masked: boolean;
  leg?: RelayLeg;
  evidence: Evidence[];
  /** The relay entry, when the service is a known one. */
  relay?: RelayService;
}

interface AddressMatch {
  service: RelayService;
  role: 'alias' | 'reply-token' | 'service' | 'domain';
  rule: string;
  source: string;
}

const MAX_ADDRESS = 320;
/** Enough of a display name for "… [via Relay]" / "X via List" (names are clipped before any regex). */
const MAX_NAME = 512;
/** Recipients looked at for "written to an alias" (a To list can be huge). */
const MAX_RECIPIENTS = 50;

/** Which known service an address belongs to, and in what role. Token rules win over bare domains. */
export function matchAddress(address: string | undefined): AddressMatch | undefined {
  const a = splitAddress(address);
  if (!a) return undefined;
  // RFC 5321 §4.5.3.1: a path is at most 256 octets. Longer "addresses" are hostile or broken, and
  // the token regexes (several ".+" groups) must never see megabytes.
  if (a.address.length > MAX_ADDRESS) return undefined;
  for (const s of RELAY_SERVICES) {
    for (const r of s.addresses ?? []) {
      if (r.re.test(a.address)) {
        // addy's token form is only addy's when it is on an addy domain (custom domains need a header).
        if (r.id === 'addy-reply-token' && !serviceForDomainIs(a.domain, s)) continue;
        return { service: s, role: r.role, rule: `${s.id}.${r.id}`, source: r.source };
      }
    }
  }
  const s = serviceForDomain(a.domain);
  if (s && s.domainIsEnough) return { service: s, role: 'domain', rule: `${s.id}.domain`, source: s.source };
  return undefined;
}

function serviceForDomainIs(domain: string, s: RelayService): boolean {
  return domainIn(domain, s.domains) || (s.subdomainsOf !== undefined && domainIn(domain, s.subdomainsOf, true));
}

function firstAddress(ctx: ClassifyContext, name: string): string | undefined {
  return parseAddressList(getHeader(ctx.msg.headers, name)?.raw ?? '')[0]?.address || undefined;
}

/** Marker headers of the known relays, e.g. X-SimpleLogin-Type, Feedback-ID …:anonaddy, X-ICLOUD-HME. */
function headerMarkers(ctx: ClassifyContext): Detection | undefined {
  const h = ctx.msg.headers;
  for (const s of RELAY_SERVICES) {
    const evidence: Evidence[] = [];
    const seen = new Set<object>();
    let leg: RelayLeg | undefined;
    for (const rule of s.headers ?? []) {
      if (rule.name === 'resent-from') continue; // Firefox Relay's shape needs From too (see below)
      const fields = rule.name.endsWith('*')
        ? h.filter((f) => f.key.startsWith(rule.name.slice(0, -1)) && !(rule.except ?? []).includes(f.key))
        : getHeaders(h, rule.name);
      for (const field of fields) {
        if (seen.has(field) || (rule.value && !rule.value.test(field.value))) continue;
        seen.add(field);
        evidence.push(headerEvidence(field.name, field.value), ruleEvidence(`${s.id}.${rule.id}`, rule.source));
        leg ??= rule.leg;
        break;
      }
    }
    if (!evidence.length) continue;
    let relay = s;
    // Proton Pass runs on SimpleLogin's backend: same headers, its own domains.
    if (s.id === 'simplelogin') {
      const candidates = [ctx.from[0]?.address, firstAddress(ctx, 'x-simplelogin-envelope-to'), ...ctx.to.map((m) => m.address)];
      const pp = serviceById('proton-pass');
      if (pp && candidates.some((c) => { const a = splitAddress(c); return a !== undefined && domainIn(a.domain, pp.domains); })) relay = pp;
    }
    return { service: relay.id, kind: relay.kind, masked: relay.masked, leg, evidence, relay };
  }
  return undefined;
}

/** Firefox Relay's forward leg: From "<orig> [via Relay]" <mask> plus Resent-From: <orig> (emails/utils.py L287-317). */
function firefoxForwardShape(ctx: ClassifyContext): Detection | undefined {
  const from = ctx.from[0];
  const resent = getHeader(ctx.msg.headers, 'resent-from');
  if (!from || !resent || !/\[via Relay\]\s*$/i.test(from.name.slice(-MAX_NAME))) return undefined;
  const relay = serviceById('firefox-relay')!;
  return {
    service: relay.id,
    kind: relay.kind,
    masked: true,
    leg: 'forward',
    relay,
    evidence: [
      headerEvidence('From', `"${from.name}" <${from.address}>`),
      headerEvidence('Resent-From', resent.value),
      ruleEvidence('firefox-relay.via-relay-from', 'mozilla/fx-private-relay@978af78 emails/utils.py generate_from_header L287-317, emails/views.py L800-806'),
    ],
  };
}

/** The recipients the message was addressed or delivered to (for "written to an alias"). */
function recipientAddresses(ctx: ClassifyContext): { header: string; address: string }[] {
  const out: { header: string; address: string }[] = [];
  for (const m of ctx.to) if (m.address) out.push({ header: 'To', address: m.address });
  for (const m of ctx.cc) if (m.address) out.push({ header: 'Cc', address: m.address });
  for (const name of ['Delivered-To', 'X-Original-To']) {
    for (const f of getHeaders(ctx.msg.headers, name)) {
      for (const m of parseAddressList(f.raw)) if (m.address) out.push({ header: name, address: m.address });
    }
  }
  return out.slice(0, MAX_RECIPIENTS);
}

/** A relay address in From or in the Reply-To a reply would use. */
function addressRules(ctx: ClassifyContext, markers: boolean): { det?: Detection; recipientMask?: Sender['recipientMask']; evidence: Evidence[] } {
  const from = ctx.from[0];
  const evidence: Evidence[] = [];
  const fm = matchAddress(from?.address);
  if (fm && from) {
    const ev = [headerEvidence('From', from.address), ruleEvidence(fm.rule, fm.source)];
    if (fm.role === 'service') {
      return { det: { service: fm.service.id, kind: 'notification', masked: false, evidence: ev, relay: fm.service }, evidence };
    }
    // Written TO an alias of the same service by an address on its domain, with none of the headers
    // the relay adds to what it delivers: this is mail entering the relay (the alias owner or a test
    // sender writing to the alias); the mask is the recipient, not the sender.
    if (fm.role === 'domain' || fm.role === 'alias') {
      const toAlias = !markers && recipientAddresses(ctx).find((r) => matchAddress(r.address)?.service === fm.service);
      if (toAlias) {
        return {
          recipientMask: { service: fm.service.id, address: toAlias.address },
          evidence: [
            headerEvidence(toAlias.header, toAlias.address),
            ruleEvidence(`${fm.service.id}.inbound-to-alias`, `addressed to a ${fm.service.id} alias with no relay-added headers: mail entering the relay, the sender is not masked by it`),
          ],
        };
      }
    }
    let leg: RelayLeg = fm.role === 'reply-token' ? 'forward' : 'reply';
    // addy.io's "use Reply-To" setting: From = the alias, Reply-To = the alias+sender=domain token (ForwardEmail.php).
    const rt = ctx.replyTo[0]?.address;
    const rtm = rt ? matchAddress(rt) : undefined;
    if (rtm && rtm.service === fm.service && rtm.role === 'reply-token') {
      leg = 'forward';
      ev.push(headerEvidence('Reply-To', rt!), ruleEvidence(rtm.rule, rtm.source));
    }
    let relay = fm.service;
    // A SimpleLogin reverse alias delivered to a Proton Pass alias: Proton Pass runs on SimpleLogin's
    // backend (RELAYS-AND-HOSTS.md §A.1), so the forward comes from the alias owner's service.
    if (fm.role === 'reply-token' && relay.id === 'simplelogin') {
      const pp = serviceById('proton-pass');
      const r = pp && recipientAddresses(ctx).find((x) => { const a = splitAddress(x.address); return a !== undefined && domainIn(a.domain, pp.domains); });
      if (pp && r) {
        relay = pp;
        ev.push(headerEvidence(r.header, r.address));
      }
    }
    return { det: { service: relay.id, kind: relay.kind, masked: relay.masked, leg, evidence: ev, relay }, evidence };
  }
  const reply = ctx.replyTo[0]?.address;
  const rm = reply && splitAddress(reply)?.address !== splitAddress(from?.address)?.address ? matchAddress(reply) : undefined;
  if (rm && rm.role !== 'service') {
    return {
      det: {
        service: rm.service.id,
        kind: rm.service.kind,
        masked: rm.service.masked,
        leg: rm.role === 'reply-token' ? 'forward' : undefined,
        evidence: [headerEvidence('Reply-To', reply!), ruleEvidence(rm.rule, rm.source)],
        relay: rm.service,
      },
      evidence,
    };
  }
  return { evidence };
}

/** Google Groups / Mailman From rewriting and List-Id (RELAYS-AND-HOSTS.md §A.5; RFC 2919). */
function mailingList(ctx: ClassifyContext): Detection | undefined {
  const h = ctx.msg.headers;
  const listId = getHeader(h, 'list-id');
  const origFrom = getHeader(h, 'x-original-from') ?? getHeader(h, 'x-original-sender');
  const fromName = (ctx.from[0]?.name ?? '').slice(0, MAX_NAME);
  const via = / via [^<>]+$/i.test(fromName);
  const senderDomain = splitAddress(parseAddressList(getHeader(h, 'sender')?.raw ?? '')[0]?.address)?.domain;
  const google =
    (listId && /googlegroups\.com/i.test(listId.value)) ||
    getHeader(h, 'x-google-group-id') ||
    /googlegroups\.com/i.test(getHeader(h, 'mailing-list')?.value ?? '') ||
    [ctx.from[0]?.domain, senderDomain].some((d) => d === 'googlegroups.com' || d?.endsWith('.googlegroups.com')) ||
    (via && getHeader(h, 'x-original-sender'));
  const evidence: Evidence[] = [];
  if (listId) evidence.push(headerEvidence('List-Id', listId.value));
  if (origFrom) evidence.push(headerEvidence(origFrom.name, origFrom.value));
  if (via) evidence.push(headerEvidence('From', fromName));
  if (google && (listId || origFrom || via)) {
    evidence.push(ruleEvidence('google-groups.from-rewrite', 'Google Groups keeps the original sender in X-Original-Sender/X-Original-From (getpatchwork/patchwork#64, mricon/b4#11)'));
    return { service: 'google-groups', kind: 'mailing-list', masked: false, evidence };
  }
  const mailman = getHeader(h, 'x-mailman-version');
  if (mailman) {
    evidence.push(headerEvidence('X-Mailman-Version', mailman.value));
    evidence.push(
      ruleEvidence(
        via ? 'mailman.from-munging' : 'mailman.list',
        via ? 'Mailman DMARC mitigation: From "Name via List" <list@>, original From in Reply-To/Cc (docs.mailman3.org dmarc-mitigations)' : 'distributed by a Mailman list',
      ),
    );
    return { service: 'mailman', kind: 'mailing-list', masked: false, evidence };
  }
  if (listId) {
    evidence.push(ruleEvidence('list.list-id', 'RFC 2919 List-Id: the message was distributed by a mailing list'));
    return { service: 'list', kind: 'mailing-list', masked: false, evidence };
  }
  return undefined;
}

const SRS = /^SRS[01][=+-]/i;

/** Forwarding that leaves the sender visible: SRS return paths, Resent-*, forwarding headers, ARC chains. */
function forwarder(ctx: ClassifyContext): Detection | undefined {
  const h = ctx.msg.headers;
  const rp = getHeader(h, 'return-path');
  const rpAddr = rp ? rp.value.replace(/^\s*<|>\s*$/g, '') : '';
  if (SRS.test(rpAddr)) {
    return {
      service: 'srs',
      kind: 'forwarder',
      masked: false,
      evidence: [headerEvidence('Return-Path', rp!.value), ruleEvidence('forwarder.srs', 'Sender Rewriting Scheme SRS0/SRS1 (Mail::SRS; RELAYS-AND-HOSTS.md §A.5)')],
    };
  }
  const resent = getHeader(h, 'resent-from') ?? getHeader(h, 'resent-sender') ?? getHeader(h, 'resent-to');
  if (resent) {
    return {
      service: 'resent',
      kind: 'forwarder',
      masked: false,
      evidence: [headerEvidence(resent.name, resent.value), ruleEvidence('forwarder.resent', 'RFC 5322 §3.6.6: Resent-* fields are added by whoever reintroduces a message')],
    };
  }
  // Gmail stamps X-Forwarded-For/-To; other providers prefix their name (X-Zone-Forwarded-For …).
  const fwd = h.find((f) => /^x-(?:[a-z0-9]+-)?forwarded-(?:for|to)$/.test(f.key));
  if (fwd) {
    return {
      service: 'auto-forward',
      kind: 'forwarder',
      masked: false,
      evidence: [headerEvidence(fwd.name, fwd.value), ruleEvidence('forwarder.x-forwarded', 'mailbox auto-forwarding stamps X-Forwarded-For/X-Forwarded-To')],
    };
  }
  // A receiving system seals once (i=1); two or more ARC sets mean an intermediary handled the
  // message first (RFC 8617 §4.2), and the first sealer's d= shows who, when it is not the sender's domain.
  const seals = getHeaders(h, 'arc-seal');
  const fromDomain = ctx.from[0]?.domain;
  if (seals.length >= 2) {
    const first = seals
      .map((s) => ({ s, i: Number(/\bi\s*=\s*(\d+)/.exec(s.value)?.[1] ?? 'NaN'), d: /\bd\s*=\s*([^;\s]+)/.exec(s.value)?.[1]?.toLowerCase() }))
      .filter((x) => Number.isFinite(x.i))
      .sort((a, b) => a.i - b.i)[0];
    if (first?.d && (!fromDomain || orgDomain(first.d) !== orgDomain(fromDomain)) && !firstSealerIsOrigin(h, first.i)) {
      return {
        service: 'arc',
        kind: 'forwarder',
        masked: false,
        evidence: [headerEvidence('ARC-Seal', first.s.value), ruleEvidence('forwarder.arc', `ARC chain of ${seals.length} sets started by ${first.d}, not the sender's domain (RFC 8617)`)],
      };
    }
  }
  return undefined;
}

/**
 * Whether the first ARC sealer is the sender's own outbound platform rather than a forwarder.
 * A forwarder received the message from another server, so its ARC-Authentication-Results record
 * what that arrival proved (RFC 8617 §4.1.1: SPF, DKIM, DMARC of the message as it came in). A
 * platform that seals its users' OUTGOING mail (Exchange Online / Outlook.com seal every message
 * they send with d=microsoft.com) got it by authenticated submission and records nothing: every
 * method "none". Such a chain shows where the mail started, not that someone forwarded it.
 */
function firstSealerIsOrigin(h: ClassifyContext['msg']['headers'], instance: number): boolean {
  const aar = getHeaders(h, 'arc-authentication-results')
    .map((f) => parseAuthResults(f.raw, true))
    .find((p) => p.instance === instance);
  if (!aar || !aar.results.length) return false;
  return aar.results.every((r) => r.result === 'none');
}

/** A tokenised From or Reply-To that no known service explains (strong evidence only). */
function unknownRelay(ctx: ClassifyContext): Detection | undefined {
  const from = splitAddress(ctx.from[0]?.address);
  const isDesk = (a: Addr) => domainIn(a.domain, TICKET_SYSTEM_DOMAINS, true);
  // A token-looking local part at a consumer mailbox provider is still a person's own mailbox
  // (or their own +tag there): relays hand out addresses on their own domains, never on gmail.com.
  if (from && !isDesk(from) && !isMailboxProvider(from.domain) && !ROLE_LOCAL.test(from.local)) {
    const base = from.local.split('+')[0];
    if (isStrongToken(base)) {
      return {
        service: 'unknown',
        kind: 'privacy-relay',
        masked: true,
        evidence: [headerEvidence('From', from.address), ruleEvidence('unknown.token-from', 'the From local part is a machine-generated token (UUID, hex or random letters and digits), the shape of a relay alias')],
      };
    }
  }
  const reply = splitAddress(ctx.replyTo[0]?.address);
  if (reply && from && !isDesk(reply) && !isMailboxProvider(reply.domain) && orgDomain(reply.domain) !== orgDomain(from.domain)) {
    const [base, ...tags] = reply.local.split('+');
    const tag = tags.join('+');
    if (isStrongToken(base) || (tag && isStrongToken(tag))) {
      // reply+TOKEN@ behind a role sender (notifications@…) is a GitHub-style notification relay.
      const notification = ROLE_LOCAL.test(from.local) || /^(reply|replies)$/.test(base);
      return {
        service: 'unknown',
        kind: notification ? 'notification' : 'privacy-relay',
        masked: true,
        evidence: [
          headerEvidence('Reply-To', reply.address),
          headerEvidence('From', from.address),
          ruleEvidence('unknown.token-reply-to', 'replies go to a tokenised address on a domain unlike the sender\'s: a relay stands between you and the person'),
        ],
      };
    }
  }
  return undefined;
}

/** Where the message was delivered: a declared support address first, then Delivered-To, X-Original-To, X-Forwarded-To, To. */
function deliveredTo(ctx: ClassifyContext, det: Detection | undefined): { address: string; header: string } | undefined {
  const h = ctx.msg.headers;
  const lists: { header: string; addresses: string[] }[] = [];
  for (const name of ['Delivered-To', 'X-Original-To', 'X-Forwarded-To']) {
    // Each delivery prepends its own field: the bottom-most is the first mailbox, the one the relay handed it to.
    const values = getHeaders(h, name)
      .reverse()
      .flatMap((f) => parseAddressList(f.raw).map((m) => m.address))
      .filter(Boolean);
    lists.push({ header: name, addresses: values });
  }
  // Apple's forwarded copy names the alias (p=) and the mailbox it forwarded to (f=) in X-ICLOUD-HME
  // (RELAYS-AND-HOSTS.md §A.1 Apple); the f= mailbox is where the relay delivered.
  const hme = getHeader(h, 'x-icloud-hme')?.value ?? '';
  const HME_TAGS = { f: /(?:^|;)\s*f=([^;\s]+)/i, p: /(?:^|;)\s*p=([^;\s]+)/i };
  const hmeTag = (tag: 'f' | 'p') => HME_TAGS[tag].exec(hme.slice(0, MAX_ADDRESS * 4))?.[1]?.replace(/^<|>$/g, '');
  const hmeTo = hmeTag('f');
  if (hmeTo && hmeTo.includes('@')) lists.push({ header: 'X-ICLOUD-HME', addresses: [hmeTo] });
  // The relay's own alias, as the relay's headers name it (custom-domain aliases included).
  const aliases = new Set(
    [hmeTag('p'), firstAddress(ctx, 'x-simplelogin-envelope-to'), firstAddress(ctx, 'x-anonaddy-original-to')]
      .filter((a): a is string => !!a)
      .map((a) => a.toLowerCase()),
  );
  // On a forward leg the To may be the relay's own alias (SimpleLogin keeps it): that is not a mailbox.
  const isAlias = (a: string) => aliases.has(a.toLowerCase()) || (det?.masked && det.relay && matchAddress(a)?.service === det.relay);
  const to = ctx.to.map((m) => m.address).filter((a) => a && !isAlias(a));
  lists.push({ header: 'To', addresses: to });
  // A customer may put the support address in Cc ("To: sales@, Cc: support@"): the relay delivered
  // it there too. Cc comes last, so it is used when it holds a declared support address or To is empty.
  const cc = ctx.cc.map((m) => m.address).filter((a) => a && !isAlias(a));
  lists.push({ header: 'Cc', addresses: cc });
  const written = (ctx.options.support?.writtenTo ?? []).map((a) => optionAddress(a).toLowerCase());
  if (written.length) {
    for (const l of lists) {
      const hit = l.addresses.find((a) => written.includes(a.toLowerCase()));
      if (hit) return { address: hit, header: l.header };
    }
  }
  for (const l of lists) if (l.addresses[0]) return { address: l.addresses[0], header: l.header };
  return undefined;
}

/** An address from the options, which may be typed as `Name <addr>` or with stray spaces. */
function optionAddress(value: string): string {
  if (typeof value !== 'string') return '';
  const v = value.trim();
  return (v.includes('<') ? parseAddressList(v)[0]?.address : undefined) || v;
}

function sameMailbox(replyFrom: string, delivered: string, stripsPlusTag: boolean): boolean {
  const rf = replyFrom.trim().toLowerCase();
  const dt = delivered.trim().toLowerCase();
  // Firefox Relay compares the SMTP sender, and the sender with its +tag removed, to the account
  // address it delivers to (_reply_allowed L1403-1441); the others compare the address as is.
  return rf === dt || (stripsPlusTag && stripPlusTag(rf) === dt);
}

export function classifySender(ctx: ClassifyContext): Sender {
  const from: Mailbox | undefined = ctx.from[0];
  const replyTo = ctx.replyTo.map((m) => m.address).filter(Boolean);
  const sender: Sender = { masked: false, evidence: [] };
  if (from?.address) sender.from = from.address;
  if (from?.name) sender.fromName = from.name;
  if (replyTo.length) sender.replyTo = replyTo;
  const reply = replyTo[0] ?? from?.address;
  if (reply) {
    sender.replyAddress = reply;
    sender.evidence.push(headerEvidence(replyTo[0] ? 'Reply-To' : 'From', reply));
  }

  const { det: relayDet, byAddress } = relayDetection(ctx);
  let det: Detection | undefined = relayDet;
  if (!det && byAddress.recipientMask) sender.recipientMask = byAddress.recipientMask;
  sender.evidence.push(...byAddress.evidence);
  det ??= mailingList(ctx) ?? forwarder(ctx) ?? (byAddress.recipientMask ? undefined : unknownRelay(ctx));

  if (!det?.masked && !sender.recipientMask) {
    // Written to a relay alias by someone else: say so, the mask belongs to the recipient.
    const r = recipientAddresses(ctx).find((x) => { const m = matchAddress(x.address); return m && m.role !== 'service'; });
    if (r) {
      sender.recipientMask = { service: matchAddress(r.address)!.service.id, address: r.address };
      sender.evidence.push(headerEvidence(r.header, r.address), ruleEvidence(`${sender.recipientMask.service}.recipient-alias`, 'the message is addressed to a relay alias: the recipient is masked, not the sender'));
    }
  }

  if (det) {
    sender.masked = det.masked;
    sender.service = det.service;
    sender.kind = det.kind;
    // A platform's reply+TOKEN@ notification address (GitHub-style) is a platform relay: the issue's
    // contract files it under kind "marketplace"; `notification` keeps the finer shape for the wording.
    if (det.masked && det.kind === 'notification') {
      sender.kind = 'marketplace';
      sender.notification = true;
    }
    sender.evidence.push(...det.evidence);
  } else {
    sender.kind = 'direct';
    sender.evidence.push(ruleEvidence('sender.direct', 'no relay alias, relay header, list, forwarding or tokenised reply address was found'));
  }

  const delivered = deliveredTo(ctx, det);
  if (delivered) {
    sender.deliveredTo = delivered.address;
    sender.deliveredToHeader = delivered.header;
    sender.evidence.push(headerEvidence(delivered.header, delivered.address));
  }

  const rule = det?.masked ? det.relay?.replyRule : undefined;
  if (det && rule) {
    const replyRule: NonNullable<Sender['replyRule']> = { enforced: rule.enforced };
    if (rule.unconfirmed) replyRule.unconfirmed = true;
    sender.evidence.push(ruleEvidence(`${det.service}.reply-rule`, `${rule.note} (${rule.source})`));
    if (rule.enforced && delivered) {
      replyRule.mustReplyFrom = delivered.address;
      const repliesFrom = ctx.options.support?.repliesFrom ? optionAddress(ctx.options.support.repliesFrom) : '';
      if (repliesFrom) {
        replyRule.mismatch = !sameMailbox(repliesFrom, delivered.address, rule.stripsPlusTag === true);
        sender.evidence.push({ source: 'option', where: 'support.repliesFrom', value: repliesFrom });
        if (replyRule.mismatch) {
          sender.evidence.push(
            ruleEvidence(
              `${det.service}.reply-mismatch`,
              `delivered to ${delivered.address} (${delivered.header}) but replies come from ${repliesFrom}: the relay will likely refuse or silently drop them; reply from ${delivered.address}`,
            ),
          );
        }
      }
    }
    sender.replyRule = replyRule;
  }
  return sender;
}

/**
 * A known relay, strongest signal first: Firefox Relay's forward shape, then the relays' own
 * headers, then the From / Reply-To address. Signals that agree add their evidence and leg.
 */
function relayDetection(ctx: ClassifyContext): { det?: Detection; byAddress: ReturnType<typeof addressRules> } {
  const fx = firefoxForwardShape(ctx);
  const markers = headerMarkers(ctx);
  const byAddress = addressRules(ctx, markers !== undefined);
  const det = fx ?? markers ?? byAddress.det;
  if (det) {
    for (const other of [markers, byAddress.det]) {
      if (!other || other === det || other.service !== det.service) continue;
      det.leg ??= other.leg;
      for (const e of other.evidence) if (!det.evidence.some((x) => x.where === e.where && x.value === e.value)) det.evidence.push(e);
    }
  }
  return { det, byAddress };
}

/** The relay leg, for threading.ts (re-derived so classifyThreading needs only the Sender). */
export function relayLegOf(ctx: ClassifyContext, sender: Sender): RelayLeg | undefined {
  if (!sender.masked || !sender.service) return undefined;
  const det = relayDetection(ctx).det;
  return det && det.service === sender.service ? det.leg : undefined;
}
