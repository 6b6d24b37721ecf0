import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { EventStoreUnavailableError, START, type BatchHandler, type Position, type ReadAllOptions, type RecordedEvent, type Subscription } from '../event-store.port';
import { retryDelayMs, sleep, type BackoffOptions } from '../subscriptions/backoff';
import { BatchPuller } from './esdb-batch-puller';
import type { EsdbCatchUpSubscription, EsdbClient } from './esdb-client';
import { isTransient, translateEsdbError } from './esdb-errors';
import { toRecordedEvent } from './esdb-events';
import { serverFilterFor, wantedEntry } from './esdb-filters';
import { toReadPosition } from './esdb-positions';

export interface EsdbSubscriptionSettings {
  readonly maxBatchSize: number;
  /** How long a batch waits for more events once it has one (live traffic); a backlog fills batches at once. */
  readonly batchLingerMs: number;
  /** Delays between resubscribing after the connection drops. */
  readonly reconnectBackoff: BackoffOptions;
  /** Drops in a row (without a healthy connection between) before `failed` rejects; a bound on the retry loop. */
  readonly maxConsecutiveReconnects: number;
  /** A connection that lived at least this long before dropping counts as healthy: the drop count starts over. */
  readonly healthyConnectionMs: number;
}

/** A handler's own error: it ends the subscription as it is, never triggers a reconnect. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * A catch-up subscription on $all with a server-side filter: the server sends the backlog after the
 * position, then live events, on one gRPC stream. We pull from that stream only as fast as the handler
 * goes (the stream is a Node Readable, so the server is held back by backpressure) and hand over
 * batches of up to maxBatchSize, one handler call at a time.
 *
 * When the connection drops (node restart, leader change, network), we subscribe again after the last
 * position the handler finished, with a bounded exponential backoff. EventStoreDB starts a subscription
 * strictly after the given position, and wantedEntry() skips anything at or before it anyway, so an
 * event is never handed over twice by one Subscription.
 */
export class EsdbSubscription implements Subscription {
  readonly failed: Promise<never>;
  private readonly done: Promise<void>;
  private readonly stopController = new AbortController();
  private current: EsdbCatchUpSubscription | undefined;
  /** The position of the last event the handler finished: where a resubscription starts (exclusive). */
  private after: Position = START;
  private deliveredBatches = 0;

  constructor(
    private readonly client: EsdbClient,
    from: Position,
    private readonly handler: BatchHandler,
    private readonly filter: ReadAllOptions,
    private readonly settings: EsdbSubscriptionSettings,
  ) {
    let reject: (error: unknown) => void = () => undefined;
    this.failed = new Promise<never>((_resolve, fail) => {
      reject = fail;
    });
    this.failed.catch(() => undefined); // a caller that never looks at `failed` must not crash the process
    this.done = this.run(from).catch((error: unknown) => reject(error instanceof HandlerFailure ? error.error : error));
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    await this.current?.unsubscribe().catch(() => undefined);
    await this.done;
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  private async run(from: Position): Promise<void> {
    this.after = from;
    let drops = 0;
    while (!this.stopped) {
      const connectedAtMs = Date.now();
      const deliveredBefore = this.deliveredBatches;
      try {
        await this.consume();
        return; // only a stop ends consume() without an error
      } catch (error) {
        if (error instanceof HandlerFailure || this.stopped) throw error;
        if (!isTransient(error)) throw translateEsdbError(error, 'subscribeAll');
        const healthy = this.deliveredBatches > deliveredBefore || Date.now() - connectedAtMs >= this.settings.healthyConnectionMs;
        drops = healthy ? 1 : drops + 1;
        if (drops > this.settings.maxConsecutiveReconnects) {
          throw new EventStoreUnavailableError(`the subscription to $all dropped ${drops} times in a row`, error);
        }
        await sleep(retryDelayMs(drops, this.settings.reconnectBackoff), this.stopController.signal);
      }
    }
  }

  /** One connection, resumed after the last delivered position; returns when stopped, throws when the connection fails. */
  private async consume(): Promise<void> {
    const source = this.client.subscribeToAll({ fromPosition: toReadPosition(this.after), filter: serverFilterFor(this.filter) });
    this.current = source;
    const puller = new BatchPuller<AllStreamResolvedEvent>(source);
    try {
      while (!this.stopped) {
        const batch = await puller.pull(this.settings.maxBatchSize, this.settings.batchLingerMs, this.stopController.signal);
        const events = this.wanted(batch.items, this.after);
        if (events.length > 0 && !this.stopped) {
          await this.deliver(events);
          this.after = events[events.length - 1].position;
          this.deliveredBatches += 1;
        }
        // A catch-up subscription never ends by itself: an end is a dropped connection.
        if (batch.ended && !this.stopped) throw new EventStoreUnavailableError('the subscription to $all ended unexpectedly');
      }
    } finally {
      this.current = undefined;
      await source.unsubscribe().catch(() => undefined);
      await puller.close().catch(() => undefined);
    }
  }

  private wanted(entries: readonly AllStreamResolvedEvent[], after: Position): RecordedEvent[] {
    return entries.filter((entry) => wantedEntry(entry, after, this.filter)).map(toRecordedEvent);
  }

  private async deliver(events: readonly RecordedEvent[]): Promise<void> {
    try {
      await this.handler(events);
    } catch (error) {
      throw new HandlerFailure(error);
    }
  }
}
