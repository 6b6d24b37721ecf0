import type { DepositCreditFlags, WalletDetails } from '@kassa/ledger';
import { formatAmount, formatNullableAmount } from '../shared/money-view';
import { toIsoMillis, toNullableIsoMillis } from '../shared/timestamps';
import type { DepositRow } from './deposit-row';

/** A deposit as the API shows it: amounts as decimal strings in the deposit's currency. */
export interface DepositView {
  readonly id: string;
  readonly status: DepositRow['status'];
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  /** The requested amount, when the merchant gave one. */
  readonly amount: string | null;
  readonly lang: string | null;
  readonly walletDetails: WalletDetails | null;
  readonly paymentUrl: string | null;
  readonly failureReason: string | null;
  readonly activation: {
    readonly attempts: number;
    readonly transactionId: string | null;
    readonly amount: string | null;
    readonly outcome: string | null;
    readonly message: string | null;
    readonly providerAmount: string | null;
    readonly submittedAt: string | null;
  };
  readonly credit: {
    /** The postback's amount: what the player was credited. */
    readonly amount: string;
    readonly expectedAmount: string | null;
    readonly walletType: string;
    readonly transactionId: string;
    readonly postbackId: string;
    readonly convertedUsd: string | null;
    readonly creditedAt: string;
  } | null;
  readonly flags: DepositCreditFlags;
  readonly quarantinedCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toDepositView(row: DepositRow): DepositView {
  const money = (minor: string | null): string | null => formatNullableAmount(minor, row.currency);
  return {
    id: row.id,
    status: row.status,
    walletType: row.wallet_type,
    currency: row.currency,
    label: row.label,
    amount: money(row.requested_amount_minor),
    lang: row.lang,
    walletDetails: row.wallet_details,
    paymentUrl: row.payment_url,
    failureReason: row.failure_reason,
    activation: {
      attempts: row.activation_attempts,
      transactionId: row.transaction_id,
      amount: money(row.activation_amount_minor),
      outcome: row.activation_outcome,
      message: row.activation_message,
      providerAmount: money(row.provider_amount_minor),
      submittedAt: toNullableIsoMillis(row.activation_submitted_at),
    },
    credit: creditOf(row),
    flags: row.flags,
    quarantinedCount: row.quarantined_count,
    createdAt: toIsoMillis(row.created_at),
    updatedAt: toIsoMillis(row.updated_at),
  };
}

function creditOf(row: DepositRow): DepositView['credit'] {
  if (row.status !== 'credited') return null;
  const { credited_amount_minor, credited_wallet_type, credited_transaction_id, postback_id, credited_at } = row;
  if (credited_amount_minor === null || credited_wallet_type === null || credited_transaction_id === null || postback_id === null || credited_at === null) {
    throw new Error(`deposit ${row.id} is credited but its credit is incomplete`);
  }
  return {
    amount: formatAmount(credited_amount_minor, row.currency),
    expectedAmount: formatNullableAmount(row.expected_amount_minor, row.currency),
    walletType: credited_wallet_type,
    transactionId: credited_transaction_id,
    postbackId: postback_id,
    convertedUsd: row.converted_usd,
    creditedAt: toIsoMillis(credited_at),
  };
}
