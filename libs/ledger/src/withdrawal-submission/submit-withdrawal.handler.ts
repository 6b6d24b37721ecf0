import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { retryDelayMs, type EventStore, type RecordedEvent } from '@kassa/event-store';
import { DataSource } from 'typeorm';
import { eventsOf, readWholeStream } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, MERCHANTS, type MerchantDirectory, type MerchantLedger } from '../application/ledger-context';
import { fold } from '../shared/decider';
import { withdrawalStreamId } from '@kassa/kernel';
import { WithdrawalQueueStateReader } from './queue/withdrawal-queue-state';
import type { SubmissionAnswer } from '../withdrawal/withdrawal.commands';
import { withdrawalDecider } from '../withdrawal/withdrawal.decider';
import type { WithdrawalEvent, WithdrawalSubmissionDeferred } from '../withdrawal/withdrawal.events';
import type { ExistingWithdrawal } from '../withdrawal/withdrawal.state';
import { ParkWithdrawalSubmissionCommand } from './park-withdrawal-submission.handler';
import { RecordSubmissionAnswerCommand } from './record-submission-answer.handler';
import { withSubmissionLock } from './submission-lock';
import { finishSubmission, parkSubmission, rescheduleSubmission, type SubmissionKey } from './submission-queue';
import { DEFAULT_MAX_DELAY_MS, WITHDRAWAL_SUBMISSION_SETTINGS, type SubmissionOutcome, type WithdrawalSubmissionSettings } from './submission-settings';

/** One turn for one due withdrawal: dispatched by the submitter's loop over the work list. */
export class SubmitWithdrawalCommand {
  constructor(readonly key: SubmissionKey) {}
}

/**
 * The call goes out through the withdrawal's merchant's payment provider (its own client, withdrawal
 * key and test flag), and only that merchant's paused queue holds it back.
 * Under the withdrawal's lock (never two calls for it at once, in any process): re-read the stream
 * (only a withdrawal still `requested`, not parked, and due is sent), call /v2/withdrawal/create
 * with our withdrawal_id, and record the answer (RecordSubmissionAnswerCommand). When its attempts
 * have run out it is parked instead (ParkWithdrawalSubmissionCommand); while the queue is paused
 * nothing is sent.
 */
@CommandHandler(SubmitWithdrawalCommand)
export class SubmitWithdrawalHandler implements ICommandHandler<SubmitWithdrawalCommand, SubmissionOutcome> {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MERCHANTS) private readonly merchants: MerchantDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WITHDRAWAL_SUBMISSION_SETTINGS) private readonly settings: WithdrawalSubmissionSettings,
    private readonly queue: WithdrawalQueueStateReader,
  ) {}

  async execute({ key }: SubmitWithdrawalCommand): Promise<SubmissionOutcome> {
    const locked = await withSubmissionLock(this.dataSource, key, () => this.submitLocked(key));
    return locked.locked ? locked.value : 'busy';
  }

  private async submitLocked(key: SubmissionKey): Promise<SubmissionOutcome> {
    const recorded = await readWholeStream(this.store, withdrawalStreamId(key.tenantId, key.withdrawalId));
    const state = fold(withdrawalDecider, eventsOf<WithdrawalEvent>(recorded));
    if (state.status !== 'requested') {
      // Answered already, resolved, or a postback overtook us; an empty stream cannot have a row but would end here too.
      await finishSubmission(this.dataSource, key);
      return 'ended';
    }
    if (state.parked) {
      // The row is behind the stream (a crash between parking and moving the row).
      await parkSubmission(this.dataSource, key, state.attempts, null);
      return 'parked';
    }
    const lastDeferral = lastDeferralOf(recorded);
    if (lastDeferral && Date.parse(lastDeferral.data.retryAt) > this.clock.now().getTime()) {
      // The row is behind the stream (a crash between recording and rescheduling): catch it up.
      await rescheduleSubmission(this.dataSource, key, state.attempts, lastDeferral.data.retryAt, lastDeferral.data.error);
      return 'not_due';
    }
    if ((await this.queue.current(key.tenantId)).status === 'paused') return 'paused';
    const attemptsSinceResubmission = state.attempts - state.attemptsBeforeResubmission;
    if (attemptsSinceResubmission >= this.settings.maxAttempts) {
      await this.commandBus.execute(new ParkWithdrawalSubmissionCommand(key, recorded[0], lastDeferral?.data ?? null));
      return 'parked';
    }

    const { answer, answeredAt } = await this.callProvider(this.merchants.get(key.tenantId), state, attemptsSinceResubmission + 1);
    return this.commandBus.execute(new RecordSubmissionAnswerCommand(key, answer, answeredAt, state.attempts + 1, recorded[0]));
  }

  private async callProvider(merchant: MerchantLedger, withdrawal: ExistingWithdrawal, attempt: number): Promise<{ answer: SubmissionAnswer; answeredAt: string }> {
    const called = await merchant.provider.createWithdrawal(withdrawal);
    // The retry time counts from the end of this call, so a slow timeout does not eat the delay.
    const answeredAt = this.clock.now();
    if (called.status !== 'error') return { answer: called, answeredAt: answeredAt.toISOString() };
    const backoff = { baseDelayMs: this.settings.retryBaseMs, maxDelayMs: this.settings.maxDelayMs ?? DEFAULT_MAX_DELAY_MS };
    const retryAt = new Date(answeredAt.getTime() + retryDelayMs(attempt, backoff, this.settings.random)).toISOString();
    return { answer: { ...called, retryAt }, answeredAt: answeredAt.toISOString() };
  }
}

function lastDeferralOf(recorded: readonly RecordedEvent[]): WithdrawalSubmissionDeferred | undefined {
  const deferrals = eventsOf<WithdrawalEvent>(recorded).filter((event): event is WithdrawalSubmissionDeferred => event.type === 'WithdrawalSubmissionDeferred');
  return deferrals[deferrals.length - 1];
}
