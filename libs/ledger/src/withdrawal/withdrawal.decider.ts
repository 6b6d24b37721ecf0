import type { Decider } from '../shared/decider';
import { assertNever, DomainError, invariant } from '../shared/domain-error';
import { assertIsoUtc, fromMinorString, requirePositive, toMinorString } from '../shared/event-values';
import type { QuarantineReason } from '../shared/postback-quarantined.event';
import type {
  ApplyWithdrawalPostback,
  ParkWithdrawalSubmission,
  RecordSubmissionAttempt,
  RequestWithdrawal,
  ResolveWithdrawal,
  WithdrawalCommand,
  WithdrawalRef,
} from './withdrawal.commands';
import type { WithdrawalEvent } from './withdrawal.events';
import type { ExistingWithdrawal, WithdrawalFacts, WithdrawalState } from './withdrawal.state';
import { withdrawalStatusAfter } from './withdrawal.status';

/**
 * Withdrawal: requested (funds already held on the wallet) → submitted (provider said ok) →
 * succeeded (status 1) or failed (status 5); or rejected (provider refused at create). The final
 * postback may overtake our WithdrawalSubmitted, so it is applied from `requested` too.
 */

/** Provider `withdrawal_status` values that are documented (docs/paykassma.md §4.3). */
export const WITHDRAWAL_STATUS_SUCCESS = 1;
export const WITHDRAWAL_STATUS_FAIL = 5;

export function initialWithdrawalState(): WithdrawalState {
  return { status: 'empty' };
}

export function decideWithdrawal(command: WithdrawalCommand, state: WithdrawalState, now: string): WithdrawalEvent[] {
  assertIsoUtc(now, 'now');
  if (state.status !== 'empty') assertSameWithdrawal(command.data, state);
  switch (command.type) {
    case 'RequestWithdrawal':
      return requestWithdrawal(command.data, state, now);
    case 'RecordSubmissionAttempt':
      return recordSubmissionAttempt(command.data, requireExisting(state), now);
    case 'ApplyWithdrawalPostback':
      return applyPostback(command.data, requireExisting(state), now);
    case 'ParkWithdrawalSubmission':
      return park(command.data, requireExisting(state), now);
    case 'ResubmitWithdrawal':
      return resubmit(requireParked(requireExisting(state), 'resubmitted'), now);
    case 'ResolveWithdrawal':
      return resolve(command.data, requireParked(requireExisting(state), 'resolved'), now);
    default:
      return assertNever(command, 'withdrawal command');
  }
}

function assertSameWithdrawal(ref: WithdrawalRef, state: ExistingWithdrawal): void {
  invariant(ref.tenantId === state.tenantId && ref.withdrawalId === state.withdrawalId, 'command applied to another withdrawal stream');
}

function requireExisting(state: WithdrawalState): ExistingWithdrawal {
  if (state.status === 'empty') throw new DomainError('NOT_FOUND', 'no such withdrawal');
  return state;
}

/** A repeat with the same data is a no-op (a retried request after the hold); different data is a conflict. */
function requestWithdrawal(data: RequestWithdrawal['data'], state: WithdrawalState, now: string): WithdrawalEvent[] {
  requirePositive(data.amountMinor, 'withdrawal amount');
  if (state.status !== 'empty') {
    const sameRequest =
      state.walletType === data.walletType &&
      state.currency === data.currency &&
      state.label === data.label &&
      state.amountMinor === data.amountMinor &&
      state.accountNumber === data.accountNumber &&
      state.accountName === data.accountName &&
      state.bankCode === data.bankCode;
    if (sameRequest) return [];
    throw new DomainError('IDEMPOTENCY_CONFLICT', `withdrawal ${data.withdrawalId} already exists with another request`);
  }
  return [
    {
      type: 'WithdrawalRequested',
      data: {
        withdrawalId: data.withdrawalId,
        tenantId: data.tenantId,
        walletType: data.walletType,
        currency: data.currency,
        label: data.label,
        amountMinor: toMinorString(data.amountMinor),
        accountNumber: data.accountNumber,
        accountName: data.accountName,
        bankCode: data.bankCode,
        requestedAt: now,
      },
    },
  ];
}

/**
 * Only `requested` takes a new answer. Later, an answer that agrees with what is known (ok after
 * submitted/succeeded/failed, fail after rejected) or says nothing (an error) is a no-op; one that
 * contradicts it is INVALID_STATE.
 */
