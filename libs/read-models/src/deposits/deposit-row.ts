import type { DepositCreditFlags, DepositStatus, WalletDetails } from '@kassa/ledger';
import type { ColumnTypes } from '../shared/column-types';
import type { StreamRowTable } from '../shared/stream-rows';

/** A `deposits` row as the projection reads and writes it (bigint and times as text). */
export interface DepositRow {
  readonly tenant_id: string;
  readonly id: string;
  readonly stream_id: string;
  readonly wallet_type: string;
  readonly currency: string;
  readonly label: string;
  readonly status: DepositStatus;
  readonly lang: string | null;
  readonly requested_amount_minor: string | null;
  readonly wallet_details: WalletDetails | null;
  readonly payment_url: string | null;
  /** The provider's refusal at create (status failed). */
  readonly failure_reason: string | null;
  readonly plugin_custom_order_id: string | null;
  readonly activation_attempts: number;
  /** The player's transaction number of the latest activation (`key1`). */
  readonly transaction_id: string | null;
  readonly activation_amount_minor: string | null;
  /** 'submitted' until answered, then the provider's answer ('ok', 'pending', ..., 'fail') or 'unknown'. */
  readonly activation_outcome: string | null;
  readonly activation_message: string | null;
  /** `deposit_amount` of an `ok` activation answer. */
  readonly provider_amount_minor: string | null;
  readonly activation_submitted_at: string | null;
  readonly postback_id: string | null;
  readonly converted_usd: string | null;
  readonly credited_wallet_type: string | null;
  readonly credited_transaction_id: string | null;
  /** The postback's amount: what the player got. */
  readonly credited_amount_minor: string | null;
  readonly expected_amount_minor: string | null;
  readonly flags: DepositCreditFlags;
  readonly quarantined_count: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly credited_at: string | null;
  readonly last_stream_version: number;
}

export const DEPOSIT_COLUMNS: ColumnTypes<DepositRow> = {
  tenant_id: 'text',
  id: 'text',
  stream_id: 'text',
  wallet_type: 'text',
  currency: 'text',
  label: 'text',
  status: 'text',
  lang: 'text',
  requested_amount_minor: 'bigint',
  wallet_details: 'jsonb',
  payment_url: 'text',
  failure_reason: 'text',
  plugin_custom_order_id: 'text',
  activation_attempts: 'integer',
  transaction_id: 'text',
  activation_amount_minor: 'bigint',
  activation_outcome: 'text',
  activation_message: 'text',
  provider_amount_minor: 'bigint',
  activation_submitted_at: 'timestamptz',
  postback_id: 'text',
  converted_usd: 'text',
  credited_wallet_type: 'text',
  credited_transaction_id: 'text',
  credited_amount_minor: 'bigint',
  expected_amount_minor: 'bigint',
  flags: 'jsonb',
  quarantined_count: 'integer',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  credited_at: 'timestamptz',
  last_stream_version: 'integer',
};

export const DEPOSITS_TABLE: StreamRowTable<DepositRow> = { table: 'deposits', columns: DEPOSIT_COLUMNS, key: ['tenant_id', 'id'] };
