import type { Command } from '../shared/decider';
import type { OperatorOutcome, ProviderMessage } from './withdrawal.events';

/** Which withdrawal stream: the handler derives it with withdrawalStreamId(tenantId, withdrawalId). */
export interface WithdrawalRef {
  readonly tenantId: string;
  readonly withdrawalId: string;
}

/**
 * What the caller asks for: the fields of the RequestWithdrawalCommand on the bus, and the request
 * part of the decider's RequestWithdrawal (declared once). The wallet type and currency come from the
 * catalogue and the amount passed its rules, all checked at the edge.
 */
export interface WithdrawalRequest {
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly amountMinor: bigint;
  readonly accountNumber: string;
  readonly accountName: string | null;
  readonly bankCode: string | null;
}

/** Decided after the wallet's HoldFunds succeeded (the hold is the balance check). */
export type RequestWithdrawal = Command<'RequestWithdrawal', WithdrawalRef & WithdrawalRequest>;

/** What one call to `/v2/withdrawal/create` came to. */
export type SubmissionAnswer =
  | { readonly status: 'ok' }
  | { readonly status: 'fail'; readonly message: ProviderMessage }
  /** Network error, 5xx, or a timeout (`outcomeUnknown: true`); `retryAt` is the caller's backoff choice. */
  | { readonly status: 'error'; readonly error: string; readonly outcomeUnknown: boolean; readonly retryAt: string };

export type RecordSubmissionAttempt = Command<'RecordSubmissionAttempt', WithdrawalRef & { readonly answer: SubmissionAnswer }>;

/** A verified withdrawal postback record (`direction: outgoing`), amounts already in minor units. */
export type ApplyWithdrawalPostback = Command<
  'ApplyWithdrawalPostback',
  WithdrawalRef & {
    readonly postbackId: string;
    /** `withdrawal_status`: 1 = success, 5 = fail, anything else is unrecognized. */
    readonly status: number;
    readonly amountMinor: bigint;
    readonly currency: string;
    readonly comment: string | null;
    readonly receivedAt: string;
  }
>;

/** The submitter used up its attempts: park the withdrawal (funds held) for an operator. */
export type ParkWithdrawalSubmission = Command<
  'ParkWithdrawalSubmission',
  WithdrawalRef & { readonly lastError: string | null; readonly outcomeUnknown: boolean }
>;

/** An operator sends a parked withdrawal again with the same withdrawal_id. */
export type ResubmitWithdrawal = Command<'ResubmitWithdrawal', WithdrawalRef>;

/** An operator records the outcome of a parked withdrawal, confirmed with Paykassma. */
export type ResolveWithdrawal = Command<'ResolveWithdrawal', WithdrawalRef & { readonly outcome: OperatorOutcome; readonly reason: string }>;

export type WithdrawalCommand =
  | RequestWithdrawal
  | RecordSubmissionAttempt
  | ApplyWithdrawalPostback
  | ParkWithdrawalSubmission
  | ResubmitWithdrawal
  | ResolveWithdrawal;
