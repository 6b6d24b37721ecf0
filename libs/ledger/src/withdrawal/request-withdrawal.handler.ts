import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { inOneUnit } from '../application/unit-of-work';
import { CLOCK, type Clock, EVENT_STORE, MERCHANTS, type MerchantDirectory, metadataFor, type RequestContext } from '../application/ledger-context';
import { invariant } from '../shared/domain-error';
import { walletStreamId, withdrawalStreamId } from '@kassa/kernel';
import { walletDecider } from '../wallet/wallet.decider';
import type { FundsHeld } from '../wallet/wallet.events';
import { walletEventId } from '../wallet/wallet-event-id';
import { holdFundsFor } from '../wallet/wallet.reactions';
import { holdMetadata, withdrawalRequestedEventId } from './hold-to-request';
import type { RequestWithdrawal, WithdrawalRequest } from './withdrawal.commands';
import { withdrawalDecider } from './withdrawal.decider';

export class RequestWithdrawalCommand {
  constructor(
    readonly request: WithdrawalRequest,
    readonly context: RequestContext,
  ) {}
}

/**
 * Holds the funds and records the withdrawal, both committed before it returns (one transaction on
 * PostgreSQL; hold first, then request, on EventStoreDB), so the 201 that follows finds the hold in
 * the balance. The hold is the balance check: one decision on the player's wallet stream appended
 * with an expected version and decided again on conflict, so concurrent withdrawals can never
 * overdraw (docs/architecture.md, invariant 4). INSUFFICIENT_FUNDS propagates with nothing written.
 * Submission to the provider happens later, from the events (WithdrawalSubmitter).
 */
@CommandHandler(RequestWithdrawalCommand)
export class RequestWithdrawalHandler implements ICommandHandler<RequestWithdrawalCommand, string> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MERCHANTS) private readonly merchants: MerchantDirectory,
  ) {}

  async execute({ request: asked, context }: RequestWithdrawalCommand): Promise<string> {
    const tenantId = this.merchants.get(context.merchantId).settings.tenantId;
    // A v4 UUID is 36 characters: exactly the provider's withdrawal_id limit.
    const withdrawalId = randomUUID();
    const request: RequestWithdrawal = { type: 'RequestWithdrawal', data: { ...asked, tenantId, withdrawalId } };
    const metadata = metadataFor(tenantId, context);
    const now = () => this.clock.now().toISOString();
    const hold = holdFundsFor(request);
    const holdEventId = walletEventId(hold);

    await inOneUnit(this.store, async (unit) => {
      const { decided } = await unit.execute(walletDecider, walletStreamId(hold.data), hold, {
        metadata: holdMetadata(metadata, asked),
        now,
        eventId: () => holdEventId,
        takeTurns: true,
      });
      const held = decided[0] as FundsHeld | undefined;
      invariant(held?.type === 'FundsHeld', `hold of new withdrawal ${withdrawalId} decided nothing`);
      // Appended after the hold; if the process dies between the two (a store that appends streams
      // one by one), wallet-postings writes this same event (same id, same data) from FundsHeld.
      await unit.execute(withdrawalDecider, withdrawalStreamId(tenantId, withdrawalId), request, {
        metadata: { ...metadata, causationId: holdEventId },
        now: () => held.data.heldAt,
        eventId: () => withdrawalRequestedEventId(holdEventId),
        assumeNew: true,
      });
    });
    return withdrawalId;
  }
}
