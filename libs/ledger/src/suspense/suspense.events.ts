import type { DomainEvent } from '../shared/decider';
import type { PostbackQuarantined } from '../shared/postback-quarantined.event';

/** Which suspense item: one per signed deposit postback for an order we never opened. */
export interface SuspenseRef {
  readonly tenantId: string;
  /** suspenseItemId(tenantId, walletType, transactionId): the same for every repeat of the postback. */
  readonly itemId: string;
}

/**
 * Money received for no order of ours: it is the merchant's (in its suspense account, against the
 * provider clearing account), never a player's, until finance assigns it. The unsigned label the
 * postback carried is kept as a hint only.
 */
export type SuspenseCredited = DomainEvent<
  'SuspenseCredited',
  SuspenseRef & {
    readonly walletType: string;
    readonly currency: string;
    /** Minor units as a decimal string. */
    readonly amountMinor: string;
    readonly transactionId: string;
    readonly postbackId: string;
    readonly unsignedLabel: string | null;
    readonly creditedAt: string;
  }
>;

/** Finance gave the item to a player: suspense account → the player's available balance. */
export type SuspenseAssigned = DomainEvent<
  'SuspenseAssigned',
  SuspenseRef & {
    readonly label: string;
    readonly walletType: string;
    readonly currency: string;
    readonly amountMinor: string;
    /** The API key id that assigned it (also the event's actor). */
    readonly assignedBy: string;
    readonly assignedAt: string;
  }
>;

/** A signed repeat of the item's provider transaction with other facts is kept aside, never applied. */
export type SuspenseEvent = SuspenseCredited | SuspenseAssigned | PostbackQuarantined;

export const SUSPENSE_EVENT_TYPES: readonly SuspenseEvent['type'][] = ['SuspenseCredited', 'SuspenseAssigned', 'PostbackQuarantined'];
