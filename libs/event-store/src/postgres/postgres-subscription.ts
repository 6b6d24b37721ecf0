import {
  comparePositions,
  EventStoreUnavailableError,
  type BatchHandler,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type Subscription,
} from '../event-store.port';
import type { EventsListener } from './postgres-listener';

/** A batch, and the reader horizon of the same snapshot (null when the store is empty). */
export interface BatchWithHorizon {
  readonly events: RecordedEvent[];
  readonly horizon: Position | null;
}

export type ReadAll = (from: Position, limit: number, options: ReadAllOptions) => Promise<BatchWithHorizon>;

export interface PostgresSubscriptionSettings {
  readonly maxBatchSize: number;
  /** The fallback poll: a missed NOTIFY, or events held back below xmin, wait at most this long. */
  readonly pollIntervalMs: number;
  /** Consecutive failed reads (store unavailable) tolerated before the subscription fails for good. */
  readonly maxConsecutiveReadFailures: number;
  /**
   * While events keep coming, the least time from one read that found events to the next read: after
   * a batch that did not fill up (or a NOTIFY soon after one), the subscription waits until this long
   * after that batch's read began, so that under load one batch (one transaction and one checkpoint of
   * a projection) carries the commits of many requests instead of one or two. A full batch (catching
   * up), a handler slower than this, and the first NOTIFY after an idle spell (read after
   * NOTIFY_COALESCE_MS) are not held back.
   */
  readonly liveReadIntervalMs: number;
}

const READ_RETRY_BASE_DELAY_MS = 100;
/**
 * A NOTIFY followed by an empty read means the new events are held back behind an older transaction
 * (or belong to streams this subscription filters out). Nothing will notify again when that older
 * transaction ends, so look again soon, a bounded number of times, before falling back to the poll.
 */
const HELD_BACK_RETRY_MS = 25;
const MAX_HELD_BACK_RETRIES = 40;
const READ_RETRY_MAX_DELAY_MS = 2_000;
/**
 * After a NOTIFY, wait this long before reading, so that one read takes the commits of many
 * concurrent appends instead of one read per commit per subscription (the service runs several).
 */
const NOTIFY_COALESCE_MS = 30;

/**
 * Catch-up then live, one loop: read a batch after the last delivered position; if there is one,
 * hand it to the handler and read again (at once after a full batch, else at the live read
 * interval); if there is none, sleep until a NOTIFY (sent by every append's transaction on commit)
 * or the poll interval, whichever comes first.
 *
 * The poll is not only a fallback for a lost LISTEN connection: an append's NOTIFY arrives when it
 * commits, but its events stay invisible while an older transaction is still in flight (xmin), and
 * no further NOTIFY comes when that older transaction finally ends without appending anything.
 *
 * Bounded: one handler call at a time, one batch in memory, the wake-up is a flag (not a queue).
 */
export class PostgresSubscription implements Subscription {
  readonly failed: Promise<never>;
  private readonly done: Promise<void>;
  private stopping = false;
  private wakeRequested = false;
  private wakeUp: (() => void) | undefined;
  private endPause: (() => void) | undefined;
  private readonly stopListening: () => Promise<void>;

  constructor(
    private readonly listener: EventsListener,
    private readonly readAll: ReadAll,
    from: Position,
    private readonly handler: BatchHandler,
    private readonly filter: ReadAllOptions,
    private readonly settings: PostgresSubscriptionSettings,
  ) {
    let reject: (error: unknown) => void = () => undefined;
    this.failed = new Promise<never>((_resolve, fail) => {
      reject = fail;
    });
    this.failed.catch(() => undefined); // a caller that never looks at `failed` must not crash the process
    this.stopListening = listener.add(() => this.wake());
    this.done = this.run(from)
      .catch((error: unknown) => reject(error))
      .finally(() => this.stopListening());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    this.endPause?.();
    await this.done;
  }

  private async run(from: Position): Promise<void> {
    let after = from;
    let readFailures = 0;
    let heldBackRetries = 0;
    let lastBatchReadAtMs = Number.NEGATIVE_INFINITY; // when the last read that found events began
    while (!this.stopping) {
      await this.listener.ensure(); // LISTEN in place before the read: no later commit goes unnoticed
      this.wakeRequested = false; // a NOTIFY from here on means "read again", even during this read
      let batch: RecordedEvent[];
      let horizon: Position | null;
      const readAtMs = Date.now();
      try {
        ({ events: batch, horizon } = await this.readAll(after, this.settings.maxBatchSize, this.filter));
        readFailures = 0;
      } catch (error) {
        readFailures += 1;
        if (!(error instanceof EventStoreUnavailableError) || readFailures > this.settings.maxConsecutiveReadFailures) throw error;
        await this.sleep(Math.min(READ_RETRY_MAX_DELAY_MS, READ_RETRY_BASE_DELAY_MS * 2 ** (readFailures - 1)));
        continue;
      }
      if (this.stopping) return;
      // A short batch saw every visible event up to the horizon: skip past the ones filtered out.
      const scannedTo = batch.length < this.settings.maxBatchSize && horizon !== null && comparePositions(horizon, after) > 0 ? horizon : null;
      if (batch.length === 0) {
        if (scannedTo) after = scannedTo;
        const notified = await this.sleep(heldBackRetries > 0 ? Math.min(HELD_BACK_RETRY_MS, this.settings.pollIntervalMs) : this.settings.pollIntervalMs);
        heldBackRetries = notified ? MAX_HELD_BACK_RETRIES : Math.max(0, heldBackRetries - 1);
        if (notified) await this.pause(Math.max(NOTIFY_COALESCE_MS, lastBatchReadAtMs + this.settings.liveReadIntervalMs - Date.now()));
        continue;
      }
      heldBackRetries = 0;
      lastBatchReadAtMs = readAtMs;
      await this.handler(batch);
      after = scannedTo ?? batch[batch.length - 1].position;
      // A short batch took everything there was: what commits meanwhile waits to go in the next one together.
      if (batch.length < this.settings.maxBatchSize) await this.pause(readAtMs + this.settings.liveReadIntervalMs - Date.now());
    }
  }

  /** Waits delayMs, whatever NOTIFYs arrive meanwhile (they are read right after); stop() cuts it short. */
  private pause(delayMs: number): Promise<void> {
    if (delayMs <= 0 || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endPause?.(), delayMs);
      this.endPause = () => {
        clearTimeout(timer);
        this.endPause = undefined;
        resolve();
      };
    });
  }

  /** Sleeps for delayMs, or less when a NOTIFY arrives or stop() is called; true when woken early. */
  private sleep(delayMs: number): Promise<boolean> {
    if (this.wakeRequested || this.stopping) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (woken: boolean): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve(woken);
      };
      const timer = setTimeout(() => finish(false), delayMs);
      this.wakeUp = () => finish(true);
    });
  }

  private wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }
}
