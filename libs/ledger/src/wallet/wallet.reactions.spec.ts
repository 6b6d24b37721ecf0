import { depositDecider } from '../deposit/deposit.decider';
import type { DepositCommand } from '../deposit/deposit.commands';
import type { DepositEvent } from '../deposit/deposit.events';
import { postingsFor } from '../journal/journal';
import { fold, type Decider } from '../shared/decider';
import { TEST_NOW } from '../testing/given-when-then';
import type { RequestWithdrawal, WithdrawalCommand } from '../withdrawal/withdrawal.commands';
import { withdrawalDecider } from '../withdrawal/withdrawal.decider';
import type { WithdrawalEvent } from '../withdrawal/withdrawal.events';
import { walletDecider } from './wallet.decider';
import type { WalletEvent } from './wallet.events';
import { holdFundsFor, walletCommandFor } from './wallet.reactions';

/** A tiny in-memory stream: decide against the folded history, append, return the new events. */
function stream<C, E, S>(decider: Decider<C, E, S>) {
  const events: E[] = [];
  return {
    events,
    handle(command: C): E[] {
      const decided = decider.decide(command, fold(decider, events), TEST_NOW);
      events.push(...decided);
      return decided;
    },
    state: () => fold(decider, events),
  };
}

describe('Wallet reactions', () => {
  it('credits, holds, releases and settles through the wallet, once each, however often events are redelivered', () => {
    const deposit = stream(depositDecider);
    const withdrawal1 = stream(withdrawalDecider);
    const withdrawal2 = stream(withdrawalDecider);
    const wallet = stream(walletDecider);
    const react = (events: readonly (DepositEvent | WithdrawalEvent)[]): void => {
      for (const event of [...events, ...events]) {
        const command = walletCommandFor(event); // delivered twice: at-least-once subscription
        if (command) wallet.handle(command);
      }
    };
    const ref = { tenantId: 't1', depositId: 'dep-1' };
    const commands: DepositCommand[] = [
      { type: 'OpenDeposit', data: { ...ref, walletType: 'esewa_ml', currency: 'NPR', label: 'p1', requestedAmountMinor: null, lang: 'ne', answer: { status: 'issued', walletDetails: { 'eSewa Number': '9831842321', is_check_amount: null }, paymentUrl: 'https://plugin.example/x' } } },
      { type: 'SubmitActivation', data: { ...ref, transactionId: 'AB12CD', amountMinor: 500000n, screenshot: null } },
      { type: 'RecordActivationAnswer', data: { ...ref, attempt: 1, answer: { status: 'success', providerAmountMinor: null, message: '' } } },
      { type: 'ApplyDepositPostback', data: { ...ref, postbackId: 'pb-1', walletType: 'esewa_ml', transactionId: 'AB12CD', amountMinor: 500000n, currency: 'NPR', stockpilingId: 1, activatedDatetime: null, exchangerIdentifier: null, convertedUsd: '37.40', receivedAt: TEST_NOW } },
    ];
    for (const command of commands) react(deposit.handle(command));
    expect(wallet.state()).toMatchObject({ availableMinor: 500000n, heldMinor: 0n });

    const request = (withdrawalId: string, amountMinor: bigint): RequestWithdrawal => ({
      type: 'RequestWithdrawal',
      data: { tenantId: 't1', withdrawalId, walletType: 'esewa_ml', currency: 'NPR', label: 'p1', amountMinor, accountNumber: '9800000000', accountName: null, bankCode: null },
    });
    const postback = (withdrawalId: string, status: number, amountMinor: bigint): WithdrawalCommand => ({
      type: 'ApplyWithdrawalPostback',
      data: { tenantId: 't1', withdrawalId, postbackId: `pb-${withdrawalId}`, status, amountMinor, currency: 'NPR', comment: null, receivedAt: TEST_NOW },
    });

    wallet.handle(holdFundsFor(request('w1', 300000n)));
    react(withdrawal1.handle(request('w1', 300000n)));
    react(withdrawal1.handle({ type: 'RecordSubmissionAttempt', data: { tenantId: 't1', withdrawalId: 'w1', answer: { status: 'ok' } } }));
    react(withdrawal1.handle(postback('w1', 5, 300000n)));
    expect(wallet.state()).toMatchObject({ availableMinor: 500000n, heldMinor: 0n });

    wallet.handle(holdFundsFor(request('w2', 200000n)));
    react(withdrawal2.handle(request('w2', 200000n)));
    react(withdrawal2.handle(postback('w2', 1, 200000n)));
    react(withdrawal2.handle(postback('w2', 5, 200000n))); // conflicting: quarantined, nothing returns
    expect(withdrawal2.events.at(-1)?.type).toBe('PostbackQuarantined');
    expect(wallet.state()).toMatchObject({ availableMinor: 300000n, heldMinor: 0n });

    expect(wallet.events.map((e: WalletEvent) => e.type)).toEqual(['FundsCredited', 'FundsHeld', 'HeldFundsReleased', 'FundsHeld', 'HeldFundsSettled']);
    const balances = new Map<string, bigint>();
    wallet.events.forEach((event, version) => {
      for (const p of postingsFor(event, { streamId: 'wallet-t1.NPR.p1', streamVersion: version })) {
        balances.set(p.account, (balances.get(p.account) ?? 0n) + p.amountMinor);
      }
    });
    expect(Object.fromEntries(balances)).toEqual({
      'clearing:esewa_ml': 300000n,
      'player:p1:available': -300000n,
      'player:p1:held': 0n,
    });
  });

  it('yields no wallet command for events that move no money', () => {
    expect(walletCommandFor({ type: 'WithdrawalSubmitted', data: { tenantId: 't1', withdrawalId: 'w1', attempt: 1, submittedAt: TEST_NOW } })).toBeNull();
  });
});
