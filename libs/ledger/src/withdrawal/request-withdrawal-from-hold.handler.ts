import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore, RecordedEvent } from '@kassa/event-store';
import { withdrawalStreamId } from '@kassa/kernel';
import { eventsOf, executeCommand } from '../application/execute-command';
import { EVENT_STORE, metadataFor, type RequestContext } from '../application/ledger-context';
import type { FundsHeld } from '../wallet/wallet.events';
import { requestWithdrawalFromHold, withdrawalRequestedEventId } from './hold-to-request';
import { withdrawalDecider } from './withdrawal.decider';

/** A hold (FundsHeld) whose withdrawal stream may be missing: a crash between the request's two appends. */
export class RequestWithdrawalFromHoldCommand {
  constructor(
    readonly hold: RecordedEvent,
    readonly context: RequestContext,
  ) {}
}

/**
 * Writes the WithdrawalRequested a hold stands for (hold-to-request.ts): the same event, with the
 * same id and the same time, as the request handler writes, so if it is there already this is a no-op.
 */
@CommandHandler(RequestWithdrawalFromHoldCommand)
export class RequestWithdrawalFromHoldHandler implements ICommandHandler<RequestWithdrawalFromHoldCommand, void> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ hold, context }: RequestWithdrawalFromHoldCommand): Promise<void> {
    const [held] = eventsOf<FundsHeld>([hold]);
    const request = requestWithdrawalFromHold(held, hold.metadata);
    if (request === null) {
      // Thrown, not skipped: the runner dead-letters it, and an operator decides what the hold is for.
      throw new Error(`hold ${hold.id} for withdrawal ${held.data.withdrawalId} has no request details in its metadata`);
    }
    await executeCommand(this.store, withdrawalDecider, withdrawalStreamId(request.data.tenantId, request.data.withdrawalId), request, {
      metadata: metadataFor(hold.metadata.tenantId, context),
      // The request is as old as its hold: the same time the request handler would have written.
      now: () => held.data.heldAt,
      eventId: () => withdrawalRequestedEventId(hold.id),
    });
  }
}
