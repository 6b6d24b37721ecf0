import type { EventStore } from '@kassa/event-store';
import { depositStreamId, readWholeStream } from '@kassa/ledger';
import { type DepositView, depositViewFromEvents } from '@kassa/read-models';

/**
 * One deposit folded straight from its stream with the read model's own row logic, so a GET right
 * after a POST shows every committed event (the table serves lists and may trail by milliseconds).
 */
export async function loadDepositView(store: EventStore, tenantId: string, depositId: string): Promise<DepositView | null> {
  if (depositId.length === 0 || depositId.length > 200) return null;
  return depositViewFromEvents(await readWholeStream(store, depositStreamId(tenantId, depositId)));
}
