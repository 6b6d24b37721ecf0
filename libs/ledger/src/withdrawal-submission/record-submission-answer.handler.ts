import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicEventId, type EventStore, type RecordedEvent } from '@kassa/event-store';
import { DataSource } from 'typeorm';
import { executeCommand } from '../application/execute-command';
import { causedBy, CLOCK, type Clock, EVENT_STORE, metadataFor } from '../application/ledger-context';
import { DomainError } from '../shared/domain-error';
import { withdrawalStreamId } from '@kassa/kernel';
import { PauseWithdrawalQueueCommand } from './queue/pause-withdrawal-queue.handler';
import { countRefusal, endRefusalRun } from './queue/refusal-runs';
import { WithdrawalQueueStateReader } from './queue/withdrawal-queue-state';
import type { SubmissionAnswer } from '../withdrawal/withdrawal.commands';
import { withdrawalDecider } from '../withdrawal/withdrawal.decider';
import type { ProviderMessage } from '../withdrawal/withdrawal.events';
import { finishSubmission, rescheduleSubmission, type SubmissionKey } from './submission-queue';
import { WITHDRAWAL_SUBMISSION_SETTINGS, WITHDRAWAL_SUBMITTER_ACTOR, WITHDRAWAL_SUBMITTER_LOG, type SubmissionOutcome, type SubmitterLog, type WithdrawalSubmissionSettings } from './submission-settings';

export class RecordSubmissionAnswerCommand {
  constructor(
    readonly key: SubmissionKey,
    readonly answer: SubmissionAnswer,
    /** When the provider answered (ISO UTC): a deferral's retryAt counts from it. */
    readonly answeredAt: string,
    /** The attempt's number on the stream (1-based, across resubmissions). */
    readonly attempt: number,
    /** WithdrawalRequested: the attempt belongs to the request (correlation, causation, event ids). */
    readonly requested: RecordedEvent,
  ) {}
}

/**
 * Records what one call to /v2/withdrawal/create came to (RecordSubmissionAttempt) and moves the
 * work-list row. A refusal is where the queue may pause: the refusals of a run with the same reason
 * are counted, and the one that reaches PAYKASSMA_PAUSE_AFTER_REFUSALS (and any refusal while the
 * queue is paused) is kept as a deferral, not a rejection: its withdrawal stays requested with its
 * funds held and goes out again once an operator resumes the queue.
 */
@CommandHandler(RecordSubmissionAnswerCommand)
export class RecordSubmissionAnswerHandler implements ICommandHandler<RecordSubmissionAnswerCommand, SubmissionOutcome> {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WITHDRAWAL_SUBMISSION_SETTINGS) private readonly settings: WithdrawalSubmissionSettings,
    @Inject(WITHDRAWAL_SUBMITTER_LOG) private readonly log: SubmitterLog,
    private readonly queue: WithdrawalQueueStateReader,
  ) {}

  async execute({ key, answer: given, answeredAt, attempt, requested }: RecordSubmissionAnswerCommand): Promise<SubmissionOutcome> {
    const answer = given.status === 'fail' ? await this.refusalOrHold(key, given.message, answeredAt, requested) : given;
    const held = given.status === 'fail' && answer.status === 'error';
    this.logAnswer(key, given, answeredAt, attempt, held, requested);
    try {
      const result = await executeCommand(this.store, withdrawalDecider, withdrawalStreamId(key.tenantId, key.withdrawalId), { type: 'RecordSubmissionAttempt', data: { ...key, answer } }, {
        metadata: metadataFor(requested.metadata.tenantId, causedBy(requested, WITHDRAWAL_SUBMITTER_ACTOR)),
        // The answer's own time: a deferral's retryAt counts from it, so the recorded delay is exact.
        now: () => answeredAt,
        eventId: (index) => deterministicEventId(requested.id, 'submission-attempt', String(attempt), String(index)),
      });
      if (answer.status === 'ok') await endRefusalRun(this.dataSource, key.tenantId);
      if (result.state.status === 'requested' && answer.status === 'error') {
        await rescheduleSubmission(this.dataSource, key, result.state.attempts, answer.retryAt, answer.error);
        return held ? 'held' : 'deferred';
      }
    } catch (error) {
      // The answer contradicts what the stream now says (a fail after a success postback): nothing to
      // undo here; the withdrawal is no longer ours to submit, and finance must see it.
      if (!(error instanceof DomainError)) throw error;
      this.log.error({ merchant: key.tenantId, withdrawalId: key.withdrawalId, correlationId: requested.metadata.correlationId, answer, error: error.message }, 'provider answer contradicts the withdrawal; not recorded');
    }
    await finishSubmission(this.dataSource, key);
    return answer.status === 'ok' ? 'submitted' : answer.status === 'fail' ? 'rejected' : 'ended';
  }

  /** The refusal as it is, or, when the queue is (now) paused, a deferral due at once after the resume. */
  private async refusalOrHold(key: SubmissionKey, message: ProviderMessage, answeredAt: string, requested: RecordedEvent): Promise<SubmissionAnswer> {
    const reason = refusalReason(message);
    const hold: SubmissionAnswer = {
      status: 'error',
      error: `refused by the provider (${reason}) while the submission queue is paused; sent again once it is resumed`,
      outcomeUnknown: false,
      retryAt: answeredAt,
    };
    if ((await this.queue.current(key.tenantId)).status === 'paused') return hold;
    const refusals = await countRefusal(this.dataSource, key.tenantId, reason);
    if (refusals < this.settings.pauseAfterRefusals) return { status: 'fail', message };
    await this.commandBus.execute(new PauseWithdrawalQueueCommand(key.tenantId, reason, refusals, key.withdrawalId, requested.metadata.correlationId ?? requested.id));
    return hold;
  }

  private logAnswer(key: SubmissionKey, answer: SubmissionAnswer, answeredAt: string, attempt: number, held: boolean, requested: RecordedEvent): void {
    const details = { merchant: key.tenantId, withdrawalId: key.withdrawalId, correlationId: requested.metadata.correlationId, attempt, maxAttempts: this.settings.maxAttempts };
    if (answer.status === 'error') {
      // The delay planned at the answer, not what is left of it when this line is written (a slow
      // machine would log 0).
      const delayMs = Date.parse(answer.retryAt) - Date.parse(answeredAt);
      this.log.warn({ ...details, error: answer.error, outcomeUnknown: answer.outcomeUnknown, retryAt: answer.retryAt, delayMs: Math.max(0, delayMs) }, 'withdrawal submission failed; retried with the same withdrawal_id');
    } else if (answer.status === 'fail') {
      this.log.warn({ ...details, reason: refusalReason(answer.message), held }, held ? 'withdrawal refused by the provider; kept requested (queue paused)' : 'withdrawal refused by the provider; rejected, funds released');
    }
  }
}

/** One string per refusal, the same for the same refusal (field messages in a stable order). */
export function refusalReason(message: ProviderMessage): string {
  if (typeof message === 'string') return message;
  return Object.keys(message)
    .sort()
    .map((field) => `${field}: ${message[field].join(', ')}`)
    .join('; ');
}
