import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { suspenseStreamId, walletStreamId } from '@kassa/kernel';
import { CLOCK, type Clock, EVENT_STORE, metadataFor, type RequestContext } from '../application/ledger-context';
import { inOneUnit } from '../application/unit-of-work';
import { invariant } from '../shared/domain-error';
import { walletDecider } from '../wallet/wallet.decider';
import { walletEventId } from '../wallet/wallet-event-id';
import { walletCommandForSuspense } from '../wallet/wallet.reactions';
import { type ExistingSuspenseItem, suspenseDecider } from './suspense.decider';

/** Finance gives a suspense item of the request's merchant to a player (`label`). */
export class AssignSuspenseCommand {
  constructor(
    readonly itemId: string,
    readonly label: string,
    readonly context: RequestContext,
  ) {}
}

/**
 * SuspenseAssigned (audited: the API key id is both `assignedBy` and the event's actor) and the
 * player's credit from the suspense account, committed together (one transaction on PostgreSQL),
 * so the player's balance shows the money when the command returns. The credit's event id is
 * derived from the item, so wallet-postings, which repairs a crash between the two appends on a
 * store that appends streams one by one, writes the same event or finds it there.
 */
@CommandHandler(AssignSuspenseCommand)
export class AssignSuspenseHandler implements ICommandHandler<AssignSuspenseCommand, ExistingSuspenseItem> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ itemId, label, context }: AssignSuspenseCommand): Promise<ExistingSuspenseItem> {
    const tenantId = context.merchantId;
    const metadata = metadataFor(tenantId, context);
    const now = () => this.clock.now().toISOString();
    return inOneUnit(this.store, async (unit) => {
      const item = await unit.execute(
        suspenseDecider,
        suspenseStreamId(tenantId, itemId),
        { type: 'AssignSuspense', data: { tenantId, itemId, label, assignedBy: context.actor } },
        { metadata, now },
      );
      const credit = walletCommandForSuspense(item.state);
      invariant(credit !== null && item.state.status === 'assigned', `assigning suspense item ${itemId} left it ${item.state.status}`);
      await unit.execute(walletDecider, walletStreamId(credit.data), credit, { metadata, now, eventId: () => walletEventId(credit), takeTurns: true });
      return item.state;
    });
  }
}
