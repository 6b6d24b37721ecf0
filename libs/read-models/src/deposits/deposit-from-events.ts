import type { RecordedEvent } from '@kassa/event-store';
import { foldStream } from '../shared/stream-row-projection';
import { toDepositView, type DepositView } from './deposit.view';
import { DEPOSITS_MODEL } from './deposits.projection';

/**
 * The deposit view folded straight from its stream (oldest first) with the projection's own row
 * logic: for a read right after a write, which must not wait for the projection. Null for no events.
 */
export function depositViewFromEvents(events: readonly RecordedEvent[]): DepositView | null {
  const row = foldStream(DEPOSITS_MODEL, null, events);
  return row === null ? null : toDepositView(row);
}
