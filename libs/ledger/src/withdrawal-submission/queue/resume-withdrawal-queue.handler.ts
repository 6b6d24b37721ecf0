import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { DataSource } from 'typeorm';
import { executeCommand } from '../../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, metadataFor, type RequestContext } from '../../application/ledger-context';
import { withdrawalQueueStreamId } from '@kassa/kernel';
import { WITHDRAWAL_SUBMITTER_LOG, type SubmitterLog } from '../submission-settings';
import { endRefusalRun } from './refusal-runs';
import { withdrawalQueueDecider, type WithdrawalQueueState } from './withdrawal-queue.decider';

export class ResumeWithdrawalQueueCommand {
  constructor(readonly context: RequestContext) {}
}

/** An operator resumes their merchant's queue (audited with the API key id); the refusal run starts again from zero. */
@CommandHandler(ResumeWithdrawalQueueCommand)
export class ResumeWithdrawalQueueHandler implements ICommandHandler<ResumeWithdrawalQueueCommand, WithdrawalQueueState> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WITHDRAWAL_SUBMITTER_LOG) private readonly log: SubmitterLog,
  ) {}

  async execute({ context }: ResumeWithdrawalQueueCommand): Promise<WithdrawalQueueState> {
    const tenantId = context.merchantId;
    // The run first: a refusal counted between the resume and this reset would pause it again at once.
    await endRefusalRun(this.dataSource, tenantId);
    const result = await executeCommand(
      this.store,
      withdrawalQueueDecider,
      withdrawalQueueStreamId(tenantId),
      { type: 'ResumeWithdrawalQueue', data: { tenantId } },
      { metadata: metadataFor(tenantId, context), now: () => this.clock.now().toISOString() },
    );
    if (result.appended.length > 0) this.log.info({ merchant: tenantId, actor: context.actor }, 'withdrawal submission queue resumed');
    return result.state;
  }
}
