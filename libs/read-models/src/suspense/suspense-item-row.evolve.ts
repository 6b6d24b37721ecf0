import { assertNever, invariant, type SuspenseEvent } from '@kassa/ledger';
import type { EventPlace } from '../shared/domain-events';
import type { SuspenseItemRow } from './suspense-item-row';

/** The row after one suspense event: the same transitions as the suspense decider's evolve. */
export function evolveSuspenseItemRow(row: SuspenseItemRow | null, event: SuspenseEvent, place: EventPlace): SuspenseItemRow {
  switch (event.type) {
    case 'SuspenseCredited': {
      const d = event.data;
      return {
        tenant_id: d.tenantId,
        id: d.itemId,
        stream_id: place.streamId,
        status: 'open',
        wallet_type: d.walletType,
        currency: d.currency,
        amount_minor: d.amountMinor,
        transaction_id: d.transactionId,
        postback_id: d.postbackId,
        unsigned_label: d.unsignedLabel,
        created_at: d.creditedAt,
        assigned_to: null,
        assigned_at: null,
        assigned_by: null,
        quarantined_count: 0,
        updated_at: d.creditedAt,
        last_stream_version: place.streamVersion,
      };
    }
    case 'SuspenseAssigned': {
      invariant(row !== null && row.status === 'open', `${place.streamId}: SuspenseAssigned on an item that is not open`);
      const d = event.data;
      return { ...row, status: 'assigned', assigned_to: d.label, assigned_at: d.assignedAt, assigned_by: d.assignedBy, updated_at: d.assignedAt, last_stream_version: place.streamVersion };
    }
    case 'PostbackQuarantined':
      invariant(row !== null, `${place.streamId} starts with PostbackQuarantined`);
      return { ...row, quarantined_count: row.quarantined_count + 1, updated_at: event.data.quarantinedAt, last_stream_version: place.streamVersion };
    default:
      return assertNever(event, 'suspense event');
  }
}
