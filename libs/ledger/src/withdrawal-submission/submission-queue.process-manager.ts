import type { ProcessManager, RecordedEvent } from '@kassa/event-store';
import type { DataSource } from 'typeorm';
import { WITHDRAWAL_STREAM_PREFIX } from '@kassa/kernel';
import { eventsOf } from '../application/execute-command';
import type { WithdrawalEvent } from '../withdrawal/withdrawal.events';
import { enqueueSubmission, finishSubmission, parkSubmission, requeueSubmission, rescheduleSubmission } from './submission-queue';

export const WITHDRAWAL_SUBMISSION_QUEUE_PROCESS_MANAGER = 'withdrawal-submission-queue';

/**
 * The durable trigger of submissions (docs/architecture.md, invariant 6): WithdrawalRequested puts the
 * withdrawal on the submitter's work list, due at once, and wakes the submitter. It never calls the
 * provider itself, so a slow or failing Paykassma never stalls this subscription; the submitter's
 * own loop does the calls, each withdrawal on its own schedule.
 *
 * WithdrawalSubmissionDeferred moves the row's due time, parking and an operator's resubmission or
 * resolution move its state, so the work list can be rebuilt from the events by resetting this
 * process manager's checkpoint.
 */
export class SubmissionQueueProcessManager implements ProcessManager {
  readonly name = WITHDRAWAL_SUBMISSION_QUEUE_PROCESS_MANAGER;
  readonly streamPrefixes = [WITHDRAWAL_STREAM_PREFIX];
  readonly eventTypes = ['WithdrawalRequested', 'WithdrawalSubmissionDeferred', 'WithdrawalSubmissionParked', 'WithdrawalResubmitted', 'WithdrawalResolvedByOperator'];

  constructor(
    private readonly dataSource: DataSource,
    /** Nudges the submitter so a new withdrawal goes out without waiting for the next poll. */
    private readonly wake: () => void = () => undefined,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    const [domainEvent] = eventsOf<WithdrawalEvent>([event]);
    switch (domainEvent.type) {
      case 'WithdrawalRequested': {
        const { tenantId, withdrawalId, requestedAt } = domainEvent.data;
        await enqueueSubmission(this.dataSource, { tenantId, withdrawalId }, requestedAt);
        this.wake();
        return;
      }
      case 'WithdrawalSubmissionDeferred': {
        const { tenantId, withdrawalId, attempt, retryAt, error } = domainEvent.data;
        await rescheduleSubmission(this.dataSource, { tenantId, withdrawalId }, attempt, retryAt, error);
        return;
      }
      case 'WithdrawalSubmissionParked': {
        const { tenantId, withdrawalId, attempts, lastError } = domainEvent.data;
        await parkSubmission(this.dataSource, { tenantId, withdrawalId }, attempts, lastError);
        return;
      }
      case 'WithdrawalResubmitted': {
        const { tenantId, withdrawalId, resubmittedAt } = domainEvent.data;
        await requeueSubmission(this.dataSource, { tenantId, withdrawalId }, resubmittedAt);
        this.wake();
        return;
      }
      case 'WithdrawalResolvedByOperator':
        await finishSubmission(this.dataSource, domainEvent.data);
        return;
      default:
        return;
    }
  }
}
