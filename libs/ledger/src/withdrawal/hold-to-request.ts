import { deterministicEventId, type EventMetadata } from '@kassa/event-store';
import type { FundsHeld } from '../wallet/wallet.events';
import { fromMinorString } from '../shared/event-values';
import type { RequestWithdrawal } from './withdrawal.commands';

/**
 * A withdrawal is written in two appends: FundsHeld on the wallet stream (the balance check), then
 * WithdrawalRequested on the withdrawal stream. A crash between them leaves a hold with no
 * withdrawal; the wallet-postings process manager repairs that from FundsHeld. Both writers derive
 * the same RequestWithdrawal and the same event id from the hold, so whichever comes second is a no-op.
 */

/**
 * FundsHeld carries no account name or bank code (the wallet does not need them), so the request
 * handler puts them in the hold's metadata under this key for the repair.
 */
export const HOLD_REQUEST_METADATA_KEY = 'withdrawalRequest';

export interface HoldRequestMetadata {
  readonly accountName: string | null;
  readonly bankCode: string | null;
}

/** The id of the WithdrawalRequested event caused by a hold: the same for the handler and the repair. */
export function withdrawalRequestedEventId(fundsHeldEventId: string): string {
  return deterministicEventId(fundsHeldEventId, 'WithdrawalRequested');
}

/** The hold's metadata with the request details the repair needs. */
export function holdMetadata(metadata: EventMetadata, request: HoldRequestMetadata): EventMetadata {
  const details: HoldRequestMetadata = { accountName: request.accountName, bankCode: request.bankCode };
  return { ...metadata, [HOLD_REQUEST_METADATA_KEY]: details };
}

function readHoldRequestMetadata(metadata: EventMetadata): HoldRequestMetadata | null {
  const details = metadata[HOLD_REQUEST_METADATA_KEY] as Partial<HoldRequestMetadata> | undefined;
  if (!details || typeof details !== 'object') return null;
  const nullableText = (value: unknown): value is string | null => value === null || typeof value === 'string';
  if (!nullableText(details.accountName) || !nullableText(details.bankCode)) return null;
  return { accountName: details.accountName, bankCode: details.bankCode };
}

/**
 * The RequestWithdrawal a hold stands for, or null when the hold's metadata lacks the request
 * details (a hold not written by the request handler): inventing them would pay the wrong account.
 */
export function requestWithdrawalFromHold(held: FundsHeld, metadata: EventMetadata): RequestWithdrawal | null {
  const details = readHoldRequestMetadata(metadata);
  if (details === null) return null;
  const d = held.data;
  return {
    type: 'RequestWithdrawal',
    data: {
      tenantId: d.tenantId,
      withdrawalId: d.withdrawalId,
      walletType: d.walletType,
      currency: d.currency,
      label: d.label,
      amountMinor: fromMinorString(d.amountMinor),
      accountNumber: d.accountNumber,
      accountName: details.accountName,
      bankCode: details.bankCode,
    },
  };
}
