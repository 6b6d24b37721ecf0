import { START, comparePositions, type Position } from '../event-store.port';

/** Anything that runs SQL: a TypeORM DataSource, an EntityManager bound to a transaction, a pg client. */
export interface SqlExecutor {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

interface CheckpointRow {
  commit_position: string;
  prepare_position: string;
}

/** Another consumer moved (or someone reset) the checkpoint under us: stop and reload, apply nothing. */
export class CheckpointFencedError extends Error {
  constructor(
    readonly subscriber: string,
    readonly expected: Position,
  ) {
    super(`checkpoint of ${subscriber} is no longer at ${formatPosition(expected)}`);
    this.name = 'CheckpointFencedError';
  }
}

export function formatPosition(position: Position): string {
  return `${position.commit}/${position.prepare}`;
}

/** The stored checkpoint; creates the row at START the first time so that advances are always updates. */
export async function loadCheckpoint(sql: SqlExecutor, subscriber: string): Promise<Position> {
  await sql.query(
    `INSERT INTO subscription_checkpoints (name, commit_position, prepare_position) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO NOTHING`,
    [subscriber, START.commit.toString(), START.prepare.toString()],
  );
  const stored = await readCheckpoint(sql, subscriber);
  return stored ?? START;
}

/** The stored checkpoint, or undefined when the subscriber never ran. Does not write. */
export async function readCheckpoint(sql: SqlExecutor, subscriber: string): Promise<Position | undefined> {
  const rows = (await sql.query('SELECT commit_position, prepare_position FROM subscription_checkpoints WHERE name = $1', [
    subscriber,
  ])) as CheckpointRow[];
  if (rows.length === 0) return undefined;
  return { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
}

/**
 * Moves the checkpoint from `expected` to `next` inside the caller's transaction, or throws
 * CheckpointFencedError. Run it FIRST in the transaction: the row lock it takes serialises two
 * consumers that both believe they lead (a lock lost to a dead connection, a takeover), and the
 * loser's compare fails before it applies anything. Correctness therefore never rests on the
 * advisory lock alone; the lock only keeps the second consumer from doing wasted work.
 */
export async function advanceCheckpoint(sql: SqlExecutor, subscriber: string, expected: Position, next: Position): Promise<void> {
  if (comparePositions(next, expected) <= 0) throw new Error(`checkpoint of ${subscriber} must move forward: ${formatPosition(expected)} -> ${formatPosition(next)}`);
  // A CTE so the answer is a plain row whatever the executor (TypeORM returns UPDATEs as a tuple).
  const rows = (await sql.query(
    `WITH moved AS (
       UPDATE subscription_checkpoints SET commit_position = $4, prepare_position = $5, updated_at = now()
       WHERE name = $1 AND commit_position = $2 AND prepare_position = $3 RETURNING 1)
     SELECT count(*)::int AS moved FROM moved`,
    [subscriber, expected.commit.toString(), expected.prepare.toString(), next.commit.toString(), next.prepare.toString()],
  )) as { moved: number }[];
  if (rows[0]?.moved !== 1) throw new CheckpointFencedError(subscriber, expected);
}

/** Back to START (a rebuild). Takes the same row lock as advanceCheckpoint, so run it first in its transaction. */
export async function resetCheckpoint(sql: SqlExecutor, subscriber: string): Promise<void> {
  await sql.query(
    `INSERT INTO subscription_checkpoints (name, commit_position, prepare_position) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET commit_position = EXCLUDED.commit_position,
       prepare_position = EXCLUDED.prepare_position, updated_at = now()`,
    [subscriber, START.commit.toString(), START.prepare.toString()],
  );
}
