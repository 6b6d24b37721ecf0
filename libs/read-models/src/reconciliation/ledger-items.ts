/**
 * What the ledger knows of a deposit, for matching statement lines (amounts in minor units). A
 * suspense item (money received for no order of ours) is one too: status `in_suspense`, its id as
 * `depositId`, whether or not it was assigned since.
 */
export interface LedgerDepositItem {
  readonly depositId: string;
  readonly streamId: string;
  readonly status: string;
  /** Where the money arrived (credited) or was expected (not yet credited). */
  readonly walletType: string;
  /** The credited postback's transaction id, else the player's submitted one (key1). */
  readonly transactionId: string | null;
  readonly currency: string;
  /** Credited amount, else the activation amount. */
  readonly amountMinor: bigint | null;
  /** credited_at (UTC ISO), null when not credited. */
  readonly at: string | null;
}

export interface LedgerWithdrawalItem {
  readonly withdrawalId: string;
  readonly streamId: string;
  readonly status: string;
  readonly walletType: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  /** finished_at (UTC ISO), null while unfinished. */
  readonly at: string | null;
}

export interface LedgerSide {
  /** Deposits named by a line (by credited or submitted transaction id), whatever their time. */
  readonly depositsByLine: readonly LedgerDepositItem[];
  readonly withdrawalsByLine: readonly LedgerWithdrawalItem[];
  /** What the provider should have listed: credited deposits and finished withdrawals in the period. */
  readonly depositsInPeriod: readonly LedgerDepositItem[];
  readonly withdrawalsInPeriod: readonly LedgerWithdrawalItem[];
}
