import {
  depositDecider,
  type DepositCommand,
  type DepositEvent,
  type DepositPostback,
  withdrawalDecider,
  type WithdrawalCommand,
  type WithdrawalEvent,
} from '@kassa/ledger';
import { evolveDepositRow } from './deposits/deposit-row.evolve';
import type { DepositRow } from './deposits/deposit-row';
import { evolveWithdrawalRow } from './withdrawals/withdrawal-row.evolve';
import type { WithdrawalRow } from './withdrawals/withdrawal-row';

const NOW = '2024-05-01T10:00:00.000Z';
const TENANT = 't1';

/** Every event type of each aggregate, as a Record: a new event type does not compile until it is listed here. */
const DEPOSIT_EVENT_TYPES: Record<DepositEvent['type'], true> = {
  WalletDetailsIssued: true,
  DepositCreationFailed: true,
  UnmatchedDepositReceived: true,
  ActivationSubmitted: true,
  ActivationAccepted: true,
  ActivationRejected: true,
  ActivationAnswerUnknown: true,
  PostbackReceived: true,
  DepositCredited: true,
  PostbackQuarantined: true,
};
const WITHDRAWAL_EVENT_TYPES: Record<WithdrawalEvent['type'], true> = {
  WithdrawalRequested: true,
  WithdrawalSubmitted: true,
  WithdrawalRejected: true,
  WithdrawalSubmissionDeferred: true,
  WithdrawalSucceeded: true,
  WithdrawalFailed: true,
  WithdrawalStatusUnrecognized: true,
  WithdrawalSubmissionParked: true,
  WithdrawalResubmitted: true,
  WithdrawalResolvedByOperator: true,
  PostbackQuarantined: true,
};

/**
 * Runs commands through the real decider and, event by event, compares the status of the decider's
 * state with the status of the read model's row. Returns the event types it saw.
 */
function compareDeposit(depositId: string, commands: readonly ((ref: { tenantId: string; depositId: string }) => DepositCommand)[]): Set<string> {
  const ref = { tenantId: TENANT, depositId };
  const seen = new Set<string>();
  let state = depositDecider.initialState();
  let row: DepositRow | null = null;
  let version = 0;
  for (const command of commands) {
    for (const event of depositDecider.decide(command(ref), state, NOW)) {
      state = depositDecider.evolve(state, event);
      row = evolveDepositRow(row, event, { streamId: `deposit-${depositId}`, streamVersion: version++, eventId: `e${version}` });
      expect({ after: event.type, row: row.status }).toEqual({ after: event.type, row: state.status });
      seen.add(event.type);
    }
  }
  return seen;
}

function compareWithdrawal(withdrawalId: string, commands: readonly ((ref: { tenantId: string; withdrawalId: string }) => WithdrawalCommand)[]): Set<string> {
  const ref = { tenantId: TENANT, withdrawalId };
  const seen = new Set<string>();
  let state = withdrawalDecider.initialState();
  let row: WithdrawalRow | null = null;
  let version = 0;
  for (const command of commands) {
    for (const event of withdrawalDecider.decide(command(ref), state, NOW)) {
      state = withdrawalDecider.evolve(state, event);
      row = evolveWithdrawalRow(row, event, { streamId: `withdrawal-${withdrawalId}`, streamVersion: version++, eventId: `e${version}` });
      expect({ after: event.type, row: row.status }).toEqual({ after: event.type, row: state.status });
      seen.add(event.type);
    }
  }
  return seen;
}

const postback = (overrides: Partial<DepositPostback> = {}): DepositPostback => ({
  postbackId: 'pb-1',
  walletType: 'paytm',
  transactionId: '123456789012',
  amountMinor: 50_000n,
  currency: 'INR',
  stockpilingId: null,
  activatedDatetime: null,
  exchangerIdentifier: null,
  convertedUsd: null,
  receivedAt: NOW,
  ...overrides,
});

const open = (answer: Extract<DepositCommand, { type: 'OpenDeposit' }>['data']['answer']) => (ref: { tenantId: string; depositId: string }): DepositCommand => ({
  type: 'OpenDeposit',
  data: { ...ref, walletType: 'paytm', currency: 'INR', label: 'player-1', requestedAmountMinor: 50_000n, lang: 'en', answer },
});
const issued = open({ status: 'issued', walletDetails: { identifier: '6234234234' }, paymentUrl: 'https://plugin.example/pay' });
const submit = (ref: { tenantId: string; depositId: string }): DepositCommand => ({
  type: 'SubmitActivation',
  data: { ...ref, transactionId: '123456789012', amountMinor: 50_000n, screenshot: null },
});
const answer = (attempt: number, given: Extract<DepositCommand, { type: 'RecordActivationAnswer' }>['data']['answer']) =>
  (ref: { tenantId: string; depositId: string }): DepositCommand => ({ type: 'RecordActivationAnswer', data: { ...ref, attempt, answer: given } });
