import type { Command } from '../shared/decider';
import type { AcceptedActivationStatus, ScreenshotMeta, WalletDetails } from './deposit.events';

/** Which deposit stream: the handler derives it with depositStreamId(tenantId, depositId). */
export interface DepositRef {
  readonly tenantId: string;
  readonly depositId: string;
}

/** The handler calls the provider's create first and passes its answer in. */
export type DepositCreationAnswer =
  | { readonly status: 'issued'; readonly walletDetails: WalletDetails; readonly paymentUrl: string }
  | { readonly status: 'refused'; readonly reason: string };

export type OpenDeposit = Command<
  'OpenDeposit',
  DepositRef & {
    readonly walletType: string;
    readonly currency: string;
    readonly label: string;
    readonly requestedAmountMinor: bigint | null;
    readonly lang: string | null;
    readonly answer: DepositCreationAnswer;
  }
>;

export type SubmitActivation = Command<
  'SubmitActivation',
  DepositRef & {
    readonly transactionId: string;
    readonly amountMinor: bigint;
    readonly screenshot: ScreenshotMeta | null;
  }
>;

/** The provider's answer to activation (JSON activate or form-data possible-transaction). */
export type ActivationAnswer =
  | {
      readonly status: AcceptedActivationStatus;
      readonly providerAmountMinor: bigint | null;
      readonly message: string | null;
    }
  | { readonly status: 'fail'; readonly message: string }
  /** Unreachable, timed out, or an answer we could not read: the outcome is unknown, not a failure. */
  | { readonly status: 'unknown'; readonly error: string };

export type RecordActivationAnswer = Command<
  'RecordActivationAnswer',
  DepositRef & { readonly attempt: number; readonly answer: ActivationAnswer }
>;

/** A verified deposit postback record (one `additional_data` element), amounts already in minor units. */
export interface DepositPostback {
  /** Our id of the stored raw postback (inbox row), for audit. */
  readonly postbackId: string;
  readonly walletType: string;
  readonly transactionId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly stockpilingId: number | null;
  readonly activatedDatetime: string | null;
  readonly exchangerIdentifier: string | null;
  readonly convertedUsd: string | null;
  /** When our endpoint received it (UTC): the provider's own times carry no zone. */
  readonly receivedAt: string;
}

export type ApplyDepositPostback = Command<'ApplyDepositPostback', DepositRef & DepositPostback>;

/**
 * A postback for an order we never opened. The handler picks the deposit id with
 * unmatchedDepositId(walletType, transactionId) so that repeats land on the same stream.
 */
export type CreditUnmatchedDeposit = Command<
  'CreditUnmatchedDeposit',
  DepositRef & DepositPostback & { readonly label: string; readonly pluginCustomOrderId: string | null }
>;

export type DepositCommand = OpenDeposit | SubmitActivation | RecordActivationAnswer | ApplyDepositPostback | CreditUnmatchedDeposit;
