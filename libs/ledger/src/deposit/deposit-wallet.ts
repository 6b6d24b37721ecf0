import type { EventStore } from '@kassa/event-store';
import { depositStreamId } from '@kassa/kernel';
import { loadState } from '../application/execute-command';
import { StateCache } from '../application/state-cache';
import { depositDecider } from './deposit.decider';
import type { DepositState } from './deposit.state';

/**
 * A deposit's wallet type and currency, or null when the merchant has no such deposit. Both are
 * fixed when the deposit is opened and a deposit never goes away, so the state this process
 * remembers answers without a read, however far behind it is; only an unknown stream is read.
 */
export async function depositWallet(store: EventStore, tenantId: string, depositId: string): Promise<{ walletType: string; currency: string } | null> {
  const streamId = depositStreamId(tenantId, depositId);
  const remembered = StateCache.of(store).get<DepositState>(depositDecider, streamId);
  const { state } = remembered !== undefined && remembered.state.status !== 'empty' ? remembered : await loadState(store, depositDecider, streamId);
  return state.status === 'empty' ? null : { walletType: state.walletType, currency: state.currency };
}
