import {
  DuplicateEventIdError,
  START,
  WrongExpectedVersionError,
  comparePositions,
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
import { appendSequentially } from '../sequential-appends';
import { connectEventStoreDb, type EsdbClient } from './esdb-client';
import { isStreamNotFound, translateEsdbError, type AppendContext } from './esdb-errors';
import { isSystemEntry, toEventData, toRecordedEvent } from './esdb-events';
import { entryPosition, wantedEntry } from './esdb-filters';
import { ESDB_MAX_EVENTS_PER_APPEND, ESDB_MAX_READ_COUNT, ESDB_MAX_SCANNED_ENTRIES, ESDB_SCAN_PAGE_SIZE } from './esdb-limits';
import { toReadPosition } from './esdb-positions';
import { EsdbSubscription, type EsdbSubscriptionSettings } from './esdb-subscription';
import { revisionToVersion, toActualVersion, toExpectedRevision, versionToRevision } from './esdb-versions';
import { OpenSubscriptions } from '../open-subscriptions';

export interface EventStoreDbEventStoreOptions {
  /** Batch size of subscriptions that do not choose one. */
  readonly defaultMaxBatchSize?: number;
  readonly subscription?: Partial<Omit<EsdbSubscriptionSettings, 'maxBatchSize'>>;
  /** Dispose of the client on close() (true when the store made the client itself). */
  readonly ownsClient?: boolean;
}

const DEFAULT_MAX_BATCH_SIZE = 100;
const DEFAULT_SUBSCRIPTION_SETTINGS: Omit<EsdbSubscriptionSettings, 'maxBatchSize'> = {
  batchLingerMs: 10,
  reconnectBackoff: { baseDelayMs: 250, maxDelayMs: 10_000 },
  maxConsecutiveReconnects: 10,
  healthyConnectionMs: 30_000,
};
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event store on EventStoreDB (KurrentDB) through @eventstore/db-client v6, over gRPC.
 *
 * Mapping, in short (each piece lives in its own esdb-*.ts file):
 * - stream versions are EventStoreDB revisions (both 0-based), positions its {commit, prepare}
 *   pairs, except START, which travels as the 'start' keyword;
 * - metadata is the event's JSON metadata; recordedAt is the server's `created`;
 * - reads of $all hide system streams and events ($-prefixed), and are exclusive of `from` although
 *   the server's are inclusive.
 *
 * Where EventStoreDB cannot give the port's semantics (see docs/production.md):
 * - event ids are unique per stream only: an id reused in another stream is NOT rejected with
 *   DuplicateEventIdError (that needs a global index EventStoreDB does not keep);
 * - a retried append is a no-op returning the original result only when it repeats an exact expected
 *   version or no_stream (guaranteed by the server). With 'any' or 'stream_exists' the server
 *   recognises a retry on a best-effort basis only. kassa-ledger's command handlers always pass an
 *   exact version or no_stream for money streams.
 * - there is no transaction shared with PostgreSQL: projections keep their checkpoints in
 *   PostgreSQL with their writes and are idempotent on replay.
 *
 * Every append reads its last event back (one extra round trip) so that the returned position is
 * exactly that event's $all position, also for a retried append that the server answered from its
 * idempotence check; the read also proves the events at those versions are the ones we sent.
 */
export class EventStoreDbEventStore implements EventStore {
  /**
   * `@eventstore/db-client` 6 has no transaction across streams: appendMany appends one stream after
   * another (the documented fallback; callers use deterministic ids and keep a repair path).
   */
  readonly multiStreamAppend = 'sequential' as const;
  private readonly subscriptions = new OpenSubscriptions();
  private readonly defaultMaxBatchSize: number;
  private readonly subscriptionSettings: Omit<EsdbSubscriptionSettings, 'maxBatchSize'>;
  private readonly ownsClient: boolean;
  private closed = false;

  constructor(
    private readonly client: EsdbClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.defaultMaxBatchSize = options.defaultMaxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    assertCount('defaultMaxBatchSize', this.defaultMaxBatchSize, ESDB_MAX_READ_COUNT);
    this.subscriptionSettings = { ...DEFAULT_SUBSCRIPTION_SETTINGS, ...options.subscription };
    this.ownsClient = options.ownsClient ?? false;
  }

  /** A store on its own client, disposed of by close(). */
  static connect(connectionString: string, options: Omit<EventStoreDbEventStoreOptions, 'ownsClient'> = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(connectEventStoreDb(connectionString), { ...options, ownsClient: true });
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    this.assertOpen();
    assertAppendable(streamId, events, expected);
    const context: AppendContext = { streamId, expected };
    const data = events.map(toEventData);
    let nextVersion: number;
    try {
      const result = await this.client.appendToStream(streamId, data, { expectedRevision: toExpectedRevision(expected) });
      // Only with throwOnAppendFailure=false in the connection string does a conflict come back as a value.
      if (!result.success) throw new WrongExpectedVersionError(streamId, expected, toActualVersion(result.nextExpectedRevision));
      nextVersion = revisionToVersion(result.nextExpectedRevision);
    } catch (error) {
      throw translateEsdbError(error, `append to ${streamId}`, context);
    }
    const last = await this.readLastAppended(streamId, nextVersion, events[events.length - 1].id);
    return { nextVersion, position: last.position };
  }

  appendMany(appends: readonly StreamAppend[], options: AppendManyOptions = {}): Promise<AppendResult[]> {
    return appendSequentially(this, appends, options);
  }

  async readStream(streamId: string, fromVersion = 0, maxCount = ESDB_MAX_READ_COUNT): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertCount('maxCount', maxCount, ESDB_MAX_READ_COUNT);
    const fromRevision = versionToRevision(fromVersion);
    const events: RecordedEvent[] = [];
    try {
      for await (const entry of this.client.readStream(streamId, { fromRevision, maxCount, direction: 'forwards' })) {
        events.push(toRecordedEvent(entry));
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw translateEsdbError(error, `readStream ${streamId}`);
    }
    return events;
  }

  /**
   * Up to `limit` wanted events strictly after `from`. The v6 client's readAll has no server-side
   * filter, so $all is read in pages and filtered here (system events, prefixes, `from` itself).
   * EventStoreDB shows an event in $all once it is committed, in commit order, so nothing is ever
   * "in flight" behind a visible event: the gap problem of the PostgreSQL store does not arise.
   */
  async readAll(from: Position, limit: number, options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertCount('limit', limit, ESDB_MAX_READ_COUNT);
    const found: RecordedEvent[] = [];
    let after = from;
    let scanned = 0;
    try {
      while (scanned < ESDB_MAX_SCANNED_ENTRIES) {
        let pageEntries = 0;
        const pageFrom = after;
        for await (const entry of this.client.readAll({ fromPosition: toReadPosition(pageFrom), maxCount: ESDB_SCAN_PAGE_SIZE, direction: 'forwards' })) {
          pageEntries += 1;
          if (wantedEntry(entry, pageFrom, options)) found.push(toRecordedEvent(entry));
          if (found.length === limit) return found;
          after = maxPosition(after, entryPosition(entry));
        }
        scanned += pageEntries;
        if (pageEntries < ESDB_SCAN_PAGE_SIZE) return found; // the end of $all
      }
    } catch (error) {
      throw translateEsdbError(error, 'readAll');
    }
    throw new RangeError(`readAll scanned ${scanned} entries of $all without finding ${limit} wanted events; use subscribeAll for long scans`);
  }

  subscribeAll(from: Position, handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const maxBatchSize = options.maxBatchSize ?? this.defaultMaxBatchSize;
    assertCount('maxBatchSize', maxBatchSize, ESDB_MAX_READ_COUNT);
    const subscription = new EsdbSubscription(this.client, from, handler, { streamPrefixes: options.streamPrefixes }, { ...this.subscriptionSettings, maxBatchSize });
    return this.subscriptions.track(subscription);
  }

  /** The newest user event of $all, read backwards past any system events after it; START when there is none. */
  async headPosition(): Promise<Position> {
    this.assertOpen();
    let before: Position | undefined;
    let scanned = 0;
    try {
      while (scanned < ESDB_MAX_SCANNED_ENTRIES) {
        let pageEntries = 0;
        const fromPosition = before === undefined ? 'end' : toReadPosition(before);
        for await (const entry of this.client.readAll({ fromPosition, maxCount: ESDB_SCAN_PAGE_SIZE, direction: 'backwards' })) {
          pageEntries += 1;
          const position = entryPosition(entry);
          // Backward reads from a position may or may not include it: only strictly older entries count.
          if (before !== undefined && comparePositions(position, before) >= 0) continue;
          if (entry.event !== undefined && !isSystemEntry(entry.event)) return position;
          before = position;
        }
        scanned += pageEntries;
        if (pageEntries < ESDB_SCAN_PAGE_SIZE) return START; // reached the start of $all
      }
    } catch (error) {
      throw translateEsdbError(error, 'headPosition');
    }
    throw new RangeError(`headPosition scanned ${scanned} system entries of $all without finding a user event`);
  }

  /** Stops every subscription (waiting for in-flight handlers), then disposes of the client if it is ours. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    if (this.ownsClient) await this.client.dispose();
  }

  /** The event at `version` must be the last one we sent: for a fresh append, and for a retry the server recognised. */
  private async readLastAppended(streamId: string, version: number, expectedId: string): Promise<RecordedEvent> {
    const [last] = await this.readStream(streamId, version, 1);
    if (last === undefined || last.id.toLowerCase() !== expectedId.toLowerCase()) {
      throw new Error(`append to ${streamId} succeeded at version ${version}, but that version holds ${last?.id ?? 'nothing'}, not ${expectedId}`);
    }
    return last;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

function assertAppendable(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): void {
  if (streamId.length === 0) throw new TypeError('stream id must not be empty');
  if (streamId.startsWith('$')) throw new TypeError(`stream id must not start with $ (system streams): ${streamId}`);
  if (events.length === 0) throw new RangeError(`append to ${streamId} needs at least one event`);
  if (events.length > ESDB_MAX_EVENTS_PER_APPEND) throw new RangeError(`append to ${streamId}: ${events.length} events, at most ${ESDB_MAX_EVENTS_PER_APPEND}`);
  if (typeof expected === 'number') versionToRevision(expected); // throws for a negative or fractional version
  const seenIds = new Set<string>();
  for (const event of events) {
    if (!UUID_PATTERN.test(event.id)) throw new TypeError(`event id is not a UUID: ${event.id}`);
    const id = event.id.toLowerCase();
    if (seenIds.has(id)) throw new DuplicateEventIdError(event.id);
    seenIds.add(id);
  }
}

function assertCount(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new RangeError(`${name} must be an integer from 1 to ${max}: ${value}`);
}

function maxPosition(a: Position, b: Position): Position {
  return comparePositions(a, b) < 0 ? b : a;
}
