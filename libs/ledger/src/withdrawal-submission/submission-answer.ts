import { ProviderRejected, ProviderUnavailable } from '@kassa/paykassma';
import type { SubmissionAnswer } from '../withdrawal/withdrawal.commands';

/** What a failed /v2/withdrawal/create call means for the withdrawal, before the retry time is known. */
export type FailedCall =
  | { readonly status: 'fail'; readonly message: SubmissionAnswerFail['message'] }
  | { readonly status: 'error'; readonly error: string; readonly outcomeUnknown: boolean };

type SubmissionAnswerFail = Extract<SubmissionAnswer, { status: 'fail' }>;

/**
 * - A documented `fail` (insufficient balance included) is a definite no: the withdrawal is rejected
 *   and its hold released. Except when the provider says our withdrawal_id is taken: then it HAS a
 *   withdrawal under our id (an earlier attempt whose answer we lost), so releasing the funds could
 *   pay the player twice. That is treated as an unknown outcome: retried, then parked for reconciliation.
 * - ProviderUnavailable: transient. A timeout, 5xx or lost connection may have been processed
 *   (outcomeUnknown); a refused connection or 429 certainly was not.
 * - Anything else is our own failure before or around the call: unknown, to be safe; never a rejection.
 */
export function classifyFailedCall(error: unknown): FailedCall {
  if (error instanceof ProviderRejected) {
    if (error.fieldMessages && 'withdrawal_id' in error.fieldMessages) {
      return { status: 'error', error: `provider knows this withdrawal_id already: ${error.providerMessage}`, outcomeUnknown: true };
    }
    return { status: 'fail', message: error.fieldMessages ?? error.providerMessage };
  }
  if (error instanceof ProviderUnavailable) {
    return { status: 'error', error: error.message, outcomeUnknown: error.outcome === 'unknown' };
  }
  return { status: 'error', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), outcomeUnknown: true };
}

export function submissionAnswerFor(call: FailedCall, retryAt: string): SubmissionAnswer {
  return call.status === 'fail' ? call : { ...call, retryAt };
}
