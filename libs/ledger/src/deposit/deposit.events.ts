import type { DomainEvent } from '../shared/decider';
import type { PostbackQuarantined } from '../shared/postback-quarantined.event';

/** Every deposit event names its deposit and merchant. Amounts are minor-unit strings, times ISO-8601 UTC. */
interface DepositEventBase {
  readonly depositId: string;
  readonly tenantId: string;
}

/** The wallet's `params` from the provider, as given: human-readable keys, rendered dynamically. */
export type WalletDetails = Readonly<Record<string, string | boolean | null>>;

/** What we keep of the player's screenshot (the file itself goes to the provider, not into events). */
export interface ScreenshotMeta {
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/** The provider's answers that accept an activation: none of them is a credit. */
export type AcceptedActivationStatus = 'ok' | 'pending' | 'possible_transaction_created' | 'success';

export interface DepositCreditFlags {
  /** The postback amount differs from the activation amount (or, without activation, from the requested amount). */
  readonly amountMismatch: boolean;
  /** The postback's transaction id differs from the one the player submitted. */
  readonly transactionIdMismatch: boolean;
  /** The postback names another wallet type than the deposit was opened for (same currency). */
  readonly walletTypeMismatch: boolean;
  /** Credited without an order we opened (or for an order the provider refused to create). */
  readonly unmatched: boolean;
}

export type WalletDetailsIssued = DomainEvent<
  'WalletDetailsIssued',
  DepositEventBase & {
    readonly walletType: string;
    readonly currency: string;
    readonly label: string;
    readonly requestedAmountMinor: string | null;
    readonly lang: string | null;
    readonly walletDetails: WalletDetails;
    readonly paymentUrl: string;
    readonly openedAt: string;
  }
>;

export type DepositCreationFailed = DomainEvent<
  'DepositCreationFailed',
  DepositEventBase & {
    readonly walletType: string;
    readonly currency: string;
    readonly label: string;
    readonly requestedAmountMinor: string | null;
    readonly lang: string | null;
    readonly reason: string;
    readonly failedAt: string;
  }
>;

export type ActivationSubmitted = DomainEvent<
  'ActivationSubmitted',
  DepositEventBase & {
    /** 1, 2, ...: the provider's answer is recorded against this number. */
    readonly attempt: number;
    /** The player's transaction number (`key1`). */
    readonly transactionId: string;
    readonly amountMinor: string;
    readonly screenshot: ScreenshotMeta | null;
    readonly submittedAt: string;
  }
>;

export type ActivationAccepted = DomainEvent<
  'ActivationAccepted',
  DepositEventBase & {
    readonly attempt: number;
    readonly answer: AcceptedActivationStatus;
    /** `deposit_amount` from an `ok` answer: what the provider found, which may differ from what was sent. */
    readonly providerAmountMinor: string | null;
    readonly message: string | null;
    readonly answeredAt: string;
  }
>;

export type ActivationRejected = DomainEvent<
  'ActivationRejected',
  DepositEventBase & { readonly attempt: number; readonly message: string; readonly answeredAt: string }
>;

/** The provider could not be reached or timed out: we do not know whether it registered the activation. */
export type ActivationAnswerUnknown = DomainEvent<
  'ActivationAnswerUnknown',
  DepositEventBase & { readonly attempt: number; readonly error: string; readonly answeredAt: string }
>;

/** Starts the stream of a deposit nobody opened: a signed postback for an unknown order. */
export type UnmatchedDepositReceived = DomainEvent<
  'UnmatchedDepositReceived',
  DepositEventBase & {
    readonly walletType: string;
    readonly currency: string;
    readonly label: string;
    /** The postback's `plugin_custom_order_id`, when it had one we did not know. */
    readonly pluginCustomOrderId: string | null;
    readonly receivedAt: string;
  }
>;

/** The signed postback as applied, for audit and reconciliation; always followed by DepositCredited. */
export type PostbackReceived = DomainEvent<
  'PostbackReceived',
  DepositEventBase & {
    readonly postbackId: string;
    readonly walletType: string;
    readonly transactionId: string;
    readonly amountMinor: string;
    readonly currency: string;
    readonly stockpilingId: number | null;
    /** Raw provider text, zone unknown (docs/paykassma.md §3.4): informational only. */
    readonly activatedDatetime: string | null;
    readonly exchangerIdentifier: string | null;
    /** `converted_amount.USD` as a decimal string, for the settlement report. */
    readonly convertedUsd: string | null;
    readonly receivedAt: string;
  }
>;

/** The credit decision: the wallet process manager turns it into CreditDeposit on the player's wallet. */
export type DepositCredited = DomainEvent<
  'DepositCredited',
  DepositEventBase & {
    readonly label: string;
    readonly currency: string;
    /** The postback's wallet type: where the money actually arrived. */
    readonly walletType: string;
    readonly transactionId: string;
    /** The POSTBACK's amount, whatever was requested or activated. */
    readonly amountMinor: string;
    /** What we expected (activation amount, else requested amount), or null when nothing was stated. */
    readonly expectedAmountMinor: string | null;
    readonly postbackId: string;
    readonly flags: DepositCreditFlags;
    readonly creditedAt: string;
  }
>;

export type DepositEvent =
  | WalletDetailsIssued
  | DepositCreationFailed
  | ActivationSubmitted
  | ActivationAccepted
  | ActivationRejected
  | ActivationAnswerUnknown
  | UnmatchedDepositReceived
  | PostbackReceived
  | DepositCredited
  | PostbackQuarantined;

export const DEPOSIT_EVENT_TYPES: readonly DepositEvent['type'][] = [
  'WalletDetailsIssued',
  'DepositCreationFailed',
  'ActivationSubmitted',
  'ActivationAccepted',
  'ActivationRejected',
  'ActivationAnswerUnknown',
  'UnmatchedDepositReceived',
  'PostbackReceived',
  'DepositCredited',
  'PostbackQuarantined',
];
