import type { RecordedEvent } from '@kassa/event-store';
import { foldStream } from '../shared/stream-row-projection';
import { toWithdrawalView, type WithdrawalView } from './withdrawal.view';
import { WITHDRAWALS_MODEL } from './withdrawals.projection';

/** The withdrawal view folded straight from its stream (oldest first); null for no events. */
export function withdrawalViewFromEvents(events: readonly RecordedEvent[]): WithdrawalView | null {
  const row = foldStream(WITHDRAWALS_MODEL, null, events);
  return row === null ? null : toWithdrawalView(row);
}
