/** ±20 % around each scheduled wait, so retries of many deliveries failed at once do not arrive together. */
export const RETRY_JITTER = 0.2;

/**
 * When the next automatic attempt is due after `failedAttempts` attempts failed, or null when the
 * schedule has run out (the delivery has failed). The first attempt is not in the schedule: it goes
 * at once; schedule[n] is the wait after the (n+1)th failure.
 */
export function nextAttemptDelayMs(scheduleMs: readonly number[], failedAttempts: number, random: () => number): number | null {
  const baseMs = scheduleMs[failedAttempts - 1];
  if (baseMs === undefined) return null;
  return Math.round(baseMs * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random()));
}
