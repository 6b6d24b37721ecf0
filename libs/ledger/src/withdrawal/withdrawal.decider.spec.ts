import { fold } from '../shared/decider';
import type { PostbackQuarantined, QuarantineReason } from '../shared/postback-quarantined.event';
import { given, TEST_NOW } from '../testing/given-when-then';
import type { RequestWithdrawal, SubmissionAnswer, WithdrawalCommand } from './withdrawal.commands';
import { withdrawalDecider } from './withdrawal.decider';
import type { ProviderMessage, WithdrawalEvent, WithdrawalRequested } from './withdrawal.events';

const ref = { tenantId: 't1', withdrawalId: 'wd-1' } as const;
const RECEIVED_AT = '2024-05-01T09:59:00.000Z';
const RETRY_AT = '2024-05-01T10:00:02.000Z';
const hold = { walletType: 'easypaisa', currency: 'PKR', label: 'player-1', amountMinor: '100000' } as const;

const requestData: RequestWithdrawal['data'] = {
  ...ref,
  walletType: 'easypaisa',
  currency: 'PKR',
  label: 'player-1',
  amountMinor: 100000n,
  accountNumber: '03123456789',
  accountName: 'Ali Khan',
  bankCode: null,
};
const requested: WithdrawalRequested = {
  type: 'WithdrawalRequested',
  data: { ...ref, ...hold, accountNumber: '03123456789', accountName: 'Ali Khan', bankCode: null, requestedAt: TEST_NOW },
};
const submittedEvent = (attempt = 1): WithdrawalEvent => ({ type: 'WithdrawalSubmitted', data: { ...ref, attempt, submittedAt: TEST_NOW } });
const rejectedEvent = (message: ProviderMessage = 'account blocked', attempt = 1): WithdrawalEvent => ({
  type: 'WithdrawalRejected',
  data: { ...ref, ...hold, attempt, message, rejectedAt: TEST_NOW },
});
const deferred = (attempt = 1, outcomeUnknown = false, error = 'HTTP 502'): WithdrawalEvent => ({
  type: 'WithdrawalSubmissionDeferred',
  data: { ...ref, attempt, error, outcomeUnknown, retryAt: RETRY_AT, deferredAt: TEST_NOW },
});
const postbackFacts = (providerStatus: number) => ({ ...ref, ...hold, postbackId: 'pb-1', providerStatus, comment: null, receivedAt: RECEIVED_AT });
const succeeded: WithdrawalEvent = { type: 'WithdrawalSucceeded', data: { ...postbackFacts(1), succeededAt: TEST_NOW } };
const failed: WithdrawalEvent = { type: 'WithdrawalFailed', data: { ...postbackFacts(5), failedAt: TEST_NOW } };
const quarantined = (reason: QuarantineReason, providerStatus: number, amountMinor = '100000', currency = 'PKR'): PostbackQuarantined => ({
  type: 'PostbackQuarantined',
  data: {
    tenantId: 't1',
    direction: 'outgoing',
    depositId: null,
    withdrawalId: 'wd-1',
    postbackId: 'pb-1',
    reason,
    walletType: 'easypaisa',
    currency,
    amountMinor,
    transactionId: null,
    providerStatus,
    receivedAt: RECEIVED_AT,
    quarantinedAt: TEST_NOW,
  },
});
const unrecognized = (providerStatus: number): WithdrawalEvent => ({
  type: 'WithdrawalStatusUnrecognized',
  data: { ...ref, postbackId: 'pb-1', providerStatus, comment: null, amountMinor: '100000', currency: 'PKR', receivedAt: RECEIVED_AT, recordedAt: TEST_NOW },
});

const request = (overrides: Partial<RequestWithdrawal['data']> = {}): WithdrawalCommand => ({ type: 'RequestWithdrawal', data: { ...requestData, ...overrides } });
const submission = (answer: SubmissionAnswer): WithdrawalCommand => ({ type: 'RecordSubmissionAttempt', data: { ...ref, answer } });
const postback = (status: number, amountMinor = 100000n, currency = 'PKR'): WithdrawalCommand => ({
  type: 'ApplyWithdrawalPostback',
  data: { ...ref, postbackId: 'pb-1', status, amountMinor, currency, comment: null, receivedAt: RECEIVED_AT },
});

