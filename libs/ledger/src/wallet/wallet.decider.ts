import type { Decider } from '../shared/decider';
import { assertNever, DomainError, invariant } from '../shared/domain-error';
import { assertIsoUtc, fromMinorString, requirePositive, toMinorString } from '../shared/event-values';
import { formatMinor, type WalletRef } from '@kassa/kernel';
import type { CreditDeposit, CreditFromSuspense, HoldFunds, ReleaseHeldFunds, SettleHeldFunds, WalletCommand } from './wallet.commands';
import type { WalletEvent } from './wallet.events';
import type { Hold, OpenWallet, WalletState } from './wallet.state';

/**
 * The player's wallet: the only place a balance changes. Credits once per deposit id (and per
 * suspense item); holds, releases
 * and settles once per withdrawal id (TigerBeetle's pending → post/void). The hold is decided against
 * the available balance in the same decision, so with an expected-version append there is no overdraft.
 */

export function initialWalletState(): WalletState {
  return { status: 'empty' };
}

export function decideWallet(command: WalletCommand, state: WalletState, now: string): WalletEvent[] {
  assertIsoUtc(now, 'now');
  const wallet = addressedWallet(command.data, state);
  switch (command.type) {
    case 'CreditDeposit':
      return creditDeposit(command.data, wallet, now);
    case 'CreditFromSuspense':
      return creditFromSuspense(command.data, wallet, now);
    case 'HoldFunds':
      return holdFunds(command.data, wallet, now);
    case 'ReleaseHeldFunds':
      return releaseHeldFunds(command.data, wallet, now);
    case 'SettleHeldFunds':
      return settleHeldFunds(command.data, wallet, now);
    default:
      return assertNever(command, 'wallet command');
  }
}

/** The open wallet the command is for, or null for a wallet with no events yet. */
function addressedWallet(ref: WalletRef, state: WalletState): OpenWallet | null {
  if (state.status === 'empty') return null;
  if (ref.currency !== state.currency) {
    throw new DomainError('CURRENCY_MISMATCH', `wallet is in ${state.currency}, command is in ${ref.currency}`);
  }
  invariant(ref.tenantId === state.tenantId && ref.label === state.label, 'command applied to another wallet stream');
  return state;
}

function creditDeposit(data: CreditDeposit['data'], wallet: OpenWallet | null, now: string): WalletEvent[] {
  requirePositive(data.amountMinor, 'credit amount');
  if (wallet?.creditedDepositIds.has(data.depositId)) return [];
  return [
    {
      type: 'FundsCredited',
      data: {
        tenantId: data.tenantId,
        label: data.label,
        currency: data.currency,
        depositId: data.depositId,
        walletType: data.walletType,
        amountMinor: toMinorString(data.amountMinor),
        creditedAt: now,
      },
    },
  ];
}

function creditFromSuspense(data: CreditFromSuspense['data'], wallet: OpenWallet | null, now: string): WalletEvent[] {
  requirePositive(data.amountMinor, 'credit amount');
  if (wallet?.creditedSuspenseItemIds.has(data.itemId)) return [];
  const { tenantId, label, currency, itemId, walletType } = data;
  return [{ type: 'FundsCreditedFromSuspense', data: { tenantId, label, currency, itemId, walletType, amountMinor: toMinorString(data.amountMinor), creditedAt: now } }];
}

function holdFunds(data: HoldFunds['data'], wallet: OpenWallet | null, now: string): WalletEvent[] {
  requirePositive(data.amountMinor, 'hold amount');
  const existing = wallet?.holds.get(data.withdrawalId);
  if (existing) {
    const sameHold =
      existing.amountMinor === data.amountMinor &&
      existing.walletType === data.walletType &&
      existing.accountNumber === data.accountNumber;
    if (sameHold) return [];
    throw new DomainError('IDEMPOTENCY_CONFLICT', `withdrawal ${data.withdrawalId} already holds different funds`);
  }
  const availableMinor = wallet?.availableMinor ?? 0n;
  if (availableMinor < data.amountMinor) {
    // People read this detail: decimal amounts with the currency, never minor units.
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      `the available balance ${formatMinor(availableMinor, data.currency)} ${data.currency} is less than the ${formatMinor(data.amountMinor, data.currency)} ${data.currency} asked for`,
    );
  }
  return [
    {
      type: 'FundsHeld',
      data: {
        tenantId: data.tenantId,
        label: data.label,
        currency: data.currency,
        withdrawalId: data.withdrawalId,
        walletType: data.walletType,
        accountNumber: data.accountNumber,
        amountMinor: toMinorString(data.amountMinor),
        heldAt: now,
      },
    },
  ];
}

function releaseHeldFunds(data: ReleaseHeldFunds['data'], wallet: OpenWallet | null, now: string): WalletEvent[] {
  const hold = requireHold(wallet, data.withdrawalId);
  switch (hold.status) {
    case 'released':
      return [];
    case 'settled':
      throw new DomainError('INVALID_STATE', `withdrawal ${data.withdrawalId} was settled; its funds cannot be released`);
    case 'held':
      return [
        {
          type: 'HeldFundsReleased',
          data: {
            tenantId: data.tenantId,
            label: data.label,
            currency: data.currency,
            withdrawalId: data.withdrawalId,
            walletType: hold.walletType,
            amountMinor: toMinorString(hold.amountMinor),
            reason: data.reason,
            releasedAt: now,
          },
        },
      ];
    default:
      return assertNever(hold.status, 'hold status');
  }
}

