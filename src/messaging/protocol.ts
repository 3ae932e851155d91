/**
 * Every message between the extension's contexts, declared once with its request and response
 * types (STYLE.md rule 5). Receivers implement `Handlers<P>`; a missing handler is a type error.
 */
import type { Analysis } from '../core';

/** content script → background. Sender must be our own content script in a tab. */
export interface ContentToBackground {
  analyzeRaw(req: { key: string; raw: string; site: string }): Analysis;
}

/** popup / options → background. Sender must be one of our extension pages. */
export interface PageToBackground {
  analyzeText(req: { raw: string }): Analysis;
}

type Req<F> = F extends (req: infer Q) => unknown ? Q : never;
type Res<F> = F extends (req: never) => infer R ? R : never;

export type Handlers<P> = {
  [K in keyof P]: (req: Req<P[K]>, sender: import('webextension-polyfill').Runtime.MessageSender) => Res<P[K]> | Promise<Res<P[K]>>;
};
export type Envelope<P> = { [K in keyof P]: { type: K; data: Req<P[K]> } }[keyof P];
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
export type ResponseOf<P, K extends keyof P> = Res<P[K]>;
export type RequestOf<P, K extends keyof P> = Req<P[K]>;
