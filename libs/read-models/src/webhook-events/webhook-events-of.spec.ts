import type { RecordedEvent } from '@kassa/event-store';
import {
  depositStreamId,
  suspenseStreamId,
  withdrawalStreamId,
  type DepositEvent,
  type SuspenseEvent,
  type WithdrawalEvent,
} from '@kassa/ledger';
import type { WebhookEventPayload } from './webhook-event';
import { webhookEventsOf } from './webhook-events-of';
import type { SourceState } from './webhook-sources';

/**
 * The mapping from ledger events to webhook events, decider-style: given a stream's events, then
 * exactly these webhook events (type, the object's status in data, version). The views inside data
 * are the GET views; webhook-events.projection.spec.ts compares them field by field.
 */
const T = 'brand-a';
const AT = '2024-05-01T10:00:00.000Z';
const RECORDED_AT = new Date('2024-05-01T10:00:01.234Z');
const DEPOSIT = depositStreamId(T, 'dep-1');
const WITHDRAWAL = withdrawalStreamId(T, 'wd-1');
const SUSPENSE = suspenseStreamId(T, 'item-1');

type AnyEvent = DepositEvent | WithdrawalEvent | SuspenseEvent | { type: 'SomethingNewer'; data: Record<string, unknown> };

/** Source event ids: `…-00000000000N`, N the stream version, so each expected id is readable. */
function sourceId(streamId: string, version: number): string {
  const kind = streamId.startsWith('deposit-') ? 'd' : streamId.startsWith('withdrawal-') ? 'e' : 'f';
  return `00000000-0000-4000-800${kind}-${String(version).padStart(12, '0')}`;
}

function stream(streamId: string, events: readonly AnyEvent[], from = 0): RecordedEvent[] {
  return events.map((event, index) => ({
    id: sourceId(streamId, from + index),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { tenantId: T },
    streamId,
    streamVersion: from + index,
    position: { commit: BigInt(from + index), prepare: BigInt(from + index) },
    recordedAt: RECORDED_AT,
  }));
}

/** [type, data.status, data.version] of each webhook event. */
function given(events: readonly RecordedEvent[], stored: ReadonlyMap<string, SourceState> = new Map()): [string, unknown, number][] {
  return webhookEventsOf(stored, events).events.map((event) => [event.type, event.data.status, event.data.version]);
}

const depositRef = { tenantId: T, depositId: 'dep-1' };
const issued: DepositEvent = {
  type: 'WalletDetailsIssued',
  data: { ...depositRef, walletType: 'paytm', currency: 'INR', label: 'p', requestedAmountMinor: '50000', lang: 'en', walletDetails: { identifier: '6234234234' }, paymentUrl: 'https://plugin.example/pay', openedAt: AT },
};
const submitted = (attempt: number): DepositEvent => ({
  type: 'ActivationSubmitted',
  data: { ...depositRef, attempt, transactionId: `1234567890${attempt}`, amountMinor: '50000', screenshot: null, submittedAt: AT },
});
const rejected = (attempt: number): DepositEvent => ({ type: 'ActivationRejected', data: { ...depositRef, attempt, message: 'Transaction not found', answeredAt: AT } });
const accepted = (attempt: number): DepositEvent => ({
  type: 'ActivationAccepted',
  data: { ...depositRef, attempt, answer: 'pending', providerAmountMinor: null, message: 'checking', answeredAt: AT },
});
const postback: DepositEvent = {
  type: 'PostbackReceived',
  data: {
    ...depositRef, postbackId: 'pb-1', walletType: 'paytm', transactionId: '12345678903', amountMinor: '50000', currency: 'INR',
    stockpilingId: 1, activatedDatetime: null, exchangerIdentifier: null, convertedUsd: '6.00', receivedAt: AT,
  },
};
const credited: DepositEvent = {
  type: 'DepositCredited',
  data: {
    ...depositRef, label: 'p', currency: 'INR', walletType: 'paytm', transactionId: '12345678903', amountMinor: '50000', expectedAmountMinor: '50000', postbackId: 'pb-1',
    flags: { amountMismatch: false, transactionIdMismatch: false, walletTypeMismatch: false, unmatched: false }, creditedAt: AT,
  },
};
const quarantined: DepositEvent = {
  type: 'PostbackQuarantined',
  data: {
    tenantId: T, direction: 'ingoing', depositId: 'dep-1', withdrawalId: null, postbackId: 'pb-2', reason: 'conflicts_with_credited_postback',
    walletType: 'paytm', currency: 'INR', amountMinor: '1', transactionId: '12345678903', providerStatus: null, receivedAt: AT, quarantinedAt: AT,
  },
};