function settleHeldFunds(data: SettleHeldFunds['data'], wallet: OpenWallet | null, now: string): WalletEvent[] {
  const hold = requireHold(wallet, data.withdrawalId);
  switch (hold.status) {
    case 'settled':
      return [];
    case 'released':
      throw new DomainError('INVALID_STATE', `withdrawal ${data.withdrawalId} was released; its funds cannot be settled`);
    case 'held':
      return [
        {
          type: 'HeldFundsSettled',
          data: {
            tenantId: data.tenantId,
            label: data.label,
            currency: data.currency,
            withdrawalId: data.withdrawalId,
            walletType: hold.walletType,
            amountMinor: toMinorString(hold.amountMinor),
            settledAt: now,
          },
        },
      ];
    default:
      return assertNever(hold.status, 'hold status');
  }
}

function requireHold(wallet: OpenWallet | null, withdrawalId: string): Hold {
  const hold = wallet?.holds.get(withdrawalId);
  if (!hold) throw new DomainError('INVALID_STATE', `no funds are held for withdrawal ${withdrawalId}`);
  return hold;
}

export function evolveWallet(state: WalletState, event: WalletEvent): WalletState {
  switch (event.type) {
    case 'FundsCredited': {
      const wallet = state.status === 'open' ? state : openedBy(event.data);
      const creditedDepositIds = new Set(wallet.creditedDepositIds).add(event.data.depositId);
      return balanced({ ...wallet, availableMinor: wallet.availableMinor + fromMinorString(event.data.amountMinor), creditedDepositIds });
    }
    case 'FundsCreditedFromSuspense': {
      const wallet = state.status === 'open' ? state : openedBy(event.data);
      const creditedSuspenseItemIds = new Set(wallet.creditedSuspenseItemIds).add(event.data.itemId);
      return balanced({ ...wallet, availableMinor: wallet.availableMinor + fromMinorString(event.data.amountMinor), creditedSuspenseItemIds });
    }
    case 'FundsHeld': {
      const wallet = requireOpen(state, event.type);
      const amountMinor = fromMinorString(event.data.amountMinor);
      const hold: Hold = { status: 'held', amountMinor, walletType: event.data.walletType, accountNumber: event.data.accountNumber };
      return balanced({
        ...wallet,
        availableMinor: wallet.availableMinor - amountMinor,
        heldMinor: wallet.heldMinor + amountMinor,
        holds: new Map(wallet.holds).set(event.data.withdrawalId, hold),
      });
    }
    case 'HeldFundsReleased': {
      const ended = endHold(requireOpen(state, event.type), event.data.withdrawalId, 'released');
      return balanced({ ...ended.wallet, availableMinor: ended.wallet.availableMinor + ended.amountMinor });
    }
    case 'HeldFundsSettled':
      return balanced(endHold(requireOpen(state, event.type), event.data.withdrawalId, 'settled').wallet);
    default:
      return assertNever(event, 'wallet event');
  }
}

function openedBy(ref: WalletRef): OpenWallet {
  return {
    status: 'open',
    tenantId: ref.tenantId,
    label: ref.label,
    currency: ref.currency,
    availableMinor: 0n,
    heldMinor: 0n,
    creditedDepositIds: new Set(),
    creditedSuspenseItemIds: new Set(),
    holds: new Map(),
  };
}

function requireOpen(state: WalletState, eventType: string): OpenWallet {
  invariant(state.status === 'open', `${eventType} on a wallet that was never credited`);
  return state;
}

/** Moves a `held` hold to its end state and takes its amount out of `heldMinor`. */
function endHold(wallet: OpenWallet, withdrawalId: string, status: 'released' | 'settled'): { wallet: OpenWallet; amountMinor: bigint } {
  const hold = wallet.holds.get(withdrawalId);
  invariant(hold?.status === 'held', `withdrawal ${withdrawalId} has no funds held to be ${status}`);
  return {
    amountMinor: hold.amountMinor,
    wallet: {
      ...wallet,
      heldMinor: wallet.heldMinor - hold.amountMinor,
      holds: new Map(wallet.holds).set(withdrawalId, { ...hold, status }),
    },
  };
}

/** No overdraft, ever: whatever the events, neither balance goes below zero. */
function balanced(wallet: OpenWallet): OpenWallet {
  invariant(wallet.availableMinor >= 0n, `available balance went negative: ${wallet.availableMinor}`);
  invariant(wallet.heldMinor >= 0n, `held balance went negative: ${wallet.heldMinor}`);
  return wallet;
}

export const walletDecider: Decider<WalletCommand, WalletEvent, WalletState> = {
  decide: decideWallet,
  evolve: evolveWallet,
  initialState: initialWalletState,
};
