import { deterministicEventId, retryDelayMs, type EventMetadata, type EventStore, type RecordedEvent } from '@kassa/event-store';
import { buildWithdrawalRequest, type PaykassmaClient, type WithdrawalSigner } from '@kassa/paykassma';
import type { DataSource } from 'typeorm';
import { eventsOf, executeCommand, readWholeStream } from '../application/execute-command';
import type { Clock } from '../application/ledger-context';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { withdrawalStreamId } from '@kassa/kernel';
import type { RecordSubmissionAttempt, SubmissionAnswer } from '../withdrawal/withdrawal.commands';
import { withdrawalDecider } from '../withdrawal/withdrawal.decider';
import type { WithdrawalEvent, WithdrawalSubmissionDeferred } from '../withdrawal/withdrawal.events';
import type { ExistingWithdrawal } from '../withdrawal/withdrawal.state';
import { classifyFailedCall, submissionAnswerFor } from './submission-answer';
import { withSubmissionLock } from './submission-lock';
import { finishSubmission, parkSubmission, rescheduleSubmission, type SubmissionKey } from './submission-queue';

export const WITHDRAWAL_SUBMITTER_ACTOR = 'withdrawal-submitter';

/** pino's signature, so the runtime's logger fits as it is. */
export interface SubmitterLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SubmissionDeps {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly client: PaykassmaClient;
  readonly clock: Clock;
  readonly log: SubmitterLog;
  /** PAYKASSMA_WITHDRAWAL_KEY and the recipe that signs with it (the default one unless swapped). */
  readonly withdrawalKey: string;
  readonly signer?: WithdrawalSigner;
  /** PAYKASSMA_IS_TEST. */
  readonly isTest: boolean;
  /** PAYKASSMA_MAX_ATTEMPTS: calls per withdrawal, the first included. */
  readonly maxAttempts: number;
  /** PAYKASSMA_RETRY_BASE_MS, doubled per failed attempt with jitter, capped at maxDelayMs. */
  readonly retryBaseMs: number;
  readonly maxDelayMs: number;
  readonly random?: () => number;
}

/**
 * What one turn did with one withdrawal. `ended`: it was no longer requested (or the answer could not
 * be recorded because the stream says otherwise); `busy`: another worker holds it; `failed`: our side
 * failed (database, event store) and it is due again later.
 */
export type SubmissionOutcome = 'submitted' | 'rejected' | 'deferred' | 'parked' | 'not_due' | 'ended' | 'busy' | 'failed';

/**
 * One turn for one due withdrawal, under its lock: re-read the stream (only a withdrawal still
 * `requested` is sent, and only when its last deferral is due), call /v2/withdrawal/create with our
 * withdrawal_id, record the answer with RecordSubmissionAttempt, and move the work-list row.
 */
export async function submitWithdrawal(deps: SubmissionDeps, key: SubmissionKey): Promise<SubmissionOutcome> {
  const locked = await withSubmissionLock(deps.dataSource, key, () => submitLocked(deps, key));
  return locked.locked ? locked.value : 'busy';
}

