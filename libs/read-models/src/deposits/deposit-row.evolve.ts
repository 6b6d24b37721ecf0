import { assertNever, depositStatusAfter, invariant, type DepositCreditFlags, type DepositEvent } from '@kassa/ledger';
import type { EventPlace } from '../shared/domain-events';
import type { DepositRow } from './deposit-row';

const NO_FLAGS: DepositCreditFlags = { amountMismatch: false, transactionIdMismatch: false, walletTypeMismatch: false, unmatched: false };

/**
 * The deposit row after one event. Its status comes from depositStatusAfter, the rule the decider's
 * evolve uses too; the rest of the row is what the read side shows of each event.
 */
export function evolveDepositRow(row: DepositRow | null, event: DepositEvent, place: EventPlace): DepositRow {
  return { ...rowAfter(row, event, place), status: depositStatusAfter(row?.status ?? null, event) };
}

function rowAfter(row: DepositRow | null, event: DepositEvent, place: EventPlace): DepositRow {
  const version = { last_stream_version: place.streamVersion };
  switch (event.type) {
    case 'WalletDetailsIssued': {
      const d = event.data;
      return {
        ...opened(row, place, d, d.openedAt, false),
        requested_amount_minor: d.requestedAmountMinor,
        lang: d.lang,
        wallet_details: d.walletDetails,
        payment_url: d.paymentUrl,
      };
    }
    case 'DepositCreationFailed': {
      const d = event.data;
      return {
        ...opened(row, place, d, d.failedAt, false),
        requested_amount_minor: d.requestedAmountMinor,
        lang: d.lang,
        failure_reason: d.reason,
      };
    }
    case 'UnmatchedDepositReceived': {
      const d = event.data;
      return { ...opened(row, place, d, d.receivedAt, true), plugin_custom_order_id: d.pluginCustomOrderId };
    }
    case 'ActivationSubmitted': {
      const d = event.data;
      return {
        ...existing(row, event.type),
        ...version,
        activation_attempts: d.attempt,
        transaction_id: d.transactionId,
        activation_amount_minor: d.amountMinor,
        activation_outcome: 'submitted',
        activation_message: null,
        provider_amount_minor: null,
        activation_submitted_at: d.submittedAt,
        updated_at: d.submittedAt,
      };
    }
    case 'ActivationAccepted': {
      const d = event.data;
      return {
        ...existing(row, event.type),
        ...version,
        activation_outcome: d.answer,
        activation_message: d.message,
        provider_amount_minor: d.providerAmountMinor,
        updated_at: d.answeredAt,
      };
    }
    case 'ActivationRejected': {
      const d = event.data;
      return {
        ...existing(row, event.type),
        ...version,
        activation_outcome: 'fail',
        activation_message: d.message,
        updated_at: d.answeredAt,
      };
    }
    case 'ActivationAnswerUnknown':
      return { ...existing(row, event.type), ...version, activation_outcome: 'unknown', activation_message: event.data.error, updated_at: event.data.answeredAt };
    case 'PostbackReceived':
      return {
        ...existing(row, event.type),
        ...version,
        postback_id: event.data.postbackId,
        converted_usd: event.data.convertedUsd,
        updated_at: event.data.receivedAt,
      };
    case 'DepositCredited': {
      const d = event.data;
      return {
        ...existing(row, event.type),
        ...version,
        postback_id: d.postbackId,
        credited_wallet_type: d.walletType,
        credited_transaction_id: d.transactionId,
        credited_amount_minor: d.amountMinor,
        expected_amount_minor: d.expectedAmountMinor,
        flags: d.flags,
        credited_at: d.creditedAt,
        updated_at: d.creditedAt,
      };
    }
    case 'PostbackQuarantined': {
      const deposit = existing(row, event.type);
      return { ...deposit, ...version, quarantined_count: deposit.quarantined_count + 1, updated_at: event.data.quarantinedAt };
    }
    default:
      return assertNever(event, 'deposit event');
  }
}

function opened(
  row: DepositRow | null,
  place: EventPlace,
  data: { tenantId: string; depositId: string; walletType: string; currency: string; label: string },
  at: string,
  unmatched: boolean,
): DepositRow {
  invariant(row === null, `${place.streamId} opened twice`);
  return {
    tenant_id: data.tenantId,
    id: data.depositId,
    stream_id: place.streamId,
    wallet_type: data.walletType,
    currency: data.currency,
    label: data.label,
    status: 'created', // replaced by depositStatusAfter in evolveDepositRow
    lang: null,
    requested_amount_minor: null,
    wallet_details: null,
    payment_url: null,
    failure_reason: null,
    plugin_custom_order_id: null,
    activation_attempts: 0,
    transaction_id: null,
    activation_amount_minor: null,
    activation_outcome: null,
    activation_message: null,
    provider_amount_minor: null,
    activation_submitted_at: null,
    postback_id: null,
    converted_usd: null,
    credited_wallet_type: null,
    credited_transaction_id: null,
    credited_amount_minor: null,
    expected_amount_minor: null,
    flags: { ...NO_FLAGS, unmatched },
    quarantined_count: 0,
    created_at: at,
    updated_at: at,
    credited_at: null,
    last_stream_version: place.streamVersion,
  };
}

function existing(row: DepositRow | null, eventType: string): DepositRow {
  invariant(row !== null, `${eventType} before the deposit was opened`);
  return row;
}
