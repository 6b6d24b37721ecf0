import { assertNever, invariant } from '../shared/domain-error';
import type { DepositEvent } from './deposit.events';

/** Every status a deposit can be in, in the order a deposit usually passes through them. */
export const DEPOSIT_STATUSES = ['created', 'awaiting_confirmation', 'activation_rejected', 'credited', 'failed'] as const;

/** The status of a deposit that exists (its stream has at least one event). */
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number];

/**
 * The one statement of the deposit's status rule: the status after `event`, given the status before
 * it (null on an empty stream). The decider's evolve and the read model's row both use it.
 * A credit is final: an activation answer that arrives after it leaves the deposit credited.
 */
export function depositStatusAfter(before: DepositStatus | null, event: DepositEvent): DepositStatus {
  switch (event.type) {
    case 'WalletDetailsIssued':
    case 'UnmatchedDepositReceived':
      return 'created';
    case 'DepositCreationFailed':
      return 'failed';
    case 'ActivationAccepted':
      return before === 'credited' ? 'credited' : 'awaiting_confirmation';
    case 'ActivationRejected':
      return before === 'credited' ? 'credited' : 'activation_rejected';
    case 'DepositCredited':
      return 'credited';
    case 'ActivationSubmitted':
    case 'ActivationAnswerUnknown':
    case 'PostbackReceived':
    case 'PostbackQuarantined':
      return statusOfExisting(before, event.type);
    default:
      return assertNever(event, 'deposit event');
  }
}

function statusOfExisting(before: DepositStatus | null, eventType: string): DepositStatus {
  invariant(before !== null, `${eventType} before the deposit was opened`);
  return before;
}
