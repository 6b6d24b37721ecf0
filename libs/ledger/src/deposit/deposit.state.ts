import type { DepositStatus } from './deposit.status';

/** One activation attempt and what the provider said about it. */
export interface Activation {
  readonly attempt: number;
  readonly transactionId: string;
  readonly amountMinor: bigint;
  readonly outcome: 'submitted' | 'accepted' | 'rejected' | 'unknown';
}

/** The postback that credited the deposit: its natural key plus amount and currency. */
export interface CreditingPostback {
  readonly postbackId: string;
  readonly walletType: string;
  readonly transactionId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
}

export interface DepositFacts {
  readonly depositId: string;
  readonly tenantId: string;
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly requestedAmountMinor: bigint | null;
  readonly lang: string | null;
  /** Started by UnmatchedDepositReceived rather than opened by a merchant. */
  readonly unmatched: boolean;
  /** The latest attempt: its amount and transaction id are what the postback is compared with. */
  readonly lastActivation: Activation | null;
  /** Fingerprints (depositPostbackFingerprint) of postbacks already quarantined: a repeat is a no-op. */
  readonly quarantined: ReadonlySet<string>;
}

export type DepositState =
  | { readonly status: 'empty' }
  | (DepositFacts & { readonly status: Exclude<DepositStatus, 'credited'> })
  | (DepositFacts & { readonly status: 'credited'; readonly credit: CreditingPostback });

export type ExistingDeposit = Exclude<DepositState, { status: 'empty' }>;
