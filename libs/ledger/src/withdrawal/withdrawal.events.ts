import type { DomainEvent } from '../shared/decider';
import type { PostbackQuarantined } from '../shared/postback-quarantined.event';

interface WithdrawalEventBase {
  readonly withdrawalId: string;
  readonly tenantId: string;
}

/** The provider's `message` on a refusal: a string, or Laravel-style field errors (insufficient balance). */
export type ProviderMessage = string | Readonly<Record<string, readonly string[]>>;

/** What the wallet needs to settle or release the hold, carried on every final event. */
interface HoldRef {
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly amountMinor: string;
}

/** Recorded after the wallet's FundsHeld: the funds are already held when this exists. */
export type WithdrawalRequested = DomainEvent<
  'WithdrawalRequested',
  WithdrawalEventBase &
    HoldRef & {
      readonly accountNumber: string;
      readonly accountName: string | null;
      readonly bankCode: string | null;
      readonly requestedAt: string;
    }
>;

/** The provider answered `ok`: accepted for processing, not paid. */
export type WithdrawalSubmitted = DomainEvent<
  'WithdrawalSubmitted',
  WithdrawalEventBase & { readonly attempt: number; readonly submittedAt: string }
>;

/** The provider refused at create: the held funds are to be released. */
export type WithdrawalRejected = DomainEvent<
  'WithdrawalRejected',
  WithdrawalEventBase &
    HoldRef & {
      readonly attempt: number;
      readonly message: ProviderMessage;
      readonly rejectedAt: string;
    }
>;

/** A transient error or a timeout: retry at `retryAt` with the same withdrawal id. Status stays requested. */
export type WithdrawalSubmissionDeferred = DomainEvent<
  'WithdrawalSubmissionDeferred',
  WithdrawalEventBase & {
    readonly attempt: number;
    readonly error: string;
    /** A timeout: the provider may have accepted it. Never a rejection. */
    readonly outcomeUnknown: boolean;
    readonly retryAt: string;
    readonly deferredAt: string;
  }
>;

/**
 * PAYKASSMA_MAX_ATTEMPTS calls ran out without an answer that settles it: the withdrawal stays
 * requested with its funds held, the outcome at the provider unknown, until an operator resubmits
 * it or records the outcome confirmed with Paykassma.
 */
export type WithdrawalSubmissionParked = DomainEvent<
  'WithdrawalSubmissionParked',
  WithdrawalEventBase & {
    readonly attempts: number;
    readonly lastError: string | null;
    readonly outcomeUnknown: boolean;
    readonly parkedAt: string;
  }
>;

/** An operator sent a parked withdrawal again: same withdrawal_id, a fresh budget of attempts. */
export type WithdrawalResubmitted = DomainEvent<
  'WithdrawalResubmitted',
  WithdrawalEventBase & { readonly attemptsBefore: number; readonly resubmittedAt: string }
>;

/** The final outcomes an operator may record for a parked withdrawal. */
export type OperatorOutcome = 'succeeded' | 'failed';

/**
 * An operator recorded the outcome of a parked withdrawal, confirmed with Paykassma (the actor is the
 * API key id in the metadata): succeeded settles the hold, failed returns it to available.
 */
export type WithdrawalResolvedByOperator = DomainEvent<
  'WithdrawalResolvedByOperator',
  WithdrawalEventBase & HoldRef & { readonly outcome: OperatorOutcome; readonly reason: string; readonly resolvedAt: string }
>;

interface PostbackFacts {
  readonly postbackId: string;
  readonly providerStatus: number;
  readonly comment: string | null;
  readonly receivedAt: string;
}

/** Postback status 1: the player was paid; the held funds leave the ledger. */
export type WithdrawalSucceeded = DomainEvent<'WithdrawalSucceeded', WithdrawalEventBase & HoldRef & PostbackFacts & { readonly succeededAt: string }>;

/** Postback status 5: the payout failed; the held funds return to available. */
export type WithdrawalFailed = DomainEvent<'WithdrawalFailed', WithdrawalEventBase & HoldRef & PostbackFacts & { readonly failedAt: string }>;

/** Any other status: recorded for an alert, nothing moves, never treated as paid. */
export type WithdrawalStatusUnrecognized = DomainEvent<
  'WithdrawalStatusUnrecognized',
  WithdrawalEventBase & PostbackFacts & { readonly amountMinor: string; readonly currency: string; readonly recordedAt: string }
>;

export type WithdrawalEvent =
  | WithdrawalRequested
  | WithdrawalSubmitted
  | WithdrawalRejected
  | WithdrawalSubmissionDeferred
  | WithdrawalSucceeded
  | WithdrawalFailed
  | WithdrawalStatusUnrecognized
  | WithdrawalSubmissionParked
  | WithdrawalResubmitted
  | WithdrawalResolvedByOperator
  | PostbackQuarantined;

export const WITHDRAWAL_EVENT_TYPES: readonly WithdrawalEvent['type'][] = [
  'WithdrawalRequested',
  'WithdrawalSubmitted',
  'WithdrawalRejected',
  'WithdrawalSubmissionDeferred',
  'WithdrawalSucceeded',
  'WithdrawalFailed',
  'WithdrawalStatusUnrecognized',
  'WithdrawalSubmissionParked',
  'WithdrawalResubmitted',
  'WithdrawalResolvedByOperator',
  'PostbackQuarantined',
];
