import type { Decider } from '../shared/decider';

/**
 * The claim of a provider transaction (wallet type, transaction id): the first event of its own
 * stream names the deposit it belongs to, for good, so one provider transaction can never credit
 * two deposits.
 */
export interface ClaimProviderTransaction {
  readonly type: 'ClaimProviderTransaction';
  readonly data: { tenantId: string; walletType: string; transactionId: string; depositId: string; postbackId: string };
}

export interface ProviderTransactionClaimed {
  readonly type: 'ProviderTransactionClaimed';
  readonly data: { tenantId: string; walletType: string; transactionId: string; depositId: string; postbackId: string; claimedAt: string };
}

/** The deposit the transaction belongs to, or null while unclaimed. */
export interface ProviderTransactionState {
  readonly depositId: string | null;
}

export const providerTransactionDecider: Decider<ClaimProviderTransaction, ProviderTransactionClaimed, ProviderTransactionState> = {
  initialState: () => ({ depositId: null }),
  decide: (command, state, now) => (state.depositId !== null ? [] : [{ type: 'ProviderTransactionClaimed', data: { ...command.data, claimedAt: now } }]),
  // Only the first claim counts (a stream has one, but a copy of the store might hold more).
  evolve: (state, event) => (state.depositId !== null ? state : { depositId: event.data.depositId }),
};
