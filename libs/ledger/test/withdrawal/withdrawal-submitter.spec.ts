import type { RecordedEvent } from '@kassa/event-store';
import { DomainError } from '../../src/shared/domain-error';
import { executeCommand } from '../../src/application/execute-command';
import { walletStreamId } from '@kassa/kernel';
import { walletDecider } from '../../src/wallet/wallet.decider';
import { holdMetadata } from '../../src/withdrawal/hold-to-request';
import { applyWithdrawalPostback } from '../../src/withdrawal/apply-withdrawal-postback';
import { withSubmissionLock } from '../../src/withdrawal-submission/submission-lock';
import { WithdrawalSubmitter } from '../../src/withdrawal-submission/withdrawal-submitter';
import { eventually } from '../../../../test/support/eventually';
import { CONTEXT, TENANT, WithdrawalFixture } from './withdrawal-fixture';

const SUBMISSION_PATH = '/v2/withdrawal/create';

describe('Withdrawal submission (Postgres event store, real sandbox over HTTP)', () => {
  let fx: WithdrawalFixture;
  let submitter: WithdrawalSubmitter;

  beforeAll(async () => {
    fx = await WithdrawalFixture.open();
    const feature = await fx.feature();
    submitter = feature.submitter;
    fx.startProcessManagers(feature);
  });
  afterAll(async () => {
    await fx.close();
  });
  afterEach(() => fx.resetSandbox());


  function postback(withdrawalId: string, status: number, amountMinor = 50_000n) {
    return applyWithdrawalPostback(
      fx.store,
      fx.settings,
      fx.clock,
      { postbackId: `pb-${withdrawalId}-${status}`, withdrawalId, status, amountMinor, currency: 'PKR', comment: null, receivedAt: new Date().toISOString() },
      { merchantId: TENANT, actor: 'paykassma', correlationId: `pb-${withdrawalId}` },
    );
  }

  /** Runs due submissions until the withdrawal has left `requested` (a retry runs once its backoff is due). */
  async function submitUntilAnswered(withdrawalId: string): Promise<void> {
    await eventually(async () => {
      await submitter.runDueNow();
      const types = await fx.eventTypes(withdrawalId);
      return types.includes('WithdrawalSubmitted') || types.includes('WithdrawalRejected');
    }, 10_000, `${withdrawalId} submitted or rejected`);
  }

  it('holds the funds, submits once with our withdrawal_id and is_test, and lets the funds go on status 1', async () => {
    const label = await fx.fundedPlayer();
    const view = await fx.request({ label });
    expect(view.id).toHaveLength(36);
    const requested = await fx.withdrawalEvents(view.id);
    expect(requested.map((e) => e.type)).toEqual(['WithdrawalRequested']);
    expect(requested[0].data).toMatchObject({ label, amountMinor: '50000', currency: 'PKR' });
    expect(await fx.wallet(label)).toEqual({ availableMinor: 50_000n, heldMinor: 50_000n });

    await fx.settled();
    const report = await submitter.runDueNow();
    expect(report.submitted).toBe(1);
    expect(fx.sandboxWithdrawals(view.id)).toEqual([expect.objectContaining({ withdrawalId: view.id, isTest: true, amount: '500.00' })]);
    expect(await fx.eventTypes(view.id)).toEqual(['WithdrawalRequested', 'WithdrawalSubmitted']);

    expect(await postback(view.id, 1)).toBe('applied');
    expect(await postback(view.id, 1)).toBe('duplicate');
    await fx.settled();
    expect(await fx.wallet(label)).toEqual({ availableMinor: 50_000n, heldMinor: 0n });

    // Failure after success is quarantined: nothing returns to the player.
    expect(await postback(view.id, 5)).toBe('quarantined');
    await fx.settled();
    expect(await fx.wallet(label)).toEqual({ availableMinor: 50_000n, heldMinor: 0n });
    expect(fx.callsFor(view.id)).toHaveLength(1);
  });

  it('returns the held funds to available on status 5, and quarantines a later status 1', async () => {
    const label = await fx.fundedPlayer();
    const view = await fx.request({ label });
    await fx.settled();
    await submitter.runDueNow();
    expect(await postback(view.id, 5)).toBe('applied');
    await fx.settled();
    expect(await fx.wallet(label)).toEqual({ availableMinor: 100_000n, heldMinor: 0n });
    expect(await postback(view.id, 1)).toBe('quarantined');
    await fx.settled();
    expect(await fx.wallet(label)).toEqual({ availableMinor: 100_000n, heldMinor: 0n });
  });

  it('records an undocumented status and moves nothing; an unknown withdrawal writes nothing', async () => {
    const label = await fx.fundedPlayer();
    const view = await fx.request({ label });
    await fx.settled();
    await submitter.runDueNow();
    expect(await postback(view.id, 3)).toBe('unrecognized_status');
    expect(await postback(view.id, 3)).toBe('duplicate');
    await fx.settled();
    expect(await fx.wallet(label)).toEqual({ availableMinor: 50_000n, heldMinor: 50_000n });
    expect(await postback('00000000-0000-4000-8000-000000000000', 1)).toBe('unknown_withdrawal');
    expect(await fx.eventTypes('00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it("is rejected on the provider's insufficient-balance answer, and the hold is released", async () => {
    const label = await fx.fundedPlayer();
    fx.sandbox.sandbox.control.setBalance('PKR', '1');
    const view = await fx.request({ label });
    await fx.settled();
    const report = await submitter.runDueNow();
    expect(report.rejected).toBe(1);
    const events = await fx.withdrawalEvents(view.id);
    expect(events.map((e) => e.type)).toEqual(['WithdrawalRequested', 'WithdrawalRejected']);
    expect(events[1].data.message).toEqual({ withdrawals_sum_amount: ['Insufficient balance'] });
    await fx.settled();
    expect(await fx.wallet(label)).toEqual({ availableMinor: 100_000n, heldMinor: 0n });
  });

  it('retries after injected 500s with the same withdrawal_id and backoff, and pays out once', async () => {
    const label = await fx.fundedPlayer();
    fx.sandbox.sandbox.control.injectFault(SUBMISSION_PATH, 'http500', 2);
    const view = await fx.request({ label });
    await fx.settled();

    expect((await submitter.runDueNow()).deferred).toBe(1);
    await submitUntilAnswered(view.id);

    const events = await fx.withdrawalEvents(view.id);
    expect(events.map((e) => e.type)).toEqual(['WithdrawalRequested', 'WithdrawalSubmissionDeferred', 'WithdrawalSubmissionDeferred', 'WithdrawalSubmitted']);
    expect(events.map((e) => e.data.attempt ?? null)).toEqual([null, 1, 2, 3]);
    expect(events[1].data).toMatchObject({ outcomeUnknown: true, error: expect.stringContaining('HTTP 500') });
    // The recorded delays double (base 40 ms, jitter fixed at 0.5): 30 ms, then 60 ms after each answer.
    const gapMs = (event: RecordedEvent) => Date.parse(event.data.retryAt as string) - Date.parse(event.data.deferredAt as string);
    expect([gapMs(events[1]), gapMs(events[2])]).toEqual([30, 60]);
    expect(fx.callsFor(view.id)).toHaveLength(3);
    expect(fx.sandboxWithdrawals(view.id)).toHaveLength(1);
  });

  it('treats a timeout as an unknown outcome: funds stay held, the retry goes out once, never two calls at a time', async () => {
    const label = await fx.fundedPlayer();
    fx.sandbox.sandbox.control.injectFault(SUBMISSION_PATH, 'timeout', 1);
    const view = await fx.request({ label });
    await fx.settled();

    // A second worker (another instance) tries the same withdrawal while the first call hangs.
    const other = await fx.submitter();
    const firstRun = submitter.runDueNow();
    await eventually(() => fx.callsFor(view.id).length === 1, 10_000, 'the first call to reach the provider and hang');
    const second = await other.runDueNow();
    const first = await firstRun;
    expect(first.deferred + second.deferred).toBe(1);
    expect(first.busy + second.busy + first.not_due + second.not_due).toBe(1);

    const deferred = (await fx.withdrawalEvents(view.id))[1];
    expect(deferred).toMatchObject({ type: 'WithdrawalSubmissionDeferred', data: { outcomeUnknown: true, error: expect.stringContaining('timeout') } });
    await fx.settled();
    expect(await fx.wallet(label)).toEqual({ availableMinor: 50_000n, heldMinor: 50_000n });

    await submitUntilAnswered(view.id);
    expect(await fx.eventTypes(view.id)).toEqual(['WithdrawalRequested', 'WithdrawalSubmissionDeferred', 'WithdrawalSubmitted']);
    const calls = fx.callsFor(view.id);
    expect(calls).toHaveLength(2);
    expect(calls[1].startedAtMs).toBeGreaterThanOrEqual(calls[0].endedAtMs ?? Infinity);
    expect(fx.sandboxWithdrawals(view.id)).toHaveLength(1);
  });

  it('stops after PAYKASSMA_MAX_ATTEMPTS: still requested, funds held, parked and reported', async () => {
    const bounded = await fx.submitter({ maxAttempts: 2, retryBaseMs: 10 });
    const label = await fx.fundedPlayer();
    fx.sandbox.sandbox.control.injectFault(SUBMISSION_PATH, 'http500', 10);
    const view = await fx.request({ label });
    await fx.settled();
    await eventually(async () => {
      await bounded.runDueNow();
      return (await bounded.parked(TENANT)).some((parked) => parked.withdrawalId === view.id);
    }, 10_000, 'parked after two attempts');
    await bounded.runDueNow(); // a parked withdrawal is not tried again
    expect(await fx.eventTypes(view.id)).toEqual(['WithdrawalRequested', 'WithdrawalSubmissionDeferred', 'WithdrawalSubmissionDeferred', 'WithdrawalSubmissionParked']);
    expect(fx.callsFor(view.id)).toHaveLength(2);
    expect(await bounded.parked(TENANT)).toEqual([expect.objectContaining({ withdrawalId: view.id, attempts: 2 })]);
    expect(fx.warnings.some((w) => (w.details as { withdrawalId?: string }).withdrawalId === view.id)).toBe(true);
    await fx.settled();
    expect(await fx.wallet(label)).toEqual({ availableMinor: 50_000n, heldMinor: 50_000n });
  });

  it('repairs a crash between the hold and WithdrawalRequested, and submits exactly once', async () => {
    const label = await fx.fundedPlayer();
    const withdrawalId = '11111111-2222-4333-8444-555555555555';
    // What the request handler does first, and nothing after: the process "died" here.
    await executeCommand(
      fx.store,
      walletDecider,
      walletStreamId({ tenantId: TENANT, label, currency: 'PKR' }),
      { type: 'HoldFunds', data: { tenantId: TENANT, label, currency: 'PKR', withdrawalId, walletType: 'easypaisa', accountNumber: '03123456789', amountMinor: 50_000n } },
      { metadata: holdMetadata({ tenantId: TENANT, ...CONTEXT }, { accountName: 'Ali Khan', bankCode: null }), now: () => new Date().toISOString(), eventId: () => 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' },
    );
    await eventually(async () => (await fx.eventTypes(withdrawalId)).length === 1, 10_000, 'WithdrawalRequested from the hold');
    await fx.settled();
    const [requested] = await fx.withdrawalEvents(withdrawalId);
    expect(requested.data).toMatchObject({ withdrawalId, accountName: 'Ali Khan', bankCode: null, amountMinor: '50000' });

    // Two instances come back at once: one call, one payout.
    const other = await fx.submitter();
    await Promise.all([submitter.runDueNow(), other.runDueNow()]);
    await Promise.all([submitter.runDueNow(), other.runDueNow()]);
    expect(await fx.eventTypes(withdrawalId)).toEqual(['WithdrawalRequested', 'WithdrawalSubmitted']);
    expect(fx.callsFor(withdrawalId)).toHaveLength(1);
    expect(fx.sandboxWithdrawals(withdrawalId)).toHaveLength(1);
  });

  it('submits on its own once started: the process manager wakes the leader', async () => {
    const label = await fx.fundedPlayer();
    const running = await fx.submitter();
    running.start();
    try {
      const view = await fx.request({ label });
      await eventually(async () => (await fx.eventTypes(view.id)).includes('WithdrawalSubmitted'), 10_000, 'submitted by the loop');
      expect(fx.callsFor(view.id)).toHaveLength(1);
    } finally {
      await running.stop();
    }
  });

  it('holding a submission lock for a whole provider call does not hold back the event store readers', async () => {
    const key = { tenantId: TENANT, withdrawalId: 'lock-probe' };
    const outcome = await withSubmissionLock(fx.dataSource, key, async () => {
      expect((await withSubmissionLock(fx.dataSource, key, async () => 'twice')).locked).toBe(false);
      const label = await fx.fundedPlayer(); // appended while the lock's transaction is open
      const head = await fx.store.headPosition();
      const visible = await fx.store.readAll({ commit: head.commit - 1n, prepare: -1n }, 100);
      return visible.some((event) => event.data.label === label);
    });
    expect(outcome).toEqual({ locked: true, value: true });
  });

  it('100 concurrent withdrawals against a balance covering 10: exactly 10 holds, 90 INSUFFICIENT_FUNDS, never negative', async () => {
    const label = await fx.fundedPlayer(500_000n); // 10 × 500.00 PKR
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => fx.request({ label })));
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(90);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(DomainError);
      expect((r.reason as DomainError).code).toBe('INSUFFICIENT_FUNDS');
    }
    // Folding the wallet asserts available ≥ 0 after every event (evolve's invariant).
    expect(await fx.wallet(label)).toEqual({ availableMinor: 0n, heldMinor: 500_000n });
    const holds = (await fx.store.readStream(walletStreamId({ tenantId: TENANT, label, currency: 'PKR' }))).filter((e) => e.type === 'FundsHeld');
    expect(holds).toHaveLength(10);
    await fx.settled();
  });
});
