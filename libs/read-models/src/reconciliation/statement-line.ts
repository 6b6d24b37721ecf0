/** One provider transaction of a statement, checked and converted (docs/statement-format.md). */
export interface StatementLine {
  /** The line number in the file (the header is line 1). */
  readonly line: number;
  readonly direction: 'ingoing' | 'outgoing';
  readonly walletType: string;
  /** Deposits: the provider's transaction_id (key1); withdrawals: our withdrawal_id. */
  readonly reference: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Deposits are always success; withdrawals 1 → success, 5 → fail. */
  readonly status: 'success' | 'fail';
  /** As written, in the provider's zone. */
  readonly providerDatetime: string;
  /** The same instant in UTC (ISO-8601). */
  readonly atUtc: string;
}

export interface MalformedLine {
  readonly line: number;
  readonly message: string;
}

export interface ParsedStatement {
  readonly lines: StatementLine[];
  readonly malformed: MalformedLine[];
  /** Data lines read (well-formed or not), header excluded. */
  readonly dataLines: number;
}

export const STATEMENT_COLUMNS = ['direction', 'wallet_type', 'transaction_id', 'withdrawal_id', 'amount', 'currency', 'status', 'datetime'] as const;
export type StatementColumn = (typeof STATEMENT_COLUMNS)[number];

/** A file that cannot be read as a statement at all (no header, broken quoting): the API answers 400. */
export class StatementFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatementFormatError';
  }
}

/** The most data lines one statement may have: a bound on one import's work. */
export const MAX_STATEMENT_LINES = 200_000;
/** The largest statement file accepted (the upload is cut off above it). */
export const MAX_STATEMENT_BYTES = 32 * 1024 * 1024;
/** Lines read, looked up and matched together: what an import holds in memory at a time. */
export const STATEMENT_BATCH_LINES = 2_000;
/** Entries each list of an import's answer carries at most; the totals count every line. */
export const STATEMENT_LIST_LIMIT = 1_000;
