import { SUSPENSE_EVENT_TYPES, SUSPENSE_STREAM_PREFIX, type SuspenseEvent } from '@kassa/ledger';
import { streamRowProjection, type StreamRowModel } from '../shared/stream-row-projection';
import { SUSPENSE_ITEMS_TABLE, type SuspenseItemRow } from './suspense-item-row';
import { evolveSuspenseItemRow } from './suspense-item-row.evolve';

export const SUSPENSE_ITEMS_PROJECTION_NAME = 'read-model.suspense-items';

export const SUSPENSE_ITEMS_MODEL: StreamRowModel<SuspenseItemRow, SuspenseEvent> = {
  name: SUSPENSE_ITEMS_PROJECTION_NAME,
  streamPrefix: SUSPENSE_STREAM_PREFIX,
  table: SUSPENSE_ITEMS_TABLE,
  eventTypes: SUSPENSE_EVENT_TYPES,
  evolve: evolveSuspenseItemRow,
};

/** `suspense_items`: one row per suspense item stream. */
export const suspenseItemsProjection = streamRowProjection(SUSPENSE_ITEMS_MODEL);
