import type { Pool, PoolClient } from 'pg';
import {
  type AppendManyOptions,
  type AppendResult,
  type StreamAppend,
  WrongExpectedVersionError,
} from '../event-store.port';
import {
  appendParameters,
  assertAppendable,
  MAX_APPEND_ATTEMPTS,
  originalResultOfRetry,
  runAppend,
  satisfies,
  streamHead,
} from './postgres-append';
import { isUniqueViolation } from './postgres-errors';

/** The writes of `alongside` failed: their error, not a version conflict, is the caller's answer. */
class AlongsideFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('a write alongside the events failed');
  }
}

/**
 * Several streams in one transaction: every expected version holds and every event is stored, with
 * the `alongside` rows, or nothing is. No savepoints: a conflict anywhere ends the whole attempt, so
 * the transaction is simply rolled back, and what happened is found out afterwards from what is
 * stored (a retry of appends already committed, a lost race that 'any' allows, or a conflict).
 */
export async function appendManyAtomically(pool: Pool, appends: readonly StreamAppend[], options: AppendManyOptions): Promise<AppendResult[]> {
  assertAppendMany(appends);
  const results: (AppendResult | undefined)[] = appends.map(() => undefined);
  for (let attempt = 1; ; attempt++) {
    const pending = appends.map((append, index) => ({ append, index })).filter(({ index }) => results[index] === undefined);
    const outcome = await tryInOneTransaction(pool, pending.map(({ append }) => append), options);
    if ('results' in outcome) {
      outcome.results.forEach((result, n) => (results[pending[n].index] = result));
      return results as AppendResult[];
    }
    // Nothing of this attempt was stored, and the append at `failedAt` is why: it is a retry of one
    // stored before (its original result stands; the rest go again), or a race that 'any' allows,
    // or the caller's conflict. The appends before it went in, so none of them was the reason.
    const { append, index } = pending[outcome.failedAt];
    const ids = append.events.map((event) => event.id.toLowerCase());
    const stored = await originalResultOfRetry(pool, append.streamId, ids, append.expected);
    if (stored) {
      results[index] = stored;
      if (results.every((result) => result !== undefined)) return results as AppendResult[];
      continue;
    }
    const head = await streamHead(pool, append.streamId);
    if (!satisfies(append.expected, head) || attempt >= MAX_APPEND_ATTEMPTS) {
      throw new WrongExpectedVersionError(append.streamId, append.expected, head ?? 'no_stream');
    }
  }
}

/** Every append valid on its own, and no stream twice. */
export function assertAppendMany(appends: readonly StreamAppend[]): void {
  const streams = new Set<string>();
  for (const { streamId, events, expected } of appends) {
    assertAppendable(streamId, events, expected);
    if (streams.has(streamId)) throw new RangeError(`appendMany: stream ${streamId} appears twice (give it one append)`);
    streams.add(streamId);
  }
}

/** The results, or which append found its version or an id taken (the transaction is rolled back). */
async function tryInOneTransaction(pool: Pool, appends: readonly StreamAppend[], options: AppendManyOptions): Promise<{ results: AppendResult[] } | { failedAt: number }> {
  const client = await pool.connect();
  let broken: Error | undefined;
  let current = 0;
  try {
    await client.query('BEGIN');
    const results: AppendResult[] = [];
    for (; current < appends.length; current++) {
      const { streamId, events, expected } = appends[current];
      const result = await runAppend(client, appendParameters(streamId, events, expected));
      if (result === undefined) return await rolledBack(client, { failedAt: current });
      results.push(result);
    }
    try {
      if (options.alongside) await options.alongside(client);
      if (options.alongsideRow) await options.alongsideRow.writer.writeAll(client, [options.alongsideRow.row]);
    } catch (error) {
      throw new AlongsideFailed(error);
    }
    await client.query('COMMIT');
    return { results };
  } catch (error) {
    const rollback = await rollBack(client);
    if (rollback) broken = rollback;
    if (error instanceof AlongsideFailed) throw error.cause;
    if (isUniqueViolation(error) && current < appends.length) return { failedAt: current }; // someone else took a version or an id first
    throw error;
  } finally {
    // A connection whose transaction state is unknown is not handed to the next caller.
    client.release(broken);
  }
}

async function rolledBack<T>(client: PoolClient, value: T): Promise<T> {
  await client.query('ROLLBACK');
  return value;
}

/** ROLLBACK after a failure; the error when even that failed (the connection is then discarded). */
async function rollBack(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
