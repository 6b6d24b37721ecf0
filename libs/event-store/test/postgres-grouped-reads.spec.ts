import { Pool } from 'pg';
import { openDatabase } from '../../platform/src/database/data-source';
import { createTestDatabase } from '../../../test/support/test-database';
import { START, type Position, type ReadAllOptions } from '../src/event-store.port';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore } from '../src/postgres';
import { PostgresGroupedReads } from '../src/postgres/postgres-grouped-reads';
import type { BatchWithHorizon } from '../src/postgres/postgres-subscription';
import { newEvent } from '../src/testing/new-event';

/**
 * Subscriptions' reads that arrive while one is in flight go together in one statement: each must
 * get exactly what its own read would have returned.
 */
describe('PostgresGroupedReads', () => {
  let database: { url: string; drop(): Promise<void> };
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('event_store_grouped_reads');
    await (await openDatabase(database.url, POSTGRES_EVENT_STORE_MIGRATIONS)).destroy();
    pool = new Pool({ connectionString: database.url, max: 4 });
    store = new PostgresEventStore(pool);
    for (let i = 0; i < 5; i++) {
      await store.appendMany([
        { streamId: `alpha-${i}`, events: [newEvent('A'), newEvent('A')], expected: 'no_stream' },
        { streamId: `beta_${i}`, events: [newEvent('B')], expected: 'no_stream' },
      ]);
    }
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await database.drop();
  });

  it('answers every reader of a group as its own read would, and reads alone when nothing is in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let alone = 0;
    const reads = new PostgresGroupedReads(pool, async (from, limit, options) => {
      alone += 1;
      await gate;
      return store.readAllWithHorizon(from, limit, options);
    });
    const all = await store.readAll(START, 100);
    const middle: Position = all[6].position;
    const asked: [Position, number, ReadAllOptions][] = [
      [START, 100, {}],
      [START, 3, { streamPrefixes: ['beta_'] }],
      [middle, 100, { streamPrefixes: ['alpha-'] }],
      [all[all.length - 1].position, 100, {}],
      [START, 100, { streamPrefixes: ['nothing-'] }],
      [START, 100, { streamPrefixes: ['beta%'] }], // LIKE wildcards in a prefix are plain characters
    ];
    const held = reads.read(START, 2, {});
    const grouped = asked.map(([from, limit, options]) => reads.read(from, limit, options));
    release();
    const expected: BatchWithHorizon[] = [];
    for (const [from, limit, options] of asked) expected.push(await store.readAllWithHorizon(from, limit, options));
    expect(await held).toEqual(await store.readAllWithHorizon(START, 2, {}));
    expect(await Promise.all(grouped)).toEqual(expected);
    expect(alone).toBe(1); // the six went in one statement
    expect(expected.map((batch) => batch.events.length)).toEqual([15, 3, 5, 0, 0, 0]);
  });
});
