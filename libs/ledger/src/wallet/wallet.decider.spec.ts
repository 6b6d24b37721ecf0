import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { given, TEST_NOW } from '../testing/given-when-then';
import { seededRandom } from '../testing/random';
import type { WalletCommand } from './wallet.commands';
import { walletDecider } from './wallet.decider';
import type { FundsCredited, FundsHeld, HeldFundsReleased, HeldFundsSettled, WalletEvent } from './wallet.events';

const wallet = { tenantId: 't1', label: 'player-1', currency: 'INR' } as const;

const credited = (depositId: string, amountMinor: bigint): FundsCredited => ({
  type: 'FundsCredited',
  data: { ...wallet, depositId, walletType: 'paytm', amountMinor: String(amountMinor), creditedAt: TEST_NOW },
});
const held = (withdrawalId: string, amountMinor: bigint): FundsHeld => ({
  type: 'FundsHeld',
  data: { ...wallet, withdrawalId, walletType: 'paytm', accountNumber: '1234567890', amountMinor: String(amountMinor), heldAt: TEST_NOW },
});
const released = (withdrawalId: string, amountMinor: bigint): HeldFundsReleased => ({
  type: 'HeldFundsReleased',
  data: { ...wallet, withdrawalId, walletType: 'paytm', amountMinor: String(amountMinor), reason: 'withdrawal_failed', releasedAt: TEST_NOW },
});
const settled = (withdrawalId: string, amountMinor: bigint): HeldFundsSettled => ({
  type: 'HeldFundsSettled',
  data: { ...wallet, withdrawalId, walletType: 'paytm', amountMinor: String(amountMinor), settledAt: TEST_NOW },
});

const creditDeposit = (depositId: string, amountMinor: bigint): WalletCommand => ({
  type: 'CreditDeposit',
  data: { ...wallet, depositId, walletType: 'paytm', amountMinor },
});
const holdFunds = (withdrawalId: string, amountMinor: bigint, accountNumber = '1234567890'): WalletCommand => ({
  type: 'HoldFunds',
  data: { ...wallet, withdrawalId, walletType: 'paytm', accountNumber, amountMinor },
});
const release = (withdrawalId: string): WalletCommand => ({
  type: 'ReleaseHeldFunds',
  data: { ...wallet, withdrawalId, reason: 'withdrawal_failed' },
});
const settle = (withdrawalId: string): WalletCommand => ({ type: 'SettleHeldFunds', data: { ...wallet, withdrawalId } });

