import type { MalformedLine } from './statement-line';

export interface LineRef {
  readonly line: number;
  readonly direction: 'ingoing' | 'outgoing';
  readonly walletType: string;
  /** transaction_id (deposits) or withdrawal_id (withdrawals), as in the statement. */
  readonly reference: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: 'success' | 'fail';
  readonly providerDatetime: string;
}

export interface LedgerRef {
  /** The deposit or withdrawal id, and its event stream. */
  readonly id: string;
  readonly stream: string;
  readonly status: string;
  readonly amount: string | null;
  readonly currency: string;
  readonly audit: string;
}

export interface MatchedLine extends LineRef {
  readonly ledger: LedgerRef;
}

export interface MissingAtProvider {
  readonly direction: 'ingoing' | 'outgoing';
  readonly walletType: string;
  /** The provider's transaction id (deposits) or our withdrawal id. */
  readonly reference: string | null;
  readonly at: string | null;
  readonly ledger: LedgerRef;
}

export interface AmountMismatch extends LineRef {
  readonly ledger: LedgerRef;
}

export interface StatusMismatch extends LineRef {
  readonly ledger: LedgerRef;
}

export interface ReconciliationResult {
  /** sha256 of the file's bytes: the import's id. */
  readonly importId: string;
  readonly fileName: string | null;
  readonly importedAt: string;
  /** True when this file was imported before: the stored answer, unchanged. */
  readonly replayed: boolean;
  /** Whole provider-local days covering the statement's lines, in UTC; null without a valid line. */
  readonly period: { readonly from: string; readonly to: string; readonly providerTimeZone: string } | null;
  readonly totals: {
    readonly dataLines: number;
    readonly matched: number;
    readonly missingInLedger: number;
    readonly missingAtProvider: number;
    readonly amountMismatches: number;
    readonly statusMismatches: number;
    readonly malformed: number;
  };
  /** Each list below carries at most this many entries, the first in file order; the totals count all. */
  readonly listLimit: number;
  /** True when at least one list was cut at listLimit (import smaller files to see every entry). */
  readonly truncated: boolean;
  readonly matched: MatchedLine[];
  readonly missingInLedger: LineRef[];
  readonly missingAtProvider: MissingAtProvider[];
  readonly amountMismatches: AmountMismatch[];
  readonly statusMismatches: StatusMismatch[];
  readonly malformed: MalformedLine[];
}
