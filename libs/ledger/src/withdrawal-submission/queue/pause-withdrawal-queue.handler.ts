import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { executeCommand } from '../../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE } from '../../application/ledger-context';
import { withdrawalQueueStreamId } from '@kassa/kernel';
import { WITHDRAWAL_SUBMITTER_ACTOR, WITHDRAWAL_SUBMITTER_LOG, type SubmitterLog } from '../submission-settings';
import { withdrawalQueueDecider } from './withdrawal-queue.decider';

export class PauseWithdrawalQueueCommand {
  constructor(
    /** The merchant whose queue pauses: the refused withdrawal's. */
    readonly tenantId: string,
    readonly reason: string,
    readonly refusals: number,
    /** The withdrawal whose refusal completed the run. */
    readonly withdrawalId: string,
    readonly correlationId: string,
  ) {}
}

/** Pauses the queue (once: a paused queue stays as it is) and says so at error level. */
@CommandHandler(PauseWithdrawalQueueCommand)
export class PauseWithdrawalQueueHandler implements ICommandHandler<PauseWithdrawalQueueCommand, void> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WITHDRAWAL_SUBMITTER_LOG) private readonly log: SubmitterLog,
  ) {}

  async execute({ tenantId, reason, refusals, withdrawalId, correlationId }: PauseWithdrawalQueueCommand): Promise<void> {
    const result = await executeCommand(
      this.store,
      withdrawalQueueDecider,
      withdrawalQueueStreamId(tenantId),
      { type: 'PauseWithdrawalQueue', data: { tenantId, reason, refusals, withdrawalId } },
      { metadata: { tenantId, correlationId, causationId: correlationId, actor: WITHDRAWAL_SUBMITTER_ACTOR }, now: () => this.clock.now().toISOString() },
    );
    if (result.appended.length === 0) return;
    this.log.error(
      { merchant: tenantId, reason, refusals, withdrawalId },
      'withdrawal submission queue paused: the provider refused this many withdrawals in a row for the same reason; they stay requested with their funds held until an operator resumes the queue (POST /v1/admin/withdrawal-queue/resume)',
    );
  }
}