function recordSubmissionAttempt(data: RecordSubmissionAttempt['data'], state: ExistingWithdrawal, now: string): WithdrawalEvent[] {
  const answer = data.answer;
  if (state.status !== 'requested') {
    const accepted = state.status !== 'rejected';
    const agrees = answer.status === 'error' || (answer.status === 'ok') === accepted;
    if (agrees) return [];
    throw new DomainError('INVALID_STATE', `a ${answer.status} answer contradicts the ${state.status} withdrawal`);
  }
  const base = { withdrawalId: state.withdrawalId, tenantId: state.tenantId, attempt: state.attempts + 1 };
  switch (answer.status) {
    case 'ok':
      return [{ type: 'WithdrawalSubmitted', data: { ...base, submittedAt: now } }];
    case 'fail':
      return [{ type: 'WithdrawalRejected', data: { ...base, ...holdRef(state), message: answer.message, rejectedAt: now } }];
    case 'error':
      assertIsoUtc(answer.retryAt, 'retryAt');
      return [
        {
          type: 'WithdrawalSubmissionDeferred',
          data: { ...base, error: answer.error, outcomeUnknown: answer.outcomeUnknown, retryAt: answer.retryAt, deferredAt: now },
        },
      ];
    default:
      return assertNever(answer, 'submission answer');
  }
}

/** Only a requested withdrawal is parked; a repeat, or one that has ended meanwhile, changes nothing. */
function park(data: ParkWithdrawalSubmission['data'], state: ExistingWithdrawal, now: string): WithdrawalEvent[] {
  if (state.status !== 'requested' || state.parked) return [];
  return [
    {
      type: 'WithdrawalSubmissionParked',
      data: {
        withdrawalId: state.withdrawalId,
        tenantId: state.tenantId,
        attempts: state.attempts,
        lastError: data.lastError,
        outcomeUnknown: data.outcomeUnknown,
        parkedAt: now,
      },
    },
  ];
}

/** The operator's commands are for parked withdrawals only: anything else is the submitter's or the provider's to decide. */
function requireParked(state: ExistingWithdrawal, what: string): ExistingWithdrawal {
  if (state.status !== 'requested' || !state.parked) {
    const is = state.status === 'requested' ? 'requested and not parked (the submitter still works on it)' : state.status;
    throw new DomainError('INVALID_STATE', `only a parked withdrawal can be ${what}; this one is ${is}`);
  }
  return state;
}

function resubmit(state: ExistingWithdrawal, now: string): WithdrawalEvent[] {
  return [
    {
      type: 'WithdrawalResubmitted',
      data: { withdrawalId: state.withdrawalId, tenantId: state.tenantId, attemptsBefore: state.attempts, resubmittedAt: now },
    },
  ];
}

function resolve(data: ResolveWithdrawal['data'], state: ExistingWithdrawal, now: string): WithdrawalEvent[] {
  invariant(data.outcome === 'succeeded' || data.outcome === 'failed', `unknown operator outcome ${String(data.outcome)}`);
  invariant(data.reason.trim() !== '', 'a resolution needs a reason (validated at the edge)');
  return [
    {
      type: 'WithdrawalResolvedByOperator',
      data: { withdrawalId: state.withdrawalId, tenantId: state.tenantId, ...holdRef(state), outcome: data.outcome, reason: data.reason, resolvedAt: now },
    },
  ];
}

function holdRef(state: WithdrawalFacts): { walletType: string; currency: string; label: string; amountMinor: string } {
  return { walletType: state.walletType, currency: state.currency, label: state.label, amountMinor: toMinorString(state.amountMinor) };
}

/** Identity of a withdrawal postback for dedupe: what it says happened to how much. */
export function withdrawalPostbackFingerprint(p: { status: number; amountMinor: bigint; currency: string }): string {
  return `${p.status}|${p.amountMinor}|${p.currency}`;
}

