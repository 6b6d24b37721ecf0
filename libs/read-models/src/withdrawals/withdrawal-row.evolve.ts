import { assertNever, invariant, type WithdrawalEvent, withdrawalStatusAfter } from '@kassa/ledger';
import type { EventPlace } from '../shared/domain-events';
import type { WithdrawalRow } from './withdrawal-row';

/**
 * The withdrawal row after one event. Its status comes from withdrawalStatusAfter, the rule the
 * decider's evolve uses too; the rest of the row is what the read side shows of each event.
 */
export function evolveWithdrawalRow(row: WithdrawalRow | null, event: WithdrawalEvent, place: EventPlace): WithdrawalRow {
  return { ...rowAfter(row, event, place), status: withdrawalStatusAfter(row?.status ?? null, event) };
}

function rowAfter(row: WithdrawalRow | null, event: WithdrawalEvent, place: EventPlace): WithdrawalRow {
  const version = { last_stream_version: place.streamVersion };
  switch (event.type) {
    case 'WithdrawalRequested': {
      const d = event.data;
      return {
        tenant_id: d.tenantId,
        id: d.withdrawalId,
        stream_id: place.streamId,
        wallet_type: d.walletType,
        currency: d.currency,
        label: d.label,
        amount_minor: d.amountMinor,
        account_number: d.accountNumber,
        account_name: d.accountName,
        bank_code: d.bankCode,
        status: 'requested', // replaced by withdrawalStatusAfter in evolveWithdrawalRow
        attempts: 0,
        last_error: null,
        last_error_outcome_unknown: null,
        next_attempt_at: null,
        parked_at: null,
        resolution_reason: null,
        provider_message: null,
        provider_status: null,
        provider_comment: null,
        postback_id: null,
        unrecognized_status_count: 0,
        quarantined_count: 0,
        created_at: d.requestedAt,
        updated_at: d.requestedAt,
        submitted_at: null,
        finished_at: null,
        ...version,
      };
    }
    case 'WithdrawalSubmitted': {
      const d = event.data;
      // The provider accepted it: an error of an earlier attempt no longer describes the withdrawal.
      return {
        ...existing(row, event.type),
        ...version,
        attempts: d.attempt,
        last_error: null,
        last_error_outcome_unknown: null,
        next_attempt_at: null,
        submitted_at: d.submittedAt,
        updated_at: d.submittedAt,
      };
    }
    case 'WithdrawalRejected': {
      const d = event.data;
      return {
        ...existing(row, event.type),
        ...version,
        attempts: d.attempt,
        next_attempt_at: null,
        provider_message: d.message,
        finished_at: d.rejectedAt,
        updated_at: d.rejectedAt,
      };
    }
    case 'WithdrawalSubmissionDeferred': {
      const d = event.data;
      return {
        ...existing(row, event.type),
        ...version,
        attempts: d.attempt,
        last_error: d.error,
        last_error_outcome_unknown: d.outcomeUnknown,
        next_attempt_at: d.retryAt,
        updated_at: d.deferredAt,
      };
    }
    case 'WithdrawalSucceeded':
    case 'WithdrawalFailed': {
      const d = event.data;
      const finishedAt = event.type === 'WithdrawalSucceeded' ? event.data.succeededAt : event.data.failedAt;
      return {
        ...existing(row, event.type),
        ...version,
        next_attempt_at: null,
        parked_at: null,
        provider_status: d.providerStatus,
        provider_comment: d.comment,
        postback_id: d.postbackId,
        finished_at: finishedAt,
        updated_at: finishedAt,
      };
    }
    case 'WithdrawalSubmissionParked': {
      const d = event.data;
      return { ...existing(row, event.type), ...version, next_attempt_at: null, parked_at: d.parkedAt, updated_at: d.parkedAt };
    }
    case 'WithdrawalResubmitted': {
      const d = event.data;
      return { ...existing(row, event.type), ...version, parked_at: null, next_attempt_at: d.resubmittedAt, updated_at: d.resubmittedAt };
    }
    case 'WithdrawalResolvedByOperator': {
      const d = event.data;
      return {
        ...existing(row, event.type),
        ...version,
        parked_at: null,
        next_attempt_at: null,
        resolution_reason: d.reason,
        finished_at: d.resolvedAt,
        updated_at: d.resolvedAt,
      };
    }
    case 'WithdrawalStatusUnrecognized': {
      const withdrawal = existing(row, event.type);
      return { ...withdrawal, ...version, unrecognized_status_count: withdrawal.unrecognized_status_count + 1, updated_at: event.data.recordedAt };
    }
    case 'PostbackQuarantined': {
      const withdrawal = existing(row, event.type);
      return { ...withdrawal, ...version, quarantined_count: withdrawal.quarantined_count + 1, updated_at: event.data.quarantinedAt };
    }
    default:
      return assertNever(event, 'withdrawal event');
  }
}

function existing(row: WithdrawalRow | null, eventType: string): WithdrawalRow {
  invariant(row !== null, `${eventType} before the withdrawal was requested`);
  return row;
}
