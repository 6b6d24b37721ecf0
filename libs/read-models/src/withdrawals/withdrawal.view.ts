import type { ProviderMessage } from '@kassa/ledger';
import { formatAmount } from '../shared/money-view';
import { toIsoMillis, toNullableIsoMillis } from '../shared/timestamps';
import type { WithdrawalRow } from './withdrawal-row';

/** A withdrawal as the API shows it. */
export interface WithdrawalView {
  readonly id: string;
  readonly status: WithdrawalRow['status'];
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly amount: string;
  readonly accountNumber: string;
  readonly accountName: string | null;
  readonly bankCode: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  /** Attempts ran out with the outcome unknown (funds held) since then; an operator resubmits or resolves it. */
  readonly parkedAt: string | null;
  /** Set when an operator recorded the outcome of a parked withdrawal. */
  readonly resolutionReason: string | null;
  readonly providerMessage: ProviderMessage | null;
  readonly providerStatus: number | null;
  readonly providerComment: string | null;
  readonly unrecognizedStatusCount: number;
  readonly quarantinedCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly submittedAt: string | null;
  readonly finishedAt: string | null;
}

export function toWithdrawalView(row: WithdrawalRow): WithdrawalView {
  return {
    id: row.id,
    status: row.status,
    walletType: row.wallet_type,
    currency: row.currency,
    label: row.label,
    amount: formatAmount(row.amount_minor, row.currency),
    accountNumber: row.account_number,
    accountName: row.account_name,
    bankCode: row.bank_code,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: toNullableIsoMillis(row.next_attempt_at),
    parkedAt: toNullableIsoMillis(row.parked_at),
    resolutionReason: row.resolution_reason,
    providerMessage: row.provider_message,
    providerStatus: row.provider_status,
    providerComment: row.provider_comment,
    unrecognizedStatusCount: row.unrecognized_status_count,
    quarantinedCount: row.quarantined_count,
    createdAt: toIsoMillis(row.created_at),
    updatedAt: toIsoMillis(row.updated_at),
    submittedAt: toNullableIsoMillis(row.submitted_at),
    finishedAt: toNullableIsoMillis(row.finished_at),
  };
}
