/**
 * The event store port: small, and shaped by what both backends (PostgreSQL and EventStoreDB) can do.
 *
 * Versions are 0-based revisions of the last event in a stream (EventStoreDB's convention): a stream
 * with one event is at version 0. Positions order events across all streams; they are opaque pairs
 * so that EventStoreDB's (commit, prepare) fits. The PostgreSQL adapter uses (transaction id, global
 * position): see postgres/postgres-event-store.ts for why that order never skips a late commit.
 */

export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: Position = Object.freeze({ commit: -1n, prepare: -1n });

/** no_stream: the stream must not exist; stream_exists: it must; any: no check; a number: the exact version. */
export type ExpectedVersion = 'no_stream' | 'stream_exists' | 'any' | number;

export interface EventMetadata {
  /** The merchant: every stream and row carries it (docs/architecture.md, invariant 8). */
  readonly tenantId: string;
  /** One id per API request or postback, copied onto every event it causes. */
  readonly correlationId?: string;
  /** The id of the event (or request) that caused this one. */
  readonly causationId?: string;
  /** Who: an API key id, `paykassma`, or a process manager's name. */
  readonly actor?: string;
  readonly [key: string]: unknown;
}

export interface NewEvent<TData extends object = Record<string, unknown>> {
  /** A UUID. Deterministic where a retry could repeat the append, so the retry is a no-op. */
  readonly id: string;
  readonly type: string;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<TData extends object = Record<string, unknown>> extends NewEvent<TData> {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly position: Position;
  /** When the store committed it (UTC). */
  readonly recordedAt: Date;
}

export interface AppendResult {
  /** The version of the last event now in the stream: pass it as the next expected version. */
  readonly nextVersion: number;
  readonly position: Position;
}

/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedVersion;
}

/**
 * What appendMany promises on this backend.
 * - atomic: one transaction; every stream's expected version holds and all events are stored, or
 *   nothing is (PostgreSQL).
 * - sequential: one append per stream, in the order given, each atomic on its own; a failure leaves
 *   the earlier streams appended (EventStoreDB: `@eventstore/db-client` 6 has no multi-stream
 *   transaction). Callers give deterministic event ids and keep a repair for the rest.
 */
export type MultiStreamAppend = 'atomic' | 'sequential';

/** Runs SQL in the transaction of an atomic appendMany (node-postgres' client shape). */
export interface TransactionSql {
  query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface AppendManyOptions {
  /**
   * Atomic stores whose events live in a SQL database only: more writes in the same transaction
   * (a row that must commit with the events, such as the raw postback). Refused by sequential stores.
   */
  readonly alongside?: (sql: TransactionSql) => Promise<void>;
  /**
   * Atomic stores only, like `alongside`, for one row of a kind many concurrent calls write (the raw
   * postback): when calls share a transaction (a group commit), the rows of every call with the same
   * `writer` go to one writeAll, one statement for all of them. Written after `alongside`.
   */
  readonly alongsideRow?: AlongsideRow;
}

/** One row written in the events' transaction; `writer` writes many such rows at once. */
export interface AlongsideRow<T = unknown> {
  readonly writer: AlongsideRowWriter<T>;
  readonly row: T;
}

export interface AlongsideRowWriter<T = unknown> {
  /** Writes `rows` (at least one) in the transaction `sql` belongs to; throws when any cannot be written. */
  writeAll(sql: TransactionSql, rows: readonly T[]): Promise<void>;
}

export interface ReadAllOptions {
  /** Only events whose stream id starts with one of these prefixes (server-side filter). */
  readonly streamPrefixes?: readonly string[];
}

export interface SubscribeOptions extends ReadAllOptions {
  /** The most events handed to one handler call. */
  readonly maxBatchSize?: number;
}

/** Called with events in position order, never concurrently; the next batch waits for this one. */
export type BatchHandler = (events: readonly RecordedEvent[]) => Promise<void>;

export interface Subscription {
  /** Resolves when the handler is idle and no further call will be made. */
  stop(): Promise<void>;
  /** Resolves if the handler throws or the store fails for good (rejects with that error); never resolves on stop(). */
  readonly failed: Promise<never>;
}

export interface EventStore {
  /**
   * Appends atomically. Throws WrongExpectedVersionError on a version conflict. Appending again
   * events whose ids are already in the stream at those versions is a no-op that returns the
   * original result (a retried append); reusing an id elsewhere throws DuplicateEventIdError.
   */
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult>;

  /** How appendMany commits several streams: in one transaction, or one after another. */
  readonly multiStreamAppend: MultiStreamAppend;

  /**
   * Several streams, each with its expected version, committed as `multiStreamAppend` says; the
   * results in the order given. Throws WrongExpectedVersionError naming the first stream whose
   * version did not hold. Appending again events already stored at those versions (a retry) is a
   * no-op per stream that returns the original results, as for append(). An empty list appends
   * nothing (the `alongside` writes still commit).
   */
  appendMany(appends: readonly StreamAppend[], options?: AppendManyOptions): Promise<AppendResult[]>;

  /** Events of one stream from a version (inclusive), oldest first; [] for a stream that does not exist. */
  readStream(streamId: string, fromVersion?: number, maxCount?: number): Promise<RecordedEvent[]>;

  /** Up to `limit` events after `from` (exclusive) in position order, never past an event still in flight. */
  readAll(from: Position, limit: number, options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Catch-up from `from` (exclusive), then live; each committed event exactly once, in position order. */
  subscribeAll(from: Position, handler: BatchHandler, options?: SubscribeOptions): Subscription;

  /** The position of the newest committed event readers may see, or START when empty (for lag). */
  headPosition(): Promise<Position>;

  close(): Promise<void>;
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'no_stream',
  ) {
    super(`wrong expected version on ${streamId}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored elsewhere`);
    this.name = 'DuplicateEventIdError';
  }
}

export class EventStoreUnavailableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
