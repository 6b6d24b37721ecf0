import type { Command } from '../shared/decider';
import type { SuspenseRef } from './suspense.events';

export type CreditSuspense = Command<
  'CreditSuspense',
  SuspenseRef & {
    readonly walletType: string;
    readonly currency: string;
    readonly amountMinor: bigint;
    readonly transactionId: string;
    readonly postbackId: string;
    readonly unsignedLabel: string | null;
    /** When our endpoint received the postback (UTC), for a quarantine's record. */
    readonly receivedAt: string;
  }
>;

/** `assignedBy`: the API key id of the finance user (also the event's actor). */
export type AssignSuspense = Command<'AssignSuspense', SuspenseRef & { readonly label: string; readonly assignedBy: string }>;

export type SuspenseCommand = CreditSuspense | AssignSuspense;
