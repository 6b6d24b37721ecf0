import type { Command } from '../shared/decider';
import type { WalletRef } from '@kassa/kernel';

/** Every wallet command names its wallet; the handler derives the stream id with walletStreamId(). */
export type CreditDeposit = Command<
  'CreditDeposit',
  WalletRef & {
    readonly depositId: string;
    readonly walletType: string;
    readonly amountMinor: bigint;
  }
>;

/** Finance assigned a suspense item to this player: the item's whole amount becomes available. */
export type CreditFromSuspense = Command<
  'CreditFromSuspense',
  WalletRef & {
    readonly itemId: string;
    readonly walletType: string;
    readonly amountMinor: bigint;
  }
>;

export type HoldFunds = Command<
  'HoldFunds',
  WalletRef & {
    readonly withdrawalId: string;
    readonly walletType: string;
    readonly accountNumber: string;
    readonly amountMinor: bigint;
  }
>;

export type ReleaseHeldFunds = Command<
  'ReleaseHeldFunds',
  WalletRef & {
    readonly withdrawalId: string;
    /** Why, for the audit trail: for example "withdrawal_rejected" or "withdrawal_failed". */
    readonly reason: string;
  }
>;

export type SettleHeldFunds = Command<'SettleHeldFunds', WalletRef & { readonly withdrawalId: string }>;

export type WalletCommand = CreditDeposit | CreditFromSuspense | HoldFunds | ReleaseHeldFunds | SettleHeldFunds;
