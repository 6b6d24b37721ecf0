import type { ProviderMessage, WithdrawalStatus } from '@kassa/ledger';
import type { ColumnTypes } from '../shared/column-types';
import type { StreamRowTable } from '../shared/stream-rows';

/** A `withdrawals` row as the projection reads and writes it (bigint and times as text). */
export interface WithdrawalRow {
  readonly tenant_id: string;
  readonly id: string;
  readonly stream_id: string;
  readonly wallet_type: string;
  readonly currency: string;
  readonly label: string;
  readonly amount_minor: string;
  readonly account_number: string;
  readonly account_name: string | null;
  readonly bank_code: string | null;
  readonly status: WithdrawalStatus;
  /** Submission attempts recorded (deferred, submitted or rejected). */
  readonly attempts: number;
  /** The latest transient error while the withdrawal waits for a retry; cleared once an attempt succeeds (the audit keeps every attempt). */
  readonly last_error: string | null;
  readonly last_error_outcome_unknown: boolean | null;
  /** When the deferred submission is retried; null once submitted, parked or finished. */
  readonly next_attempt_at: string | null;
  /** Since when its attempts ran out with the outcome unknown (funds held); null when not parked. */
  readonly parked_at: string | null;
  /** The operator's reason when the outcome was recorded by hand (a resolved parked withdrawal). */
  readonly resolution_reason: string | null;
  /** The provider's refusal at create. */
  readonly provider_message: ProviderMessage | null;
  /** `withdrawal_status` of the final postback (1 or 5). */
  readonly provider_status: number | null;
  readonly provider_comment: string | null;
  readonly postback_id: string | null;
  readonly unrecognized_status_count: number;
  readonly quarantined_count: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly submitted_at: string | null;
  /** Succeeded, failed or rejected. */
  readonly finished_at: string | null;
  readonly last_stream_version: number;
}

export const WITHDRAWAL_COLUMNS: ColumnTypes<WithdrawalRow> = {
  tenant_id: 'text',
  id: 'text',
  stream_id: 'text',
  wallet_type: 'text',
  currency: 'text',
  label: 'text',
  amount_minor: 'bigint',
  account_number: 'text',
  account_name: 'text',
  bank_code: 'text',
  status: 'text',
  attempts: 'integer',
  last_error: 'text',
  last_error_outcome_unknown: 'boolean',
  next_attempt_at: 'timestamptz',
  parked_at: 'timestamptz',
  resolution_reason: 'text',
  provider_message: 'jsonb',
  provider_status: 'integer',
  provider_comment: 'text',
  postback_id: 'text',
  unrecognized_status_count: 'integer',
  quarantined_count: 'integer',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  submitted_at: 'timestamptz',
  finished_at: 'timestamptz',
  last_stream_version: 'integer',
};

export const WITHDRAWALS_TABLE: StreamRowTable<WithdrawalRow> = { table: 'withdrawals', columns: WITHDRAWAL_COLUMNS, key: ['tenant_id', 'id'] };
