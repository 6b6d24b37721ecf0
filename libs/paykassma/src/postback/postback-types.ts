import type { Money } from '@kassa/kernel';

export type PostbackDirection = 'ingoing' | 'outgoing';

/** Documented withdrawal_status values: 1 = SUCCESS, 5 = FAIL; anything else is kept and called unknown. */
export type WithdrawalOutcome = 'succeeded' | 'failed' | 'unknown';

export interface PostbackBankDetails {
  readonly bankCode: string | null;
  readonly branchCode: string | null;
}

/** One signed element of additional_data[] with every documented field (docs/paykassma.md §3.3), nulls kept. */
export interface PostbackRecord {
  /** Raw provider text ("" on withdrawals) and the instant it denotes in the configured zone. */
  readonly activatedDatetime: string | null;
  readonly activatedAt: Date | null;
  readonly exchangerIdentifier: string | null;
  readonly comment: string | null;
  /** additional_data[i].amount exactly as sent ("10000") and as Money in currencyCode. */
  readonly amountText: string;
  readonly amount: Money;
  readonly currencyCode: string;
  readonly walletType: string;
  readonly stockpilingId: number | null;
  readonly transactionId: string | null;
  readonly transactionType: number | null;
  readonly pluginCustomOrderId: string | null;
  readonly withdrawalId: string | null;
  /** Kept as received: an undocumented value must reach reconciliation, not be dropped. */
  readonly withdrawalStatus: number | string | null;
  readonly withdrawalOutcome: WithdrawalOutcome | null;
  readonly accountNumber: string | null;
  readonly accountName: string | null;
  readonly accountEmail: string | null;
  readonly bankDetails: PostbackBankDetails | null;
  /** The element as parsed, for audit storage. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface ParsedPostback {
  readonly signature: string;
  readonly accessKey: string;
  readonly direction: PostbackDirection;
  readonly walletType: string;
  readonly currencyCode: string;
  /** Unsigned: never bind money to a player through it. */
  readonly label: string | null;
  /** Unsigned and known to disagree with additional_data (docs/paykassma.md §3.3). null when absent or unparseable. */
  readonly amountText: string | null;
  readonly amount: Money | null;
  /** converted_amount as decimal TEXT per currency code (e.g. { USD: "4.76" }); keys not validated. */
  readonly convertedAmount: Readonly<Record<string, string>>;
  /** 'raw-text': taken from the body's characters; 'shortest-float': reformatted JS numbers (no raw body given). */
  readonly convertedAmountSource: 'raw-text' | 'shortest-float';
  readonly createdDatetime: string;
  readonly createdAt: Date;
  readonly records: readonly PostbackRecord[];
}
