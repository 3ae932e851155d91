// The core compiles with lib ES2023 and no DOM or Node types, so `document`, `chrome` and `Buffer`
// cannot be used by mistake. These few globals exist in browsers, workers and Node alike.

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare function atob(data: string): string;
declare function btoa(data: string): string;

interface SubtleCryptoLike {
  digest(algorithm: string | { name: string }, data: ArrayBufferView | ArrayBuffer): Promise<ArrayBuffer>;
  importKey(
    format: string,
    keyData: ArrayBufferView | ArrayBuffer,
    algorithm: unknown,
    extractable: boolean,
    keyUsages: string[],
  ): Promise<unknown>;
  verify(
    algorithm: unknown,
    key: unknown,
    signature: ArrayBufferView | ArrayBuffer,
    data: ArrayBufferView | ArrayBuffer,
  ): Promise<boolean>;
}
declare const crypto: { readonly subtle: SubtleCryptoLike; getRandomValues<T extends ArrayBufferView>(a: T): T };
