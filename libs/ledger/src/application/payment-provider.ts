import type { ActivationAnswer, DepositCreationAnswer, DepositRequest } from '../deposit/deposit.commands';
import type { SubmissionAnswer, WithdrawalRequest } from '../withdrawal/withdrawal.commands';

/**
 * The payment provider as the ledger's handlers need it: a port the ledger owns, answered in the
 * deciders' own answer types, so no handler knows the provider's wire format, errors or signatures.
 * The Paykassma adapter implements it (libs/infrastructure, paykassma-payment-provider.ts); each
 * merchant has its own (MerchantDirectory).
 */
export interface PaymentProvider {
  /**
   * Wallet details and the payment-window address for a new deposit. A refusal is an answer; an
   * unreachable provider throws (nothing happened that we know of, so nothing is recorded).
   */
  openDeposit(depositId: string, request: DepositRequest): Promise<DepositCreationAnswer>;
  /** Sends the player's transaction number. Never throws for the provider: unreachable is `unknown`. */
  activate(activation: ProviderActivation): Promise<ActivationAnswer>;
  /** One call to create the withdrawal under our id. Never throws: every failure is classified. */
  createWithdrawal(withdrawal: WithdrawalRequest & { readonly withdrawalId: string }): Promise<WithdrawalCallAnswer>;
}

/** A file the player uploaded, sent to the provider as it is (the stream keeps only its digest). */
export interface ScreenshotUpload {
  readonly data: Uint8Array;
  readonly fileName: string;
  readonly contentType: string;
}

export interface ProviderActivation {
  readonly walletType: string;
  readonly label: string;
  readonly currency: string;
  readonly transactionId: string;
  readonly amountMinor: bigint;
  /** Unique per attempt (customTransactionIdFor); the provider sends it back in the postback. */
  readonly customTransactionId: string;
  readonly screenshot: ScreenshotUpload | null;
}

/**
 * What a call to create a withdrawal came to, before the handler picks a retry time: accepted, a
 * definite refusal, or an error whose outcome may be unknown (it may have been processed).
 */
export type WithdrawalCallAnswer =
  | Extract<SubmissionAnswer, { status: 'ok' | 'fail' }>
  | { readonly status: 'error'; readonly error: string; readonly outcomeUnknown: boolean };
