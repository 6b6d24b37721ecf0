import { deterministicEventId } from '@kassa/event-store';
import { assertNever } from '../shared/domain-error';
import type { WalletCommand } from './wallet.commands';

/**
 * The id of the one wallet event a credit (of a deposit or a suspense item), settlement or release can cause, the same whoever writes
 * it (the request that caused it or the wallet-postings repair), so that both are one append.
 */
export function walletEventId(command: WalletCommand): string {
  switch (command.type) {
    case 'CreditDeposit':
      return deterministicEventId('wallet', command.data.tenantId, command.type, command.data.depositId);
    case 'CreditFromSuspense':
      return deterministicEventId('wallet', command.data.tenantId, command.type, command.data.itemId);
    case 'SettleHeldFunds':
    case 'ReleaseHeldFunds':
      return deterministicEventId('wallet', command.data.tenantId, command.type, command.data.withdrawalId);
    case 'HoldFunds':
      return deterministicEventId('wallet', command.data.tenantId, command.type, command.data.withdrawalId);
    default:
      return assertNever(command, 'wallet command');
  }
}
