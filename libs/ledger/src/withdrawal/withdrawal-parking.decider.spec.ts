import { fold } from '../shared/decider';
import { given, TEST_NOW } from '../testing/given-when-then';
import type { WithdrawalCommand } from './withdrawal.commands';
import { withdrawalDecider } from './withdrawal.decider';
import type { WithdrawalEvent } from './withdrawal.events';

const ref = { tenantId: 't1', withdrawalId: 'wd-1' } as const;
const hold = { walletType: 'easypaisa', currency: 'PKR', label: 'player-1', amountMinor: '100000' } as const;
const RETRY_AT = '2024-05-01T10:00:02.000Z';

const requested: WithdrawalEvent = {
  type: 'WithdrawalRequested',
  data: { ...ref, ...hold, accountNumber: '03123456789', accountName: 'Ali Khan', bankCode: null, requestedAt: TEST_NOW },
};
const deferred = (attempt: number): WithdrawalEvent => ({
  type: 'WithdrawalSubmissionDeferred',
  data: { ...ref, attempt, error: 'HTTP 500', outcomeUnknown: true, retryAt: RETRY_AT, deferredAt: TEST_NOW },
});
const parked = (attempts = 2): WithdrawalEvent => ({
  type: 'WithdrawalSubmissionParked',
  data: { ...ref, attempts, lastError: 'HTTP 500', outcomeUnknown: true, parkedAt: TEST_NOW },
});
const resubmitted = (attemptsBefore = 2): WithdrawalEvent => ({ type: 'WithdrawalResubmitted', data: { ...ref, attemptsBefore, resubmittedAt: TEST_NOW } });
const resolved = (outcome: 'succeeded' | 'failed'): WithdrawalEvent => ({
  type: 'WithdrawalResolvedByOperator',
  data: { ...ref, ...hold, outcome, reason: 'confirmed with Paykassma support', resolvedAt: TEST_NOW },
});

const park: WithdrawalCommand = { type: 'ParkWithdrawalSubmission', data: { ...ref, lastError: 'HTTP 500', outcomeUnknown: true } };
const resubmit: WithdrawalCommand = { type: 'ResubmitWithdrawal', data: ref };
const resolve = (outcome: 'succeeded' | 'failed'): WithdrawalCommand => ({
  type: 'ResolveWithdrawal',
  data: { ...ref, outcome, reason: 'confirmed with Paykassma support' },
});
const postback = (status: number): WithdrawalCommand => ({
  type: 'ApplyWithdrawalPostback',
  data: { ...ref, postbackId: 'pb-1', status, amountMinor: 100000n, currency: 'PKR', comment: null, receivedAt: TEST_NOW },
});

const isParked = [requested, deferred(1), deferred(2), parked()];

describe('Withdrawal parking (attempts exhausted, outcome unknown)', () => {
  it('parks a requested withdrawal: still requested, funds held, marked parked', () => {
    given(withdrawalDecider, [requested, deferred(1), deferred(2)]).when(park).then([parked()]);
    expect(fold(withdrawalDecider, isParked)).toMatchObject({ status: 'requested', parked: true, attempts: 2 });
  });

  it('does nothing when parked again, or when the withdrawal has ended meanwhile', () => {
    given(withdrawalDecider, isParked).when(park).then([]);
    given(withdrawalDecider, [requested, { type: 'WithdrawalSubmitted', data: { ...ref, attempt: 1, submittedAt: TEST_NOW } }]).when(park).then([]);
  });

  it('is resubmitted by an operator with a fresh budget of attempts', () => {
    given(withdrawalDecider, isParked).when(resubmit).then([resubmitted(2)]);
    expect(fold(withdrawalDecider, [...isParked, resubmitted(2)])).toMatchObject({ status: 'requested', parked: false, attempts: 2, attemptsBeforeResubmission: 2 });
  });

  it('refuses a resubmission of a withdrawal that is not parked', () => {
    given(withdrawalDecider, [requested, deferred(1)]).when(resubmit).thenThrows('INVALID_STATE', 'not parked');
    given(withdrawalDecider, [requested, deferred(1), deferred(2), parked(), resolved('failed')]).when(resubmit).thenThrows('INVALID_STATE', 'failed');
  });

  it.each(['succeeded', 'failed'] as const)('records an operator outcome %s for a parked withdrawal', (outcome) => {
    given(withdrawalDecider, isParked).when(resolve(outcome)).then([resolved(outcome)]);
    expect(fold(withdrawalDecider, [...isParked, resolved(outcome)])).toMatchObject({ status: outcome, parked: false });
  });

  it('refuses an operator outcome for a withdrawal that is not parked', () => {
    given(withdrawalDecider, [requested]).when(resolve('failed')).thenThrows('INVALID_STATE');
  });

  it('a later postback that agrees is a no-op; one that contradicts is quarantined', () => {
    given(withdrawalDecider, [...isParked, resolved('succeeded')]).when(postback(1)).then([]);
    const [quarantined] = (() => {
      const state = fold(withdrawalDecider, [...isParked, resolved('succeeded')]);
      return withdrawalDecider.decide(postback(5), state, TEST_NOW);
    })();
    expect(quarantined).toMatchObject({ type: 'PostbackQuarantined', data: { reason: 'conflicts_with_final_status' } });
  });

  it('a postback still settles a parked withdrawal', () => {
    given(withdrawalDecider, isParked).when(postback(1)).then([
      { type: 'WithdrawalSucceeded', data: { ...ref, ...hold, postbackId: 'pb-1', providerStatus: 1, comment: null, receivedAt: TEST_NOW, succeededAt: TEST_NOW } },
    ]);
  });
});
