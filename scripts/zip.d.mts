// Types for scripts/zip.mjs (used by test/unit/project/package.test.ts).
export interface ZipEntry {
  name: string;
  data: Uint8Array;
  mode?: number;
}
export function dosTime(epochSeconds?: string | number): { time: number; date: number };
export function zip(entries: ZipEntry[], options?: { time?: { time: number; date: number } }): Buffer;
export function unzip(buf: Buffer): { name: string; data: Buffer; mode: number }[];
