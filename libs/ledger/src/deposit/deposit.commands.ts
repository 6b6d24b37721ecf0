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

/**
 * What the caller asks for when opening a deposit: the fields of the OpenDepositCommand on the bus,
 * and the request part of the decider's OpenDeposit (declared once, so the two cannot drift apart).
 * The wallet type and currency come from the catalogue, already checked at the edge.
 */
export interface DepositRequest {
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly requestedAmountMinor: bigint | null;
  readonly lang: string | null;
}

/** The request, the deposit's id (the handler picks it) and the provider's answer. */
export type OpenDeposit = Command<'OpenDeposit', DepositRef & DepositRequest & { readonly answer: DepositCreationAnswer }>;

/** The player's transaction number and amount: SubmitActivationCommand carries it, SubmitActivation decides on it. */
export interface ActivationRequest {
  readonly transactionId: string;
  readonly amountMinor: bigint;
}

/** The request and what the stream keeps of the screenshot (its digest, never the file). */
export type SubmitActivation = Command<'SubmitActivation', DepositRef & ActivationRequest & { readonly screenshot: ScreenshotMeta | null }>;

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
