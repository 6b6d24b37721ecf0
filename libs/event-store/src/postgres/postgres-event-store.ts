import type { Pool, PoolClient } from 'pg';
import {
  START,
  type AppendManyOptions,
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { appendEvents, type AppendScope } from './postgres-append';
import { PostgresGroupCommit } from './postgres-group-commit';
import { PostgresGroupedReads } from './postgres-grouped-reads';
import { translateError } from './postgres-errors';
import { HEAD_POSITION_SQL, READ_ALL_SQL, READ_ALL_WITH_HORIZON_SQL, READ_STREAM_SQL } from './postgres-event-store.sql';
import { positionOf, positionParameters, streamPrefixPatterns, toRecordedEvent, type HorizonRow, type PositionRow, type RecordedEventRow } from './postgres-rows';
import type { BatchWithHorizon } from './postgres-subscription';
import { EventsListener } from './postgres-listener';
import { PostgresSubscription } from './postgres-subscription';
import { OpenSubscriptions } from '../open-subscriptions';

export interface PostgresEventStoreOptions {
  /** Fallback poll of live subscriptions (a missed NOTIFY, events held back by an older transaction). */
  readonly pollIntervalMs?: number;
  /** Batch size of subscriptions that do not choose one. */
  readonly defaultMaxBatchSize?: number;
  /** Under load, the least time between two reads of a live subscription (PostgresSubscriptionSettings.liveReadIntervalMs). */
  readonly liveReadIntervalMs?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 200;
const DEFAULT_MAX_BATCH_SIZE = 100;
/**
 * Read models and process managers may lag this much under load (they must catch up within 2 s of
 * the last answer); what it buys: at 300 postbacks/s each projection writes one batch per 60 of them.
 */
const DEFAULT_LIVE_READ_INTERVAL_MS = 200;
/** A bound on any one read: readAll(limit) and readStream(maxCount) above it are rejected. */
export const MAX_READ_COUNT = 10_000;
const SUBSCRIPTION_MAX_CONSECUTIVE_READ_FAILURES = 10;
const SUBSCRIPTION_RELISTEN_DELAY_MS = 1_000;
const SAVEPOINT = 'kassa_event_store_append';

/**
 * The event store on one PostgreSQL `events` table. The caller owns the pool (and ends it after
 * close()); while any subscription is live, the store holds one of its connections for LISTEN.
 *
 * THE GAP PROBLEM, and why positions are (transaction id, global position).
 *
 * global_position is an identity: its value is taken when the row is inserted, but transactions
 * commit in any order. Transaction A inserts position 9, transaction B inserts position 10, B commits
 * first: a reader that follows global_position sees 10, moves its checkpoint past it, and never
 * returns for 9 when A commits a moment later. A projection would silently skip an event.
 *
 * Every row also records the id of the transaction that wrote it (transaction_id xid8, default
 * pg_current_xact_id()). The snapshot a statement reads with knows xmin: the oldest transaction still
 * running. Every transaction with an id below xmin has finished, committed or rolled back, and every
 * transaction that starts later gets an id above all existing ones, so no row with transaction_id
 * below xmin can ever appear again. Readers therefore
 *   - return only rows with transaction_id < pg_snapshot_xmin(pg_current_snapshot()),
 *   - order by (transaction_id, global_position), and
 *   - continue strictly after the (transaction_id, global_position) they last returned.
 * What a reader has passed is closed for good: a late commit always lands after the reader's position,
 * never behind it. The price: one long-running transaction anywhere on the server (xmin is
 * server-wide) holds readers back until it ends; appends stay fast, only their visibility waits.
 * Inside one transaction, events keep their insert order by global_position.
 */
export class PostgresEventStore implements EventStore {
  /** Streams appended together commit in one transaction. */
  readonly multiStreamAppend = 'atomic' as const;
  private readonly subscriptions = new OpenSubscriptions();
  private readonly listener: EventsListener;
  private readonly pollIntervalMs: number;
  private readonly defaultMaxBatchSize: number;
  private readonly liveReadIntervalMs: number;
  /** appendMany calls in flight together share one transaction and one commit. */
  private readonly groupCommit: PostgresGroupCommit;
  /** Subscriptions that read at the same moment share one statement. */
  private readonly groupedReads: PostgresGroupedReads;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.listener = new EventsListener(pool, SUBSCRIPTION_RELISTEN_DELAY_MS);
    this.groupCommit = new PostgresGroupCommit(pool);
    this.groupedReads = new PostgresGroupedReads(pool, (after, limit, filter) => this.readAllWithHorizon(after, limit, filter));
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.defaultMaxBatchSize = options.defaultMaxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    this.liveReadIntervalMs = options.liveReadIntervalMs ?? DEFAULT_LIVE_READ_INTERVAL_MS;
    assertCount('pollIntervalMs', this.pollIntervalMs, 60_000);
    assertCount('defaultMaxBatchSize', this.defaultMaxBatchSize, MAX_READ_COUNT);
    if (!Number.isInteger(this.liveReadIntervalMs) || this.liveReadIntervalMs < 0 || this.liveReadIntervalMs > 60_000) {
      throw new RangeError(`liveReadIntervalMs must be an integer from 0 to 60000: ${this.liveReadIntervalMs}`);
    }
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    this.assertOpen();
    // Autocommit: the append is one statement, so it is its own transaction.
    const scope: AppendScope = { sql: this.pool, attempt: (run) => run() };
    try {
      return await appendEvents(scope, streamId, events, expected);
    } catch (error) {
      throw translateError(error, `append to ${streamId}`);
    }
  }

  /**
   * One transaction for all the streams (and the `alongside` rows): all or nothing. Concurrent calls
   * share a transaction and its commit (PostgresGroupCommit); each resolves after that commit.
   */
  async appendMany(appends: readonly StreamAppend[], options: AppendManyOptions = {}): Promise<AppendResult[]> {
    this.assertOpen();
    try {
      return await this.groupCommit.appendMany(appends, options);
    } catch (error) {
      throw translateError(error, `append to ${appends.map((append) => append.streamId).join(', ')}`);
    }
  }

  /**
   * PostgreSQL only: the same append inside the caller's open transaction (BEGIN already sent), so
   * that other rows (an inbox entry) commit or roll back together with the events. A conflict rolls
   * back only this append (a savepoint), so the caller's transaction stays usable after a
   * WrongExpectedVersionError. The events are visible, and subscribers notified, when the caller commits.
   */
  async appendWith(client: PoolClient, streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    this.assertOpen();
    const scope: AppendScope = {
      sql: client,
      attempt: async (run) => {
        await client.query(`SAVEPOINT ${SAVEPOINT}`);
        const result = await run();
        // After a unique violation the savepoint's work is void; rolling back to it revives the transaction.
        await client.query(result === undefined ? `ROLLBACK TO SAVEPOINT ${SAVEPOINT}` : `RELEASE SAVEPOINT ${SAVEPOINT}`);
        return result;
      },
    };
    try {
      return await appendEvents(scope, streamId, events, expected);
    } catch (error) {
      throw translateError(error, `append to ${streamId}`);
    }
  }

  async readStream(streamId: string, fromVersion = 0, maxCount = MAX_READ_COUNT): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertCount('maxCount', maxCount, MAX_READ_COUNT);
    if (!Number.isInteger(fromVersion) || fromVersion < 0) throw new RangeError(`fromVersion must be a non-negative integer: ${fromVersion}`);
    try {
      const { rows } = await this.pool.query<RecordedEventRow>({ name: 'kassa_read_stream', text: READ_STREAM_SQL, values: [streamId, fromVersion, maxCount] });
      return rows.map(toRecordedEvent);
    } catch (error) {
      throw translateError(error, `readStream ${streamId}`);
    }
  }

  /** Strictly after `from`, in (transaction id, global position) order, never past a transaction in flight. */
  async readAll(from: Position, limit: number, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertCount('limit', limit, MAX_READ_COUNT);
    const [afterTransactionId, afterGlobalPosition] = positionParameters(from);
    try {
      const { rows } = await this.pool.query<RecordedEventRow>(READ_ALL_SQL, [
        afterTransactionId,
        afterGlobalPosition,
        streamPrefixPatterns(options.streamPrefixes),
        limit,
      ]);
      return rows.map(toRecordedEvent);
    } catch (error) {
      throw translateError(error, 'readAll');
    }
  }

  /** readAll plus the reader horizon from the same snapshot (for subscriptions; see the SQL). */
  async readAllWithHorizon(from: Position, limit: number, options: ReadAllOptions = {}): Promise<BatchWithHorizon> {
    this.assertOpen();
    assertCount('limit', limit, MAX_READ_COUNT);
    const [afterTransactionId, afterGlobalPosition] = positionParameters(from);
    try {
      const { rows } = await this.pool.query<HorizonRow>({
        name: 'kassa_read_all_with_horizon',
        text: READ_ALL_WITH_HORIZON_SQL,
        values: [afterTransactionId, afterGlobalPosition, streamPrefixPatterns(options.streamPrefixes), limit],
      });
      const first = rows[0];
      const horizon = first?.horizon_commit ? { commit: BigInt(first.horizon_commit), prepare: BigInt(first.horizon_prepare as string) } : null;
      const events = rows.filter((row): row is HorizonRow & RecordedEventRow => row.stream_id !== null).map(toRecordedEvent);
      return { events, horizon };
    } catch (error) {
      throw translateError(error, 'readAll');
    }
  }

  /**
   * What every subscription of this store reads through: readAllWithHorizon, except that the reads
   * of subscriptions reading at the same moment share one statement (PostgresGroupedReads).
   */
  readForSubscription(from: Position, limit: number, options: ReadAllOptions): Promise<BatchWithHorizon> {
    this.assertOpen();
    return this.groupedReads.read(from, limit, options);
  }

  subscribeAll(from: Position, handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const maxBatchSize = options.maxBatchSize ?? this.defaultMaxBatchSize;
    assertCount('maxBatchSize', maxBatchSize, MAX_READ_COUNT);
    const subscription = new PostgresSubscription(
      this.listener,
      (after, limit, filter) => this.readForSubscription(after, limit, filter),
      from,
      handler,
      { streamPrefixes: options.streamPrefixes },
      {
        maxBatchSize,
        pollIntervalMs: this.pollIntervalMs,
        maxConsecutiveReadFailures: SUBSCRIPTION_MAX_CONSECUTIVE_READ_FAILURES,
        liveReadIntervalMs: this.liveReadIntervalMs,
      },
    );
    return this.subscriptions.track(subscription);
  }

  /** The last position readers may see now (below xmin, like readAll), START when there is none. */
  async headPosition(): Promise<Position> {
    this.assertOpen();
    try {
      const { rows } = await this.pool.query<PositionRow>(HEAD_POSITION_SQL);
      return rows.length === 0 ? START : positionOf(rows[0]);
    } catch (error) {
      throw translateError(error, 'headPosition');
    }
  }

  /** Stops every subscription (waiting for in-flight handlers). The pool stays open: it is the caller's. */
  async close(): Promise<void> {
    this.closed = true;
    await this.subscriptions.stopAll();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

function assertCount(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new RangeError(`${name} must be an integer from 1 to ${max}: ${value}`);
}
