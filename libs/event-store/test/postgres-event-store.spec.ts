import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { freePort } from '../../platform/src/database/embedded-postgres';
import { openDatabase } from '../../platform/src/database/data-source';
import { createTestDatabase } from '../../../test/support/test-database';
import { eventually } from '../../../test/support/eventually';
import {
  EventStoreUnavailableError,
  START,
  WrongExpectedVersionError,
  comparePositions,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '../src/event-store.port';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore } from '../src/postgres';
import { newEvent } from '../src/testing/new-event';

const VISIBLE_TIMEOUT_MS = 10_000;

describe('PostgresEventStore', () => {
  let database: { url: string; drop(): Promise<void> };
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('event_store_postgres');
    await (await openDatabase(database.url, POSTGRES_EVENT_STORE_MIGRATIONS)).destroy();
    pool = new Pool({ connectionString: database.url, max: 10 });
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await database.drop();
  });

  async function waitUntilVisible(position: Position): Promise<void> {
    await eventually(async () => comparePositions(await store.headPosition(), position) >= 0, VISIBLE_TIMEOUT_MS, `the head to reach ${position.commit}/${position.prepare}`);
  }

  async function inTransaction<T>(work: (client: PoolClient) => Promise<T>, end: 'COMMIT' | 'ROLLBACK' = 'COMMIT'): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query(end);
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async function waitForLockWait(): Promise<void> {
    await eventually(async () => {
      const { rows } = await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      return rows[0].n > 0;
    }, VISIBLE_TIMEOUT_MS, 'a session waiting for a lock');
  }

  // First: the database is still empty here.
  describe('headPosition', () => {
    it('is START while the store is empty', async () => {
      await expect(store.headPosition()).resolves.toEqual(START);
    });
  });

  describe('schema', () => {
    it('creates the events table with the columns, types and constraints of the design', async () => {
      const { rows } = await pool.query<{ column_name: string; data_type: string; is_nullable: string; is_identity: string }>(
        `SELECT column_name, data_type, is_nullable, is_identity FROM information_schema.columns
         WHERE table_name = 'events' ORDER BY ordinal_position`,
      );
      expect(rows.map((r) => [r.column_name, r.data_type, r.is_nullable])).toEqual([
        ['global_position', 'bigint', 'NO'],
        ['stream_id', 'text', 'NO'],
        ['stream_version', 'integer', 'NO'],
        ['event_id', 'uuid', 'NO'],
        ['type', 'text', 'NO'],
        ['data', 'jsonb', 'NO'],
        ['metadata', 'jsonb', 'NO'],
        ['tenant_id', 'text', 'NO'],
        ['transaction_id', 'xid8', 'NO'],
        ['recorded_at', 'timestamp with time zone', 'NO'],
      ]);
      expect(rows[0].is_identity).toBe('YES');
      const constraints = await pool.query<{ conname: string }>("SELECT conname FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype = 'u' ORDER BY conname");
      expect(constraints.rows.map((r) => r.conname)).toEqual(['events_event_id_key', 'events_stream_version_key']);
    });

    it('stores the tenant from metadata.tenantId and refuses events without one', async () => {
      const written = newEvent('Probed', {}, { metadata: { tenantId: 'merchant-77' } });
      await store.append('tenant-1', [written], 'no_stream');
      const { rows } = await pool.query<{ tenant_id: string }>('SELECT tenant_id FROM events WHERE event_id = $1', [written.id]);
      expect(rows).toEqual([{ tenant_id: 'merchant-77' }]);

      const withoutTenant = { ...newEvent('Probed'), metadata: {} } as unknown as NewEvent;
      await expect(store.append('tenant-2', [withoutTenant], 'no_stream')).rejects.toThrow(/tenantId/);
      await expect(store.append('tenant-2', [{ ...newEvent('Probed'), id: 'not-a-uuid' }], 'no_stream')).rejects.toThrow(TypeError);
      expect(await store.readStream('tenant-2')).toEqual([]);
    });
  });

  describe('positions', () => {
    it('are bigints of (transaction id, global position)', async () => {
      const written = newEvent('Probed');
      const result = await store.append('positions-1', [written], 'no_stream');
      const { rows } = await pool.query<{ xid: string; gp: string }>('SELECT transaction_id::text AS xid, global_position::text AS gp FROM events WHERE event_id = $1', [written.id]);
      expect(typeof result.position.commit).toBe('bigint');
      expect(typeof result.position.prepare).toBe('bigint');
      expect(result.position).toEqual({ commit: BigInt(rows[0].xid), prepare: BigInt(rows[0].gp) });
    });

    it('order numerically, not as text, across a change in digit count', async () => {
      const { rows } = await pool.query<{ last: string | null }>('SELECT max(global_position)::text AS last FROM events');
      expect(Number(rows[0].last ?? 0)).toBeLessThan(90); // precondition: the batch below crosses 99 → 100
      const batch = Array.from({ length: 120 }, () => newEvent('Probed'));
      const result = await store.append('digits-1', batch, 'no_stream');
      await waitUntilVisible(result.position);

      expect(await store.headPosition()).toEqual(result.position);
      const all = await store.readAll(START, 1000, { streamPrefixes: ['digits-'] });
      expect(all.map((e) => e.id)).toEqual(batch.map((e) => e.id));
      const firstFifty = await store.readAll(START, 50, { streamPrefixes: ['digits-'] });
      expect(firstFifty.map((e) => e.id)).toEqual(batch.slice(0, 50).map((e) => e.id));
    });
  });

  describe('gap problem', () => {
    it('holds back a later commit while an earlier transaction is in flight, then returns both in transaction order', async () => {
      const from = await store.headPosition();
      const early = newEvent('Probed');
      const late = newEvent('Probed');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await store.appendWith(client, 'gap-early', [early], 'no_stream'); // takes the older transaction id
        const lateResult = await store.append('gap-late', [late], 'no_stream'); // commits first
        expect(comparePositions(lateResult.position, from)).toBeGreaterThan(0);

        // Committed, yet invisible: showing it would let a reader pass the early event for good.
        expect(await store.readAll(from, 100, { streamPrefixes: ['gap-'] })).toEqual([]);
        expect(comparePositions(await store.headPosition(), lateResult.position)).toBeLessThan(0);

        await client.query('COMMIT');
        await waitUntilVisible(lateResult.position);
      } finally {
        client.release();
      }
      const all = await store.readAll(from, 100, { streamPrefixes: ['gap-'] });
      expect(all.map((e) => e.id)).toEqual([early.id, late.id]);
    });
  });

  describe('appendWith', () => {
    it('commits the events together with the caller’s other writes', async () => {
      await pool.query('CREATE TABLE IF NOT EXISTS inbox (id text PRIMARY KEY)');
      const written = newEvent('Probed');
      const result = await inTransaction(async (client) => {
        await client.query('INSERT INTO inbox (id) VALUES ($1)', ['postback-1']);
        return store.appendWith(client, 'with-commit', [written], 'no_stream');
      });
      expect(result.nextVersion).toBe(0);
      expect((await store.readStream('with-commit')).map((e) => e.id)).toEqual([written.id]);
      expect((await pool.query('SELECT id FROM inbox WHERE id = $1', ['postback-1'])).rowCount).toBe(1);
    });

    it('leaves nothing behind when the caller rolls back', async () => {
      await pool.query('CREATE TABLE IF NOT EXISTS inbox (id text PRIMARY KEY)');
      await inTransaction(async (client) => {
        await client.query('INSERT INTO inbox (id) VALUES ($1)', ['postback-2']);
        await store.appendWith(client, 'with-rollback', [newEvent('Probed')], 'no_stream');
      }, 'ROLLBACK');
      expect(await store.readStream('with-rollback')).toEqual([]);
      expect((await pool.query('SELECT id FROM inbox WHERE id = $1', ['postback-2'])).rowCount).toBe(0);
    });

    it('keeps the caller’s transaction usable after a version conflict', async () => {
      await pool.query('CREATE TABLE IF NOT EXISTS inbox (id text PRIMARY KEY)');
      await store.append('with-conflict', [newEvent('Probed')], 'no_stream');
      await inTransaction(async (client) => {
        await client.query('INSERT INTO inbox (id) VALUES ($1)', ['postback-3']);
        await expect(store.appendWith(client, 'with-conflict', [newEvent('Probed')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await client.query('INSERT INTO inbox (id) VALUES ($1)', ['postback-3-quarantined']);
      });
      const { rows } = await pool.query<{ id: string }>("SELECT id FROM inbox WHERE id LIKE 'postback-3%' ORDER BY id");
      expect(rows.map((r) => r.id)).toEqual(['postback-3', 'postback-3-quarantined']);
      expect(await store.readStream('with-conflict')).toHaveLength(1);
    });

    it('keeps the caller’s transaction usable when it loses a race on the unique index', async () => {
      await pool.query('CREATE TABLE IF NOT EXISTS inbox (id text PRIMARY KEY)');
      await store.append('with-race', [newEvent('Probed')], 'no_stream');
      const winner = await pool.connect();
      try {
        await winner.query('BEGIN');
        await store.appendWith(winner, 'with-race', [newEvent('Probed')], 0); // holds version 1, uncommitted
        await inTransaction(async (client) => {
          await client.query('INSERT INTO inbox (id) VALUES ($1)', ['postback-4']);
          const loser = store.appendWith(client, 'with-race', [newEvent('Probed')], 0).catch((e: unknown) => e);
          await waitForLockWait(); // the loser's insert now waits on the winner's index entry
          await winner.query('COMMIT');
          expect(await loser).toBeInstanceOf(WrongExpectedVersionError);
          await client.query('INSERT INTO inbox (id) VALUES ($1)', ['postback-4-quarantined']);
        });
      } finally {
        winner.release();
      }
      const { rows } = await pool.query<{ id: string }>("SELECT id FROM inbox WHERE id LIKE 'postback-4%' ORDER BY id");
      expect(rows.map((r) => r.id)).toEqual(['postback-4', 'postback-4-quarantined']);
      expect(await store.readStream('with-race')).toHaveLength(2);
    });

    it('returns the original result for a retried append, also when the retry hits the unique index', async () => {
      const batch = [newEvent('Probed'), newEvent('Probed')];
      const original = await store.append('with-retry', batch, 'no_stream');
      // 'any' skips the version check, so the retry reaches the insert and its unique event ids.
      const retried = await inTransaction((client) => store.appendWith(client, 'with-retry', batch, 'any'));
      expect(retried).toEqual(original);
      expect(await store.readStream('with-retry')).toHaveLength(2);
    });
  });

  describe('append', () => {
    it('stores concurrent retries of one append once and gives each the same result', async () => {
      const batch = [newEvent('Probed'), newEvent('Probed'), newEvent('Probed')];
      const results = await Promise.all(Array.from({ length: 6 }, () => store.append('concurrent-retry', batch, 'any')));
      expect(new Set(results.map((r) => `${r.nextVersion}/${r.position.commit}/${r.position.prepare}`)).size).toBe(1);
      expect((await store.readStream('concurrent-retry')).map((e) => e.id)).toEqual(batch.map((e) => e.id));
    });

    it('appends under any even when concurrent appends race for the same next version', async () => {
      const writers = Array.from({ length: 8 }, () => store.append('any-race', [newEvent('Probed')], 'any'));
      const results = await Promise.all(writers);
      expect(results.map((r) => r.nextVersion).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });
  });

  describe('subscribeAll', () => {
    /** Longer than any wait below: a delivery seen within a wait was woken by NOTIFY, not by the poll. */
    const POLL_NEVER_WITHIN_TEST_MS = 60_000;

    it('wakes up on NOTIFY instead of waiting for the poll', async () => {
      const slowPolling = new PostgresEventStore(pool, { pollIntervalMs: POLL_NEVER_WITHIN_TEST_MS });
      const finishedReads = countFinishedReads(slowPolling);
      const delivered: RecordedEvent[] = [];
      const subscription = slowPolling.subscribeAll(await store.headPosition(), async (batch) => void delivered.push(...batch), {
        streamPrefixes: ['notify-'],
      });
      try {
        await eventually(() => finishedReads() >= 1, VISIBLE_TIMEOUT_MS, 'the first read'); // now asleep until a NOTIFY
        await store.append('notify-1', [newEvent('Probed')], 'no_stream');
        await eventually(() => delivered.length === 1, VISIBLE_TIMEOUT_MS, 'the delivery woken by NOTIFY');
      } finally {
        await subscription.stop();
        await slowPolling.close();
      }
    });

    it('wakes every subscription of a store through one LISTEN connection', async () => {
      const ownPool = new Pool({ connectionString: database.url, max: 6, application_name: 'shared-listen-test' });
      const slowPolling = new PostgresEventStore(ownPool, { pollIntervalMs: POLL_NEVER_WITHIN_TEST_MS });
      const finishedReads = countFinishedReads(slowPolling);
      const listening = async () => {
        const { rows } = await pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'shared-listen-test' AND query LIKE 'LISTEN %'",
        );
        return rows[0].n;
      };
      const delivered = [0, 0, 0];
      const from = await store.headPosition();
      const subscriptions = delivered.map((_, i) => slowPolling.subscribeAll(from, async (batch) => void (delivered[i] += batch.length), { streamPrefixes: ['shared-listen-'] }));
      try {
        await eventually(() => finishedReads() >= 3, VISIBLE_TIMEOUT_MS, 'each subscription to read once'); // now all asleep until a NOTIFY
        expect(await listening()).toBe(1);
        await store.append('shared-listen-1', [newEvent('Probed')], 'no_stream');
        await eventually(() => delivered.every((n) => n > 0), VISIBLE_TIMEOUT_MS, 'every subscription to be woken');
        expect(delivered).toEqual([1, 1, 1]);
      } finally {
        await Promise.all(subscriptions.map((subscription) => subscription.stop()));
        await slowPolling.close();
      }
      expect(await listening()).toBe(0);
      await ownPool.end();
    });

    it('gives its LISTEN connection back to the pool on stop', async () => {
      const smallPool = new Pool({ connectionString: database.url, max: 2, connectionTimeoutMillis: 2_000 });
      const small = new PostgresEventStore(smallPool);
      const finishedReads = countFinishedReads(small);
      try {
        const subscription = small.subscribeAll(START, async () => undefined, { streamPrefixes: ['listen-'] });
        await eventually(() => finishedReads() >= 1, VISIBLE_TIMEOUT_MS, 'the first read (LISTEN is in place before it)');
        await subscription.stop();
        const clients = await Promise.all([smallPool.connect(), smallPool.connect()]);
        const { rows } = await clients[0].query<{ n: number }>('SELECT count(*)::int AS n FROM pg_listening_channels()');
        clients.forEach((c) => c.release());
        expect(rows[0].n).toBe(0);
      } finally {
        await small.close();
        await smallPool.end();
      }
    });

    describe('under a steady flow of commits (live read interval)', () => {
      /** Far longer than appending two events: what they commit meanwhile lands in one batch. */
      const INTERVAL_MS = 3_000;

      it('reacts at once when idle, then carries what committed during the interval in one batch', async () => {
        const paced = new PostgresEventStore(pool, { pollIntervalMs: POLL_NEVER_WITHIN_TEST_MS, liveReadIntervalMs: INTERVAL_MS });
        const finishedReads = countFinishedReads(paced);
        const batches: string[][] = [];
        const readsBefore: number[] = [];
        const subscription = paced.subscribeAll(await store.headPosition(), async (batch) => {
          readsBefore.push(finishedReads());
          batches.push(batch.map((e) => e.streamId));
        }, { streamPrefixes: ['paced-'] });
        try {
          await eventually(() => finishedReads() >= 1, VISIBLE_TIMEOUT_MS, 'the first read'); // now asleep until a NOTIFY
          await store.append('paced-1', [newEvent('Probed')], 'no_stream');
          // Well within the interval: the first NOTIFY after an idle spell is not held back.
          await eventually(() => batches.length === 1, INTERVAL_MS / 2, 'the first event, delivered on its NOTIFY');
          await store.append('paced-2', [newEvent('Probed')], 'no_stream');
          await store.append('paced-3', [newEvent('Probed')], 'no_stream');
          await eventually(() => batches.flat().length === 3, VISIBLE_TIMEOUT_MS, 'the next two events');
          expect(batches).toEqual([['paced-1'], ['paced-2', 'paced-3']]);
          expect(readsBefore[1]).toBe(readsBefore[0] + 1); // no read in between: it waited out the interval
        } finally {
          await subscription.stop();
          await paced.close();
        }
      });

      it('reads on at once after a full batch, so catching up is not paced', async () => {
        const from = await store.headPosition();
        for (let i = 0; i < 5; i += 1) await store.append(`catch-up-${i}`, [newEvent('Probed')], 'no_stream');
        const paced = new PostgresEventStore(pool, { pollIntervalMs: POLL_NEVER_WITHIN_TEST_MS, liveReadIntervalMs: 60_000 });
        const batches: number[] = [];
        const subscription = paced.subscribeAll(from, async (batch) => void batches.push(batch.length), { streamPrefixes: ['catch-up-'], maxBatchSize: 2 });
        try {
          await eventually(() => batches.reduce((sum, n) => sum + n, 0) === 5, VISIBLE_TIMEOUT_MS, 'all five, in full batches without a pause between them');
          expect(batches).toEqual([2, 2, 1]);
        } finally {
          await subscription.stop();
          await paced.close();
        }
      });

      it('is cut short by stop()', async () => {
        const paced = new PostgresEventStore(pool, { pollIntervalMs: POLL_NEVER_WITHIN_TEST_MS, liveReadIntervalMs: 60_000 });
        const delivered: RecordedEvent[] = [];
        const subscription = paced.subscribeAll(await store.headPosition(), async (batch) => void delivered.push(...batch), { streamPrefixes: ['pause-stop-'] });
        let stopped = false;
        try {
          await store.append('pause-stop-1', [newEvent('Probed')], 'no_stream');
          await eventually(() => delivered.length === 1, VISIBLE_TIMEOUT_MS, 'the event (the pause of a minute begins)');
          void subscription.stop().then(() => {
            stopped = true;
          });
          await eventually(() => stopped, VISIBLE_TIMEOUT_MS, 'stop() to end the pause');
        } finally {
          await subscription.stop();
          await paced.close();
        }
      });

      it('refuses an interval out of range', () => {
        expect(() => new PostgresEventStore(pool, { liveReadIntervalMs: -1 })).toThrow(/liveReadIntervalMs/);
        expect(() => new PostgresEventStore(pool, { liveReadIntervalMs: 60_001 })).toThrow(/liveReadIntervalMs/);
      });
    });

    it('is stopped by close()', async () => {
      const other = new PostgresEventStore(pool);
      const from = await store.headPosition();
      const delivered: RecordedEvent[] = [];
      other.subscribeAll(from, async (batch) => void delivered.push(...batch), { streamPrefixes: ['closed-'] });
      await other.close();
      await store.append('closed-1', [newEvent('Probed')], 'no_stream');
      // The positive marker: a live subscription receives the event, the closed one did not.
      const witnessed: RecordedEvent[] = [];
      const witness = store.subscribeAll(from, async (batch) => void witnessed.push(...batch), { streamPrefixes: ['closed-'] });
      try {
        await eventually(() => witnessed.length === 1, VISIBLE_TIMEOUT_MS, 'the witness subscription');
      } finally {
        await witness.stop();
      }
      expect(delivered).toEqual([]);
      await expect(other.readAll(START, 1)).rejects.toThrow(/closed/);
    });
  });

  describe('unavailable server', () => {
    it('reports connection failures as EventStoreUnavailableError', async () => {
      const port = await freePort(); // nothing listens there
      const deadPool = new Pool({ connectionString: `postgres://postgres:x@127.0.0.1:${port}/none`, connectionTimeoutMillis: 1_000 });
      const dead = new PostgresEventStore(deadPool);
      try {
        await expect(dead.append('s', [newEvent('Probed')], 'any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(dead.readAll(START, 10)).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(dead.readStream('s')).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(dead.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      } finally {
        await dead.close();
        await deadPool.end();
      }
    });
  });

  describe('reader horizon (for filtered subscriptions)', () => {
    it('answers the matching events and, from the same snapshot, the newest visible position', async () => {
      const prefix = `horizon-${randomUUID().slice(0, 8)}-`;
      const before = await store.headPosition();
      const wanted = await store.append(`${prefix}wanted`, [newEvent('Probed')], 'no_stream');
      const other = await store.append(`${prefix}other`, [newEvent('Probed'), newEvent('Probed')], 'no_stream');
      await waitUntilVisible(other.position);
      const read = await store.readAllWithHorizon(before, 10, { streamPrefixes: [`${prefix}wanted`] });
      expect(read.events.map((e) => e.position)).toEqual([wanted.position]);
      expect(read.horizon).toEqual(other.position);
      const none = await store.readAllWithHorizon(other.position, 10, { streamPrefixes: [`${prefix}nothing`] });
      expect(none).toEqual({ events: [], horizon: other.position });
    });

    it('never puts the horizon past an event still in flight', async () => {
      const before = await store.headPosition();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await store.appendWith(client, `held-${randomUUID()}`, [newEvent('Probed')], 'no_stream');
        const later = await store.append(`later-${randomUUID()}`, [newEvent('Probed')], 'no_stream');
        const read = await store.readAllWithHorizon(before, 10);
        // The in-flight transaction is older: nothing after it is visible yet, so the horizon stays below both.
        expect(read.events).toEqual([]);
        expect(read.horizon === null || comparePositions(read.horizon, later.position) < 0).toBe(true);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });
  });
});

/** Counts the reads the store's subscriptions have finished: after its first, a subscription with nothing to read sleeps until a NOTIFY or its poll. */
function countFinishedReads(store: PostgresEventStore): () => number {
  let finished = 0;
  const read = store.readForSubscription.bind(store);
  store.readForSubscription = async (...args) => {
    try {
      return await read(...args);
    } finally {
      finished += 1;
    }
  };
  return () => finished;
}
