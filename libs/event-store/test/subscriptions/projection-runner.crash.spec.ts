import type { DataSource } from 'typeorm';
import { START, type RecordedEvent } from '../../src/event-store.port';
import { ProjectionRunner, readCheckpoint } from '../../src/subscriptions';
import { CreateProjectedEvents1760000009001, recordingProjection } from './recording-projection';
import { eventually } from '../../../../test/support/eventually';
import { newEvent } from '../../src/testing/new-event';
import { FAST_TIMINGS, openSubscriptionFixture, type SubscriptionFixture } from './subscription-fixture';

const EVENT_COUNT = 100;
const BATCH_SIZE = 10;

describe('ProjectionRunner › across a crash', () => {
  let fixture: SubscriptionFixture;
  let runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    fixture = await openSubscriptionFixture('projection_crash', [CreateProjectedEvents1760000009001]);
  });
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    runners = [];
    await fixture.close();
  });

  function runner(dataSource: DataSource, projection: ReturnType<typeof recordingProjection>): ProjectionRunner {
    const r = new ProjectionRunner({
      dataSource,
      store: fixture.store,
      projections: [projection],
      timings: { ...FAST_TIMINGS, maxBatchSize: BATCH_SIZE },
    });
    runners.push(r);
    return r;
  }

  it('applies each event exactly once when a batch fails mid-way and another process resumes', async () => {
    for (let i = 0; i < EVENT_COUNT; i += 1) {
      await fixture.store.append(`account-${i % 5}`, [newEvent('Deposited', { amountMinor: String(i) })], 'any');
    }
    const all: RecordedEvent[] = await fixture.store.readAll(START, EVENT_COUNT + 1);
    expect(all).toHaveLength(EVENT_COUNT);

    // First process: its third batch writes rows and then throws, again and again (a poison batch).
    const crashing = recordingProjection('ledger-rows', 'first', 3);
    const first = runner(fixture.dataSource, crashing);
    first.start();
    await eventually(async () => (await first.status())[0].restarts >= 2, 10_000, 'the third batch to fail twice');
    await first.stop();

    const stopped = await first.status();
    expect(stopped[0].lastError).toContain('simulated crash');
    // The failed batch rolled back with its checkpoint: rows are exactly the events up to the checkpoint.
    const afterCrash = await readCheckpoint(fixture.dataSource, 'ledger-rows');
    expect(afterCrash).toEqual(all[2 * BATCH_SIZE - 1].position);
    expect(await rowCounts(fixture.dataSource)).toEqual({ rows: 2 * BATCH_SIZE, distinct: 2 * BATCH_SIZE });

    // Second process (its own connections), healthy code: resumes at the checkpoint.
    const secondDataSource = await fixture.openDataSource();
    const healthy = recordingProjection('ledger-rows', 'second');
    const second = runner(secondDataSource, healthy);
    second.start();
    await second.waitUntilCaughtUp(15_000);

    expect(await rowCounts(fixture.dataSource)).toEqual({ rows: EVENT_COUNT, distinct: EVENT_COUNT });
    expect(healthy.appliedEvents.map((e) => e.id)).toEqual(all.slice(2 * BATCH_SIZE).map((e) => e.id));
    expect(await readCheckpoint(fixture.dataSource, 'ledger-rows')).toEqual(all[EVENT_COUNT - 1].position);
    const [status] = await second.status();
    expect(status).toMatchObject({ name: 'ledger-rows', isLeader: true, caughtUp: true, pendingEvents: 0 });
    expect(status.checkpoint).toEqual(status.headPosition);
  });

  it('rolls back the batch’s rows when writing its checkpoint fails (the crash between apply and checkpoint)', async () => {
    for (let i = 0; i < 30; i += 1) await fixture.store.append(`account-${i % 3}`, [newEvent('Deposited', { i })], 'any');
    const all = await fixture.store.readAll(START, 100);
    // The database refuses to move this checkpoint past the 10th event, as if the process died there.
    await fixture.dataSource.query(`
      CREATE FUNCTION refuse_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated crash writing the checkpoint'; END $$`);
    await fixture.dataSource.query(`
      CREATE TRIGGER refuse_checkpoint BEFORE UPDATE ON subscription_checkpoints FOR EACH ROW
      WHEN (NEW.prepare_position > ${all[BATCH_SIZE - 1].position.prepare.toString()}) EXECUTE FUNCTION refuse_checkpoint()`);

    const first = runner(fixture.dataSource, recordingProjection('ledger-rows', 'first'));
    first.start();
    await eventually(async () => (await first.status())[0].restarts >= 2, 10_000, 'the checkpoint write to fail twice');
    await first.stop();
    expect(await rowCounts(fixture.dataSource)).toEqual({ rows: BATCH_SIZE, distinct: BATCH_SIZE });

    await fixture.dataSource.query('DROP TRIGGER refuse_checkpoint ON subscription_checkpoints');
    const second = runner(fixture.dataSource, recordingProjection('ledger-rows', 'second'));
    second.start();
    await second.waitUntilCaughtUp(10_000);
    expect(await rowCounts(fixture.dataSource)).toEqual({ rows: 30, distinct: 30 });
  });

  it('resumes live after a graceful stop without repeating the last committed batch', async () => {
    const projection = recordingProjection('ledger-rows', 'first');
    const first = runner(fixture.dataSource, projection);
    first.start();
    for (let i = 0; i < 25; i += 1) await fixture.store.append(`account-${i % 3}`, [newEvent('Deposited', { i })], 'any');
    await first.waitUntilCaughtUp(10_000);
    await first.stop();
    expect((await first.status())[0]).toMatchObject({ role: 'stopped', isLeader: false });

    for (let i = 0; i < 15; i += 1) await fixture.store.append(`account-${i % 3}`, [newEvent('Deposited', { i })], 'any');
    const resumed = recordingProjection('ledger-rows', 'second');
    const second = runner(fixture.dataSource, resumed);
    second.start();
    await second.waitUntilCaughtUp(10_000);

    expect(resumed.appliedEvents).toHaveLength(15);
    expect(await rowCounts(fixture.dataSource)).toEqual({ rows: 40, distinct: 40 });
  });
});

async function rowCounts(dataSource: DataSource): Promise<{ rows: number; distinct: number }> {
  const [row] = (await dataSource.query('SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct FROM projected_events')) as {
    rows: number;
    distinct: number;
  }[];
  return row;
}
