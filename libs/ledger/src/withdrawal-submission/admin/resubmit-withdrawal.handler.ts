import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { DataSource } from 'typeorm';
import { executeCommand } from '../../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, metadataFor, type RequestContext } from '../../application/ledger-context';
import { withdrawalStreamId } from '@kassa/kernel';
import { requeueSubmission } from '../submission-queue';
import { withdrawalDecider } from '../../withdrawal/withdrawal.decider';
import type { ExistingWithdrawal } from '../../withdrawal/withdrawal.state';

export class ResubmitWithdrawalCommand {
  constructor(
    readonly withdrawalId: string,
    readonly context: RequestContext,
  ) {}
}

/**
 * An operator sends a parked withdrawal again: WithdrawalResubmitted (audited with the API key id),
 * a fresh budget of PAYKASSMA_MAX_ATTEMPTS, the same withdrawal_id (the provider deduplicates it, so
 * a withdrawal it did take is not paid twice). The work-list row is due at once; the process
 * manager does the same from the event, should this process die in between.
 */
@CommandHandler(ResubmitWithdrawalCommand)
export class ResubmitWithdrawalHandler implements ICommandHandler<ResubmitWithdrawalCommand, ExistingWithdrawal> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ withdrawalId, context }: ResubmitWithdrawalCommand): Promise<ExistingWithdrawal> {
    const tenantId = context.merchantId;
    const now = this.clock.now().toISOString();
    const result = await executeCommand(this.store, withdrawalDecider, withdrawalStreamId(tenantId, withdrawalId), { type: 'ResubmitWithdrawal', data: { tenantId, withdrawalId } }, {
      metadata: metadataFor(tenantId, context),
      now: () => now,
    });
    await requeueSubmission(this.dataSource, { tenantId, withdrawalId }, now);
    return result.state as ExistingWithdrawal;
  }
}
