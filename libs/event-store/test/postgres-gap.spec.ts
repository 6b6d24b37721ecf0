import { Pool, type PoolClient } from 'pg';
import { openDatabase } from '../../platform/src/database/data-source';
import { createTestDatabase } from '../../../test/support/test-database';
import { eventually } from '../../../test/support/eventually';
import { START, comparePositions, type Position, type RecordedEvent, type Subscription } from '../src/event-store.port';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore } from '../src/postgres';
import { newEvent } from '../src/testing/new-event';

/**
 * The gap problem under load: many writers whose transactions take their positions in one order and
 * commit in another (random sleeps before COMMIT, some take their transaction id before inserting),
 * a fifth of them rolled back, while one subscription follows from START the whole time.
 */
const WRITERS = 24;
const TRANSACTIONS_PER_WRITER = 25;
const ROLLBACK_SHARE = 0.2;
const MAX_SLEEP_BEFORE_COMMIT_MS = 30;
const MAX_EVENTS_PER_TRANSACTION = 3;
const CATCH_UP_TIMEOUT_MS = 20_000;
const NAIVE_POLL_MS = 2;

describe('PostgresEventStore › gap problem', () => {
  let database: { url: string; drop(): Promise<void> };
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('event_store_gap');
    await (await openDatabase(database.url, POSTGRES_EVENT_STORE_MIGRATIONS)).destroy();
    pool = new Pool({ connectionString: database.url, max: WRITERS + 6 });
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await database.drop();
  });

  it('delivers every committed event exactly once, in increasing position order, and no rolled-back one', async () => {
    const delivered: RecordedEvent[] = [];
    const subscription: Subscription = store.subscribeAll(START, async (batch) => void delivered.push(...batch), { maxBatchSize: 50 });
    const naive = followGlobalPositionNaively(pool);
    let naiveSeen: Set<string>;
    let committedIds: Set<string>;
    let rolledBackIds: Set<string>;
    try {
      // allSettled: a failing writer must not leave the others writing into the teardown.
      const settled = await Promise.allSettled(Array.from({ length: WRITERS }, (_, writer) => runWriter(writer)));
      const failure = settled.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failure) throw failure.reason;
      const outcomes = settled.map((o) => (o as PromiseFulfilledResult<{ committed: string[]; rolledBack: string[] }>).value);
      committedIds = new Set(outcomes.flatMap((o) => o.committed));
      rolledBackIds = new Set(outcomes.flatMap((o) => o.rolledBack));

      const lastCommitted = await lastStoredPosition(pool);
      const state = async (): Promise<string> =>
        `last committed ${show(lastCommitted)}, head ${show(await store.headPosition())}, ` +
        `delivered ${delivered.length} up to ${delivered.length > 0 ? show(delivered[delivered.length - 1].position) : 'nothing'}, ` +
        `subscription ${await Promise.race([subscription.failed.catch((e: unknown) => `failed: ${String(e)}`), Promise.resolve('running')])}`;
      await waitFor(async () => comparePositions(await store.headPosition(), lastCommitted) === 0, 'headPosition to reach the last commit', state);
      await waitFor(
        async () => delivered.length > 0 && comparePositions(delivered[delivered.length - 1].position, lastCommitted) === 0,
        'the subscription to catch up',
        state,
      );
    } finally {
      naiveSeen = await naive.stop();
      await subscription.stop();
    }
    await expect(Promise.race([subscription.failed, Promise.resolve('still healthy')])).resolves.toBe('still healthy');

    // The load must really have committed out of order and rolled back, or this test proves nothing.
    expect(rolledBackIds.size).toBeGreaterThan(0);
    const storedIds = await allStoredIds(pool);
    expect(naiveSeen.size).toBeLessThan(storedIds.size); // a reader following global_position alone skipped events

    expect(new Set(storedIds)).toEqual(committedIds);
    const deliveredIds = delivered.map((e) => e.id);
    expect(new Set(deliveredIds).size).toBe(deliveredIds.length); // exactly once
    expect(new Set(deliveredIds)).toEqual(storedIds);
    expect(deliveredIds.filter((id) => rolledBackIds.has(id))).toEqual([]);
    const outOfOrder = delivered.filter((e, i) => i > 0 && comparePositions(e.position, delivered[i - 1].position) <= 0);
    expect(outOfOrder).toEqual([]);
  });

  async function runWriter(writer: number): Promise<{ committed: string[]; rolledBack: string[] }> {
    const committed: string[] = [];
    const rolledBack: string[] = [];
    for (let n = 0; n < TRANSACTIONS_PER_WRITER; n++) {
      const events = Array.from({ length: 1 + Math.floor(Math.random() * MAX_EVENTS_PER_TRANSACTION) }, () => newEvent('GapProbed', { writer, transaction: n }));
      const rollback = Math.random() < ROLLBACK_SHARE;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Half the transactions take their id before inserting, so transaction id order and
        // global_position order disagree too, not only commit order.
        if (Math.random() < 0.5) await takeTransactionIdEarly(client);
        await store.appendWith(client, `gap-writer-${writer}`, events, 'any');
        await client.query('SELECT pg_sleep($1)', [(Math.random() * MAX_SLEEP_BEFORE_COMMIT_MS) / 1000]);
        await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
        (rollback ? rolledBack : committed).push(...events.map((e) => e.id));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`writer ${writer}, transaction ${n}: ${String(error)}`, { cause: error });
      } finally {
        client.release();
      }
    }
    return { committed, rolledBack };
  }
});

async function takeTransactionIdEarly(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_current_xact_id()');
  await client.query('SELECT pg_sleep($1)', [Math.random() * 0.01]);
}


/** The control: what a reader ordered by global_position alone (no xmin guard) would have seen. */
function followGlobalPositionNaively(pool: Pool): { stop(): Promise<Set<string>> } {
  const seen = new Set<string>();
  let stopping = false;
  const loop = (async () => {
    let after = 0n;
    while (!stopping) {
      const { rows } = await pool.query<{ global_position: string; event_id: string }>(
        'SELECT global_position::text AS global_position, event_id::text AS event_id FROM events WHERE global_position > $1 ORDER BY global_position',
        [after.toString()],
      );
      for (const row of rows) seen.add(row.event_id);
      if (rows.length > 0) after = BigInt(rows[rows.length - 1].global_position);
      await new Promise((resolve) => setTimeout(resolve, NAIVE_POLL_MS));
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await loop;
      return seen;
    },
  };
}

async function lastStoredPosition(pool: Pool): Promise<Position> {
  // Aliases differ from the column names, so ORDER BY sorts by xid8 and bigint, not by their text.
  const { rows } = await pool.query<{ commit: string; prepare: string }>(
    'SELECT transaction_id::text AS commit, global_position::text AS prepare FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  if (rows.length === 0) throw new Error('no events were committed');
  return { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) };
}

async function allStoredIds(pool: Pool): Promise<Set<string>> {
  const { rows } = await pool.query<{ event_id: string }>('SELECT event_id::text AS event_id FROM events');
  return new Set(rows.map((row) => row.event_id));
}

function show(position: Position): string {
  return `${position.commit}/${position.prepare}`;
}

/** eventually(), with what the store and the subscription had reached when it timed out. */
async function waitFor(check: () => Promise<boolean>, what: string, describeState: () => Promise<string>): Promise<void> {
  try {
    await eventually(check, CATCH_UP_TIMEOUT_MS, what);
  } catch (error) {
    throw new Error(`${(error as Error).message}: ${await describeState()}`);
  }
}
