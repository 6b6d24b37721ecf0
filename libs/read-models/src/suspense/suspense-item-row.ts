import type { ColumnTypes } from '../shared/column-types';
import type { StreamRowTable } from '../shared/stream-rows';

export const SUSPENSE_ITEM_STATUSES = ['open', 'assigned'] as const;
export type SuspenseItemStatus = (typeof SUSPENSE_ITEM_STATUSES)[number];

/** A `suspense_items` row as the projection reads and writes it (bigint and times as text). */
export interface SuspenseItemRow {
  readonly tenant_id: string;
  readonly id: string;
  readonly stream_id: string;
  readonly status: SuspenseItemStatus;
  readonly wallet_type: string;
  readonly currency: string;
  readonly amount_minor: string;
  /** The provider's transaction number (key1). */
  readonly transaction_id: string;
  readonly postback_id: string;
  /** The postback's unsigned top-level label: a hint for finance, never trusted. */
  readonly unsigned_label: string | null;
  /** When the item was credited. */
  readonly created_at: string;
  /** The player it was assigned to. */
  readonly assigned_to: string | null;
  readonly assigned_at: string | null;
  /** The API key id that assigned it. */
  readonly assigned_by: string | null;
  /** Signed repeats of its provider transaction with other facts, kept aside. */
  readonly quarantined_count: number;
  readonly updated_at: string;
  readonly last_stream_version: number;
}

export const SUSPENSE_ITEM_COLUMNS: ColumnTypes<SuspenseItemRow> = {
  tenant_id: 'text',
  id: 'text',
  stream_id: 'text',
  status: 'text',
  wallet_type: 'text',
  currency: 'text',
  amount_minor: 'bigint',
  transaction_id: 'text',
  postback_id: 'text',
  unsigned_label: 'text',
  created_at: 'timestamptz',
  assigned_to: 'text',
  assigned_at: 'timestamptz',
  assigned_by: 'text',
  quarantined_count: 'integer',
  updated_at: 'timestamptz',
  last_stream_version: 'integer',
};

export const SUSPENSE_ITEMS_TABLE: StreamRowTable<SuspenseItemRow> = { table: 'suspense_items', columns: SUSPENSE_ITEM_COLUMNS, key: ['tenant_id', 'id'] };
