export interface BackoffOptions {
  /** The delay before the second attempt; each later one doubles it. */
  readonly baseDelayMs: number;
  /** The longest single delay. */
  readonly maxDelayMs: number;
}

/**
 * The delay after the `failedAttempts`-th failure: doubling from baseDelayMs, capped at maxDelayMs,
 * with "equal jitter" (half fixed, half random) so that consumers failing together spread out
 * without any delay collapsing to zero.
 */
export function retryDelayMs(failedAttempts: number, options: BackoffOptions, random: () => number = Math.random): number {
  if (failedAttempts < 1) return 0;
  const exponent = Math.min(failedAttempts - 1, 30); // 2^30 already passes any sensible cap
  const ceilingMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const halfMs = ceilingMs / 2;
  return Math.round(halfMs + random() * halfMs);
}

/** Resolves after delayMs, or early (without throwing) when the signal aborts. */
export function sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
  if (delayMs <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
