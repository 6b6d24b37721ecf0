import type { CommandBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '@kassa/event-store';
import { walletStreamId } from '@kassa/kernel';
import { WalletPostingsProcessManager } from './wallet-postings.process-manager';

const recorded = (streamId: string, type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: '00000000-0000-4000-8000-000000000000', streamId, streamVersion: 0, type, data, metadata: { tenantId: 't1' },
  position: { commit: 1n, prepare: 1n }, recordedAt: new Date(0),
} as unknown as RecordedEvent);

describe('wallet postings: order key', () => {
  // orderKey reads and dispatches nothing: the bus is never touched.
  const pm = new WalletPostingsProcessManager({} as CommandBus);
  const wallet = { tenantId: 't1', label: 'player 7', currency: 'INR' };

  it('puts every posting on one wallet under that wallet, whichever stream it comes from', () => {
    const keys = [
      pm.orderKey(recorded('deposit-t1.d1', 'DepositCredited', { ...wallet, depositId: 'd1', walletType: 'paytm', amountMinor: '100' })),
      pm.orderKey(recorded('withdrawal-t1.w1', 'WithdrawalSucceeded', { ...wallet, withdrawalId: 'w1' })),
      pm.orderKey(recorded('withdrawal-t1.w2', 'WithdrawalRejected', { ...wallet, withdrawalId: 'w2' })),
      pm.orderKey(recorded(walletStreamId(wallet), 'FundsHeld', { ...wallet, withdrawalId: 'w3' })),
    ];
    expect(new Set(keys)).toEqual(new Set([walletStreamId(wallet)]));
  });

  it('keeps other wallets apart', () => {
    const other = { ...wallet, label: 'player 8' };
    expect(pm.orderKey(recorded('deposit-t1.d2', 'DepositCredited', { ...other, depositId: 'd2', walletType: 'paytm', amountMinor: '100' }))).toBe(walletStreamId(other));
  });
});
