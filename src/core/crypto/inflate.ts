/**
 * zlib inflation for S/MIME CompressedData (RFC 3274 §2: the only algorithm is ZLIB, RFC 1950), with
 * the platform's Compression Streams ("deflate" is the zlib format). Output is capped: a compressed
 * blob is a classic decompression bomb. Returns undefined when the platform lacks the API or the
 * data is not valid zlib.
 */

interface StreamLike {
  readable: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } };
  writable: { getWriter(): { write(b: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> } };
}

export async function inflateZlib(data: Uint8Array, max: number): Promise<Uint8Array | undefined> {
  const Ctor = (globalThis as unknown as { DecompressionStream?: new (format: string) => StreamLike }).DecompressionStream;
  if (!Ctor) return undefined;
  try {
    const ds = new Ctor('deflate');
    const writer = ds.writable.getWriter();
    // Write and close without awaiting: the reader below drains the output concurrently.
    writer.write(data).catch(() => undefined);
    writer.close().catch(() => undefined);
    const reader = ds.readable.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      total += value.length;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  } catch {
    return undefined;
  }
}