const pay = (overrides: Partial<DepositPostback> = {}) => (ref: { tenantId: string; depositId: string }): DepositCommand => ({
  type: 'ApplyDepositPostback',
  data: { ...ref, ...postback(overrides) },
});

const request = (ref: { tenantId: string; withdrawalId: string }): WithdrawalCommand => ({
  type: 'RequestWithdrawal',
  data: { ...ref, walletType: 'paytm', currency: 'INR', label: 'player-1', amountMinor: 50_000n, accountNumber: '1234567890', accountName: null, bankCode: null },
});
const attempt = (given: Extract<WithdrawalCommand, { type: 'RecordSubmissionAttempt' }>['data']['answer']) =>
  (ref: { tenantId: string; withdrawalId: string }): WithdrawalCommand => ({ type: 'RecordSubmissionAttempt', data: { ...ref, answer: given } });
const park = (ref: { tenantId: string; withdrawalId: string }): WithdrawalCommand => ({ type: 'ParkWithdrawalSubmission', data: { ...ref, lastError: 'HTTP 500', outcomeUnknown: true } });
const resubmit = (ref: { tenantId: string; withdrawalId: string }): WithdrawalCommand => ({ type: 'ResubmitWithdrawal', data: ref });
const resolve = (outcome: 'succeeded' | 'failed') => (ref: { tenantId: string; withdrawalId: string }): WithdrawalCommand => ({
  type: 'ResolveWithdrawal',
  data: { ...ref, outcome, reason: 'confirmed with Paykassma' },
});
const result = (status: number, currency = 'INR', postbackId = `pb-${status}-${currency}`) => (ref: { tenantId: string; withdrawalId: string }): WithdrawalCommand => ({
  type: 'ApplyWithdrawalPostback',
  data: { ...ref, postbackId, status, amountMinor: 50_000n, currency, comment: null, receivedAt: NOW },
});

describe('Status rules › the decider and the read model agree after every event', () => {
  it('for deposits, over every deposit event type', () => {
    const seen = new Set<string>([
      // opened, activated, credited, then a conflicting postback
      ...compareDeposit('d-credited', [issued, submit, answer(1, { status: 'ok', providerAmountMinor: 50_000n, message: null }), pay(), pay({ postbackId: 'pb-2', transactionId: '999' })]),
      // the provider refuses to create
      ...compareDeposit('d-refused', [open({ status: 'refused', reason: 'wallet unavailable' })]),
      // a refused activation, a second attempt with no answer
      ...compareDeposit('d-rejected', [issued, submit, answer(1, { status: 'fail', message: 'no such transaction' }), submit, answer(2, { status: 'unknown', error: 'timeout' })]),
      // the credit comes before the activation answer: a late refusal leaves it credited
      ...compareDeposit('d-late-answer', [issued, submit, pay(), answer(1, { status: 'fail', message: 'late' })]),
      // a postback for an order we never opened
      ...compareDeposit('d-unmatched', [(ref) => ({ type: 'CreditUnmatchedDeposit', data: { ...ref, ...postback(), label: 'player-9', pluginCustomOrderId: null } })]),
    ]);
    expect([...seen].sort()).toEqual(Object.keys(DEPOSIT_EVENT_TYPES).sort());
  });

  it('for withdrawals, over every withdrawal event type', () => {
    const seen = new Set<string>([
      // deferred once, submitted, succeeded; then a status the provider never documented
      ...compareWithdrawal('w-succeeded', [request, attempt({ status: 'error', error: 'timeout', outcomeUnknown: true, retryAt: NOW }), attempt({ status: 'ok' }), result(1), result(7)]),
      // refused at submission
      ...compareWithdrawal('w-rejected', [request, attempt({ status: 'fail', message: 'invalid account' })]),
      // the failure postback before the submission is recorded; then one in another currency
      ...compareWithdrawal('w-failed', [request, result(5), result(5, 'PKR')]),
      // parked after its attempts, resubmitted, parked again, resolved by an operator
      ...compareWithdrawal('w-parked', [request, attempt({ status: 'error', error: 'HTTP 500', outcomeUnknown: true, retryAt: NOW }), park, resubmit, park, resolve('failed')]),
      ...compareWithdrawal('w-resolved-paid', [request, park, resolve('succeeded')]),
    ]);
    expect([...seen].sort()).toEqual(Object.keys(WITHDRAWAL_EVENT_TYPES).sort());
  });
});