const withdrawalRef = { tenantId: T, withdrawalId: 'wd-1' };
const hold = { walletType: 'paytm', currency: 'INR', label: 'p', amountMinor: '10000' };
const requested: WithdrawalEvent = {
  type: 'WithdrawalRequested',
  data: { ...withdrawalRef, ...hold, accountNumber: '1234567890', accountName: null, bankCode: null, requestedAt: AT },
};
const deferred: WithdrawalEvent = {
  type: 'WithdrawalSubmissionDeferred',
  data: { ...withdrawalRef, attempt: 1, error: 'timeout', outcomeUnknown: true, retryAt: AT, deferredAt: AT },
};
const sent: WithdrawalEvent = { type: 'WithdrawalSubmitted', data: { ...withdrawalRef, attempt: 2, submittedAt: AT } };
const facts = { postbackId: 'pb-w', comment: null, receivedAt: AT };
const succeeded: WithdrawalEvent = { type: 'WithdrawalSucceeded', data: { ...withdrawalRef, ...hold, ...facts, providerStatus: 1, succeededAt: AT } };
const failed: WithdrawalEvent = { type: 'WithdrawalFailed', data: { ...withdrawalRef, ...hold, ...facts, providerStatus: 5, failedAt: AT } };
const unrecognized: WithdrawalEvent = {
  type: 'WithdrawalStatusUnrecognized',
  data: { ...withdrawalRef, ...facts, providerStatus: 7, amountMinor: '10000', currency: 'INR', recordedAt: AT },
};
const refused: WithdrawalEvent = { type: 'WithdrawalRejected', data: { ...withdrawalRef, ...hold, attempt: 1, message: 'Insufficient balance', rejectedAt: AT } };
const parked: WithdrawalEvent = { type: 'WithdrawalSubmissionParked', data: { ...withdrawalRef, attempts: 5, lastError: 'timeout', outcomeUnknown: true, parkedAt: AT } };
const resubmitted: WithdrawalEvent = { type: 'WithdrawalResubmitted', data: { ...withdrawalRef, attemptsBefore: 5, resubmittedAt: AT } };
const resolved: WithdrawalEvent = {
  type: 'WithdrawalResolvedByOperator',
  data: { ...withdrawalRef, ...hold, outcome: 'failed', reason: 'confirmed with Paykassma', resolvedAt: AT },
};

const suspenseRef = { tenantId: T, itemId: 'item-1' };
const suspenseCredited: SuspenseEvent = {
  type: 'SuspenseCredited',
  data: { ...suspenseRef, walletType: 'paytm', currency: 'INR', amountMinor: '25000', transactionId: '66600011122', postbackId: 'pb-s', unsignedLabel: 'walk-in', creditedAt: AT },
};
const suspenseAssigned: SuspenseEvent = {
  type: 'SuspenseAssigned',
  data: { ...suspenseRef, label: 'player-7', walletType: 'paytm', currency: 'INR', amountMinor: '25000', assignedBy: 'finance-a', assignedAt: AT },
};

