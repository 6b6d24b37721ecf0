import type { QueryResultRow } from 'pg';
import {
  DuplicateEventIdError,
  WrongExpectedVersionError,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
} from '../event-store.port';
import { isUniqueViolation } from './postgres-errors';
import { APPEND_SQL, STORED_EVENT_IDS_SQL, STREAM_HEAD_SQL } from './postgres-event-store.sql';
import { positionOf, type PositionRow } from './postgres-rows';

/** Whatever runs one statement: a pg.Pool (autocommit) or a client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
  /** A named query is parsed and planned once per connection (a prepared statement). */
  query<R extends QueryResultRow>(config: { name: string; text: string; values?: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * How an attempt is isolated. Autocommit (the pool): one statement is one transaction, a failed
 * statement leaves nothing behind. Inside a caller's transaction a failed statement would abort the
 * whole transaction, so the attempt runs under a savepoint and a conflict rolls back only to it.
 */
export interface AppendScope {
  readonly sql: Queryable;
  attempt<T>(run: () => Promise<T>): Promise<T>;
}

/** Appends under 'any' or 'stream_exists' that lose a race for the next version try again, this many times in all. */
export const MAX_APPEND_ATTEMPTS = 5;
/** A bound on one append: large enough for any command, small enough for one statement's arrays. */
export const MAX_EVENTS_PER_APPEND = 1000;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AppendedRow extends PositionRow {
  readonly stream_version: number;
}

interface StoredIdRow extends AppendedRow {
  readonly event_id: string;
  readonly stream_id: string;
}

/** The parameters of APPEND_SQL for one stream (ids in lower case, as stored). */
export function appendParameters(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): unknown[] {
  return [
    typeof expected === 'number' ? 'exact' : expected,
    typeof expected === 'number' ? expected : null,
    streamId,
    events.map((event) => event.id.toLowerCase()),
    events.map((event) => event.type),
    events.map((event) => JSON.stringify(event.data)),
    events.map((event) => JSON.stringify(event.metadata)),
  ];
}

/** One APPEND_SQL: the stored result, or undefined when the expected version did not hold. */
export async function runAppend(sql: Queryable, values: unknown[]): Promise<AppendResult | undefined> {
  const { rows } = await sql.query<AppendedRow>({ name: 'kassa_append', text: APPEND_SQL, values });
  return rows[0] === undefined ? undefined : { nextVersion: rows[0].stream_version, position: positionOf(rows[0]) };
}

export async function appendEvents(
  scope: AppendScope,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
): Promise<AppendResult> {
  assertAppendable(streamId, events, expected);
  const ids = events.map((event) => event.id.toLowerCase());
  const values = appendParameters(streamId, events, expected);
  for (let attempt = 1; ; attempt++) {
    const appended = await scope.attempt(async () => {
      try {
        return await runAppend(scope.sql, values);
      } catch (error) {
        if (isUniqueViolation(error)) return undefined; // someone else took a version or an id first
        throw error;
      }
    });
    if (appended) return appended;

    // Nothing appended: either this is a retry of an append already stored, or a conflict.
    const retried = await originalResultOfRetry(scope.sql, streamId, ids, expected);
    if (retried) return retried;
    const head = await streamHead(scope.sql, streamId);
    if (satisfies(expected, head) && attempt < MAX_APPEND_ATTEMPTS) continue; // lost a race 'any' allows
    throw new WrongExpectedVersionError(streamId, expected, head ?? 'no_stream');
  }
}

/**
 * When every id is already stored in this stream, in this order, at consecutive versions (starting
 * where `expected` says, when it says), the append happened before: return its original result.
 * Any other placement of a stored id is a reuse of that id.
 */
export async function originalResultOfRetry(sql: Queryable, streamId: string, ids: readonly string[], expected: ExpectedVersion): Promise<AppendResult | undefined> {
  const { rows } = await sql.query<StoredIdRow>(STORED_EVENT_IDS_SQL, [ids]);
  if (rows.length === 0) return undefined;
  const byId = new Map(rows.map((row) => [row.event_id, row]));
  const first = byId.get(ids[0]);
  const firstVersion = first?.stream_id === streamId ? first.stream_version : -1;
  const expectedFirstVersion = expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : firstVersion;
  const matches = firstVersion >= 0 && firstVersion === expectedFirstVersion && ids.every((id, index) => {
    const row = byId.get(id);
    return row !== undefined && row.stream_id === streamId && row.stream_version === firstVersion + index;
  });
  if (!matches) throw new DuplicateEventIdError(rows[0].event_id);
  const last = byId.get(ids[ids.length - 1]) as StoredIdRow;
  return { nextVersion: last.stream_version, position: positionOf(last) };
}

export async function streamHead(sql: Queryable, streamId: string): Promise<number | undefined> {
  const { rows } = await sql.query<{ version: number | null }>(STREAM_HEAD_SQL, [streamId]);
  return rows[0]?.version ?? undefined;
}

export function satisfies(expected: ExpectedVersion, head: number | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return head === undefined;
  if (expected === 'stream_exists') return head !== undefined;
  return head === expected;
}

export function assertAppendable(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): void {
  if (streamId.length === 0) throw new TypeError('stream id must not be empty');
  if (events.length === 0) throw new RangeError(`append to ${streamId} needs at least one event`);
  if (events.length > MAX_EVENTS_PER_APPEND) throw new RangeError(`append to ${streamId}: ${events.length} events, at most ${MAX_EVENTS_PER_APPEND}`);
  if (typeof expected === 'number' && !(Number.isInteger(expected) && expected >= 0)) {
    throw new RangeError(`expected version must be a non-negative integer, 'no_stream', 'stream_exists' or 'any': ${expected}`);
  }
  const seenIds = new Set<string>();
  for (const event of events) {
    if (!UUID_PATTERN.test(event.id)) throw new TypeError(`event id is not a UUID: ${event.id}`);
    if (typeof event.metadata?.tenantId !== 'string' || event.metadata.tenantId.length === 0) {
      throw new TypeError(`event ${event.id} has no metadata.tenantId (every event carries its merchant)`);
    }
    const id = event.id.toLowerCase();
    if (seenIds.has(id)) throw new DuplicateEventIdError(event.id);
    seenIds.add(id);
  }
}
