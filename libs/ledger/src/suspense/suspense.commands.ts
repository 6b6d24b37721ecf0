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
  }
>;

export type AssignSuspense = Command<'AssignSuspense', SuspenseRef & { readonly label: string; readonly assignedBy: string }>;

export type SuspenseCommand = CreditSuspense | AssignSuspense;
