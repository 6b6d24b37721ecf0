import type { ProcessManager, RecordedEvent } from '@kassa/event-store';
import type { DataSource } from 'typeorm';
import { WITHDRAWAL_STREAM_PREFIX } from '@kassa/kernel';
import { eventsOf } from '../application/execute-command';
import type { WithdrawalRequested, WithdrawalSubmissionDeferred } from '../withdrawal/withdrawal.events';
import { enqueueSubmission, rescheduleSubmission } from './submission-queue';

export const WITHDRAWAL_SUBMISSION_QUEUE_PROCESS_MANAGER = 'withdrawal-submission-queue';

/**
 * The durable trigger of submissions (docs/architecture.md, invariant 6): WithdrawalRequested puts the
 * withdrawal on the submitter's work list, due at once, and wakes the submitter. It never calls the
 * provider itself, so a slow or failing Paykassma never stalls this subscription; the submitter's
 * own loop does the calls, each withdrawal on its own schedule.
 *
 * WithdrawalSubmissionDeferred moves the row's due time, so the work list can be rebuilt from the
 * events by resetting this process manager's checkpoint.
 */
export class SubmissionQueueProcessManager implements ProcessManager {
  readonly name = WITHDRAWAL_SUBMISSION_QUEUE_PROCESS_MANAGER;
  readonly streamPrefixes = [WITHDRAWAL_STREAM_PREFIX];
  readonly eventTypes = ['WithdrawalRequested', 'WithdrawalSubmissionDeferred'];

  constructor(
    private readonly dataSource: DataSource,
    /** Nudges the submitter so a new withdrawal goes out without waiting for the next poll. */
    private readonly wake: () => void = () => undefined,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    const [domainEvent] = eventsOf<WithdrawalRequested | WithdrawalSubmissionDeferred>([event]);
    if (domainEvent.type === 'WithdrawalRequested') {
      const { tenantId, withdrawalId, requestedAt } = domainEvent.data;
      await enqueueSubmission(this.dataSource, { tenantId, withdrawalId }, requestedAt);
      this.wake();
      return;
    }
    const { tenantId, withdrawalId, attempt, retryAt, error } = domainEvent.data;
    await rescheduleSubmission(this.dataSource, { tenantId, withdrawalId }, attempt, retryAt, error);
  }
}
