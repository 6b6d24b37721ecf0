import { Client } from 'pg';
import { eventually } from '../../../../test/support/eventually';
import type { RecordedEvent } from '../../src/event-store.port';
import { newEvent } from '../../src/testing/new-event';
import { ProjectionRunner, type RunnerLog } from '../../src/subscriptions';
import { LeaderLock } from '../../src/subscriptions/leader-lock';
import { CreateProjectedEvents1760000009001, recordingProjection } from './recording-projection';
import { FAST_TIMINGS, openSubscriptionFixture, type SubscriptionFixture } from './subscription-fixture';

// Far above a healthy step even on a loaded machine, far below the default (60 s).
const STALL_AFTER_MS = 1_000;
const TIMINGS = { ...FAST_TIMINGS, stallAfterMs: STALL_AFTER_MS };
const NAME = 'watched-rows';

/** A log that keeps what it was told. */
function recordingLog(): RunnerLog & { warnings: { details: Record<string, unknown>; message: string }[] } {
  const warnings: { details: Record<string, unknown>; message: string }[] = [];
  return { warnings, warn: (details, message) => void warnings.push({ details, message }), error: () => undefined };
}

/**
 * A worker whose session hangs (a batch or a checkpoint load that never settles) must not look like
 * a healthy one: after stallAfterMs without progress it logs a warning naming what it was doing and
 * its status says `stalled`, until it moves again. Idle leaders and followers are not stalls.
 */
describe('SubscriptionWorker › a session that makes no progress is reported', () => {
  let fixture: SubscriptionFixture;
  const stops: (() => Promise<void>)[] = [];
  /** Lets a batch held by a test go, so that stop() (which waits for it) can end. */
  let release: () => void = () => undefined;

  beforeEach(async () => {
    fixture = await openSubscriptionFixture('stall_watchdog', [CreateProjectedEvents1760000009001]);
  });
  afterEach(async () => {
    release();
    for (const stop of stops.splice(0)) await stop();
    await fixture.close();
    jest.restoreAllMocks();
  });

  function runner(log: RunnerLog, apply?: (events: readonly RecordedEvent[]) => Promise<void>, dataSource = fixture.dataSource): ProjectionRunner {
    const recording = recordingProjection(NAME, 'runner');
    const projection = apply ? { ...recording, apply: async (events: readonly RecordedEvent[], manager: Parameters<typeof recording.apply>[1]) => (await apply(events), recording.apply(events, manager)) } : recording;
    const r = new ProjectionRunner({ dataSource, store: fixture.store, projections: [projection], timings: TIMINGS, log });
    stops.push(() => r.stop());
    return r;
  }

  it('a batch that never settles: stalled while applying it, and progressing again once it ends', async () => {
    const gate = new Promise<void>((resolve) => (release = resolve));
    let applying = false;
    const log = recordingLog();
    const r = runner(log, () => ((applying = true), gate));
    r.start();
    await fixture.store.append('account-1', [newEvent('Deposited')], 'any');
    await eventually(() => applying, 10_000, 'the batch to start');

    const stalled = await eventually(async () => (await r.status())[0].stalled, 10_000, 'the projection reported stalled');
    expect(stalled.activity).toBe('applying-batch');
    const report = log.warnings[log.warnings.length - 1];
    expect(report).toMatchObject({ details: { subscriber: NAME, role: 'leader', activity: 'applying-batch' }, message: expect.stringContaining('while applying a batch') });
    expect(report.details.stalledForMs).toBeGreaterThan(STALL_AFTER_MS);

    release();
    await r.waitUntilCaughtUp(10_000);
    await eventually(async () => (await r.status())[0].stalled === undefined || undefined, 10_000, 'the stall cleared');
    expect(log.warnings[log.warnings.length - 1]).toMatchObject({ details: { subscriber: NAME, activity: 'applying-batch' }, message: expect.stringContaining('progress again') });
  });

  it('a checkpoint load held up by a row lock: stalled while loading it, leader once the lock goes', async () => {
    await fixture.dataSource.query('INSERT INTO subscription_checkpoints (name, commit_position, prepare_position) VALUES ($1, -1, -1)', [NAME]);
    const holder = new Client({ connectionString: fixture.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('UPDATE subscription_checkpoints SET updated_at = now() WHERE name = $1', [NAME]);
      const log = recordingLog();
      const r = runner(log);
      r.start();
      const stalled = await eventually(async () => (await r.status())[0].stalled, 10_000, 'the projection reported stalled');
      expect(stalled.activity).toBe('loading-checkpoint');
      expect(log.warnings[log.warnings.length - 1]).toMatchObject({ details: { subscriber: NAME, activity: 'loading-checkpoint' }, message: expect.stringContaining('loading its checkpoint') });

      await holder.query('ROLLBACK');
      await fixture.store.append('account-1', [newEvent('Deposited')], 'any');
      await r.waitUntilCaughtUp(10_000);
      await eventually(async () => (await r.status())[0].stalled === undefined || undefined, 10_000, 'the stall cleared');
      expect((await r.status())[0].role).toBe('leader');
    } finally {
      await holder.end();
    }
  });

  it('an idle leader and a waiting follower are not stalled, however long they wait', async () => {
    const leaderLog = recordingLog();
    const followerLog = recordingLog();
    const leader = runner(leaderLog);
    leader.start();
    await eventually(async () => (await leader.status())[0].isLeader || undefined, 10_000, 'the first runner to lead');
    const follower = runner(followerLog, undefined, await fixture.openDataSource());
    const headReads = jest.spyOn(fixture.store, 'headPosition');
    let lockTries = 0;
    const tryAcquire = LeaderLock.prototype.tryAcquire;
    jest.spyOn(LeaderLock.prototype, 'tryAcquire').mockImplementation(async function (this: LeaderLock) {
      lockTries += 1;
      return tryAcquire.call(this);
    });
    follower.start();
    await fixture.store.append('account-1', [newEvent('Deposited')], 'any');
    await leader.waitUntilCaughtUp(10_000);

    // Health checks and lock tries come every 50 ms: this many span two stall periods of idling.
    const periods = Math.ceil((2 * STALL_AFTER_MS) / FAST_TIMINGS.healthCheckMs!);
    const probesBefore = headReads.mock.calls.length;
    const triesBefore = lockTries;
    const warningsBefore = leaderLog.warnings.length + followerLog.warnings.length;
    await eventually(() => headReads.mock.calls.length >= probesBefore + periods && lockTries >= triesBefore + periods, 30_000, 'two stall periods of health checks and lock tries');

    expect((await leader.status())[0]).toMatchObject({ role: 'leader', caughtUp: true });
    expect((await leader.status())[0].stalled).toBeUndefined();
    expect((await follower.status())[0]).toMatchObject({ role: 'follower' });
    expect((await follower.status())[0].stalled).toBeUndefined();
    expect([...leaderLog.warnings, ...followerLog.warnings].slice(warningsBefore)).toEqual([]);
  });
});
