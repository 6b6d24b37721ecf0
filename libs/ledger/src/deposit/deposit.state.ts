import type { ActivationRequest, DepositRef, DepositRequest } from './deposit.commands';
import type { DepositStatus } from './deposit.status';

/** One activation attempt and what the provider said about it. */
export interface Activation extends ActivationRequest {
  readonly attempt: number;
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

/** What was asked for (or, for an unmatched deposit, what its postback implied), and what happened since. */
export interface DepositFacts extends DepositRef, DepositRequest {
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
