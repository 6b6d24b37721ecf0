import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@kassa/event-store';
import { loadState } from '../../application/execute-command';
import { EVENT_STORE } from '../../application/ledger-context';
import { withdrawalQueueStreamId } from '@kassa/kernel';
import { withdrawalQueueDecider, type WithdrawalQueueState } from './withdrawal-queue.decider';

/** Whether the merchant's submission queue runs: folded from its stream (a few events), never cached stale. */
export async function readWithdrawalQueueState(store: EventStore, tenantId: string): Promise<WithdrawalQueueState> {
  const { state } = await loadState(store, withdrawalQueueDecider, withdrawalQueueStreamId(tenantId));
  return state;
}

/** Each merchant has its own queue: one merchant's refusals never stop another's withdrawals. */
@Injectable()
export class WithdrawalQueueStateReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  current(tenantId: string): Promise<WithdrawalQueueState> {
    return readWithdrawalQueueState(this.store, tenantId);
  }
}
