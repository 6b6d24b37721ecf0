import { WALLET_EVENT_TYPES, WALLET_STREAM_PREFIX, type WalletEvent } from '@kassa/ledger';
import { streamRowProjection } from '../shared/stream-row-projection';
import { WALLET_BALANCES_TABLE, type WalletBalanceRow } from './wallet-balance-row';
import { evolveWalletBalanceRow } from './wallet-balance-row.evolve';

export const WALLET_BALANCES_PROJECTION_NAME = 'read-model.wallet-balances';

/** `wallet_balances`: available and held per player wallet, now. */
export const walletBalancesProjection = streamRowProjection<WalletBalanceRow, WalletEvent>({
  name: WALLET_BALANCES_PROJECTION_NAME,
  streamPrefix: WALLET_STREAM_PREFIX,
  table: WALLET_BALANCES_TABLE,
  eventTypes: WALLET_EVENT_TYPES,
  evolve: evolveWalletBalanceRow,
});
