import type { ColumnTypes } from '../shared/column-types';
import type { StreamRowTable } from '../shared/stream-rows';

/** A `wallet_balances` row (bigint and times as text). */
export interface WalletBalanceRow {
  readonly tenant_id: string;
  readonly label: string;
  readonly currency: string;
  readonly stream_id: string;
  readonly available_minor: string;
  readonly held_minor: string;
  readonly updated_at: string;
  readonly last_stream_version: number;
}

export const WALLET_BALANCE_COLUMNS: ColumnTypes<WalletBalanceRow> = {
  tenant_id: 'text',
  label: 'text',
  currency: 'text',
  stream_id: 'text',
  available_minor: 'bigint',
  held_minor: 'bigint',
  updated_at: 'timestamptz',
  last_stream_version: 'integer',
};

export const WALLET_BALANCES_TABLE: StreamRowTable<WalletBalanceRow> = {
  table: 'wallet_balances',
  columns: WALLET_BALANCE_COLUMNS,
  key: ['tenant_id', 'label', 'currency'],
};
