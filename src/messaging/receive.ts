/**
 * `createRouter(handlers, accept)` → a runtime.onMessage listener. It answers every envelope it
 * understands with a `Result<T>`, checks the sender with `accept` before calling a handler, and
 * returns `undefined` for anything that is not an envelope so other listeners may answer.
 */
import type { Runtime } from 'webextension-polyfill';
import type { Envelope, Handlers, Result } from './protocol';

export type Listener = (message: unknown, sender: Runtime.MessageSender) => Promise<Result<unknown>> | undefined;

/** Decides, per message type, whether this sender may send it. */
export type Gate<P> = (type: keyof P, sender: Runtime.MessageSender) => boolean;

export function fail(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function isEnvelope(m: unknown): m is { type: string; data: unknown } {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

export function createRouter<P>(handlers: Handlers<P>, accept: Gate<P>): Listener {
  return (message, sender) => {
    if (!isEnvelope(message)) return undefined;
    const type = message.type as keyof P & string;
    if (!Object.prototype.hasOwnProperty.call(handlers, type)) {
      return Promise.resolve(fail('unknown-message', `unknown message "${type.slice(0, 40)}"`));
    }
    if (!accept(type, sender)) return Promise.resolve(fail('untrusted-sender', `sender may not send "${type}"`));
    const data = (message as Envelope<P>).data;
    if (typeof data !== 'object' || data === null) return Promise.resolve(fail('bad-request', 'missing request data'));
    const handler = handlers[type] as (req: unknown, sender: Runtime.MessageSender) => unknown;
    return Promise.resolve()
      .then(() => handler(data, sender))
      .then(
        (value): Result<unknown> => ({ ok: true, value: value ?? null }),
        (e: unknown): Result<unknown> => {
          const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'failed';
          return fail(code, e instanceof Error ? e.message : String(e));
        },
      );
  };
}
