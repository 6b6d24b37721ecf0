import { Pool } from 'pg';
import { openDatabase } from '../../platform/src/database/data-source';
import { createTestDatabase } from '../../../test/support/test-database';
import { WrongExpectedVersionError, type AlongsideRowWriter, type AppendManyOptions, type AppendResult, type StreamAppend, type TransactionSql } from '../src/event-store.port';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore } from '../src/postgres';
import { newEvent } from '../src/testing/new-event';

/**
 * Group commit: appendMany calls that arrive while one is committing go together in one
 * transaction. A unit is held in flight (its `alongside` waits for the test) so that the next ones
 * queue behind it deterministically; released, they commit as one group.
 */
describe('PostgresEventStore group commit', () => {
  let database: { url: string; drop(): Promise<void> };
  let pool: Pool;
  let store: PostgresEventStore;
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase('event_store_group_commit');
    await (await openDatabase(database.url, POSTGRES_EVENT_STORE_MIGRATIONS)).destroy();
    pool = new Pool({ connectionString: database.url, max: 10 });
    await pool.query('CREATE TABLE side_rows (id text PRIMARY KEY)');
    store = new PostgresEventStore(pool);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await database.drop();
  });

  const stream = (name: string) => `group-${name}-${++n}`;
  const sideRow = (id: string) => async (sql: TransactionSql) => void (await sql.query('INSERT INTO side_rows (id) VALUES ($1)', [id]));
  const sideRows = async (ids: string[]) => (await pool.query<{ id: string }>('SELECT id FROM side_rows WHERE id = ANY($1) ORDER BY id', [ids])).rows.map((r) => r.id);

  /** Runs `queued` while a first unit is held in its transaction, so they all wait for the next group. */
  async function behindAHeldUnit<T>(queued: () => Promise<T>[]): Promise<{ held: AppendResult[]; results: PromiseSettledResult<T>[] }> {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = store.appendMany([{ streamId: stream('held'), events: [newEvent()], expected: 'no_stream' }], {
      alongside: async () => {
        entered();
        await gate;
      },
    });
    await inside;
    const pending = queued();
    release();
    return { held: await held, results: await Promise.allSettled(pending) };
  }

  const unit = (appends: StreamAppend[], options: AppendManyOptions = {}) => store.appendMany(appends, options);

  it('commits the units that queued meanwhile in one transaction, each with its own results and rows', async () => {
    const a = stream('a');
    const b = stream('b');
    await store.append(b, [newEvent(), newEvent()], 'no_stream');
    const { held, results } = await behindAHeldUnit(() => [
      unit([{ streamId: a, events: [newEvent(), newEvent()], expected: 'no_stream' }], { alongside: sideRow(`${a}-row`) }),
      unit([{ streamId: b, events: [newEvent()], expected: 1 }], { alongside: sideRow(`${b}-row`) }),
    ]);
    const [fa, fb] = results.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    expect(fa[0].nextVersion).toBe(1);
    expect(fb[0].nextVersion).toBe(2);
    expect(fa[0].position.commit).toBe(fb[0].position.commit); // one transaction
    expect(held[0].position.commit).not.toBe(fa[0].position.commit);
    expect(fb[0].position.prepare > fa[0].position.prepare).toBe(true); // in the order they came
    expect(await sideRows([`${a}-row`, `${b}-row`])).toEqual([`${a}-row`, `${b}-row`].sort());
    expect((await store.readStream(a)).map((e) => e.streamVersion)).toEqual([0, 1]);
    expect((await store.readStream(b)).map((e) => e.streamVersion)).toEqual([0, 1, 2]);
  });

  it('fails only the unit whose expected version does not hold; the others of its group commit', async () => {
    const ok1 = stream('ok1');
    const late = stream('late');
    const ok2 = stream('ok2');
    await store.append(late, [newEvent()], 'no_stream');
    const { results } = await behindAHeldUnit(() => [
      unit([{ streamId: ok1, events: [newEvent()], expected: 'no_stream' }], { alongside: sideRow(`${ok1}-row`) }),
      unit([{ streamId: late, events: [newEvent()], expected: 'no_stream' }], { alongside: sideRow(`${late}-row`) }),
      unit([{ streamId: ok2, events: [newEvent()], expected: 'no_stream' }], { alongside: sideRow(`${ok2}-row`) }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    expect(await sideRows([`${ok1}-row`, `${late}-row`, `${ok2}-row`])).toEqual([`${ok1}-row`, `${ok2}-row`].sort());
    expect(await store.readStream(late)).toHaveLength(1);
  });

  it("fails only the unit whose alongside write fails, with that write's error", async () => {
    const good = stream('good');
    const bad = stream('bad');
    const { results } = await behindAHeldUnit(() => [
      unit([{ streamId: good, events: [newEvent()], expected: 'no_stream' }], { alongside: sideRow(`${good}-row`) }),
      unit([{ streamId: bad, events: [newEvent()], expected: 'no_stream' }], { alongside: async (sql) => void (await sql.query('INSERT INTO no_such_table VALUES (1)')) }),
    ]);
    expect(results[0].status).toBe('fulfilled');
    expect(results[1].status).toBe('rejected');
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/no_such_table/);
    expect(await store.readStream(bad)).toEqual([]);
    expect(await store.readStream(good)).toHaveLength(1);
  });

  it('answers a retried unit in a group with its original results', async () => {
    const once = stream('once');
    const events = [newEvent(), newEvent()];
    const first = await store.appendMany([{ streamId: once, events, expected: 'no_stream' }]);
    const other = stream('other');
    const { results } = await behindAHeldUnit(() => [
      unit([{ streamId: once, events, expected: 'no_stream' }]),
      unit([{ streamId: other, events: [newEvent()], expected: 'no_stream' }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((results[0] as PromiseFulfilledResult<AppendResult[]>).value).toEqual(first);
    expect(await store.readStream(once)).toHaveLength(2);
  });

  it('never puts two units of one stream in the same group: the second decides after the first committed', async () => {
    const shared = stream('shared');
    const { results } = await behindAHeldUnit(() => [
      unit([{ streamId: shared, events: [newEvent()], expected: 'any' }]),
      unit([{ streamId: shared, events: [newEvent()], expected: 'any' }]),
      unit([{ streamId: shared, events: [newEvent()], expected: 'no_stream' }]),
    ]);
    const versions = results.map((r) => (r.status === 'fulfilled' ? r.value[0].nextVersion : 'conflict'));
    expect(versions).toEqual([0, 1, 'conflict']);
    expect((await store.readStream(shared)).map((e) => e.streamVersion)).toEqual([0, 1]);
  });

  it("writes the alongside rows of a group's units with one writeAll per writer, and a lone unit's alone", async () => {
    const calls: string[][] = [];
    const writer: AlongsideRowWriter<string> = {
      writeAll: async (sql, ids) => {
        calls.push([...ids]);
        await sql.query('INSERT INTO side_rows (id) SELECT unnest($1::text[])', [ids]);
      },
    };
    const [x, y, z] = [stream('x'), stream('y'), stream('z')];
    const { results } = await behindAHeldUnit(() => [x, y].map((s) => unit([{ streamId: s, events: [newEvent()], expected: 'no_stream' }], { alongsideRow: { writer, row: `${s}-row` } })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    await unit([{ streamId: z, events: [newEvent()], expected: 'no_stream' }], { alongsideRow: { writer, row: `${z}-row` } });
    expect(calls).toEqual([[`${x}-row`, `${y}-row`], [`${z}-row`]]);
    expect(await sideRows([`${x}-row`, `${y}-row`, `${z}-row`])).toEqual([`${x}-row`, `${y}-row`, `${z}-row`].sort());
  });
});
