import type { RecordedEvent } from '@kassa/event-store';
import { foldStream } from '../shared/stream-row-projection';
import { toSuspenseItemView, type SuspenseItemView } from './suspense-item.view';
import { SUSPENSE_ITEMS_MODEL } from './suspense-items.projection';

/** The suspense item folded straight from its stream (oldest first) with the projection's logic; null for no events. */
export function suspenseItemViewFromEvents(events: readonly RecordedEvent[]): SuspenseItemView | null {
  const row = foldStream(SUSPENSE_ITEMS_MODEL, null, events);
  return row === null ? null : toSuspenseItemView(row);
}
