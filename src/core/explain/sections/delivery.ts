/**
 * Delivery: TLS per hop, from the Received chain. TLS is opportunistic and hop by hop: it protects
 * each connection, not the stored message, and lines written before the receiving system can be
 * forged (ENCRYPTION.md §C3; RFC 5321 §4.4; RFC 8689 for TLS-Required).
 */
import type { Hop } from '../../types';
import { ev, line, type Line } from '../model';
import type { Facts } from '../facts';

/** The Received line itself, as the server wrote it: a quote, never a summary in Veil's words. */
function hopEvidence(h: Hop) {
  return ev('header', 'Received', h.raw);
}

export function deliverySection(f: Facts): Line[] {
  const t = f.a.transport;
  const hops = t.hops;
  // No Received line at all (a draft, a saved copy): say so only when the detector says it (cannotKnow).
  if (!hops.length) return t.cannotKnow?.includes('no-received-headers') ? [line('delivery.no-hops', {}, [ev('rule', 'transport.no-received-headers', '0 Received')])] : [];
  const tls = hops.filter((h) => h.tls === true);
  const plain = hops.filter((h) => h.tls === false);
  const silent = hops.filter((h) => h.tls === null);
  const out: Line[] = [];
  if (tls.length === hops.length) out.push(line(hops.length === 1 ? 'delivery.all.one' : hops.length === 2 ? 'delivery.all.two' : 'delivery.all', { count: hops.length }, tls.map(hopEvidence), ['tls']));
  else if (tls.length) out.push(line(tls.length === 1 ? 'delivery.some.one' : 'delivery.some', { tls: tls.length, total: hops.length }, tls.map(hopEvidence), ['tls']));
  else if (plain.length === hops.length) out.push(line(hops.length === 1 ? 'delivery.plain.only' : 'delivery.plain.all', { count: hops.length }, plain.map(hopEvidence), ['tls']));
  else if (silent.length === hops.length) out.push(line(hops.length === 1 ? 'delivery.silent.only' : 'delivery.silent.all', { count: hops.length }, silent.map(hopEvidence), ['tls']));
  else out.push(line('delivery.none', { total: hops.length }, hops.map(hopEvidence), ['tls']));
  // The breakdown, unless the first sentence already said it all.
  const mixed = tls.length > 0 || (plain.length > 0 && silent.length > 0);
  if (mixed && plain.length) out.push(line(plain.length === 1 ? 'delivery.plain.one' : 'delivery.plain', { count: plain.length }, plain.map(hopEvidence)));
  if (mixed && silent.length) out.push(line(silent.length === 1 ? 'delivery.silent.one' : 'delivery.silent', { count: silent.length }, silent.map(hopEvidence)));
  if (t.tlsRequiredNo) out.push(line('delivery.tls-required-no', {}, [ev('header', 'TLS-Required', 'No')]));
  // A hop stamped earlier than the one below it: the route's times cannot be trusted (RFC 5321 §4.4
  // leaves clocks to each server).
  const skewed = hops.filter((h) => h.clockSkew);
  if (skewed.length) out.push(line('delivery.clock-skew', {}, skewed.map((h) => ev('header', 'Received', h.raw))));
  out.push(line('delivery.transit'));
  out.push(line('delivery.hop-by-hop'));
  // The transport detector marks hops written before the receiving system (zone 'before').
  const before = hops.filter((h) => h.zone === 'before');
  if (before.length) out.push(line(before.length === 1 ? 'delivery.forgeable.one' : 'delivery.forgeable.count', { count: before.length }, before.map(hopEvidence)));
  else out.push(line('delivery.forgeable'));
  return out;
}
