import { assertNever, fromMinorString, invariant, toMinorString, type WalletEvent } from '@kassa/ledger';
import type { EventPlace } from '../shared/domain-events';
import type { WalletBalanceRow } from './wallet-balance-row';

/** The balance row after one wallet event: the same arithmetic as evolveWallet, in bigint. */
export function evolveWalletBalanceRow(row: WalletBalanceRow | null, event: WalletEvent, place: EventPlace): WalletBalanceRow {
  const amountMinor = fromMinorString(event.data.amountMinor);
  const current = row ?? openedBy(event, place);
  let availableMinor = fromMinorString(current.available_minor);
  let heldMinor = fromMinorString(current.held_minor);
  let at: string;
  switch (event.type) {
    case 'FundsCredited':
    case 'FundsCreditedFromSuspense':
      availableMinor += amountMinor;
      at = event.data.creditedAt;
      break;
    case 'FundsHeld':
      availableMinor -= amountMinor;
      heldMinor += amountMinor;
      at = event.data.heldAt;
      break;
    case 'HeldFundsReleased':
      heldMinor -= amountMinor;
      availableMinor += amountMinor;
      at = event.data.releasedAt;
      break;
    case 'HeldFundsSettled':
      heldMinor -= amountMinor;
      at = event.data.settledAt;
      break;
    default:
      return assertNever(event, 'wallet event');
  }
  invariant(availableMinor >= 0n && heldMinor >= 0n, `${place.streamId}@${place.streamVersion} leaves a negative balance`);
  return {
    ...current,
    available_minor: toMinorString(availableMinor),
    held_minor: toMinorString(heldMinor),
    updated_at: at,
    last_stream_version: place.streamVersion,
  };
}

function openedBy(event: WalletEvent, place: EventPlace): WalletBalanceRow {
  // The wallet decider opens a wallet only by a credit; anything else first is a corrupt stream.
  invariant(event.type === 'FundsCredited' || event.type === 'FundsCreditedFromSuspense', `${place.streamId} starts with ${event.type}`);
  const { tenantId, label, currency } = event.data;
  return {
    tenant_id: tenantId,
    label,
    currency,
    stream_id: place.streamId,
    available_minor: '0',
    held_minor: '0',
    updated_at: event.data.creditedAt,
    last_stream_version: place.streamVersion,
  };
}
