// Finance: audit trail, reports, statement reconciliation and verify (re-exported by index.ts).
import { CreateStatementImports1760003000100 } from './reconciliation/statement-imports.migration';
import { CreateVerifyRuns1760003000200 } from './verify/verify-runs.migration';
import { CreateDepositTransactionIndexes1760003000300 } from './lookup/deposit-transaction-index.migration';

/** Add to the service's migrations after READ_MODEL_MIGRATIONS. */
export const FINANCE_MIGRATIONS = [CreateStatementImports1760003000100, CreateVerifyRuns1760003000200, CreateDepositTransactionIndexes1760003000300] as const;
export { CreateStatementImports1760003000100, CreateVerifyRuns1760003000200, CreateDepositTransactionIndexes1760003000300 };

// audit/
export { AuditTrailQueries } from './audit/audit-trail.query';
export type { AuditEventView, AuditTrail } from './audit/audit-event.view';

// reports/
export { InvalidPeriodError, MAX_PERIOD_DAYS, assertTimeZone, parseLocalInstant, parseReportPeriod, type ReportPeriod } from './reports/report-period';
export { SettlementQueries, SETTLEMENT_NOTES } from './reports/settlement.query';
export { settlementCsv, SETTLEMENT_CSV_COLUMNS } from './reports/settlement.csv';
export type { SettlementLine, SettlementReport } from './reports/settlement.view';
export { ExceptionsReportQueries, MAX_ITEMS_PER_CATEGORY, type ExceptionsPeriod, type ExceptionThresholdsMinutes } from './reports/exceptions-report.query';
export { EXCEPTION_CATEGORIES, type ExceptionCategory, type ExceptionItem, type ExceptionsReport } from './reports/exception-item.view';

// reconciliation/
export { StatementImportService, type StatementFile, type StatementImportSettings } from './reconciliation/statement-import.service';
export { parseStatement } from './reconciliation/statement-parser';
export { StatementFormatError, STATEMENT_COLUMNS, MAX_STATEMENT_LINES, MAX_STATEMENT_BYTES, STATEMENT_LIST_LIMIT } from './reconciliation/statement-line';
export type { ReconciliationResult } from './reconciliation/reconciliation-result';

// verify/
export { verifyLedger, DEFAULT_VERIFY_BATCH_SIZE, type LedgerVerifyReport, type MerchantVerifyResult, type VerifyOptions } from './verify/verify-ledger';
export { VerifyRunsRepository } from './verify/verify-runs.repository';
export { MAX_DIFFERING_ROWS, type TableComparison, type VerifyResult } from './verify/verify-result';

// lookup/ and balance totals: what the finance console (and a platform) finds and sums.
export { LookupQueries, MAX_LOOKUP_MATCHES, type LookupResult } from './lookup/lookup.query';
export { BalanceTotalsQueries, type BalanceTotalLine, type BalanceTotalsReport } from './balances/balance-totals.query';
