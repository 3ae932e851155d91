/**
 * Bounded inflation with the platform's Compression Streams, for the two formats that compress:
 * S/MIME CompressedData (RFC 3274 §2: ZLIB, RFC 1950 — the "deflate" format here) and OpenPGP
 * compressed data packets (RFC 9580 §5.6: ZIP = raw deflate, ZLIB). Output is capped: a compressed
 * blob is a classic decompression bomb. Undefined when the platform lacks the API or nothing
 * could be inflated.
 */
import { concatBytes } from '../parse/bytes';
import type { Budget } from '../budget';

interface StreamLike {
  readable: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } };
  writable: { getWriter(): { write(b: Uint8Array): Promise<void>; close(): Promise<void> } };
}

export interface Inflated {
  /** At most `max` bytes. */
  bytes: Uint8Array;
  /** The stream ended cleanly within `max`: nothing was cut off, and the input was not truncated. */
  complete: boolean;
  /** The analysis's inflate budget stopped it (skipped, or cut short): not damage, not the content. */
  overBudget?: boolean;
}

/**
 * Inflates at most `max` bytes, and with a budget at most what is left of it: the budget is asked
 * before any byte is inflated, so a hundred compressed parts cannot each spend `max`.
 */
export async function inflate(
  data: Uint8Array,
  format: 'deflate' | 'deflate-raw',
  max: number,
  budget?: Budget,
  what = 'compressed data',
): Promise<Inflated | undefined> {
  if (!budget) return inflateUpTo(data, format, max);
  const allowed = budget.allowInflate(max, what);
  if (allowed === 0) return { bytes: new Uint8Array(0), complete: false, overBudget: true };
  const r = await inflateUpTo(data, format, allowed);
  budget.chargeInflate(r?.bytes.length ?? 0);
  if (r && !r.complete && allowed < max && r.bytes.length >= allowed) {
    budget.reach('inflated', `${what} was inflated only in part`);
    r.overBudget = true;
  }
  return r;
}

async function inflateUpTo(data: Uint8Array, format: 'deflate' | 'deflate-raw', max: number): Promise<Inflated | undefined> {
  const Ctor = (globalThis as unknown as { DecompressionStream?: new (format: string) => StreamLike }).DecompressionStream;
  if (!Ctor) return undefined;
  let ds: StreamLike;
  try {
    ds = new Ctor(format);
  } catch {
    return undefined;
  }
  const writer = ds.writable.getWriter();
  // Write and close without awaiting: the reader below drains the output concurrently. The input may
  // be a prefix (a bounded read); a truncated stream then errors at its end, after its output.
  writer.write(data).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let complete = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        complete = true;
        break;
      }
      if (!value) continue;
      chunks.push(value);
      total += value.length;
      if (total > max) break;
    }
  } catch {
    // Truncated or damaged: keep what was produced before the error.
  }
  if (!complete) reader.cancel().catch(() => undefined);
  if (!chunks.length) return complete ? { bytes: new Uint8Array(0), complete } : undefined;
  const bytes = concatBytes(chunks, total);
  return { bytes: bytes.subarray(0, Math.min(total, max)), complete: complete && total <= max };
}

/**
 * S/MIME CompressedData content: the whole zlib stream, or no bytes (a cut-off result is not the
 * content); `overBudget` tells a budget stop from damage.
 */
export async function inflateZlib(data: Uint8Array, max: number, budget?: Budget, what?: string): Promise<{ bytes?: Uint8Array; overBudget?: boolean }> {
  const r = await inflate(data, 'deflate', max, budget, what);
  if (r?.overBudget) return { overBudget: true };
  return r?.complete ? { bytes: r.bytes } : {};
}