describe('Ledger events → webhook events', () => {
  describe('deposits', () => {
    it('reports each rejected activation, the acceptance and the credit; nothing else', () => {
      const events = stream(DEPOSIT, [issued, submitted(1), rejected(1), submitted(2), rejected(2), submitted(3), accepted(3), postback, credited, quarantined]);
      expect(given(events)).toEqual([
        ['deposit.activation_rejected', 'activation_rejected', 2],
        ['deposit.activation_rejected', 'activation_rejected', 4],
        ['deposit.awaiting_confirmation', 'awaiting_confirmation', 6],
        ['deposit.credited', 'credited', 8],
      ]);
    });

    it('reports a late activation answer after the credit as nothing: the deposit stays credited', () => {
      expect(given(stream(DEPOSIT, [issued, submitted(1), postback, credited, rejected(1)]))).toEqual([['deposit.credited', 'credited', 3]]);
    });

    it('reports a refused creation as deposit.failed', () => {
      const failedToOpen: DepositEvent = {
        type: 'DepositCreationFailed',
        data: { ...depositRef, walletType: 'paytm', currency: 'INR', label: 'p', requestedAmountMinor: null, lang: null, reason: 'wallet unavailable', failedAt: AT },
      };
      expect(given(stream(DEPOSIT, [failedToOpen]))).toEqual([['deposit.failed', 'failed', 0]]);
    });

    it('reports an unmatched deposit credited to its label as deposit.credited', () => {
      const unmatched: DepositEvent = {
        type: 'UnmatchedDepositReceived',
        data: { ...depositRef, walletType: 'paytm', currency: 'INR', label: 'p', pluginCustomOrderId: null, receivedAt: AT },
      };
      const flagged: DepositEvent = { ...credited, data: { ...credited.data, expectedAmountMinor: null, flags: { ...credited.data.flags, unmatched: true } } } as DepositEvent;
      expect(given(stream(DEPOSIT, [unmatched, postback, flagged]))).toEqual([['deposit.credited', 'credited', 2]]);
    });
  });

  describe('withdrawals', () => {
    it('reports the submission and the result, not the retries or an unknown status', () => {
      expect(given(stream(WITHDRAWAL, [requested, deferred, sent, unrecognized, succeeded]))).toEqual([
        ['withdrawal.submitted', 'submitted', 2],
        ['withdrawal.succeeded', 'succeeded', 4],
      ]);
      expect(given(stream(WITHDRAWAL, [requested, sent, failed]))).toEqual([['withdrawal.submitted', 'submitted', 1], ['withdrawal.failed', 'failed', 2]]);
    });

    it('reports a result that arrives before the submission was recorded', () => {
      expect(given(stream(WITHDRAWAL, [requested, succeeded]))).toEqual([['withdrawal.succeeded', 'succeeded', 1]]);
    });

    it('reports a refusal at create as withdrawal.rejected', () => {
      expect(given(stream(WITHDRAWAL, [requested, refused]))).toEqual([['withdrawal.rejected', 'rejected', 1]]);
    });

    it('reports each parking (the status stays requested) and the operator’s resolution', () => {
      expect(given(stream(WITHDRAWAL, [requested, parked, resubmitted, parked, resolved]))).toEqual([
        ['withdrawal.parked', 'requested', 1],
        ['withdrawal.parked', 'requested', 3],
        ['withdrawal.failed', 'failed', 4],
      ]);
    });
  });

  describe('suspense items', () => {
    it('reports the credit and the assignment, with the item as data', () => {
      const [credit, assignment] = webhookEventsOf(new Map(), stream(SUSPENSE, [suspenseCredited, suspenseAssigned])).events;
      expect([credit.type, assignment.type]).toEqual(['suspense.credited', 'suspense.assigned']);
      expect(credit.data).toMatchObject({ id: 'item-1', status: 'open', currency: 'INR', amount: '250.00', walletType: 'paytm', transactionId: '66600011122', version: 0 });
      expect(assignment.data).toMatchObject({ id: 'item-1', status: 'assigned', amount: '250.00', version: 1 });
    });
  });

  describe('ids and replays', () => {
    it('derives the id from the source event, and stamps the merchant and the recording time', () => {
      const [event] = webhookEventsOf(new Map(), stream(WITHDRAWAL, [requested, refused])).events;
      expect<Omit<WebhookEventPayload, 'data'>>({ id: event.id, type: event.type, createdAt: event.createdAt, merchant: event.merchant }).toEqual({
        id: 'evt_0000000000004000800e000000000001',
        type: 'withdrawal.rejected',
        createdAt: '2024-05-01T10:00:01.234Z',
        merchant: T,
      });
    });

    it('gives the same events whether a stream arrives in one batch or several, and skips what was applied', () => {
      const all = stream(DEPOSIT, [issued, submitted(1), rejected(1), submitted(2), accepted(2), postback, credited]);
      const whole = webhookEventsOf(new Map(), all);
      const first = webhookEventsOf(new Map(), all.slice(0, 4));
      const rest = webhookEventsOf(first.states, all.slice(2)); // overlaps: versions 2 and 3 again
      expect([...first.events, ...rest.events]).toEqual(whole.events);
      expect(webhookEventsOf(whole.states, all).events).toEqual([]);
    });

    it('refuses to fold past a missing event', () => {
      const all = stream(DEPOSIT, [issued, submitted(1), rejected(1)]);
      expect(() => webhookEventsOf(new Map(), [all[0], all[2]])).toThrow('jumps from version 0 to 2');
    });

    it('lets an event type it does not know move the version without an event', () => {
      const events = [...stream(SUSPENSE, [suspenseCredited]), ...stream(SUSPENSE, [{ type: 'SomethingNewer', data: {} }, suspenseAssigned], 1)];
      expect(given(events)).toEqual([['suspense.credited', 'open', 0], ['suspense.assigned', 'assigned', 2]]);
    });
  });
});
