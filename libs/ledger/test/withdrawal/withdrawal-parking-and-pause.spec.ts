import { DomainError } from '../../src/shared/domain-error';
import { withdrawalQueueStreamId } from '@kassa/kernel';
import { ResolveWithdrawalCommand } from '../../src/withdrawal-submission/admin/resolve-withdrawal.handler';
import { ResubmitWithdrawalCommand } from '../../src/withdrawal-submission/admin/resubmit-withdrawal.handler';
import { ResumeWithdrawalQueueCommand } from '../../src/withdrawal-submission/queue/resume-withdrawal-queue.handler';
import { WithdrawalSubmissionStatus } from '../../src/withdrawal-submission/queue/withdrawal-submission-status.query';
import { readWholeStream } from '../../src/application/execute-command';
import { TENANT, WithdrawalFixture, type SubmissionFeature } from './withdrawal-fixture';

const SUBMISSION_PATH = '/v2/withdrawal/create';
const OPERATOR = { merchantId: 'merchant-1', actor: 'ops-key', correlationId: 'ops-1' } as const;

describe('Parked withdrawals and the paused queue (Postgres event store, real sandbox over HTTP)', () => {
  let fx: WithdrawalFixture;

  beforeAll(async () => {
    fx = await WithdrawalFixture.open();
    // wallet-postings and the submission work list, once for the file (their wake-up goes to this submitter).
    fx.startProcessManagers(await fx.feature());
  });
  afterAll(async () => {
    await fx.close();
  });
  afterEach(() => fx.resetSandbox());


  /** Runs the due work until `done` holds, with a bound on the passes (each pass waits for its calls). */
  async function runUntil(feature: SubmissionFeature, done: () => Promise<boolean>, what: string, maxPasses = 200): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass++) {
      if (await done()) return;
      await feature.submitter.runDueNow();
      await fx.settled();
    }
    throw new Error(`not reached after ${maxPasses} passes: ${what}`);
  }

  const hasEvent = (withdrawalId: string, type: string) => async () => (await fx.eventTypes(withdrawalId)).includes(type);

  describe('parking', () => {
    let feature: SubmissionFeature;
    beforeAll(async () => {
      feature = await fx.feature({ maxAttempts: 2, retryBaseMs: 10 });
    });

    async function parkedWithdrawal(label: string): Promise<string> {
      fx.sandbox.sandbox.control.injectFault(SUBMISSION_PATH, 'http500', 2);
      const { id } = await fx.request({ label });
      await fx.settled();
      await runUntil(feature, hasEvent(id, 'WithdrawalSubmissionParked'), 'parked');
      return id;
    }

    it('a 500 whose body says fail is an unknown outcome: deferred, funds held, never rejected', async () => {
      const label = await fx.fundedPlayer();
      fx.sandbox.sandbox.control.injectFault(SUBMISSION_PATH, 'http500-fail', 1);
      const { id } = await fx.request({ label });
      await fx.settled();
      expect((await feature.submitter.runDueNow()).deferred).toBe(1);
      const deferred = (await fx.withdrawalEvents(id))[1];
      expect(deferred).toMatchObject({ type: 'WithdrawalSubmissionDeferred', data: { outcomeUnknown: true, error: expect.stringContaining('HTTP 500') } });
      await fx.settled();
      expect(await fx.wallet(label)).toEqual({ availableMinor: 50_000n, heldMinor: 50_000n });
      await runUntil(feature, hasEvent(id, 'WithdrawalSubmitted'), 'submitted after the 500');
      expect(await fx.eventTypes(id)).not.toContain('WithdrawalRejected');
    });

    it('parks after the attempts ran out, and counts it as parked', async () => {
      const label = await fx.fundedPlayer();
      const id = await parkedWithdrawal(label);
      const parked = (await fx.withdrawalEvents(id)).find((e) => e.type === 'WithdrawalSubmissionParked');
      expect(parked?.data).toMatchObject({ attempts: 2, outcomeUnknown: true, lastError: expect.stringContaining('HTTP 500') });
      expect(parked?.metadata).toMatchObject({ actor: 'withdrawal-submitter' });
      expect(fx.warnings.some((w) => (w.details as { withdrawalId?: string }).withdrawalId === id)).toBe(true);
      expect((await feature.context.get(WithdrawalSubmissionStatus).countsByState(TENANT)).parked).toBeGreaterThanOrEqual(1);
      // Nothing sends it any more.
      await feature.submitter.runDueNow();
      expect(fx.callsFor(id)).toHaveLength(2);
      expect(await fx.wallet(label)).toEqual({ availableMinor: 50_000n, heldMinor: 50_000n });
    });

    it('is resubmitted by an operator with the same withdrawal_id and a fresh budget, and is paid once', async () => {
      const label = await fx.fundedPlayer();
      const id = await parkedWithdrawal(label);
      const parkedBefore = (await feature.context.get(WithdrawalSubmissionStatus).countsByState(TENANT)).parked;
      await feature.commandBus.execute(new ResubmitWithdrawalCommand(id, OPERATOR));
      expect((await feature.context.get(WithdrawalSubmissionStatus).countsByState(TENANT)).parked).toBe(parkedBefore - 1);
      await runUntil(feature, hasEvent(id, 'WithdrawalSubmitted'), 'submitted after the resubmission');
      const events = await fx.withdrawalEvents(id);
      expect(events.map((e) => e.type)).toEqual([
        'WithdrawalRequested',
        'WithdrawalSubmissionDeferred',
        'WithdrawalSubmissionDeferred',
        'WithdrawalSubmissionParked',
        'WithdrawalResubmitted',
        'WithdrawalSubmitted',
      ]);
      expect(events[4].metadata).toMatchObject({ actor: 'ops-key', correlationId: 'ops-1' });
      expect(fx.callsFor(id).map((call) => call.withdrawalId)).toEqual([id, id, id]);
      expect(fx.sandboxWithdrawals(id)).toHaveLength(1);
    });

    it('refuses to resubmit or resolve a withdrawal that is not parked (409 INVALID_STATE), writing nothing', async () => {
      const label = await fx.fundedPlayer();
      const { id } = await fx.request({ label });
      await fx.settled();
      await runUntil(feature, hasEvent(id, 'WithdrawalSubmitted'), 'submitted');
      for (const command of [new ResubmitWithdrawalCommand(id, OPERATOR), new ResolveWithdrawalCommand(id, 'failed', 'no', OPERATOR)]) {
        const error = await feature.commandBus.execute(command).then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('INVALID_STATE');
      }
      expect(await fx.eventTypes(id)).toEqual(['WithdrawalRequested', 'WithdrawalSubmitted']);
    });

    it.each([
      ['failed', { availableMinor: 100_000n, heldMinor: 0n }],
      ['succeeded', { availableMinor: 50_000n, heldMinor: 0n }],
    ] as const)('an operator resolves it as %s: the balance shows it when the command returns', async (outcome, balance) => {
      const label = await fx.fundedPlayer();
      const id = await parkedWithdrawal(label);
      await feature.commandBus.execute(new ResolveWithdrawalCommand(id, outcome, 'confirmed with Paykassma support', OPERATOR));
      expect(await fx.wallet(label)).toEqual(balance);
      const resolved = (await fx.withdrawalEvents(id)).at(-1);
      expect(resolved).toMatchObject({
        type: 'WithdrawalResolvedByOperator',
        data: { outcome, reason: 'confirmed with Paykassma support' },
        metadata: { actor: 'ops-key' },
      });
      // wallet-postings comes to the same event later and changes nothing.
      await fx.settled();
      expect(await fx.wallet(label)).toEqual(balance);
      expect((await feature.submitter.parked(TENANT)).map((p) => p.withdrawalId)).not.toContain(id);
    });
  });

  describe('the queue pauses after a run of identical refusals', () => {
    it('keeps the withdrawals requested with funds held, survives a restart, and sends them again after a resume', async () => {
      const first = await fx.feature({ pauseAfterRefusals: 3 });
      // The provider refuses every payout with the same reason.
      fx.sandbox.sandbox.control.setBalance('PKR', '1');
      const labels = await Promise.all(Array.from({ length: 5 }, () => fx.fundedPlayer()));
      const ids: string[] = [];
      for (const label of labels) ids.push((await fx.request({ label })).id);
      await fx.settled();

      for (let pass = 0; pass < 5; pass++) await first.submitter.runDueNow();
      const types = await Promise.all(ids.map((id) => fx.eventTypes(id)));
      const rejected = types.filter((t) => t.includes('WithdrawalRejected'));
      const stillRequested = ids.filter((_, i) => !types[i].includes('WithdrawalRejected'));
      // Two refusals are rejections; the third pauses the queue and is kept, like any refused while it
      // pauses (four calls go out side by side); the others are never sent.
      expect(rejected).toHaveLength(2);
      expect(stillRequested).toHaveLength(3);
      const callsWhilePaused = fx.calls.length;
      await first.submitter.runDueNow();
      expect(fx.calls.length).toBe(callsWhilePaused);

      const status = first.context.get(WithdrawalSubmissionStatus);
      const queue = await status.queue(TENANT);
      expect(queue).toMatchObject({ state: 'paused', pauseAfterRefusals: 3, queued: 3, pause: { reason: 'withdrawals_sum_amount: Insufficient balance' } });
      expect(queue.pause?.refusals).toBeGreaterThanOrEqual(3);
      const pausedLines = fx.errors.filter((line) => line.message.includes('queue paused'));
      expect(pausedLines).toEqual([
        { details: expect.objectContaining({ merchant: TENANT, reason: 'withdrawals_sum_amount: Insufficient balance', refusals: queue.pause?.refusals }), message: expect.any(String) },
      ]);
      await fx.settled();
      for (const id of stillRequested) {
        const label = labels[ids.indexOf(id)];
        expect(await fx.wallet(label)).toEqual({ availableMinor: 50_000n, heldMinor: 50_000n });
      }

      // A restart: a new submitter on the same database finds the queue paused.
      await first.submitter.stop();
      const second = await fx.feature({ pauseAfterRefusals: 3 });
      await second.submitter.runDueNow();
      expect(fx.calls.length).toBe(callsWhilePaused);
      expect((await second.context.get(WithdrawalSubmissionStatus).queue(TENANT)).state).toBe('paused');

      // The provider is fixed; an operator resumes the queue.
      fx.sandbox.sandbox.control.setBalance('PKR', null);
      await second.commandBus.execute(new ResumeWithdrawalQueueCommand(OPERATOR));
      expect((await second.context.get(WithdrawalSubmissionStatus).queue(TENANT)).state).toBe('running');
      const queueEvents = await readWholeStream(fx.store, withdrawalQueueStreamId(TENANT));
      expect(queueEvents.map((e) => [e.type, e.metadata.actor])).toEqual([
        ['WithdrawalQueuePaused', 'withdrawal-submitter'],
        ['WithdrawalQueueResumed', 'ops-key'],
      ]);
      for (const id of stillRequested) await runUntil(second, hasEvent(id, 'WithdrawalSubmitted'), `${id} submitted after the resume`);
      for (const id of stillRequested) expect(fx.sandboxWithdrawals(id)).toHaveLength(1);
      expect((await second.context.get(WithdrawalSubmissionStatus).countsByState(TENANT)).queued).toBe(0);
    });

    it('an accepted withdrawal breaks the run', async () => {
      const feature = await fx.feature({ pauseAfterRefusals: 2 });
      const label = await fx.fundedPlayer(300_000n);
      // Refused: insufficient balance; then accepted; then refused again: never two in a row.
      fx.sandbox.sandbox.control.setBalance('PKR', '1');
      const a = (await fx.request({ label })).id;
      await fx.settled();
      await feature.submitter.runDueNow();
      fx.sandbox.sandbox.control.setBalance('PKR', null);
      const b = (await fx.request({ label })).id;
      await fx.settled();
      await feature.submitter.runDueNow();
      fx.sandbox.sandbox.control.setBalance('PKR', '1');
      const c = (await fx.request({ label })).id;
      await fx.settled();
      await feature.submitter.runDueNow();
      expect(await fx.eventTypes(a)).toContain('WithdrawalRejected');
      expect(await fx.eventTypes(b)).toContain('WithdrawalSubmitted');
      expect(await fx.eventTypes(c)).toContain('WithdrawalRejected');
      expect((await feature.context.get(WithdrawalSubmissionStatus).queue(TENANT)).state).toBe('running');
    });
  });
});