async function submitLocked(deps: SubmissionDeps, key: SubmissionKey): Promise<SubmissionOutcome> {
  const streamId = withdrawalStreamId(key.tenantId, key.withdrawalId);
  const recorded = await readWholeStream(deps.store, streamId);
  const state = fold(withdrawalDecider, eventsOf<WithdrawalEvent>(recorded));
  if (state.status !== 'requested') {
    // Answered already, or a postback overtook us; an empty stream cannot have a row but would end here too.
    await finishSubmission(deps.dataSource, key);
    return 'ended';
  }
  const lastDeferral = lastDeferralOf(recorded);
  if (lastDeferral && Date.parse(lastDeferral.data.retryAt) > deps.clock.now().getTime()) {
    // The row is behind the stream (a crash between recording and rescheduling): catch it up.
    await rescheduleSubmission(deps.dataSource, key, state.attempts, lastDeferral.data.retryAt, lastDeferral.data.error);
    return 'not_due';
  }
  if (state.attempts >= deps.maxAttempts) {
    await parkSubmission(deps.dataSource, key, state.attempts, lastDeferral?.data.error ?? null);
    deps.log.warn(
      { merchant: key.tenantId, withdrawalId: key.withdrawalId, correlationId: recorded[0]?.metadata.correlationId, attempts: state.attempts, lastError: lastDeferral?.data.error, outcomeUnknown: lastDeferral?.data.outcomeUnknown },
      'withdrawal submission attempts exhausted: it stays requested with its funds held; reconcile it with Paykassma',
    );
    return 'parked';
  }

  const { answer, answeredAt } = await callProvider(deps, state);
  const requested = recorded[0];
  const attempt = state.attempts + 1;
  try {
    const result = await executeCommand(deps.store, withdrawalDecider, streamId, recordCommand(key, answer), {
      metadata: metadataCausedBy(requested),
      // The answer's own time: a deferral's retryAt counts from it, so the recorded delay is exact.
      now: () => answeredAt,
      eventId: (index) => deterministicEventId(requested.id, 'submission-attempt', String(attempt), String(index)),
    });
    if (result.state.status === 'requested' && answer.status === 'error') {
      await rescheduleSubmission(deps.dataSource, key, result.state.attempts, answer.retryAt, answer.error);
      deps.log.warn(
        { merchant: key.tenantId, withdrawalId: key.withdrawalId, correlationId: requested.metadata.correlationId, attempt, maxAttempts: deps.maxAttempts, retryAt: answer.retryAt,
          delayMs: Date.parse(answer.retryAt) - Date.parse(answeredAt), outcomeUnknown: answer.outcomeUnknown, error: answer.error },
        'withdrawal submission failed; retried with the same withdrawal_id',
      );
      return 'deferred';
    }
  } catch (error) {
    // The answer contradicts what the stream now says (a fail after a success postback): nothing to
    // undo here; the withdrawal is no longer ours to submit, and finance must see it.
    if (!(error instanceof DomainError)) throw error;
    deps.log.error({ merchant: key.tenantId, withdrawalId: key.withdrawalId, answer, error: error.message }, 'provider answer contradicts the withdrawal; not recorded');
  }
  await finishSubmission(deps.dataSource, key);
  return answer.status === 'ok' ? 'submitted' : answer.status === 'fail' ? 'rejected' : 'ended';
}

async function callProvider(deps: SubmissionDeps, withdrawal: ExistingWithdrawal): Promise<{ answer: SubmissionAnswer; answeredAt: string }> {
  try {
    const body = buildWithdrawalRequest(
      {
        withdrawalId: withdrawal.withdrawalId,
        walletType: withdrawal.walletType,
        amount: { amountMinor: withdrawal.amountMinor, currency: withdrawal.currency },
        label: withdrawal.label,
        accountNumber: withdrawal.accountNumber,
        accountName: withdrawal.accountName,
        bankCode: withdrawal.bankCode,
        isTest: deps.isTest,
      },
      { key: deps.withdrawalKey, signer: deps.signer },
    );
    await deps.client.createWithdrawal(body);
    return { answer: { status: 'ok' }, answeredAt: deps.clock.now().toISOString() };
  } catch (error) {
    // The retry time counts from the end of this call, so a slow timeout does not eat the delay.
    const answeredAt = deps.clock.now();
    const delayMs = retryDelayMs(withdrawal.attempts + 1, { baseDelayMs: deps.retryBaseMs, maxDelayMs: deps.maxDelayMs }, deps.random);
    const retryAt = new Date(answeredAt.getTime() + delayMs).toISOString();
    return { answer: submissionAnswerFor(classifyFailedCall(error), retryAt), answeredAt: answeredAt.toISOString() };
  }
}

function recordCommand(key: SubmissionKey, answer: SubmissionAnswer): RecordSubmissionAttempt {
  return { type: 'RecordSubmissionAttempt', data: { tenantId: key.tenantId, withdrawalId: key.withdrawalId, answer } };
}

function lastDeferralOf(recorded: readonly RecordedEvent[]): WithdrawalSubmissionDeferred | undefined {
  const deferrals = eventsOf<WithdrawalEvent>(recorded).filter((event): event is WithdrawalSubmissionDeferred => event.type === 'WithdrawalSubmissionDeferred');
  return deferrals[deferrals.length - 1];
}

/** The attempt belongs to the request: same correlation id, caused by WithdrawalRequested. */
function metadataCausedBy(requested: RecordedEvent): EventMetadata {
  return {
    tenantId: requested.metadata.tenantId,
    correlationId: requested.metadata.correlationId ?? requested.id,
    causationId: requested.id,
    actor: WITHDRAWAL_SUBMITTER_ACTOR,
  };
}
