import { Pool } from 'pg';
import { eventually } from '../../../../test/support/eventually';
import { comparePositions, START, type Position, type RecordedEvent } from '../../src/event-store.port';
import { newEvent } from '../../src/testing/new-event';
import { ProcessManagerRunner, ProjectionRunner, readCheckpoint } from '../../src/subscriptions';
import { CreateProjectedEvents1760000009001, recordingProjection } from './recording-projection';
import { FAST_TIMINGS, openSubscriptionFixture, type SubscriptionFixture } from './subscription-fixture';

/**
 * A subscription filtered by stream prefix is handed only its own events, so the newest events of
 * the store may never reach it. Its stored checkpoint must still reach the head once it has seen
 * everything up to there: otherwise a subscription whose streams are quiet (no withdrawal yet, say)
 * sits at START for good, looks stalled to anyone reading the checkpoints, and after every restart
 * scans the whole store again.
 */
describe('Filtered subscriptions › the stored checkpoint follows the head past events they do not want', () => {
  let fixture: SubscriptionFixture;
  const stops: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    fixture = await openSubscriptionFixture('filtered_checkpoint', [CreateProjectedEvents1760000009001]);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await fixture.close();
  });

  function projectionRunner(): ProjectionRunner {
    const runner = new ProjectionRunner({
      dataSource: fixture.dataSource,
      store: fixture.store,
      projections: [{ ...recordingProjection('mine-rows', 'runner'), streamPrefixes: ['mine-'] }],
      timings: FAST_TIMINGS,
    });
    stops.push(() => runner.stop());
    return runner;
  }

  function processManagerRunner(handled: RecordedEvent[]): ProcessManagerRunner {
    const runner = new ProcessManagerRunner({
      dataSource: fixture.dataSource,
      store: fixture.store,
      processManagers: [{ name: 'mine-saga', streamPrefixes: ['mine-'], handle: async (event) => void handled.push(event) }],
      timings: FAST_TIMINGS,
    });
    stops.push(() => runner.stop());
    return runner;
  }

  async function appendOthers(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) await fixture.store.append(`other-${i % 3}`, [newEvent('Noise', { i })], 'any');
  }

  /** The stored checkpoint of `name` equals the store's head: true, or undefined (for eventually). */
  async function storedAtHead(name: string): Promise<true | undefined> {
    const head = await fixture.store.headPosition();
    const stored = (await readCheckpoint(fixture.dataSource, name)) ?? START;
    return comparePositions(stored, head) === 0 ? true : undefined;
  }

  async function appliedRows(): Promise<{ total: number; distinct: number }> {
    const [row] = (await fixture.dataSource.query('SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct FROM projected_events')) as {
      total: number;
      distinct: number;
    }[];
    return row;
  }

  it('with none of its own events in the store, a projection and a process manager store the head, and a restart resumes there', async () => {
    await appendOthers(12);
    const handled: RecordedEvent[] = [];
    const projections = projectionRunner();
    const processManagers = processManagerRunner(handled);
    projections.start();
    processManagers.start();

    await eventually(() => storedAtHead('mine-rows'), 5_000, 'the projection’s stored checkpoint at the head');
    await eventually(() => storedAtHead('mine-saga'), 5_000, 'the process manager’s stored checkpoint at the head');
    const [status] = await projections.status();
    expect(status).toMatchObject({ caughtUp: true, pendingEvents: 0 });
    expect(comparePositions(status.checkpoint, status.headPosition)).toBe(0);

    // A restart (a new runner, as after kill -9) starts from the stored head, not from START.
    await projections.stop();
    await processManagers.stop();
    await appendOthers(5);
    const restarted = projectionRunner();
    restarted.start();
    await eventually(() => storedAtHead('mine-rows'), 5_000, 'the restarted projection’s stored checkpoint at the new head');

    // Its own events still arrive, once each.
    await fixture.store.append('mine-1', [newEvent('Wanted'), newEvent('Wanted')], 'any');
    await appendOthers(3);
    await eventually(() => storedAtHead('mine-rows'), 5_000, 'the projection past its own events and the noise after them');
    expect(await appliedRows()).toEqual({ total: 2, distinct: 2 });
    expect(handled).toEqual([]);
  });

  it('never moves past one of its own events that commits late (held back by an older transaction)', async () => {
    const projections = projectionRunner();
    projections.start();
    const early = await fixture.store.append('mine-early', [newEvent('Wanted')], 'any');
    await appendOthers(3);
    await eventually(() => storedAtHead('mine-rows'), 5_000, 'the stored checkpoint at the head before the slow transaction');

    // An append of our own in a transaction that stays open while others commit: those commits
    // are held back (their transaction ids are above the open one), so the head cannot pass it.
    const pool = new Pool({ connectionString: fixture.url, max: 1 });
    const slow = await pool.connect();
    try {
      await slow.query('BEGIN');
      await fixture.store.appendWith(slow, 'mine-late', [newEvent('Wanted')], 'any');
      await appendOthers(4);
      const headWhileOpen = await fixture.store.headPosition();
      await eventually(() => storedAtHead('mine-rows'), 5_000, 'the stored checkpoint at the head while the slow transaction is open');
      expect(comparePositions(headWhileOpen, early.position) > 0).toBe(true);
      await slow.query('COMMIT');
    } finally {
      slow.release();
      await pool.end();
    }
    await appendOthers(2);
    await eventually(async () => (await appliedRows()).total === 2 || undefined, 5_000, 'the late event applied');
    await eventually(() => storedAtHead('mine-rows'), 5_000, 'the stored checkpoint at the head after the late commit');
    expect(await appliedRows()).toEqual({ total: 2, distinct: 2 });
  });

  it('applies every one of its events once while it skips noise under a concurrent mixed load', async () => {
    const projections = projectionRunner();
    projections.start();
    const wanted: Position[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        for (let i = 0; i < 15; i += 1) {
          if ((i + lane) % 3 === 0) wanted.push((await fixture.store.append(`mine-${lane}`, [newEvent('Wanted', { i })], 'any')).position);
          else await fixture.store.append(`other-${lane}`, [newEvent('Noise', { i })], 'any');
        }
      }),
    );
    await eventually(() => storedAtHead('mine-rows'), 10_000, 'the stored checkpoint at the head after the load');
    expect(await appliedRows()).toEqual({ total: wanted.length, distinct: wanted.length });
  });
});
