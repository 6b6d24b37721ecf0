import type { DomainEvent } from './decider';

/**
 * Why a signed postback was kept aside instead of applied. Quarantine is an event, not an error: the
 * postback is genuine (its signature was checked), so it is acknowledged and recorded for finance,
 * and nothing moves.
 */
export type QuarantineReason =
  /** Deposit or withdrawal postback in another currency than the order's. */
  | 'currency_mismatch'
  /** Withdrawal postback whose amount differs from the requested amount. */
  | 'amount_mismatch'
  /** A deposit postback of zero: nothing to credit, and not what a payment looks like. */
  | 'amount_not_positive'
  /** The deposit (or suspense item) was already credited by a different postback (transaction id, amount or currency). */
  | 'conflicts_with_credited_postback'
  /** Withdrawal status 1 after 5 was applied, or 5 after 1. */
  | 'conflicts_with_final_status'
  /** Withdrawal status 1 for a withdrawal the provider refused at create (funds already released). */
  | 'success_after_rejection';

/** One shape for both directions, so the exceptions report reads one event type. */
export interface PostbackQuarantinedData {
  readonly tenantId: string;
  readonly direction: 'ingoing' | 'outgoing';
  readonly depositId: string | null;
  readonly withdrawalId: string | null;
  /** A deposit postback for a suspense item (no deposit): the item's id. Absent on older events. */
  readonly suspenseItemId?: string | null;
  readonly postbackId: string;
  readonly reason: QuarantineReason;
  readonly walletType: string;
  readonly currency: string;
  readonly amountMinor: string;
  /** Deposits: the provider's transaction id (key1); null for withdrawals. */
  readonly transactionId: string | null;
  /** Withdrawals: the provider's withdrawal_status; null for deposits. */
  readonly providerStatus: number | null;
  readonly receivedAt: string;
  readonly quarantinedAt: string;
}

export type PostbackQuarantined = DomainEvent<'PostbackQuarantined', PostbackQuarantinedData>;
