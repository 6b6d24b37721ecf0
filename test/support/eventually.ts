/** How often `eventually` asks again; short enough not to slow a test, long enough not to load the machine. */
const POLL_INTERVAL_MS = 20;

/**
 * Asks `check` again and again until it answers something other than `false` or `undefined`, and
 * returns that answer. A throw counts as "not yet" (the thing polled may not exist yet); after
 * `timeoutMs` the test fails naming `what` and the last error seen. The one polling helper of the
 * test suite: tests wait for a condition, never for a fixed time.
 */
export async function eventually<T>(
  check: () => Promise<T | false | undefined> | T | false | undefined,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<Exclude<T, false | undefined>> {
  const deadlineMs = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const answer = await check();
      if (answer !== false && answer !== undefined) return answer as Exclude<T, false | undefined>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadlineMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError === undefined ? '' : `; last error: ${String(lastError)}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
