import type { HttpClient } from './support/http-client';
import { nowMs } from './support/stats';

export interface CaughtUpResult {
  /** Every projection and process manager caught up (no wanted event after its checkpoint). */
  readonly ok: boolean;
  /** From the last acknowledgement until the service first reported every subscription caught up. */
  readonly afterMs: number;
  /** Subscriptions the service reported (projections and process managers). */
  readonly subscriptions: number;
  /** When not ok: the ones still behind at the deadline. */
  readonly behind: readonly string[];
}

const POLL_MS = 25;

interface SubscriptionView {
  readonly name: string;
  readonly caughtUp: boolean;
  readonly lagEvents: number;
}

/**
 * Asks the service itself (GET /v1/admin/projections: every read-model projection and process
 * manager with its checkpoint against the store) until all of them have no event left to handle,
 * and times that from `sinceMs`, the last acknowledgement of the load.
 */
export async function waitForReadModels(api: HttpClient, sinceMs: number, timeoutMs: number): Promise<CaughtUpResult> {
  const deadline = nowMs() + timeoutMs;
  for (;;) {
    const answer = await api.json<{ data: SubscriptionView[] }>('GET', '/v1/admin/projections');
    if (answer.status !== 200) throw new Error(`GET /v1/admin/projections answered ${answer.status}`);
    const behind = answer.body.data.filter((s) => !s.caughtUp || s.lagEvents > 0).map((s) => s.name);
    const now = nowMs();
    if (behind.length === 0 || now > deadline) {
      return { ok: behind.length === 0, afterMs: Math.round(now - sinceMs), subscriptions: answer.body.data.length, behind };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
