import type { Decider } from '../shared/decider';
import { assertNever, DomainError, invariant } from '../shared/domain-error';
import {
  assertIsoUtc,
  fromMinorString,
  fromNullableMinorString,
  requirePositive,
  toMinorString,
  toNullableMinorString,
} from '../shared/event-values';
import type { QuarantineReason } from '../shared/postback-quarantined.event';
import type {
  ApplyDepositPostback,
  CreditUnmatchedDeposit,
  DepositCommand,
  DepositPostback,
  DepositRef,
  OpenDeposit,
  RecordActivationAnswer,
  SubmitActivation,
} from './deposit.commands';
import type { DepositEvent } from './deposit.events';
import type { Activation, CreditingPostback, DepositFacts, DepositState, ExistingDeposit } from './deposit.state';
import { depositStatusAfter, type DepositStatus } from './deposit.status';

/**
 * Deposit: created → awaiting_confirmation → credited, with activation_rejected (the player may submit
 * again) and failed (the provider refused to create). Credits only on a postback, for the postback's
 * amount; a conflicting postback is quarantined, never applied.
 */

/** A bound on activation attempts per deposit (TIGER_STYLE: every loop has one). */
export const MAX_ACTIVATION_ATTEMPTS = 10;

export function initialDepositState(): DepositState {
  return { status: 'empty' };
}

export function decideDeposit(command: DepositCommand, state: DepositState, now: string): DepositEvent[] {
  assertIsoUtc(now, 'now');
  if (state.status !== 'empty') assertSameDeposit(command.data, state);
  switch (command.type) {
    case 'OpenDeposit':
      return openDeposit(command.data, state, now);
    case 'SubmitActivation':
      return submitActivation(command.data, requireExisting(state, command.data), now);
    case 'RecordActivationAnswer':
      return recordActivationAnswer(command.data, requireExisting(state, command.data), now);
    case 'ApplyDepositPostback':
      return applyPostback(command.data, requireExisting(state, command.data), now);
    case 'CreditUnmatchedDeposit':
      return creditUnmatched(command.data, state, now);
    default:
      return assertNever(command, 'deposit command');
  }
}

function assertSameDeposit(ref: DepositRef, state: ExistingDeposit): void {
  invariant(ref.tenantId === state.tenantId && ref.depositId === state.depositId, 'command applied to another deposit stream');
}

function requireExisting(state: DepositState, ref: DepositRef): ExistingDeposit {
  if (state.status === 'empty') throw new DomainError('NOT_FOUND', `no deposit with id ${ref.depositId}`);
  return state;
}

/** A repeat with the same request is a no-op (the first answer stands); a different one is a conflict. */
function openDeposit(data: OpenDeposit['data'], state: DepositState, now: string): DepositEvent[] {
  if (data.requestedAmountMinor !== null) requirePositive(data.requestedAmountMinor, 'requested amount');
  if (state.status !== 'empty') {
    const sameRequest =
      !state.unmatched &&
      state.walletType === data.walletType &&
      state.currency === data.currency &&
      state.label === data.label &&
      state.requestedAmountMinor === data.requestedAmountMinor &&
      state.lang === data.lang;
    if (sameRequest) return [];
    throw new DomainError('IDEMPOTENCY_CONFLICT', `deposit ${data.depositId} already exists with another request`);
  }
  const request = {
    depositId: data.depositId,
    tenantId: data.tenantId,
    walletType: data.walletType,
    currency: data.currency,
    label: data.label,
    requestedAmountMinor: toNullableMinorString(data.requestedAmountMinor),
    lang: data.lang,
  };
  const answer = data.answer;
  switch (answer.status) {
    case 'issued':
      return [{ type: 'WalletDetailsIssued', data: { ...request, walletDetails: answer.walletDetails, paymentUrl: answer.paymentUrl, openedAt: now } }];
    case 'refused':
      return [{ type: 'DepositCreationFailed', data: { ...request, reason: answer.reason, failedAt: now } }];
    default:
      return assertNever(answer, 'deposit creation answer');
  }
}

function submitActivation(data: SubmitActivation['data'], state: ExistingDeposit, now: string): DepositEvent[] {
  if (state.status !== 'created' && state.status !== 'activation_rejected') {
    throw new DomainError('INVALID_STATE', `a deposit in status ${state.status} takes no activation`);
  }
  requirePositive(data.amountMinor, 'activation amount');
  const attempt = (state.lastActivation?.attempt ?? 0) + 1;
  if (attempt > MAX_ACTIVATION_ATTEMPTS) {
    throw new DomainError('TOO_MANY_ATTEMPTS', `at most ${MAX_ACTIVATION_ATTEMPTS} activation attempts per deposit`);
  }
  return [
    {
      type: 'ActivationSubmitted',
      data: {
        depositId: data.depositId,
        tenantId: data.tenantId,
        attempt,
        transactionId: data.transactionId,
        amountMinor: toMinorString(data.amountMinor),
        screenshot: data.screenshot,
        submittedAt: now,
      },
    },
  ];
}

