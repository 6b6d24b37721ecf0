import { formatMinor } from '@kassa/kernel';

/** Where a sandbox deposit (one activation attempt, keyed by custom_transaction_id) stands. */
export type SandboxDepositStatus = 'awaiting_review' | 'pending_check' | 'credited' | 'rejected' | 'failed';

export interface SandboxDeposit {
  readonly customTransactionId: string;
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly transactionId: string;
  readonly amountMinor: bigint;
  /** The answer the activation got: ok, pending, possible_transaction_created, success or fail. */
  readonly answer: string;
  status: SandboxDepositStatus;
  readonly activatedAt: Date;
  readonly screenshot: { readonly fileName: string; readonly contentType: string; readonly sizeBytes: number } | null;
  /** true for deposits made up by a control call (a postback for an order nobody opened). */
  readonly synthetic: boolean;
  readonly stockpilingId: number;
}

export type SandboxWithdrawalStatus = 'submitted' | 'finished';

export interface SandboxWithdrawal {
  readonly withdrawalId: string;
  readonly walletType: string;
  readonly currency: string;
  readonly label: string;
  readonly amountMinor: bigint;
  readonly accountNumber: string;
  readonly accountName: string | null;
  readonly bankCode: string | null;
  readonly isTest: boolean | null;
  readonly comment: string | null;
  /** The request body minus signature, to tell a retry from a conflicting reuse of the id. */
  readonly fingerprint: string;
  status: SandboxWithdrawalStatus;
  withdrawalStatus: number | null;
}

export function depositView(d: SandboxDeposit) {
  return {
    customTransactionId: d.customTransactionId,
    walletType: d.walletType,
    currency: d.currency,
    label: d.label,
    transactionId: d.transactionId,
    amount: formatMinor(d.amountMinor, d.currency),
    answer: d.answer,
    status: d.status,
    activatedAt: d.activatedAt.toISOString(),
    screenshot: d.screenshot,
    synthetic: d.synthetic,
  };
}

export function withdrawalView(w: SandboxWithdrawal) {
  return {
    withdrawalId: w.withdrawalId,
    walletType: w.walletType,
    currency: w.currency,
    label: w.label,
    amount: formatMinor(w.amountMinor, w.currency),
    accountNumber: w.accountNumber,
    accountName: w.accountName,
    bankCode: w.bankCode,
    isTest: w.isTest,
    status: w.status,
    withdrawalStatus: w.withdrawalStatus,
  };
}
