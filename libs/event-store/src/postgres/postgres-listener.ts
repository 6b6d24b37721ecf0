import type { Notification, Pool, PoolClient } from 'pg';
import { EventStoreUnavailableError } from '../event-store.port';
import { EVENTS_NOTIFY_CHANNEL } from './postgres-event-store.sql';

/**
 * One LISTEN connection for all of a store's subscriptions. The server signals every listening
 * backend on every commit that appends, so one listener per subscription would multiply that work
 * by the number of projections and process managers; here each commit wakes one connection, and
 * the wake-up is handed to every subscription in the process.
 */
export class EventsListener {
  private readonly wakers = new Set<() => void>();
  private client: PoolClient | undefined;
  private connecting: Promise<void> | undefined;
  private nextAttemptAtMs = 0;

  constructor(
    private readonly pool: Pool,
    /** How long to wait before trying again to LISTEN after it failed or the connection broke. */
    private readonly relistenDelayMs: number,
  ) {}

  /** Registers a subscription's wake-up; the function returned removes it (the last one out stops listening). */
  add(wake: () => void): () => Promise<void> {
    this.wakers.add(wake);
    return async () => {
      this.wakers.delete(wake);
      if (this.wakers.size === 0) await this.unlisten();
    };
  }

  /**
   * Resolves once LISTEN is in place, so that no commit after the caller's next read goes unnoticed;
   * or at once when listening failed lately (best effort: subscriptions still poll).
   */
  ensure(): Promise<void> {
    if (this.client || Date.now() < this.nextAttemptAtMs) return Promise.resolve();
    this.connecting ??= this.listen().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async listen(): Promise<void> {
    this.nextAttemptAtMs = Date.now() + this.relistenDelayMs;
    let client: PoolClient | undefined;
    try {
      client = await this.pool.connect();
      client.on('error', this.onError);
      client.on('notification', this.onNotification);
      await client.query(`LISTEN ${EVENTS_NOTIFY_CHANNEL}`);
      this.client = client;
    } catch {
      if (client) this.detach(client, true);
      return;
    }
    if (this.wakers.size === 0) await this.release(); // everyone left while we connected
  }

  private readonly onNotification = (message: Notification): void => {
    if (message.channel !== EVENTS_NOTIFY_CHANNEL) return;
    for (const wake of this.wakers) wake();
  };

  /** A connection that broke while idle emits 'error': drop it; the next ensure() after the delay listens again. */
  private readonly onError = (): void => {
    const broken = this.client;
    this.client = undefined;
    this.nextAttemptAtMs = Date.now() + this.relistenDelayMs;
    if (broken) this.detach(broken, true);
    for (const wake of this.wakers) wake(); // read now: what was committed meanwhile was never announced
  };

  private async unlisten(): Promise<void> {
    await this.connecting;
    await this.release();
  }

  private async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.query('UNLISTEN *'); // the pooled connection must not carry our LISTEN to its next user
      this.detach(client, false);
    } catch {
      this.detach(client, true);
    }
  }

  private detach(client: PoolClient, destroy: boolean): void {
    client.off('notification', this.onNotification);
    if (!destroy) client.off('error', this.onError);
    try {
      client.release(destroy ? new EventStoreUnavailableError('LISTEN connection broke') : undefined);
    } catch {
      // released twice (an error after release): nothing left to give back
    }
  }
}
