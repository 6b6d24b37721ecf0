import type { EventStore, RecordedEvent } from '@kassa/event-store';
import { depositStreamId, readWholeStream } from '@kassa/ledger';
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

/**
 * One deposit of a merchant as it stands after every committed event: what a GET right after a POST
 * shows (the table serves lists and may trail by milliseconds). Null when there is no such deposit
 * for this merchant; an id no stream could have is not looked up.
 */
export async function loadDepositView(store: EventStore, tenantId: string, depositId: string): Promise<DepositView | null> {
  if (depositId.length === 0 || depositId.length > 200) return null;
  return depositViewFromEvents(await readWholeStream(store, depositStreamId(tenantId, depositId)));
}
