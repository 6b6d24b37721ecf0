import { DomainError } from '../shared/domain-error';
import { TEST_NOW } from '../testing/given-when-then';
import { seededRandom } from '../testing/random';
import type { WalletCommand } from '../wallet/wallet.commands';
import { walletDecider } from '../wallet/wallet.decider';
import type { WalletEvent } from '../wallet/wallet.events';
import { assertBalanced, playerAvailableAccount, postingsFor, type Posting } from './journal';

const wallet = { tenantId: 't1', label: 'player-1', currency: 'NPR' } as const;
const context = { streamId: 'wallet-t1.NPR.player-1', streamVersion: 3 };
const at = TEST_NOW;

const lines = (postings: Posting[]): Array<[string, bigint]> => postings.map((p) => [p.account, p.amountMinor]);

describe('Journal', () => {
  it('debits clearing and credits the player available balance on FundsCredited', () => {
    const postings = postingsFor(
      { type: 'FundsCredited', data: { ...wallet, depositId: 'd1', walletType: 'esewa_ml', amountMinor: '5000', creditedAt: at } },
      context,
    );
    expect(lines(postings)).toEqual([
      ['clearing:esewa_ml', 5000n],
      ['player:player-1:available', -5000n],
    ]);
    expect(postings[0]).toMatchObject({ tenantId: 't1', currency: 'NPR', entryId: 'wallet-t1.NPR.player-1@3', eventType: 'FundsCredited', reference: 'd1', at });
  });

  it('moves available to held on FundsHeld', () => {
    const postings = postingsFor(
      { type: 'FundsHeld', data: { ...wallet, withdrawalId: 'w1', walletType: 'khalti_ml', accountNumber: '9812345678', amountMinor: '700', heldAt: at } },
      context,
    );
    expect(lines(postings)).toEqual([
      ['player:player-1:available', 700n],
      ['player:player-1:held', -700n],
    ]);
  });

  it('moves held back to available on HeldFundsReleased', () => {
    const postings = postingsFor(
      { type: 'HeldFundsReleased', data: { ...wallet, withdrawalId: 'w1', walletType: 'khalti_ml', amountMinor: '700', reason: 'withdrawal_failed', releasedAt: at } },
      context,
    );
    expect(lines(postings)).toEqual([
      ['player:player-1:held', 700n],
      ['player:player-1:available', -700n],
    ]);
  });

  it('debits held and credits clearing on HeldFundsSettled', () => {
    const postings = postingsFor(
      { type: 'HeldFundsSettled', data: { ...wallet, withdrawalId: 'w1', walletType: 'khalti_ml', amountMinor: '700', settledAt: at } },
      context,
    );
    expect(lines(postings)).toEqual([
      ['player:player-1:held', 700n],
      ['clearing:khalti_ml', -700n],
    ]);
  });

  it('encodes labels so a label cannot forge another account', () => {
    expect(playerAvailableAccount('a:held')).toBe('player:a%3Aheld:available');
  });

  it('asserts when postings do not balance', () => {
    const posting: Posting = { tenantId: 't1', account: 'x', currency: 'INR', amountMinor: 1n, entryId: 'e', eventType: 'FundsHeld', reference: 'w1', at };
    expect(() => assertBalanced([posting])).toThrow('sum to 1');
  });

  it('balances every entry and agrees with the wallet over random sequences of commands', () => {
    let entries = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const walletTypes = ['khalti_ml', 'esewa_ml'];
      const balances = new Map<string, bigint>();
      let state = walletDecider.initialState();
      let version = -1;
      for (let step = 0; step < 150; step++) {
        const withdrawalId = `w${random.int(20)}`;
        const walletType = random.pick(walletTypes);
        const command = random.pick<WalletCommand>([
          { type: 'CreditDeposit', data: { ...wallet, depositId: `d${random.int(50)}`, walletType, amountMinor: BigInt(1 + random.int(100000)) } },
          { type: 'HoldFunds', data: { ...wallet, withdrawalId, walletType, accountNumber: '9812345678', amountMinor: BigInt(1 + random.int(100000)) } },
          { type: 'ReleaseHeldFunds', data: { ...wallet, withdrawalId, reason: 'withdrawal_failed' } },
          { type: 'SettleHeldFunds', data: { ...wallet, withdrawalId } },
        ]);
        let events: WalletEvent[] = [];
        try {
          events = walletDecider.decide(command, state, at);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
        for (const event of events) {
          state = walletDecider.evolve(state, event);
          const postings = postingsFor(event, { streamId: context.streamId, streamVersion: ++version });
          expect(postings.reduce((sum, p) => sum + p.amountMinor, 0n)).toBe(0n);
          for (const p of postings) balances.set(p.account, (balances.get(p.account) ?? 0n) + p.amountMinor);
          entries++;
        }
      }
      if (state.status !== 'open') continue;
      // Liabilities are credit-normal: the player's balance is the negated sum of the account's postings.
      expect(-(balances.get('player:player-1:available') ?? 0n)).toBe(state.availableMinor);
      expect(-(balances.get('player:player-1:held') ?? 0n)).toBe(state.heldMinor);
      const clearing = (balances.get('clearing:khalti_ml') ?? 0n) + (balances.get('clearing:esewa_ml') ?? 0n);
      expect(clearing).toBe(state.availableMinor + state.heldMinor);
    }
    expect(entries).toBeGreaterThan(1000);
  });
});
