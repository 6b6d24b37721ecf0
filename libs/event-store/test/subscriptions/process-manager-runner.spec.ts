import { comparePositions } from '../../src/event-store.port';
import type { DataSource } from 'typeorm';
import { deterministicEventId } from '../../src/event-id';
import { START, type RecordedEvent } from '../../src/event-store.port';
import { ProcessManagerRunner, listDeadLetters, readCheckpoint, type ProcessManager, type RetryOptions } from '../../src/subscriptions';
import { eventually } from '../../../../test/support/eventually';
import { newEvent } from '../../src/testing/new-event';
import * as retryBookkeeping from '../../src/subscriptions/retry-bookkeeping';
import { FAST_TIMINGS, openSubscriptionFixture, type SubscriptionFixture } from './subscription-fixture';

const PM = 'receipt-issuer';

describe('ProcessManagerRunner', () => {
  let fixture: SubscriptionFixture;
  let runners: ProcessManagerRunner[] = [];

  beforeEach(async () => {
    fixture = await openSubscriptionFixture('process_manager');
  });
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    runners = [];
    await fixture.close();
    jest.restoreAllMocks();
  });

  function runner(pm: ProcessManager, retry: Partial<RetryOptions>, dataSource: DataSource = fixture.dataSource): ProcessManagerRunner {
    const r = new ProcessManagerRunner({
      dataSource,
      store: fixture.store,
      processManagers: [pm],
      retry,
      timings: FAST_TIMINGS,
      random: () => 0.5, // jitter fixed at the middle: delays are exactly 3/4 of each ceiling
    });
    runners.push(r);
    return r;
  }

  /** Records every call; throws for events whose data says so. */
  function recordingPm(calls: { event: RecordedEvent; atMs: number }[]): ProcessManager {
    return {
      name: PM,
      streamPrefixes: ['deposit-'],
      eventTypes: ['DepositConfirmed'],
      async handle(event) {
        calls.push({ event, atMs: Date.now() });
        if (event.data.poison === true) throw new Error(`provider refused ${event.streamId}`);
      },
    };
  }

  it('retries a failing event with doubling backoff, dead-letters it after maxAttempts, and continues with the next event', async () => {
    const calls: { event: RecordedEvent; atMs: number }[] = [];
    await fixture.store.append('deposit-1', [newEvent('DepositConfirmed', { poison: true })], 'no_stream');
    await fixture.store.append('deposit-2', [newEvent('DepositRequested', {}), newEvent('DepositConfirmed', {})], 'no_stream');
    await fixture.store.append('other-1', [newEvent('DepositConfirmed', {})], 'no_stream');

    const saved = jest.spyOn(retryBookkeeping, 'saveAttempts');
    const r = runner(recordingPm(calls), { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 100 });
    r.start();
    await r.waitUntilCaughtUp(10_000);

    const poisonCalls = calls.filter((c) => c.event.streamId === 'deposit-1');
    expect(poisonCalls).toHaveLength(4);
    // Ceilings 40, 80, 100 (capped) ms; jitter 0.5 gives 30, 60, 75 ms: the delays chosen and stored...
    const delaysMs = saved.mock.calls.map((call) => call[5]);
    expect(delaysMs).toEqual([30, 60, 75]);
    // ...and waited: no retry came sooner than its delay (timers may round down by a millisecond).
    const gapsMs = poisonCalls.slice(1).map((c, i) => c.atMs - poisonCalls[i].atMs);
    gapsMs.forEach((gapMs, i) => expect(gapMs).toBeGreaterThanOrEqual(delaysMs[i] - 2));

    // The next event was handled after the dead letter; the requested one and other streams never reach handle.
    expect(calls.map((c) => c.event.streamId)).toEqual(['deposit-1', 'deposit-1', 'deposit-1', 'deposit-1', 'deposit-2']);
    const deadLetters = await listDeadLetters(fixture.dataSource, PM);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      subscriber: PM,
      eventId: poisonCalls[0].event.id,
      streamId: 'deposit-1',
      eventType: 'DepositConfirmed',
      attempts: 4,
      data: { poison: true },
      position: poisonCalls[0].event.position,
    });
    expect(deadLetters[0].lastError).toContain('provider refused deposit-1');
    const attemptsLeft = (await fixture.dataSource.query('SELECT count(*)::int AS n FROM subscription_attempts')) as { n: number }[];
    expect(attemptsLeft[0].n).toBe(0);
    // Past its last deposit event, and then past the other stream's event it does not want: at the head.
    const deposits = await fixture.store.readAll(START, 10, { streamPrefixes: ['deposit-'] });
    const head = await fixture.store.headPosition();
    expect(comparePositions(head, deposits[deposits.length - 1].position)).toBeGreaterThan(0);
    await eventually(async () => comparePositions((await readCheckpoint(fixture.dataSource, PM)) ?? START, head) === 0 || undefined, 5_000, 'the checkpoint at the head');
  });

  it('handles different keys side by side, each key in its order, and a dead letter holds back only its own key', async () => {
    const appended = [];
    for (const [wallet, n, poison] of [['a', 1, false], ['b', 1, false], ['a', 2, true], ['b', 2, false], ['a', 3, false]] as const) {
      appended.push(await fixture.store.append(`deposit-${wallet}${n}`, [newEvent('DepositConfirmed', { wallet, n, poison })], 'no_stream'));
    }
    const log: string[] = [];
    const pm: ProcessManager = {
      name: PM,
      streamPrefixes: ['deposit-'],
      eventTypes: ['DepositConfirmed'],
      orderKey: (event) => String(event.data.wallet),
      async handle(event) {
        const name = `${String(event.data.wallet)}${String(event.data.n)}`;
        log.push(`${name}>`);
        // Each wait holds a handler open until the other key has moved: a runner that kept the keys
        // in one line would time out here, and a1 would be retried or a2 would never see b2 finish.
        if (name === 'a1') await eventually(() => log.includes('b1>'), 5_000, 'b1 to start while a1 runs');
        if (name === 'a2') await eventually(() => log.includes('<b2'), 5_000, 'b2 to finish while a2 is retried');
        log.push(`<${name}`);
        if (event.data.poison === true) throw new Error(`refused ${name}`);
      },
    };
    const r = runner(pm, { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 });
    r.start();
    await r.waitUntilCaughtUp(10_000);

    const starts = (wallet: string) => log.filter((entry) => entry.startsWith(wallet) && entry.endsWith('>'));
    expect(starts('a')).toEqual(['a1>', 'a2>', 'a2>', 'a3>']);
    expect(starts('b')).toEqual(['b1>', 'b2>']);
    expect(log.indexOf('b1>')).toBeLessThan(log.indexOf('<a1')); // side by side
    expect(log.indexOf('<b2')).toBeLessThan(log.indexOf('a3>')); // b did not wait for a's retries
    const deadLetters = await listDeadLetters(fixture.dataSource, PM);
    expect(deadLetters.map((d) => [d.streamId, d.attempts])).toEqual([['deposit-a2', 2]]);
    expect(await readCheckpoint(fixture.dataSource, PM)).toEqual(appended[appended.length - 1].position);
  });

  it('keeps its checkpoint and its attempt counts across a restart', async () => {
    const calls: { event: RecordedEvent; atMs: number }[] = [];
    await fixture.store.append('deposit-1', [newEvent('DepositConfirmed', {})], 'no_stream');
    const first = runner(recordingPm(calls), { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 200 });
    first.start();
    await first.waitUntilCaughtUp(10_000);
    expect(calls).toHaveLength(1);

    await fixture.store.append('deposit-2', [newEvent('DepositConfirmed', { poison: true })], 'no_stream');
    await eventually(() => calls.length >= 3, 10_000, 'two failed attempts');
    await first.stop();
    const attemptsBeforeRestart = calls.length - 1;
    expect(attemptsBeforeRestart).toBeGreaterThanOrEqual(2);

    // Restart (another process): deposit-1 is not handled again, and deposit-2 gets only what is left of its 4 attempts.
    await fixture.store.append('deposit-3', [newEvent('DepositConfirmed', {})], 'no_stream');
    const second = runner(recordingPm(calls), { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 200 }, await fixture.openDataSource());
    second.start();
    await second.waitUntilCaughtUp(10_000);

    const streams = calls.map((c) => c.event.streamId);
    expect(streams.filter((s) => s === 'deposit-1')).toHaveLength(1);
    expect(streams.filter((s) => s === 'deposit-2')).toHaveLength(4);
    expect(streams[streams.length - 1]).toBe('deposit-3');
    const [deadLetter] = await listDeadLetters(fixture.dataSource, PM);
    expect(deadLetter).toMatchObject({ streamId: 'deposit-2', attempts: 4 });
  });

  it('calls an idempotent handle again after a crash between its effect and the checkpoint, without duplicating the effect', async () => {
    for (let i = 1; i <= 6; i += 1) await fixture.store.append(`deposit-${i}`, [newEvent('DepositConfirmed', { amountMinor: String(i * 100) })], 'no_stream');
    const handled: string[] = [];
    let crashAfterEffectOn: string | undefined = 'deposit-4';
    const crashingDataSource = await fixture.openDataSource();

    const receiptIssuer: ProcessManager = {
      name: PM,
      streamPrefixes: ['deposit-'],
      eventTypes: ['DepositConfirmed'],
      async handle(event) {
        handled.push(event.streamId);
        // The effect: a receipt with an id derived from the cause, so a repeat is a no-op append.
        await fixture.store.append(
          `receipt-${event.streamId}`,
          [newEvent('ReceiptIssued', { amountMinor: event.data.amountMinor }, { id: deterministicEventId(PM, event.id) })],
          'any',
        );
        if (event.streamId === crashAfterEffectOn) {
          crashAfterEffectOn = undefined;
          // The process dies here: its database connections go before the checkpoint is written.
          await crashingDataSource.destroy();
        }
      },
    };

    const first = runner(receiptIssuer, { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 }, crashingDataSource);
    first.start();
    await eventually(() => handled.includes('deposit-4'), 10_000, 'the crash');
    await first.stop();
    // The checkpoint never passes the event in hand (it moves per batch, so it may be further back).
    const crashedAt = (await fixture.store.readStream('deposit-4'))[0].position;
    expect(comparePositions((await readCheckpoint(fixture.dataSource, PM)) ?? START, crashedAt)).toBeLessThan(0);

    const second = runner(receiptIssuer, { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 }, await fixture.openDataSource());
    second.start();
    await second.waitUntilCaughtUp(10_000);

    // Handled again from the checkpoint on (at least deposit-4), then each once; the effects only once.
    const firstRun = handled.slice(0, 4);
    expect(firstRun).toEqual(['deposit-1', 'deposit-2', 'deposit-3', 'deposit-4']);
    expect(handled.slice(4)).toEqual(expect.arrayContaining(['deposit-4', 'deposit-5', 'deposit-6']));
    expect(handled.slice(handled.lastIndexOf('deposit-4'))).toEqual(['deposit-4', 'deposit-5', 'deposit-6']);
    const receipts = await fixture.store.readAll(START, 100, { streamPrefixes: ['receipt-'] });
    expect(receipts.map((e) => e.streamId).sort()).toEqual(['1', '2', '3', '4', '5', '6'].map((i) => `receipt-deposit-${i}`));
    expect(await listDeadLetters(fixture.dataSource, PM)).toHaveLength(0);
  });
});
