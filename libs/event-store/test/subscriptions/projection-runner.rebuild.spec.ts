import type { DataSource } from 'typeorm';
import { WrongExpectedVersionError } from '../../src/event-store.port';
import { ProjectionRunner } from '../../src/subscriptions';
import { CreateStreamTotals1760000009002, streamTotalsProjection } from './stream-totals-projection';
import { newEvent } from '../../src/testing/new-event';
import { FAST_TIMINGS, openSubscriptionFixture, type SubscriptionFixture } from './subscription-fixture';

const WRITERS = 6;
const EVENTS_PER_WRITER = 50;
const STREAMS = 8;
const MAX_CONFLICT_RETRIES = 200;

describe('ProjectionRunner › rebuild', () => {
  let fixture: SubscriptionFixture;
  let runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    fixture = await openSubscriptionFixture('projection_rebuild', [CreateStreamTotals1760000009002]);
  });
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    runners = [];
    await fixture.close();
  });

  function runner(dataSource: DataSource): ProjectionRunner {
    const r = new ProjectionRunner({
      dataSource,
      store: fixture.store,
      projections: [streamTotalsProjection],
      timings: { ...FAST_TIMINGS, maxBatchSize: 37 },
    });
    runners.push(r);
    return r;
  }

  /** Concurrent writers on shared streams, each append with the expected version (retried on conflict). */
  async function appendConcurrently(): Promise<Map<string, { count: number; sumMinor: bigint }>> {
    const expected = new Map<string, { count: number; sumMinor: bigint }>();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        for (let n = 0; n < EVENTS_PER_WRITER; n += 1) {
          const streamId = `account-${(writer * 7 + n) % STREAMS}`;
          const amountMinor = BigInt(writer * 1000 + n + 1);
          await appendWithRetry(fixture, streamId, amountMinor);
          const totals = expected.get(streamId) ?? { count: 0, sumMinor: 0n };
          expected.set(streamId, { count: totals.count + 1, sumMinor: totals.sumMinor + amountMinor });
          // Noise the projection's prefix filter must skip.
          if (n % 10 === 0) await fixture.store.append(`audit-${writer}`, [newEvent('Noted', { n })], 'any');
        }
      }),
    );
    return expected;
  }

  it('rebuilds the read model to a state equal, row by row, to the one built live', async () => {
    const live = runner(fixture.dataSource);
    live.start();
    const expected = await appendConcurrently();
    await live.waitUntilCaughtUp(30_000);

    const liveTotals = await snapshot(fixture.dataSource, 'SELECT * FROM stream_totals ORDER BY stream_id');
    const liveRunningSum = await snapshot(fixture.dataSource, 'SELECT * FROM running_sum ORDER BY seq');
    expect(liveRunningSum).toHaveLength(WRITERS * EVENTS_PER_WRITER);
    expect(
      Object.fromEntries(liveTotals.map((row) => [row.stream_id, { count: row.event_count, sumMinor: BigInt(String(row.amount_sum_minor)) }])),
    ).toEqual(Object.fromEntries(expected));

    // Scribble on the read model so that a rebuild which did not truncate cannot pass.
    await fixture.dataSource.query("UPDATE stream_totals SET event_count = -1 WHERE stream_id = 'account-0'");
    await live.rebuild('stream-totals', { timeoutMs: 30_000 });

    expect(await snapshot(fixture.dataSource, 'SELECT * FROM stream_totals ORDER BY stream_id')).toEqual(liveTotals);
    expect(await snapshot(fixture.dataSource, 'SELECT * FROM running_sum ORDER BY seq')).toEqual(liveRunningSum);

    // And it is live again afterwards.
    await appendWithRetry(fixture, 'account-0', 5n);
    await live.waitUntilCaughtUp(10_000);
    const [account0] = await snapshot(fixture.dataSource, "SELECT event_count FROM stream_totals WHERE stream_id = 'account-0'");
    expect(account0.event_count).toBe(expected.get('account-0')!.count + 1);
  });

  it('a rebuild started by a process that does not lead is replayed by the leader', async () => {
    const leader = runner(fixture.dataSource);
    leader.start();
    await appendConcurrently();
    await leader.waitUntilCaughtUp(30_000);
    const liveRunningSum = await snapshot(fixture.dataSource, 'SELECT * FROM running_sum ORDER BY seq');

    // The CLI: its runner never leads while the service does; rebuild resets, the leader replays.
    const cli = runner(await fixture.openDataSource());
    cli.start();
    await cli.rebuild('stream-totals', { timeoutMs: 30_000 });

    expect((await cli.status())[0].isLeader).toBe(false);
    expect(await snapshot(fixture.dataSource, 'SELECT * FROM running_sum ORDER BY seq')).toEqual(liveRunningSum);
  });
});

async function appendWithRetry(fixture: SubscriptionFixture, streamId: string, amountMinor: bigint): Promise<void> {
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
    const current = await fixture.store.readStream(streamId);
    const expectedVersion = current.length === 0 ? 'no_stream' : current[current.length - 1].streamVersion;
    try {
      await fixture.store.append(streamId, [newEvent('Deposited', { amountMinor: amountMinor.toString() })], expectedVersion);
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
  throw new Error(`gave up appending to ${streamId} after ${MAX_CONFLICT_RETRIES} conflicts`);
}

async function snapshot(dataSource: DataSource, sql: string): Promise<Record<string, unknown>[]> {
  return (await dataSource.query(sql)) as Record<string, unknown>[];
}
