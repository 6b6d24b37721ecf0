import type { WithdrawalRef, WithdrawalRequest } from './withdrawal.commands';
import type { WithdrawalStatus } from './withdrawal.status';

/** The request as it was made, and what its submission has come to so far. */
export interface WithdrawalFacts extends WithdrawalRef, WithdrawalRequest {
  /** Submission attempts recorded so far (deferred, submitted or rejected). */
  readonly attempts: number;
  /** Attempts recorded before the last resubmission: the budget of PAYKASSMA_MAX_ATTEMPTS counts from here. */
  readonly attemptsBeforeResubmission: number;
  /** Attempts ran out with the outcome unknown; nothing submits it until an operator acts. */
  readonly parked: boolean;
  /** Fingerprints (withdrawalPostbackFingerprint) of postbacks quarantined or unrecognized: repeats are no-ops. */
  readonly noted: ReadonlySet<string>;
}

export type WithdrawalState =
  | { readonly status: 'empty' }
  | (WithdrawalFacts & { readonly status: WithdrawalStatus });
export type ExistingWithdrawal = Exclude<WithdrawalState, { status: 'empty' }>;