/**
 * Answers only the latest attempt, once. Allowed even once credited (the postback can overtake the
 * answer): the answer is recorded for audit and the status stays credited.
 */
function recordActivationAnswer(data: RecordActivationAnswer['data'], state: ExistingDeposit, now: string): DepositEvent[] {
  const activation = state.lastActivation;
  if (activation?.attempt !== data.attempt || activation.outcome !== 'submitted') {
    throw new DomainError('INVALID_STATE', `activation attempt ${data.attempt} is not awaiting an answer`);
  }
  const base = { depositId: data.depositId, tenantId: data.tenantId, attempt: data.attempt, answeredAt: now };
  const answer = data.answer;
  switch (answer.status) {
    case 'ok':
    case 'pending':
    case 'possible_transaction_created':
    case 'success':
      return [
        {
          type: 'ActivationAccepted',
          data: {
            ...base,
            answer: answer.status,
            providerAmountMinor: toNullableMinorString(answer.providerAmountMinor),
            message: answer.message,
          },
        },
      ];
    case 'fail':
      return [{ type: 'ActivationRejected', data: { ...base, message: answer.message } }];
    case 'unknown':
      return [{ type: 'ActivationAnswerUnknown', data: { ...base, error: answer.error } }];
    default:
      return assertNever(answer, 'activation answer');
  }
}

/** Identity of a postback for dedupe: the provider's natural key plus what it moves. */
export function depositPostbackFingerprint(p: { walletType: string; transactionId: string; amountMinor: bigint; currency: string }): string {
  return `${p.walletType}|${p.transactionId}|${p.amountMinor}|${p.currency}`;
}

function applyPostback(postback: ApplyDepositPostback['data'], state: ExistingDeposit, now: string): DepositEvent[] {
  assertIsoUtc(postback.receivedAt, 'receivedAt');
  const fingerprint = depositPostbackFingerprint(postback);
  if (state.quarantined.has(fingerprint)) return [];
  if (state.status === 'credited' && depositPostbackFingerprint(state.credit) === fingerprint) return [];
  const reason = quarantineReason(postback, state);
  if (reason !== null) return [quarantined(state, postback, reason, now)];
  return credit(state, postback, now);
}

function quarantineReason(postback: DepositPostback, state: ExistingDeposit): QuarantineReason | null {
  if (state.status === 'credited') return 'conflicts_with_credited_postback';
  if (postback.currency !== state.currency) return 'currency_mismatch';
  if (postback.amountMinor <= 0n) return 'amount_not_positive';
  return null;
}

function quarantined(state: DepositFacts, postback: DepositPostback, reason: QuarantineReason, now: string): DepositEvent {
  return {
    type: 'PostbackQuarantined',
    data: {
      tenantId: state.tenantId,
      direction: 'ingoing',
      depositId: state.depositId,
      withdrawalId: null,
      postbackId: postback.postbackId,
      reason,
      walletType: postback.walletType,
      currency: postback.currency,
      amountMinor: toMinorString(postback.amountMinor),
      transactionId: postback.transactionId,
      providerStatus: null,
      receivedAt: postback.receivedAt,
      quarantinedAt: now,
    },
  };
}

/** PostbackReceived + DepositCredited for the postback's amount, flagged for whatever differs from what we expected. */
function credit(state: ExistingDeposit, postback: DepositPostback, now: string): DepositEvent[] {
  // Once an attempt is accepted no other can follow, so the latest attempt is the one to compare with.
  const activation = state.lastActivation;
  const expectedAmountMinor = activation?.amountMinor ?? state.requestedAmountMinor;
  const ref = { depositId: state.depositId, tenantId: state.tenantId };
  const amountMinor = toMinorString(postback.amountMinor);
  return [
    {
      type: 'PostbackReceived',
      data: {
        ...ref,
        postbackId: postback.postbackId,
        walletType: postback.walletType,
        transactionId: postback.transactionId,
        amountMinor,
        currency: postback.currency,
        stockpilingId: postback.stockpilingId,
        activatedDatetime: postback.activatedDatetime,
        exchangerIdentifier: postback.exchangerIdentifier,
        convertedUsd: postback.convertedUsd,
        receivedAt: postback.receivedAt,
      },
    },
    {
      type: 'DepositCredited',
      data: {
        ...ref,
        label: state.label,
        currency: state.currency,
        walletType: postback.walletType,
        transactionId: postback.transactionId,
        amountMinor,
        expectedAmountMinor: toNullableMinorString(expectedAmountMinor),
        postbackId: postback.postbackId,
        flags: {
          amountMismatch: expectedAmountMinor !== null && expectedAmountMinor !== postback.amountMinor,
          transactionIdMismatch: activation !== null && activation.transactionId !== postback.transactionId,
          walletTypeMismatch: postback.walletType !== state.walletType,
          unmatched: state.unmatched || state.status === 'failed',
        },
        creditedAt: now,
      },
    },
  ];
}

