import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicEventId, type EventStore, type RecordedEvent } from '@kassa/event-store';
import { DataSource } from 'typeorm';
import { executeCommand } from '../application/execute-command';
import { causedBy, CLOCK, type Clock, EVENT_STORE, metadataFor } from '../application/ledger-context';
import { withdrawalStreamId } from '@kassa/kernel';
import { withdrawalDecider } from '../withdrawal/withdrawal.decider';
import type { WithdrawalSubmissionDeferred } from '../withdrawal/withdrawal.events';
import { parkSubmission, type SubmissionKey } from './submission-queue';
import { WITHDRAWAL_SUBMITTER_ACTOR, WITHDRAWAL_SUBMITTER_LOG, type SubmitterLog } from './submission-settings';

export class ParkWithdrawalSubmissionCommand {
  constructor(
    readonly key: SubmissionKey,
    /** WithdrawalRequested: the parking belongs to the request (correlation, causation). */
    readonly requested: RecordedEvent,
    readonly lastDeferral: WithdrawalSubmissionDeferred['data'] | null,
  ) {}
}

/**
 * Attempts ran out: WithdrawalSubmissionParked (still requested, funds held, outcome unknown), the
 * work-list row moves to `parked`, and a warning names it. An operator resubmits or resolves it.
 */
@CommandHandler(ParkWithdrawalSubmissionCommand)
export class ParkWithdrawalSubmissionHandler implements ICommandHandler<ParkWithdrawalSubmissionCommand, void> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WITHDRAWAL_SUBMITTER_LOG) private readonly log: SubmitterLog,
  ) {}

  async execute({ key, requested, lastDeferral }: ParkWithdrawalSubmissionCommand): Promise<void> {
    const lastError = lastDeferral?.error ?? null;
    const outcomeUnknown = lastDeferral?.outcomeUnknown ?? true;
    const result = await executeCommand(
      this.store,
      withdrawalDecider,
      withdrawalStreamId(key.tenantId, key.withdrawalId),
      { type: 'ParkWithdrawalSubmission', data: { ...key, lastError, outcomeUnknown } },
      {
        metadata: metadataFor(requested.metadata.tenantId, causedBy(requested, WITHDRAWAL_SUBMITTER_ACTOR)),
        now: () => this.clock.now().toISOString(),
        eventId: () => deterministicEventId(requested.id, 'parked', String(lastDeferral?.attempt ?? 0)),
      },
    );
    const attempts = result.state.status === 'empty' ? 0 : result.state.attempts;
    await parkSubmission(this.dataSource, key, attempts, lastError);
    if (result.appended.length === 0) return;
    this.log.warn(
      { merchant: key.tenantId, withdrawalId: key.withdrawalId, correlationId: requested.metadata.correlationId, attempts, lastError, outcomeUnknown },
      'withdrawal parked: submission attempts exhausted, it stays requested with its funds held; confirm with Paykassma, then resubmit or resolve it (POST /v1/admin/withdrawals/{id}/resubmit | resolve)',
    );
  }
}
