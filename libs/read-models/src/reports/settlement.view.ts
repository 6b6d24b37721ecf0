import type { ReportPeriod } from './report-period';

/** One line of the settlement report: one wallet type and currency. Money as decimal strings. */
export interface SettlementLine {
  readonly walletType: string;
  readonly currency: string;
  readonly deposits: { readonly count: number; readonly sum: string };
  readonly withdrawalsSucceeded: { readonly count: number; readonly sum: string };
  readonly withdrawalsFailed: { readonly count: number; readonly sum: string };
  /** Credited deposits minus succeeded withdrawals (failed ones returned the money). */
  readonly net: string;
  /** USD equivalents from the provider's `converted_amount.USD` on each deposit postback. */
  readonly usd: {
    readonly deposits: string;
    /** Credited deposits whose postback carried no USD figure: their USD is not in `deposits`. */
    readonly depositsWithoutUsd: number;
    /** Always null: withdrawal events do not carry `converted_amount` (see settlement.query.ts). */
    readonly withdrawalsSucceeded: null;
  };
}

export interface SettlementReport {
  readonly period: { readonly from: string; readonly to: string; readonly timeZone: string };
  readonly lines: SettlementLine[];
  readonly notes: string[];
}

export function periodView(period: ReportPeriod): SettlementReport['period'] {
  return { from: period.fromUtc, to: period.toUtc, timeZone: period.timeZone };
}
