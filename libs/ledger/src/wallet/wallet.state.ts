/** One withdrawal's hold, kept after it ends so that each effect happens once (and never both). */
export interface Hold {
  readonly status: 'held' | 'released' | 'settled';
  readonly amountMinor: bigint;
  readonly walletType: string;
  readonly accountNumber: string;
}

export type WalletState =
  /** No event yet: nothing available, nothing held. */
  | { readonly status: 'empty' }
  | {
      readonly status: 'open';
      readonly tenantId: string;
      readonly label: string;
      readonly currency: string;
      /** Never negative: holds are decided against it and evolve asserts it. */
      readonly availableMinor: bigint;
      /** The sum of the holds whose status is `held`. */
      readonly heldMinor: bigint;
      readonly creditedDepositIds: ReadonlySet<string>;
      /** Suspense items credited here: each once. */
      readonly creditedSuspenseItemIds: ReadonlySet<string>;
      /** By withdrawal id. */
      readonly holds: ReadonlyMap<string, Hold>;
    };

export type OpenWallet = Extract<WalletState, { status: 'open' }>;
