import { stringify } from 'csv-stringify/sync';
import type { SettlementReport } from './settlement.view';

export const SETTLEMENT_CSV_COLUMNS = [
  'period_from_utc',
  'period_to_utc',
  'time_zone',
  'wallet_type',
  'currency',
  'deposits_count',
  'deposits_sum',
  'withdrawals_succeeded_count',
  'withdrawals_succeeded_sum',
  'withdrawals_failed_count',
  'withdrawals_failed_sum',
  'net',
  'deposits_usd',
  'deposits_without_usd',
] as const;

/** One row per line, the period repeated on each so a row stands alone in a spreadsheet. Amounts stay text. */
export function settlementCsv(report: SettlementReport): string {
  const { from, to, timeZone } = report.period;
  const records = report.lines.map((line) => [
    from,
    to,
    timeZone,
    line.walletType,
    line.currency,
    String(line.deposits.count),
    line.deposits.sum,
    String(line.withdrawalsSucceeded.count),
    line.withdrawalsSucceeded.sum,
    String(line.withdrawalsFailed.count),
    line.withdrawalsFailed.sum,
    line.net,
    line.usd.deposits,
    String(line.usd.depositsWithoutUsd),
  ]);
  return stringify(records, { header: true, columns: [...SETTLEMENT_CSV_COLUMNS] });
}
