import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { eventually } from '../../../../test/support/eventually';
import { newEvent } from '../../src/testing/new-event';
import { ProjectionRunner } from '../../src/subscriptions';
import { LeaderLock } from '../../src/subscriptions/leader-lock';
import { CreateProjectedEvents1760000009001, recordingProjection, type RecordingProjection } from './recording-projection';
import { FAST_TIMINGS, openSubscriptionFixture, type SubscriptionFixture } from './subscription-fixture';

const NAME = 'ledger-rows';

describe('ProjectionRunner › two processes run the same projection', () => {
  let fixture: SubscriptionFixture;
  let runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    fixture = await openSubscriptionFixture('projection_leader', [CreateProjectedEvents1760000009001]);
  });
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    runners = [];
    await fixture.close();
    jest.restoreAllMocks();
  });

  function runner(dataSource: DataSource, projection: RecordingProjection): ProjectionRunner {
    const r = new ProjectionRunner({ dataSource, store: fixture.store, projections: [projection], timings: FAST_TIMINGS });
    runners.push(r);
    return r;
  }

  async function append(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) await fixture.store.append(`account-${i % 4}`, [newEvent('Deposited', { i })], 'any');
  }

  async function isLeader(r: ProjectionRunner): Promise<boolean> {
    return (await r.status())[0].isLeader;
  }

  it('only one is active, and the second takes over after the first stops', async () => {
    const firstProjection = recordingProjection(NAME, 'first');
    const secondProjection = recordingProjection(NAME, 'second');
    const first = runner(fixture.dataSource, firstProjection);
    const second = runner(await fixture.openDataSource(), secondProjection);

    first.start();
    await eventually(() => isLeader(first), 5_000, 'the first runner to lead');
    const refusals = countLockRefusals();
    second.start();
    await append(30);
    await first.waitUntilCaughtUp(10_000);
    const refusedSoFar = refusals();
    await eventually(() => refusals() >= refusedSoFar + 3, 5_000, 'three more refused lock tries of the follower');
    expect((await second.status())[0]).toMatchObject({ role: 'follower', isLeader: false });
    expect(firstProjection.appliedEvents).toHaveLength(30);
    expect(secondProjection.appliedEvents).toHaveLength(0);

    await first.stop();
    await eventually(() => isLeader(second), 5_000, 'the second runner to take over');
    await append(20);
    await second.waitUntilCaughtUp(10_000);

    expect(firstProjection.appliedEvents).toHaveLength(30);
    expect(secondProjection.appliedEvents).toHaveLength(20);
    expect(await rowsPerProjector(fixture.dataSource)).toEqual({ total: 50, distinct: 50, first: 30, second: 20 });
  });

  it('when the leader’s lock connection dies, exactly one runner leads again and no event is applied twice', async () => {
    const first = runner(fixture.dataSource, recordingProjection(NAME, 'first'));
    const second = runner(await fixture.openDataSource(), recordingProjection(NAME, 'second'));
    first.start();
    await eventually(() => isLeader(first), 5_000, 'the first runner to lead');
    second.start();
    await append(20);
    await first.waitUntilCaughtUp(10_000);

    await terminateAdvisoryLockHolders(fixture.url);
    await append(20);
    await eventually(async () => (await isLeader(first)) !== (await isLeader(second)), 5_000, 'exactly one leader');
    await first.waitUntilCaughtUp(10_000);
    const counts = await rowsPerProjector(fixture.dataSource);
    expect({ total: counts.total, distinct: counts.distinct }).toEqual({ total: 40, distinct: 40 });
  });
});

/** Counts the lock tries that were refused (a follower's tries while another process leads). */
function countLockRefusals(): () => number {
  let refused = 0;
  const tryAcquire = LeaderLock.prototype.tryAcquire;
  jest.spyOn(LeaderLock.prototype, 'tryAcquire').mockImplementation(async function (this: LeaderLock) {
    const acquired = await tryAcquire.call(this);
    if (!acquired) refused += 1;
    return acquired;
  });
  return () => refused;
}

/** The session of whoever holds the lock is killed, as when its machine disappears. */
async function terminateAdvisoryLockHolders(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

async function rowsPerProjector(dataSource: DataSource): Promise<{ total: number; distinct: number; first: number; second: number }> {
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct,
            count(*) FILTER (WHERE projector = 'first')::int AS first, count(*) FILTER (WHERE projector = 'second')::int AS second
     FROM projected_events`,
  )) as { total: number; distinct: number; first: number; second: number }[];
  return row;
}