function applyPostback(postback: ApplyWithdrawalPostback['data'], state: ExistingWithdrawal, now: string): WithdrawalEvent[] {
  assertIsoUtc(postback.receivedAt, 'receivedAt');
  if (state.noted.has(withdrawalPostbackFingerprint(postback))) return [];
  if (postback.currency !== state.currency) return [quarantined(state, postback, 'currency_mismatch', now)];
  if (postback.amountMinor !== state.amountMinor) return [quarantined(state, postback, 'amount_mismatch', now)];
  const facts = {
    withdrawalId: state.withdrawalId,
    tenantId: state.tenantId,
    ...holdRef(state),
    postbackId: postback.postbackId,
    providerStatus: postback.status,
    comment: postback.comment,
    receivedAt: postback.receivedAt,
  };
  if (postback.status === WITHDRAWAL_STATUS_SUCCESS) {
    switch (state.status) {
      case 'requested':
      case 'submitted':
        return [{ type: 'WithdrawalSucceeded', data: { ...facts, succeededAt: now } }];
      case 'succeeded':
        return [];
      case 'failed':
        return [quarantined(state, postback, 'conflicts_with_final_status', now)];
      case 'rejected':
        return [quarantined(state, postback, 'success_after_rejection', now)];
      default:
        return assertNever(state.status, 'withdrawal status');
    }
  }
  if (postback.status === WITHDRAWAL_STATUS_FAIL) {
    switch (state.status) {
      case 'requested':
      case 'submitted':
        return [{ type: 'WithdrawalFailed', data: { ...facts, failedAt: now } }];
      case 'failed':
      case 'rejected': // the provider agrees it was not paid; the funds were released on the rejection
        return [];
      case 'succeeded':
        return [quarantined(state, postback, 'conflicts_with_final_status', now)];
      default:
        return assertNever(state.status, 'withdrawal status');
    }
  }
  return [
    {
      type: 'WithdrawalStatusUnrecognized',
      data: {
        withdrawalId: state.withdrawalId,
        tenantId: state.tenantId,
        postbackId: postback.postbackId,
        providerStatus: postback.status,
        comment: postback.comment,
        amountMinor: toMinorString(postback.amountMinor),
        currency: postback.currency,
        receivedAt: postback.receivedAt,
        recordedAt: now,
      },
    },
  ];
}

function quarantined(
  state: WithdrawalFacts,
  postback: ApplyWithdrawalPostback['data'],
  reason: QuarantineReason,
  now: string,
): WithdrawalEvent {
  return {
    type: 'PostbackQuarantined',
    data: {
      tenantId: state.tenantId,
      direction: 'outgoing',
      depositId: null,
      withdrawalId: state.withdrawalId,
      postbackId: postback.postbackId,
      reason,
      walletType: state.walletType,
      currency: postback.currency,
      amountMinor: toMinorString(postback.amountMinor),
      transactionId: null,
      providerStatus: postback.status,
      receivedAt: postback.receivedAt,
      quarantinedAt: now,
    },
  };
}

/** The facts after an event, with the status the one status rule (withdrawalStatusAfter) gives. */
export function evolveWithdrawal(state: WithdrawalState, event: WithdrawalEvent): ExistingWithdrawal {
  const status = withdrawalStatusAfter(state.status === 'empty' ? null : state.status, event);
  return { ...evolveFacts(state, event), status };
}

function evolveFacts(state: WithdrawalState, event: WithdrawalEvent): WithdrawalFacts {
  switch (event.type) {
    case 'WithdrawalRequested': {
      const data = event.data;
      return {
        withdrawalId: data.withdrawalId,
        tenantId: data.tenantId,
        walletType: data.walletType,
        currency: data.currency,
        label: data.label,
        amountMinor: fromMinorString(data.amountMinor),
        accountNumber: data.accountNumber,
        accountName: data.accountName,
        bankCode: data.bankCode,
        attempts: 0,
        attemptsBeforeResubmission: 0,
        parked: false,
        noted: new Set(),
      };
    }
    case 'WithdrawalSubmitted':
    case 'WithdrawalRejected':
    case 'WithdrawalSubmissionDeferred':
      return { ...existing(state, event.type), attempts: event.data.attempt };
    case 'WithdrawalSucceeded':
    case 'WithdrawalFailed':
      return existing(state, event.type);
    case 'WithdrawalSubmissionParked':
      return { ...existing(state, event.type), parked: true };
    case 'WithdrawalResubmitted':
      return { ...existing(state, event.type), parked: false, attemptsBeforeResubmission: event.data.attemptsBefore };
    case 'WithdrawalResolvedByOperator':
      return { ...existing(state, event.type), parked: false };
    case 'WithdrawalStatusUnrecognized':
    case 'PostbackQuarantined': {
      const withdrawal = existing(state, event.type);
      const status = event.data.providerStatus;
      invariant(status !== null, `${event.type} of a withdrawal names the provider status`);
      const fingerprint = withdrawalPostbackFingerprint({ status, amountMinor: fromMinorString(event.data.amountMinor), currency: event.data.currency });
      return { ...withdrawal, noted: new Set(withdrawal.noted).add(fingerprint) };
    }
    default:
      return assertNever(event, 'withdrawal event');
  }
}

function existing(state: WithdrawalState, eventType: string): ExistingWithdrawal {
  invariant(state.status !== 'empty', `${eventType} before the withdrawal was requested`);
  return state;
}

export const withdrawalDecider: Decider<WithdrawalCommand, WithdrawalEvent, WithdrawalState> = {
  decide: decideWithdrawal,
  evolve: evolveWithdrawal,
  initialState: initialWithdrawalState,
};
