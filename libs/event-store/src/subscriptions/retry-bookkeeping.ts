import type { RecordedEvent } from '../event-store.port';
import type { SqlExecutor } from './checkpoints';

export interface PendingAttempts {
  readonly attempts: number;
  readonly lastError: string;
  readonly nextAttemptAt: Date;
}

/** Failed attempts recorded for events not yet handled nor dead-lettered (survives restarts), by event id. */
export async function loadAttempts(sql: SqlExecutor, subscriber: string, eventIds: readonly string[]): Promise<Map<string, PendingAttempts>> {
  if (eventIds.length === 0) return new Map();
  const rows = (await sql.query(
    'SELECT event_id, attempts, last_error, next_attempt_at FROM subscription_attempts WHERE subscriber = $1 AND event_id = ANY($2::text[])',
    [subscriber, eventIds],
  )) as { event_id: string; attempts: number; last_error: string; next_attempt_at: Date }[];
  return new Map(rows.map((row) => [row.event_id, { attempts: row.attempts, lastError: row.last_error, nextAttemptAt: new Date(row.next_attempt_at) }]));
}

export async function saveAttempts(sql: SqlExecutor, subscriber: string, eventId: string, attempts: number, lastError: string, delayMs: number): Promise<void> {
  await sql.query(
    `INSERT INTO subscription_attempts (subscriber, event_id, attempts, last_error, next_attempt_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::double precision / 1000))
     ON CONFLICT (subscriber, event_id) DO UPDATE SET attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error,
       next_attempt_at = EXCLUDED.next_attempt_at, updated_at = now()`,
    [subscriber, eventId, attempts, lastError, delayMs],
  );
}

export async function clearAttempts(sql: SqlExecutor, subscriber: string, eventId: string): Promise<void> {
  await sql.query('DELETE FROM subscription_attempts WHERE subscriber = $1 AND event_id = $2', [subscriber, eventId]);
}

export interface DeadLetter {
  readonly id: string;
  readonly subscriber: string;
  readonly eventId: string;
  readonly streamId: string;
  readonly eventType: string;
  readonly position: { readonly commit: bigint; readonly prepare: bigint };
  readonly attempts: number;
  readonly lastError: string;
  readonly failedAt: Date;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** Idempotent per (subscriber, event): a replay after a crash does not write a second row. */
export async function recordDeadLetter(sql: SqlExecutor, subscriber: string, event: RecordedEvent, attempts: number, lastError: string): Promise<void> {
  await sql.query(
    `INSERT INTO dead_letters (subscriber, event_id, stream_id, event_type, commit_position, prepare_position, attempts, last_error, data, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)
     ON CONFLICT (subscriber, event_id) DO NOTHING`,
    [
      subscriber,
      event.id,
      event.streamId,
      event.type,
      event.position.commit.toString(),
      event.position.prepare.toString(),
      attempts,
      lastError,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
    ],
  );
}

interface DeadLetterRow {
  id: string;
  subscriber: string;
  event_id: string;
  stream_id: string;
  event_type: string;
  commit_position: string;
  prepare_position: string;
  attempts: number;
  last_error: string;
  failed_at: Date;
  data: unknown;
  metadata: unknown;
}

const DEAD_LETTER_PAGE_LIMIT = 1_000;

/** Oldest first, at most `limit` (≤ 1,000) rows; for operators and tests. */
export async function listDeadLetters(sql: SqlExecutor, subscriber?: string, limit = 100): Promise<DeadLetter[]> {
  const rows = (await sql.query(
    `SELECT * FROM dead_letters WHERE ($1::text IS NULL OR subscriber = $1) ORDER BY id LIMIT $2`,
    [subscriber ?? null, Math.min(limit, DEAD_LETTER_PAGE_LIMIT)],
  )) as DeadLetterRow[];
  return rows.map((row) => ({
    id: row.id,
    subscriber: row.subscriber,
    eventId: row.event_id,
    streamId: row.stream_id,
    eventType: row.event_type,
    position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
    attempts: row.attempts,
    lastError: row.last_error,
    failedAt: new Date(row.failed_at),
    data: row.data,
    metadata: row.metadata,
  }));
}
