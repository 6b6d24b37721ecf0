import type { DomainEvent } from '../../shared/decider';

/**
 * The submission queue stopped itself after a run of identical provider refusals (a wrong signing
 * key, a rotated key, an empty provider balance): withdrawals stay requested with their funds held
 * instead of each being rejected, until an operator resumes it.
 */
export type WithdrawalQueuePaused = DomainEvent<
  'WithdrawalQueuePaused',
  {
    readonly tenantId: string;
    /** The provider's refusal, as one string. */
    readonly reason: string;
    /** How many refusals in a row carried that reason. */
    readonly refusals: number;
    /** The withdrawal whose refusal made the run long enough. */
    readonly withdrawalId: string;
    readonly pausedAt: string;
  }
>;

/** An operator resumed the queue (the actor is the API key id in the metadata). */
export type WithdrawalQueueResumed = DomainEvent<'WithdrawalQueueResumed', { readonly tenantId: string; readonly pausedAt: string; readonly resumedAt: string }>;

export type WithdrawalQueueEvent = WithdrawalQueuePaused | WithdrawalQueueResumed;

export const WITHDRAWAL_QUEUE_EVENT_TYPES: readonly WithdrawalQueueEvent['type'][] = ['WithdrawalQueuePaused', 'WithdrawalQueueResumed'];
