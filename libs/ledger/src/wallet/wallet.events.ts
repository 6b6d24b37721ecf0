import type { DomainEvent } from '../shared/decider';

/** Every wallet event names its wallet (tenant, label, currency) so a projection needs nothing else. */
interface WalletEventBase {
  readonly tenantId: string;
  readonly label: string;
  readonly currency: string;
}

export type FundsCredited = DomainEvent<
  'FundsCredited',
  WalletEventBase & {
    readonly depositId: string;
    readonly walletType: string;
    readonly amountMinor: string;
    readonly creditedAt: string;
  }
>;

/** A suspense item assigned to the player: posted from the merchant's suspense account, not from clearing. */
export type FundsCreditedFromSuspense = DomainEvent<
  'FundsCreditedFromSuspense',
  WalletEventBase & {
    readonly itemId: string;
    /** Where the money arrived at the provider (the item's wallet type). */
    readonly walletType: string;
    readonly amountMinor: string;
    readonly creditedAt: string;
  }
>;

/** Pending (TigerBeetle's word): available → held, for one withdrawal. */
export type FundsHeld = DomainEvent<
  'FundsHeld',
  WalletEventBase & {
    readonly withdrawalId: string;
    readonly walletType: string;
    readonly accountNumber: string;
    readonly amountMinor: string;
    readonly heldAt: string;
  }
>;

/** Void: the hold returns to available (withdrawal rejected at create, or postback status 5). */
export type HeldFundsReleased = DomainEvent<
  'HeldFundsReleased',
  WalletEventBase & {
    readonly withdrawalId: string;
    readonly walletType: string;
    readonly amountMinor: string;
    readonly reason: string;
    readonly releasedAt: string;
  }
>;

/** Post: the held funds leave the ledger (postback status 1: the player was paid). */
export type HeldFundsSettled = DomainEvent<
  'HeldFundsSettled',
  WalletEventBase & {
    readonly withdrawalId: string;
    readonly walletType: string;
    readonly amountMinor: string;
    readonly settledAt: string;
  }
>;

export type WalletEvent = FundsCredited | FundsCreditedFromSuspense | FundsHeld | HeldFundsReleased | HeldFundsSettled;

export const WALLET_EVENT_TYPES: readonly WalletEvent['type'][] = [
  'FundsCredited',
  'FundsCreditedFromSuspense',
  'FundsHeld',
  'HeldFundsReleased',
  'HeldFundsSettled',
];
