import type { EventStore, RecordedEvent } from '@kassa/event-store';
import { readWholeStream, withdrawalStreamId } from '@kassa/ledger';
import { foldStream } from '../shared/stream-row-projection';
import { toWithdrawalView, type WithdrawalView } from './withdrawal.view';
import { WITHDRAWALS_MODEL } from './withdrawals.projection';

/** The withdrawal view folded straight from its stream (oldest first); null for no events. */
export function withdrawalViewFromEvents(events: readonly RecordedEvent[]): WithdrawalView | null {
  const row = foldStream(WITHDRAWALS_MODEL, null, events);
  return row === null ? null : toWithdrawalView(row);
}

/** One withdrawal of a merchant after every committed event (as loadDepositView); null when there is none. */
export async function loadWithdrawalView(store: EventStore, tenantId: string, withdrawalId: string): Promise<WithdrawalView | null> {
  if (withdrawalId.length === 0 || withdrawalId.length > 200) return null;
  return withdrawalViewFromEvents(await readWholeStream(store, withdrawalStreamId(tenantId, withdrawalId)));
}
