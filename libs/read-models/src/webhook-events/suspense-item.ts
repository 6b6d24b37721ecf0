import { assertNever, invariant, type SuspenseEvent } from '@kassa/ledger';
import { formatAmount } from '../shared/money-view';
import { toIsoMillis, toNullableIsoMillis } from '../shared/timestamps';

/**
 * A suspense item folded from its stream. There is no suspense read model or GET /v1/suspense yet:
 * this is the item shape the suspense work agreed to answer, kept here until that read model lands,
 * then replaced by its own view.
 */
export interface SuspenseItemState {
  readonly tenant_id: string;
  readonly id: string;
  readonly status: 'open' | 'assigned';
  readonly wallet_type: string;
  readonly currency: string;
  readonly amount_minor: string;
  readonly transaction_id: string;
  readonly unsigned_label: string | null;
  readonly label: string | null;
  readonly credited_at: string;
  readonly assigned_at: string | null;
  readonly last_stream_version: number;
}

export interface SuspenseItemView {
  readonly id: string;
  readonly status: 'open' | 'assigned';
  readonly currency: string;
  readonly amount: string;
  readonly walletType: string;
  readonly transactionId: string;
  /** The label the postback carried: unsigned, a hint for finance only. */
  readonly unsignedLabel: string | null;
  /** The player it was assigned to; null while open. */
  readonly label: string | null;
  readonly creditedAt: string;
  readonly assignedAt: string | null;
}

export function evolveSuspenseItem(state: SuspenseItemState | null, event: SuspenseEvent, streamVersion: number): SuspenseItemState {
  switch (event.type) {
    case 'SuspenseCredited': {
      const d = event.data;
      invariant(state === null, `suspense item ${d.itemId} credited twice`);
      return {
        tenant_id: d.tenantId,
        id: d.itemId,
        status: 'open',
        wallet_type: d.walletType,
        currency: d.currency,
        amount_minor: d.amountMinor,
        transaction_id: d.transactionId,
        unsigned_label: d.unsignedLabel,
        label: null,
        credited_at: d.creditedAt,
        assigned_at: null,
        last_stream_version: streamVersion,
      };
    }
    case 'SuspenseAssigned':
      invariant(state !== null && state.status === 'open', `SuspenseAssigned on suspense item ${event.data.itemId}, which is not open`);
      return { ...state, status: 'assigned', label: event.data.label, assigned_at: event.data.assignedAt, last_stream_version: streamVersion };
    default:
      return assertNever(event, 'suspense event');
  }
}

export function toSuspenseItemView(state: SuspenseItemState): SuspenseItemView {
  return {
    id: state.id,
    status: state.status,
    currency: state.currency,
    amount: formatAmount(state.amount_minor, state.currency),
    walletType: state.wallet_type,
    transactionId: state.transaction_id,
    unsignedLabel: state.unsigned_label,
    label: state.label,
    creditedAt: toIsoMillis(state.credited_at),
    assignedAt: toNullableIsoMillis(state.assigned_at),
  };
}
