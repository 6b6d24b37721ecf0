import { formatAmount } from '../shared/money-view';
import { toIsoMillis, toNullableIsoMillis } from '../shared/timestamps';
import type { SuspenseItemRow, SuspenseItemStatus } from './suspense-item-row';

/** A suspense item as the API shows it (`GET /v1/suspense`, the assignment's answer). */
export interface SuspenseItemView {
  readonly id: string;
  readonly status: SuspenseItemStatus;
  readonly merchant: string;
  readonly walletType: string;
  readonly currency: string;
  readonly amount: string;
  readonly transactionId: string;
  /** The label the postback carried, unsigned: a hint for finance, never trusted. */
  readonly unsignedLabel: string | null;
  readonly creditedAt: string;
  readonly assignedTo: string | null;
  readonly assignedAt: string | null;
  /** The API key id that assigned it. */
  readonly assignedBy: string | null;
  readonly quarantinedCount: number;
  /** The item's stream version: a later state has a higher one. */
  readonly version: number;
}

export function toSuspenseItemView(row: SuspenseItemRow): SuspenseItemView {
  return {
    id: row.id,
    status: row.status,
    merchant: row.tenant_id,
    walletType: row.wallet_type,
    currency: row.currency,
    amount: formatAmount(row.amount_minor, row.currency),
    transactionId: row.transaction_id,
    unsignedLabel: row.unsigned_label,
    creditedAt: toIsoMillis(row.created_at),
    assignedTo: row.assigned_to,
    assignedAt: toNullableIsoMillis(row.assigned_at),
    assignedBy: row.assigned_by,
    quarantinedCount: row.quarantined_count,
    version: row.last_stream_version,
  };
}