describe('Wallet', () => {
  describe('when crediting a deposit', () => {
    it('credits a new wallet', () => {
      given(walletDecider).when(creditDeposit('d1', 120050n)).then([credited('d1', 120050n)]);
    });

    it('credits each deposit once: a repeat of the same deposit id changes nothing', () => {
      given(walletDecider, [credited('d1', 120050n)]).when(creditDeposit('d1', 120050n)).then([]);
    });

    it('credits another deposit on top', () => {
      given(walletDecider, [credited('d1', 100n)]).when(creditDeposit('d2', 50n)).then([credited('d2', 50n)]);
    });

    it('refuses a zero amount', () => {
      given(walletDecider).when(creditDeposit('d1', 0n)).thenThrows('INVALID_AMOUNT');
    });

    it('refuses a command in another currency', () => {
      given(walletDecider, [credited('d1', 100n)])
        .when({ type: 'CreditDeposit', data: { ...wallet, currency: 'PKR', depositId: 'd2', walletType: 'easypaisa', amountMinor: 1n } })
        .thenThrows('CURRENCY_MISMATCH');
    });

    it('adds the amount to available', () => {
      const state = fold(walletDecider, [credited('d1', 100n), credited('d2', 25n)]);
      expect(state).toMatchObject({ status: 'open', availableMinor: 125n, heldMinor: 0n });
    });
  });

  describe('when holding funds for a withdrawal', () => {
    it('holds when available covers the amount exactly', () => {
      given(walletDecider, [credited('d1', 1000n)]).when(holdFunds('w1', 1000n)).then([held('w1', 1000n)]);
    });

    it('refuses more than available with INSUFFICIENT_FUNDS', () => {
      given(walletDecider, [credited('d1', 1000n)]).when(holdFunds('w1', 1001n)).thenThrows('INSUFFICIENT_FUNDS');
    });

    it('says the amounts of an INSUFFICIENT_FUNDS refusal as decimals with the currency, never minor units', () => {
      const state = fold(walletDecider, [credited('d1', 40000n)]);
      expect(() => walletDecider.decide(holdFunds('w1', 100050n), state, TEST_NOW)).toThrow(
        'the available balance 400.00 INR is less than the 1000.50 INR asked for',
      );
    });

    it('refuses on a wallet that was never credited', () => {
      given(walletDecider).when(holdFunds('w1', 1n)).thenThrows('INSUFFICIENT_FUNDS');
    });

    it('counts earlier holds against available', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n)]).when(holdFunds('w2', 500n)).thenThrows('INSUFFICIENT_FUNDS');
    });

    it('holds once: a repeat with the same data changes nothing', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n)]).when(holdFunds('w1', 600n)).then([]);
    });

    it('refuses a repeat of the withdrawal id with a different amount', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n)]).when(holdFunds('w1', 500n)).thenThrows('IDEMPOTENCY_CONFLICT');
    });

    it('refuses a repeat of the withdrawal id with a different account', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n)])
        .when(holdFunds('w1', 600n, '9999999999'))
        .thenThrows('IDEMPOTENCY_CONFLICT');
    });

    it('never holds again for a withdrawal whose hold ended', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n), released('w1', 600n)]).when(holdFunds('w1', 600n)).then([]);
    });

    it('refuses a zero amount', () => {
      given(walletDecider, [credited('d1', 1000n)]).when(holdFunds('w1', 0n)).thenThrows('INVALID_AMOUNT');
    });

    it('moves the amount from available to held', () => {
      expect(fold(walletDecider, [credited('d1', 1000n), held('w1', 600n)])).toMatchObject({ availableMinor: 400n, heldMinor: 600n });
    });
  });

  describe('when releasing held funds', () => {
    it('returns the hold to available', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n)]).when(release('w1')).then([released('w1', 600n)]);
      expect(fold(walletDecider, [credited('d1', 1000n), held('w1', 600n), released('w1', 600n)])).toMatchObject({
        availableMinor: 1000n,
        heldMinor: 0n,
      });
    });

    it('releases once: a repeat changes nothing', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n), released('w1', 600n)]).when(release('w1')).then([]);
    });

    it('refuses to release a settled hold', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n), settled('w1', 600n)]).when(release('w1')).thenThrows('INVALID_STATE');
    });

    it('refuses to release funds never held', () => {
      given(walletDecider, [credited('d1', 1000n)]).when(release('w1')).thenThrows('INVALID_STATE');
    });
  });

  describe('when settling held funds', () => {
    it('lets the hold leave the ledger', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n)]).when(settle('w1')).then([settled('w1', 600n)]);
      expect(fold(walletDecider, [credited('d1', 1000n), held('w1', 600n), settled('w1', 600n)])).toMatchObject({
        availableMinor: 400n,
        heldMinor: 0n,
      });
    });

    it('settles once: a repeat changes nothing', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n), settled('w1', 600n)]).when(settle('w1')).then([]);
    });

    it('refuses to settle a released hold', () => {
      given(walletDecider, [credited('d1', 1000n), held('w1', 600n), released('w1', 600n)]).when(settle('w1')).thenThrows('INVALID_STATE');
    });

    it('refuses to settle funds never held', () => {
      given(walletDecider).when(settle('w1')).thenThrows('INVALID_STATE');
    });
  });

  describe('evolve', () => {
    it('asserts instead of letting a hold overdraw the wallet', () => {
      expect(() => fold(walletDecider, [credited('d1', 100n), held('w1', 101n)])).toThrow('available balance went negative');
    });

    it('asserts instead of releasing a hold twice', () => {
      expect(() => fold(walletDecider, [credited('d1', 100n), held('w1', 50n), released('w1', 50n), released('w1', 50n)])).toThrow(
        'no funds held',
      );
    });
  });

  describe('over random sequences of commands', () => {
    it('never overdraws and keeps available + held equal to credits minus settlements', () => {
      const seen = new Map<string, number>();
      for (let seed = 1; seed <= 50; seed++) {
        const random = seededRandom(seed);
        let state = walletDecider.initialState();
        let creditedMinor = 0n;
        let settledMinor = 0n;
        for (let step = 0; step < 200; step++) {
          const withdrawalId = `w${random.int(30)}`;
          const command = random.pick<WalletCommand>([
            creditDeposit(`d${random.int(40)}`, BigInt(1 + random.int(5000))),
            holdFunds(withdrawalId, BigInt(1 + random.int(8000))),
            holdFunds(withdrawalId, BigInt(1 + random.int(8000))),
            release(withdrawalId),
            settle(withdrawalId),
          ]);
          let events: WalletEvent[] = [];
          try {
            events = walletDecider.decide(command, state, TEST_NOW);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
          for (const event of events) {
            seen.set(event.type, (seen.get(event.type) ?? 0) + 1);
            if (event.type === 'FundsCredited') creditedMinor += BigInt(event.data.amountMinor);
            if (event.type === 'HeldFundsSettled') settledMinor += BigInt(event.data.amountMinor);
            state = walletDecider.evolve(state, event);
          }
          if (state.status === 'open') {
            expect(state.availableMinor).toBeGreaterThanOrEqual(0n);
            expect(state.heldMinor).toBeGreaterThanOrEqual(0n);
            expect(state.availableMinor + state.heldMinor).toBe(creditedMinor - settledMinor);
          }
        }
      }
      // The loop is only worth something if every path was taken many times.
      for (const type of ['FundsCredited', 'FundsHeld', 'HeldFundsReleased', 'HeldFundsSettled']) expect(seen.get(type)).toBeGreaterThan(100);
    });
  });
});
