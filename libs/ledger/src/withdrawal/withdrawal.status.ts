import { assertNever, invariant } from '../shared/domain-error';
import type { WithdrawalEvent } from './withdrawal.events';

/** Every status a withdrawal can be in: requested (funds held), submitted, then a final one. */
export const WITHDRAWAL_STATUSES = ['requested', 'submitted', 'succeeded', 'failed', 'rejected'] as const;

/** The status of a withdrawal that exists (its stream has at least one event). */
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

/**
 * The one statement of the withdrawal's status rule: the status after `event`, given the status
 * before it (null on an empty stream), and which statuses each event may follow. The decider's
 * evolve and the read model's row both use it. A result postback may come before the submission is
 * recorded (requested → succeeded); a parked withdrawal stays requested until an operator resubmits
 * it or records its outcome; a final status never changes again.
 */
export function withdrawalStatusAfter(before: WithdrawalStatus | null, event: WithdrawalEvent): WithdrawalStatus {
  switch (event.type) {
    case 'WithdrawalRequested':
      invariant(before === null, `withdrawal ${event.data.withdrawalId} requested twice`);
      return 'requested';
    case 'WithdrawalSubmitted':
      return from(before, event.type, ['requested'], 'submitted');
    case 'WithdrawalRejected':
      return from(before, event.type, ['requested'], 'rejected');
    case 'WithdrawalSubmissionDeferred':
      return from(before, event.type, ['requested'], 'requested');
    case 'WithdrawalSucceeded':
      return from(before, event.type, ['requested', 'submitted'], 'succeeded');
    case 'WithdrawalFailed':
      return from(before, event.type, ['requested', 'submitted'], 'failed');
    case 'WithdrawalSubmissionParked':
    case 'WithdrawalResubmitted':
      return from(before, event.type, ['requested'], 'requested');
    case 'WithdrawalResolvedByOperator':
      return from(before, event.type, ['requested'], event.data.outcome);
    case 'WithdrawalStatusUnrecognized':
    case 'PostbackQuarantined':
      invariant(before !== null, `${event.type} before the withdrawal was requested`);
      return before;
    default:
      return assertNever(event, 'withdrawal event');
  }
}

function from(before: WithdrawalStatus | null, eventType: string, allowed: readonly WithdrawalStatus[], after: WithdrawalStatus): WithdrawalStatus {
  invariant(before !== null && allowed.includes(before), `${eventType} in status ${before ?? 'empty'}`);
  return after;
}
