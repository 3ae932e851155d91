/**
 * A limit on a site's reads: at most `concurrent` at once and `perWindow` started in any
 * `windowMs`. Gmail answers a burst of "Show original" reads by throttling the account; InboxSDK
 * limits its own requests to about 7 a second and 50 per 10 seconds (RELAYS-AND-HOSTS.md B.2),
 * and the page itself makes requests too, so Veil stays well under that.
 */
export interface Throttle {
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
}

export function createThrottle(opts: { concurrent: number; perWindow: number; windowMs: number; now?: () => number }): Throttle {
  const now = opts.now ?? Date.now;
  const starts: number[] = [];
  let active = 0;
  const waiting: (() => void)[] = [];

  /** Resolves once a slot is free and the window has room; abortable while waiting. */
  function acquire(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        const at = waiting.indexOf(attempt);
        if (at >= 0) waiting.splice(at, 1);
        reject(signal.reason);
      };
      const attempt = () => {
        if (signal.aborted) return;
        const t = now();
        while (starts.length > 0 && starts[0]! <= t - opts.windowMs) starts.shift();
        if (active >= opts.concurrent) {
          waiting.push(attempt);
          return;
        }
        if (starts.length >= opts.perWindow) {
          timer = setTimeout(attempt, starts[0]! + opts.windowMs - t);
          return;
        }
        signal.removeEventListener('abort', onAbort);
        active++;
        starts.push(t);
        resolve();
      };
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      attempt();
    });
  }

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        active--;
        waiting.shift()?.();
      }
    },
  };
}