const isSubmitted = [requested, submittedEvent()];

describe('Withdrawal', () => {
  describe('when requested', () => {
    it('records the request (the funds are already held)', () => {
      given(withdrawalDecider).when(request()).then([requested]);
      expect(fold(withdrawalDecider, [requested]).status).toBe('requested');
    });

    it('does nothing on a repeat of the same request', () => {
      given(withdrawalDecider, [requested]).when(request()).then([]);
    });

    it('refuses the same withdrawal id with another request', () => {
      given(withdrawalDecider, [requested]).when(request({ amountMinor: 200000n })).thenThrows('IDEMPOTENCY_CONFLICT');
    });

    it('refuses a zero amount', () => {
      given(withdrawalDecider).when(request({ amountMinor: 0n })).thenThrows('INVALID_AMOUNT');
    });

    it('is submitted when the provider answers ok', () => {
      given(withdrawalDecider, [requested]).when(submission({ status: 'ok' })).then([submittedEvent(1)]);
      expect(fold(withdrawalDecider, isSubmitted).status).toBe('submitted');
    });

    it('is rejected, its funds to be released, when the provider answers fail', () => {
      given(withdrawalDecider, [requested]).when(submission({ status: 'fail', message: 'account blocked' })).then([rejectedEvent()]);
      expect(fold(withdrawalDecider, [requested, rejectedEvent()]).status).toBe('rejected');
    });

    it("is rejected on the provider's insufficient-balance answer", () => {
      const message = { withdrawals_sum_amount: ['Insufficient balance'] };
      given(withdrawalDecider, [requested]).when(submission({ status: 'fail', message })).then([rejectedEvent(message)]);
    });

    it('defers a transient error and stays requested', () => {
      given(withdrawalDecider, [requested]).when(submission({ status: 'error', error: 'HTTP 502', outcomeUnknown: false, retryAt: RETRY_AT })).then([deferred(1)]);
      expect(fold(withdrawalDecider, [requested, deferred(1)])).toMatchObject({ status: 'requested', attempts: 1 });
    });

    it('treats a timeout as an unknown outcome to retry, never as a rejection', () => {
      given(withdrawalDecider, [requested])
        .when(submission({ status: 'error', error: 'timeout after 10000 ms', outcomeUnknown: true, retryAt: RETRY_AT }))
        .then([deferred(1, true, 'timeout after 10000 ms')]);
    });

    it('numbers the attempt after deferrals', () => {
      given(withdrawalDecider, [requested, deferred(1), deferred(2, true)]).when(submission({ status: 'ok' })).then([submittedEvent(3)]);
    });

    it('takes a success postback that overtook the submission answer', () => {
      given(withdrawalDecider, [requested]).when(postback(1)).then([succeeded]);
    });

    it('takes a failure postback that overtook the submission answer', () => {
      given(withdrawalDecider, [requested]).when(postback(5)).then([failed]);
    });
  });

  describe('when it does not exist', () => {
    it('refuses a submission answer', () => {
      given(withdrawalDecider).when(submission({ status: 'ok' })).thenThrows('NOT_FOUND');
    });

    it('refuses a postback', () => {
      given(withdrawalDecider).when(postback(1)).thenThrows('NOT_FOUND');
    });
  });

  describe('when submitted', () => {
    it('lets the held funds go on status 1', () => {
      given(withdrawalDecider, isSubmitted).when(postback(1)).then([succeeded]);
      expect(fold(withdrawalDecider, [...isSubmitted, succeeded]).status).toBe('succeeded');
    });

    it('returns the held funds on status 5', () => {
      given(withdrawalDecider, isSubmitted).when(postback(5)).then([failed]);
      expect(fold(withdrawalDecider, [...isSubmitted, failed]).status).toBe('failed');
    });

    it('records an unrecognized status and moves nothing', () => {
      given(withdrawalDecider, isSubmitted).when(postback(3)).then([unrecognized(3)]);
      expect(fold(withdrawalDecider, [...isSubmitted, unrecognized(3)]).status).toBe('submitted');
    });

    it('does nothing on a repeat of the unrecognized status', () => {
      given(withdrawalDecider, [...isSubmitted, unrecognized(3)]).when(postback(3)).then([]);
    });

    it('quarantines a postback for another amount than requested', () => {
      given(withdrawalDecider, isSubmitted).when(postback(1, 99900n)).then([quarantined('amount_mismatch', 1, '99900')]);
      expect(fold(withdrawalDecider, [...isSubmitted, quarantined('amount_mismatch', 1, '99900')]).status).toBe('submitted');
    });

    it('quarantines a postback in another currency', () => {
      given(withdrawalDecider, isSubmitted).when(postback(1, 100000n, 'INR')).then([quarantined('currency_mismatch', 1, '100000', 'INR')]);
    });

    it('does nothing on a repeat of a quarantined postback', () => {
      given(withdrawalDecider, [...isSubmitted, quarantined('amount_mismatch', 1, '99900')]).when(postback(1, 99900n)).then([]);
    });

    it('does nothing on another ok answer or a late error', () => {
      given(withdrawalDecider, isSubmitted).when(submission({ status: 'ok' })).then([]);
      given(withdrawalDecider, isSubmitted).when(submission({ status: 'error', error: 'timeout', outcomeUnknown: true, retryAt: RETRY_AT })).then([]);
    });

    it('refuses a fail answer that contradicts the ok', () => {
      given(withdrawalDecider, isSubmitted).when(submission({ status: 'fail', message: 'no' })).thenThrows('INVALID_STATE');
    });
  });

  describe('when succeeded', () => {
    const isSucceeded = [...isSubmitted, succeeded];

    it('does nothing on a repeat of status 1', () => {
      given(withdrawalDecider, isSucceeded).when(postback(1)).then([]);
    });

    it('quarantines a later status 5 and returns nothing', () => {
      given(withdrawalDecider, isSucceeded).when(postback(5)).then([quarantined('conflicts_with_final_status', 5)]);
      expect(fold(withdrawalDecider, [...isSucceeded, quarantined('conflicts_with_final_status', 5)]).status).toBe('succeeded');
    });

    it('does nothing on a repeat of the quarantined status 5', () => {
      given(withdrawalDecider, [...isSucceeded, quarantined('conflicts_with_final_status', 5)]).when(postback(5)).then([]);
    });

    it('does nothing on a late ok answer when the postback came first', () => {
      given(withdrawalDecider, [requested, succeeded]).when(submission({ status: 'ok' })).then([]);
    });

    it('refuses a late fail answer that contradicts the success', () => {
      given(withdrawalDecider, [requested, succeeded]).when(submission({ status: 'fail', message: 'no' })).thenThrows('INVALID_STATE');
    });

    it('still records an unrecognized status', () => {
      given(withdrawalDecider, isSucceeded).when(postback(2)).then([unrecognized(2)]);
    });
  });

  describe('when failed', () => {
    const isFailed = [...isSubmitted, failed];

    it('does nothing on a repeat of status 5', () => {
      given(withdrawalDecider, isFailed).when(postback(5)).then([]);
    });

    it('quarantines a later status 1 and settles nothing', () => {
      given(withdrawalDecider, isFailed).when(postback(1)).then([quarantined('conflicts_with_final_status', 1)]);
      expect(fold(withdrawalDecider, [...isFailed, quarantined('conflicts_with_final_status', 1)]).status).toBe('failed');
    });
  });

  describe('when rejected', () => {
    const isRejected = [requested, rejectedEvent()];

    it('quarantines a status 1 postback (the funds were already released)', () => {
      given(withdrawalDecider, isRejected).when(postback(1)).then([quarantined('success_after_rejection', 1)]);
    });

    it('does nothing on a status 5 postback', () => {
      given(withdrawalDecider, isRejected).when(postback(5)).then([]);
    });

    it('does nothing on a repeated fail answer', () => {
      given(withdrawalDecider, isRejected).when(submission({ status: 'fail', message: 'account blocked' })).then([]);
    });

    it('refuses an ok answer that contradicts the rejection', () => {
      given(withdrawalDecider, isRejected).when(submission({ status: 'ok' })).thenThrows('INVALID_STATE');
    });
  });

  describe('evolve', () => {
    it('asserts instead of finishing a withdrawal twice', () => {
      expect(() => fold(withdrawalDecider, [...isSubmitted, succeeded, failed])).toThrow('WithdrawalFailed in status succeeded');
    });
  });
});