/** On a new stream: UnmatchedDepositReceived, then credit (or quarantine). On an existing one: as any postback. */
function creditUnmatched(data: CreditUnmatchedDeposit['data'], state: DepositState, now: string): DepositEvent[] {
  if (state.status !== 'empty') return applyPostback(data, state, now);
  const received: DepositEvent = {
    type: 'UnmatchedDepositReceived',
    data: {
      depositId: data.depositId,
      tenantId: data.tenantId,
      walletType: data.walletType,
      currency: data.currency,
      label: data.label,
      pluginCustomOrderId: data.pluginCustomOrderId,
      receivedAt: data.receivedAt,
    },
  };
  return [received, ...applyPostback(data, existing(evolveDeposit(state, received), received.type), now)];
}

/** The facts after an event, with the status the one status rule (depositStatusAfter) gives. */
export function evolveDeposit(state: DepositState, event: DepositEvent): DepositState {
  const status = depositStatusAfter(state.status === 'empty' ? null : state.status, event);
  return inStatus(evolveFacts(state, event), status, event.type);
}

type FactsWithCredit = DepositFacts & { readonly credit?: CreditingPostback };

function inStatus(facts: FactsWithCredit, status: DepositStatus, eventType: string): ExistingDeposit {
  if (status !== 'credited') return { ...facts, status };
  invariant(facts.credit !== undefined, `${eventType} leaves deposit ${facts.depositId} credited without its crediting postback`);
  return { ...facts, status, credit: facts.credit };
}

function evolveFacts(state: DepositState, event: DepositEvent): FactsWithCredit {
  switch (event.type) {
    case 'WalletDetailsIssued':
    case 'DepositCreationFailed':
      return opened(state, event.data, false);
    case 'UnmatchedDepositReceived':
      return opened(state, { ...event.data, requestedAmountMinor: null, lang: null }, true);
    case 'ActivationSubmitted': {
      const deposit = existing(state, event.type);
      const activation: Activation = {
        attempt: event.data.attempt,
        transactionId: event.data.transactionId,
        amountMinor: fromMinorString(event.data.amountMinor),
        outcome: 'submitted',
      };
      return { ...deposit, lastActivation: activation };
    }
    case 'ActivationAccepted':
      return answered(state, event.type, event.data.attempt, 'accepted');
    case 'ActivationRejected':
      return answered(state, event.type, event.data.attempt, 'rejected');
    case 'ActivationAnswerUnknown':
      return answered(state, event.type, event.data.attempt, 'unknown');
    case 'PostbackReceived':
      return existing(state, event.type);
    case 'DepositCredited': {
      const deposit = existing(state, event.type);
      invariant(deposit.status !== 'credited', `deposit ${deposit.depositId} credited twice`);
      const credit = {
        postbackId: event.data.postbackId,
        walletType: event.data.walletType,
        transactionId: event.data.transactionId,
        amountMinor: fromMinorString(event.data.amountMinor),
        currency: event.data.currency,
      };
      return { ...deposit, credit };
    }
    case 'PostbackQuarantined': {
      const deposit = existing(state, event.type);
      invariant(event.data.transactionId !== null, 'a deposit quarantine names the transaction id');
      const fingerprint = depositPostbackFingerprint({ ...event.data, transactionId: event.data.transactionId, amountMinor: fromMinorString(event.data.amountMinor) });
      return { ...deposit, quarantined: new Set(deposit.quarantined).add(fingerprint) };
    }
    default:
      return assertNever(event, 'deposit event');
  }
}

function opened(
  state: DepositState,
  data: { depositId: string; tenantId: string; walletType: string; currency: string; label: string; requestedAmountMinor: string | null; lang: string | null },
  unmatched: boolean,
): DepositFacts {
  invariant(state.status === 'empty', `deposit ${data.depositId} opened twice`);
  return {
    depositId: data.depositId,
    tenantId: data.tenantId,
    walletType: data.walletType,
    currency: data.currency,
    label: data.label,
    requestedAmountMinor: fromNullableMinorString(data.requestedAmountMinor),
    lang: data.lang,
    unmatched,
    lastActivation: null,
    quarantined: new Set(),
  };
}

function existing(state: DepositState, eventType: string): ExistingDeposit {
  invariant(state.status !== 'empty', `${eventType} before the deposit was opened`);
  return state;
}

/** The state with the latest attempt's outcome recorded; the attempt must be the one awaiting an answer. */
function answered(state: DepositState, eventType: string, attempt: number, outcome: Activation['outcome']): ExistingDeposit {
  const deposit = existing(state, eventType);
  const activation = deposit.lastActivation;
  invariant(activation?.attempt === attempt && activation.outcome === 'submitted', `${eventType} for attempt ${attempt} that awaits no answer`);
  return { ...deposit, lastActivation: { ...activation, outcome } };
}

export const depositDecider: Decider<DepositCommand, DepositEvent, DepositState> = {
  decide: decideDeposit,
  evolve: evolveDeposit,
  initialState: initialDepositState,
};
