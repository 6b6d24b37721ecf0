import { advanceCheckpoint, LeaderLock, loadCheckpoint, lockConnectionsFrom, readCheckpoint } from '@kassa/event-store';
import type { DataSource } from 'typeorm';
import type { WebhookDeliveryLog } from './webhook-delivery-settings';
import { WakeableSleep } from '../shared/wakeable-sleep';

export const WEBHOOK_FAN_OUT_NAME = 'webhook-fan-out';
/** Events turned into deliveries per transaction. */
const BATCH_SIZE = 500;
const CATCH_UP_POLL_MS = 20;

/**
 * Turns each webhook event (table webhook_events, in seq order) into one delivery per endpoint of
 * its merchant that is enabled, subscribed to its type and existed when the event was made.
 *
 * A durable follower like the projections: one leader (the subscriptions' advisory lock), a
 * checkpoint in subscription_checkpoints (the seq handled last, as both halves of the position),
 * moved by compare-and-set FIRST in the same transaction as the inserts, so a second process that
 * believes it leads cannot insert anything, and a crash repeats at most the batch in hand (the
 * unique (endpoint, event) makes that a no-op). webhook_events has one writer, so seq order is
 * commit order and no event appears below the checkpoint later.
 */
export class WebhookFanOut {
  private readonly lock: LeaderLock;
  private readonly pause = new WakeableSleep();
  private loop: Promise<void> | undefined;
  private stopping = false;
  private lastError: string | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly pollIntervalMs: number,
    private readonly onDeliveries: () => void,
    private readonly log: WebhookDeliveryLog,
  ) {
    this.lock = new LeaderLock(WEBHOOK_FAN_OUT_NAME, lockConnectionsFrom(dataSource));
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Lets the batch in hand commit, then frees the leadership. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.loop;
    this.loop = undefined;
  }

  /** Look now (webhook events were written in this process). */
  wake(): void {
    this.pause.wake();
  }

  /** One batch, whether or not a loop runs here: for tests and tools. Answers how many events it handled. */
  async fanOutOnce(): Promise<number> {
    const checkpoint = await loadCheckpoint(this.dataSource, WEBHOOK_FAN_OUT_NAME);
    const [batch]: { last: string | null; count: number }[] = await this.dataSource.query(
      'SELECT max(seq)::text AS last, count(*)::int AS count FROM (SELECT seq FROM webhook_events WHERE seq > $1 ORDER BY seq LIMIT $2) AS next',
      [checkpoint.commit.toString(), BATCH_SIZE],
    );
    if (batch.count === 0 || batch.last === null) return 0;
    const last = BigInt(batch.last);
    const inserted = await this.dataSource.transaction(async (manager) => {
      await advanceCheckpoint(manager, WEBHOOK_FAN_OUT_NAME, checkpoint, { commit: last, prepare: last });
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_seq, event_type, state, attempts, next_attempt_at, created_at, updated_at)
         SELECT gen_random_uuid()::text, e.merchant_id, w.id, e.id, e.seq, e.type, 'pending', 0, now(), now(), now()
         FROM webhook_events e
         JOIN webhook_endpoints w ON w.tenant_id = e.merchant_id AND w.enabled AND w.created_at <= e.created_at
           AND ('*' = ANY (w.event_types) OR e.type = ANY (w.event_types))
         WHERE e.seq > $1 AND e.seq <= $2
         ON CONFLICT (endpoint_id, event_id) DO NOTHING
         RETURNING id`,
        [checkpoint.commit.toString(), last.toString()],
      );
      return rows.length;
    });
    if (inserted > 0) this.onDeliveries();
    return batch.count;
  }

  /**
   * Resolves when every webhook event written so far has been fanned out (for tests and tools, like
   * the runners' waitUntilCaughtUp); at once when the fan-out does not run in this process.
   */
  async waitUntilCaughtUp(timeoutMs: number): Promise<void> {
    if (!this.loop) return;
    const [head]: { last: string | null }[] = await this.dataSource.query('SELECT max(seq)::text AS last FROM webhook_events');
    if (head.last === null) return;
    const target = BigInt(head.last);
    const deadlineMs = Date.now() + timeoutMs;
    // Bounded by the deadline; each turn wakes the loop and gives it a moment.
    for (;;) {
      const checkpoint = await readCheckpoint(this.dataSource, WEBHOOK_FAN_OUT_NAME);
      if ((checkpoint?.commit ?? -1n) >= target) return;
      if (Date.now() > deadlineMs) throw new Error(`${WEBHOOK_FAN_OUT_NAME} did not reach webhook event ${target} within ${timeoutMs} ms`);
      this.pause.wake();
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
    }
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopping) {
        let pauseMs = this.pollIntervalMs;
        try {
          if (await this.lock.tryAcquire()) {
            if ((await this.fanOutOnce()) === BATCH_SIZE) pauseMs = 0;
          }
          this.lastError = undefined;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          // Once per distinct failure, not once per poll.
          if (message !== this.lastError) this.log.error({ error: message }, 'webhook fan-out failed; will retry');
          this.lastError = message;
        }
        if (!this.stopping) await this.pause.sleep(pauseMs);
      }
    } finally {
      await this.lock.release();
    }
  }
}
