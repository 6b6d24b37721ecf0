import type {
  DepositCredited,
  DepositEvent,
  PostbackQuarantined,
  WithdrawalEvent,
  WithdrawalQueueEvent,
  WithdrawalQueuePaused,
  WithdrawalStatusUnrecognized,
} from '@kassa/ledger';
import type { EventPlace } from '../shared/domain-events';
import type { ExceptionKind, LedgerExceptionRow } from './ledger-exception-row';

/** The exceptions one event raises: usually none. Pure, so the report is a replay of events. */
export function exceptionsOf(event: DepositEvent | WithdrawalEvent | WithdrawalQueueEvent, place: EventPlace): LedgerExceptionRow[] {
  switch (event.type) {
    case 'PostbackQuarantined':
      return [quarantined(event, place)];
    case 'DepositCredited':
      return creditExceptions(event, place);
    case 'WithdrawalStatusUnrecognized':
      return [unknownStatus(event, place)];
    case 'WithdrawalQueuePaused':
      return [queuePaused(event, place)];
    default:
      return [];
  }
}

function quarantined(event: PostbackQuarantined, place: EventPlace): LedgerExceptionRow {
  const d = event.data;
  const reference = d.direction === 'ingoing' ? d.suspenseItemId ?? d.depositId : d.withdrawalId;
  return {
    ...base(place, event.type, 'postback_quarantined', d.tenantId),
    reference: reference ?? place.streamId,
    wallet_type: d.walletType,
    currency: d.currency,
    amount_minor: d.amountMinor,
    detail: {
      reason: d.reason,
      direction: d.direction,
      postbackId: d.postbackId,
      transactionId: d.transactionId,
      providerStatus: d.providerStatus,
      receivedAt: d.receivedAt,
    },
    at: d.quarantinedAt,
  };
}

function creditExceptions(event: DepositCredited, place: EventPlace): LedgerExceptionRow[] {
  const d = event.data;
  const row = (kind: ExceptionKind): LedgerExceptionRow => ({
    ...base(place, event.type, kind, d.tenantId),
    reference: d.depositId,
    wallet_type: d.walletType,
    currency: d.currency,
    amount_minor: d.amountMinor,
    detail: {
      label: d.label,
      postbackId: d.postbackId,
      transactionId: d.transactionId,
      expectedAmountMinor: d.expectedAmountMinor,
      creditedAmountMinor: d.amountMinor,
    },
    at: d.creditedAt,
  });
  const kinds: ExceptionKind[] = [];
  if (d.flags.amountMismatch) kinds.push('amount_mismatch');
  if (d.flags.unmatched) kinds.push('unmatched_deposit');
  if (d.flags.transactionIdMismatch) kinds.push('transaction_id_mismatch');
  if (d.flags.walletTypeMismatch) kinds.push('wallet_type_mismatch');
  return kinds.map(row);
}

function unknownStatus(event: WithdrawalStatusUnrecognized, place: EventPlace): LedgerExceptionRow {
  const d = event.data;
  return {
    ...base(place, event.type, 'unknown_withdrawal_status', d.tenantId),
    reference: d.withdrawalId,
    // The event does not carry the wallet type; the withdrawal row has it (joined by the report).
    wallet_type: null,
    currency: d.currency,
    amount_minor: d.amountMinor,
    detail: { providerStatus: d.providerStatus, comment: d.comment, postbackId: d.postbackId, receivedAt: d.receivedAt },
    at: d.recordedAt,
  };
}

function queuePaused(event: WithdrawalQueuePaused, place: EventPlace): LedgerExceptionRow {
  const d = event.data;
  return {
    ...base(place, event.type, 'withdrawal_queue_paused', d.tenantId),
    reference: place.streamId,
    wallet_type: null,
    currency: null,
    amount_minor: null,
    detail: { reason: d.reason, refusals: d.refusals, withdrawalId: d.withdrawalId, resume: 'POST /v1/admin/withdrawal-queue/resume' },
    at: d.pausedAt,
  };
}

type RowBase = Pick<LedgerExceptionRow, 'tenant_id' | 'kind' | 'stream_id' | 'stream_version' | 'event_id' | 'event_type'>;

function base(place: EventPlace, eventType: string, kind: ExceptionKind, tenantId: string): RowBase {
  return {
    tenant_id: tenantId,
    kind,
    stream_id: place.streamId,
    stream_version: place.streamVersion,
    event_id: place.eventId,
    event_type: eventType,
  };
}
