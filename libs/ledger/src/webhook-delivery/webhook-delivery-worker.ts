import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { LeaderLock, lockConnectionsFrom } from '@kassa/event-store';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../application/ledger-context';
import { type SendOutcome, SendWebhookDeliveryCommand } from './send-webhook.handler';
import { WEBHOOK_DELIVERY_LOG, WEBHOOK_DELIVERY_SETTINGS, type WebhookDeliveryLog, type WebhookDeliverySettings } from './webhook-delivery-settings';
import { WebhookFanOut } from './webhook-fan-out';
import { WakeableSleep } from '../shared/wakeable-sleep';

const LEADER_NAME = 'webhook-delivery';
const DEFAULT_MAX_IN_FLIGHT_PER_ENDPOINT = 4;
const DEFAULT_MAX_IN_FLIGHT = 32;
const DEFAULT_POLL_INTERVAL_MS = 500;
/** How long a delivery waits after a failure on our side (database), not counted as an attempt. */
const OWN_FAILURE_DELAY_MS = 30_000;

interface DueDelivery {
  id: string;
  endpoint_id: string;
}

/**
 * Sends due webhook deliveries (every merchant's), durably and without letting one endpoint hold up
 * another:
 * - the work list is webhook_deliveries, filled by the fan-out (fanOut()) from webhook_events; due
 *   times are rows, so a restart resumes the retry schedule where it was;
 * - one leader (advisory lock) polls it and dispatches SendWebhookDeliveryCommand per due delivery
 *   without waiting for it: at most maxInFlightPerEndpoint per endpoint and maxInFlight in all, and
 *   each endpoint's due deliveries are picked separately, so a dead endpoint's backlog never fills
 *   the slots of another endpoint or merchant;
 * - nothing here runs on the ledger's request path: a postback or a withdrawal never waits for a
 *   webhook.
 */
@Injectable()
export class WebhookDeliveryWorker {
  private readonly leader: LeaderLock;
  private readonly fanOutProcess: WebhookFanOut;
  private readonly inFlight = new Map<string, { endpointId: string; done: Promise<SendOutcome> }>();
  private readonly pause = new WakeableSleep();
  private readonly perEndpoint: number;
  private readonly overall: number;
  private readonly pollIntervalMs: number;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private lastError: string | undefined;

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WEBHOOK_DELIVERY_SETTINGS) settings: WebhookDeliverySettings,
    @Inject(WEBHOOK_DELIVERY_LOG) private readonly log: WebhookDeliveryLog,
  ) {
    this.perEndpoint = settings.maxInFlightPerEndpoint ?? DEFAULT_MAX_IN_FLIGHT_PER_ENDPOINT;
    this.overall = settings.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.pollIntervalMs = settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    if (this.perEndpoint < 1 || this.overall < 1) throw new RangeError('webhook concurrency limits must be at least 1');
    this.leader = new LeaderLock(LEADER_NAME, lockConnectionsFrom(dataSource));
    this.fanOutProcess = new WebhookFanOut(dataSource, this.pollIntervalMs, () => this.pause.wake(), log);
  }

  /** The process that makes deliveries from webhook events (its own leader and checkpoint). */
  get fanOut(): WebhookFanOut {
    return this.fanOutProcess;
  }

  start(): void {
    this.fanOutProcess.start();
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops taking work, lets the attempts in flight finish and record themselves (each is bounded by the timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.fanOutProcess.stop();
    await this.loop;
    this.loop = undefined;
    await Promise.allSettled([...this.inFlight.values()].map((entry) => entry.done));
    await this.leader.release();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let pauseMs = this.pollIntervalMs;
      try {
        if (await this.leader.tryAcquire()) pauseMs = await this.startDue();
        this.lastError = undefined;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (message !== this.lastError) this.log.error({ error: message }, 'webhook delivery polling failed; will retry');
        this.lastError = message;
      }
      if (!this.stopping) await this.pause.sleep(pauseMs);
    }
  }

  /** Fills free slots with due deliveries (not waiting for them) and answers how long to pause. */
  private async startDue(): Promise<number> {
    const free = this.overall - this.inFlight.size;
    if (free <= 0) return this.pollIntervalMs; // a finishing attempt wakes us
    const now = this.clock.now();
    const due: DueDelivery[] = await this.dataSource.query(
      `SELECT d.id, d.endpoint_id
       FROM webhook_endpoints w
       CROSS JOIN LATERAL (
         SELECT id, endpoint_id, next_attempt_at FROM webhook_deliveries
         WHERE endpoint_id = w.id AND state = 'pending' AND next_attempt_at <= $1 AND NOT (id = ANY ($2::text[]))
         ORDER BY next_attempt_at LIMIT $3) AS d
       WHERE w.enabled
       ORDER BY d.next_attempt_at
       LIMIT $4`,
      [now.toISOString(), [...this.inFlight.keys()], this.perEndpoint, free * this.perEndpoint],
    );
    const busy = new Map<string, number>();
    for (const entry of this.inFlight.values()) busy.set(entry.endpointId, (busy.get(entry.endpointId) ?? 0) + 1);
    let started = 0;
    for (const delivery of due) {
      if (started >= free) break;
      const endpointBusy = busy.get(delivery.endpoint_id) ?? 0;
      if (endpointBusy >= this.perEndpoint) continue;
      busy.set(delivery.endpoint_id, endpointBusy + 1);
      this.send(delivery);
      started += 1;
    }
    // Slots left and deliveries left over mean only full endpoints wait: their finishing attempts wake us.
    return started === free ? 0 : this.pollIntervalMs;
  }

  private send(delivery: DueDelivery): void {
    const done = this.commandBus
      .execute<SendWebhookDeliveryCommand, SendOutcome>(new SendWebhookDeliveryCommand(delivery.id))
      .catch(async (error: unknown): Promise<SendOutcome> => {
        // Our side failed (database): the attempt may have gone out but is not recorded. Postpone, so
        // a lasting failure does not send in a loop; the receiver deduplicates by webhook-id.
        const message = error instanceof Error ? error.message : String(error);
        this.log.error({ deliveryId: delivery.id, error: message }, 'webhook delivery failed on our side; retried later');
        const dueAt = new Date(this.clock.now().getTime() + OWN_FAILURE_DELAY_MS).toISOString();
        await this.dataSource.query(`UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1 AND state = 'pending'`, [delivery.id, dueAt]).catch(() => undefined);
        return 'pending';
      })
      .finally(() => {
        this.inFlight.delete(delivery.id);
        this.pause.wake();
      });
    this.inFlight.set(delivery.id, { endpointId: delivery.endpoint_id, done });
  }
}
