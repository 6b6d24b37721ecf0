import { formatMinor, fromMinorString } from '@kassa/ledger';
import type { SqlRunner } from '../shared/sql-runner';
import type { ReportPeriod } from './report-period';
import { periodView, type SettlementLine, type SettlementReport } from './settlement.view';

/**
 * Sums in SQL (bigint minor units; USD as numeric from the decimal text the events carry), read
 * back as text: no amount ever passes through a JS number.
 *
 * Deposits count when credited (credited_at, our receipt time of the signed postback) under the
 * wallet type the money actually arrived on (credited_wallet_type); withdrawals when finished
 * (finished_at) with status succeeded or failed. Periods are half-open: [from, to).
 */
const SETTLEMENT_SQL = `
  WITH deposit_totals AS (
    SELECT coalesce(credited_wallet_type, wallet_type) AS wallet_type, currency,
           count(*)::int AS deposits_count,
           sum(credited_amount_minor)::text AS deposits_minor,
           coalesce(sum(converted_usd::numeric), 0)::text AS deposits_usd,
           count(*) FILTER (WHERE converted_usd IS NULL)::int AS deposits_without_usd
    FROM deposits
    WHERE tenant_id = $1 AND status = 'credited' AND credited_at >= $2::timestamptz AND credited_at < $3::timestamptz
    GROUP BY 1, 2
  ), withdrawal_totals AS (
    SELECT wallet_type, currency,
           count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded_count,
           coalesce(sum(amount_minor) FILTER (WHERE status = 'succeeded'), 0)::text AS succeeded_minor,
           count(*) FILTER (WHERE status = 'failed')::int AS failed_count,
           coalesce(sum(amount_minor) FILTER (WHERE status = 'failed'), 0)::text AS failed_minor
    FROM withdrawals
    WHERE tenant_id = $1 AND status IN ('succeeded', 'failed') AND finished_at >= $2::timestamptz AND finished_at < $3::timestamptz
    GROUP BY 1, 2
  )
  SELECT coalesce(d.wallet_type, w.wallet_type) AS wallet_type, coalesce(d.currency, w.currency) AS currency,
         coalesce(d.deposits_count, 0) AS deposits_count, coalesce(d.deposits_minor, '0') AS deposits_minor,
         coalesce(d.deposits_usd, '0') AS deposits_usd, coalesce(d.deposits_without_usd, 0) AS deposits_without_usd,
         coalesce(w.succeeded_count, 0) AS succeeded_count, coalesce(w.succeeded_minor, '0') AS succeeded_minor,
         coalesce(w.failed_count, 0) AS failed_count, coalesce(w.failed_minor, '0') AS failed_minor
  FROM deposit_totals d FULL OUTER JOIN withdrawal_totals w ON d.wallet_type = w.wallet_type AND d.currency = w.currency
  ORDER BY 1, 2`;

interface SettlementRow {
  readonly wallet_type: string;
  readonly currency: string;
  readonly deposits_count: number;
  readonly deposits_minor: string;
  readonly deposits_usd: string;
  readonly deposits_without_usd: number;
  readonly succeeded_count: number;
  readonly succeeded_minor: string;
  readonly failed_count: number;
  readonly failed_minor: string;
}

export const SETTLEMENT_NOTES = [
  'Deposits count at credit time (signed postback received), under the wallet type the money arrived on; withdrawals at their final postback.',
  'USD equivalents come from the provider postback converted_amount.USD and exist for deposits only: withdrawal events do not carry converted_amount.',
];

export class SettlementQueries {
  constructor(private readonly sql: SqlRunner) {}

  async report(tenantId: string, period: ReportPeriod): Promise<SettlementReport> {
    const rows = await this.sql.query<SettlementRow[]>(SETTLEMENT_SQL, [tenantId, period.fromUtc, period.toUtc]);
    return { period: periodView(period), lines: rows.map(toLine), notes: SETTLEMENT_NOTES };
  }
}

function toLine(row: SettlementRow): SettlementLine {
  const depositsMinor = fromMinorString(row.deposits_minor);
  const succeededMinor = fromMinorString(row.succeeded_minor);
  const money = (minor: bigint): string => formatMinor(minor, row.currency);
  return {
    walletType: row.wallet_type,
    currency: row.currency,
    deposits: { count: row.deposits_count, sum: money(depositsMinor) },
    withdrawalsSucceeded: { count: row.succeeded_count, sum: money(succeededMinor) },
    withdrawalsFailed: { count: row.failed_count, sum: money(fromMinorString(row.failed_minor)) },
    net: money(depositsMinor - succeededMinor),
    usd: { deposits: usdText(row.deposits_usd), depositsWithoutUsd: row.deposits_without_usd, withdrawalsSucceeded: null },
  };
}

/** numeric text as PostgreSQL prints it ("20.75", "8.4", "0"), shown with at least 2 decimals and never rounded. */
export function usdText(numericText: string): string {
  const [whole, fraction = ''] = numericText.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}
