import { formatMinor, fromMinorString } from '@kassa/ledger';
import type { SqlRunner } from '../shared/sql-runner';

/** `GET /v1/reports/balances`: what the ledger owes players, summed per currency. */
export interface BalanceTotalsReport {
  /** The moment the totals were read (ISO-8601 UTC); they follow the balances projection. */
  readonly asOf: string;
  readonly currencies: BalanceTotalLine[];
}

export interface BalanceTotalLine {
  readonly currency: string;
  /** Player wallets in this currency (a wallet exists from its first posting). */
  readonly wallets: number;
  readonly available: string;
  readonly held: string;
  /** available + held. */
  readonly total: string;
}

const TOTALS_SQL = `
  SELECT currency, count(*)::int AS wallets,
         sum(available_minor)::text AS available_minor, sum(held_minor)::text AS held_minor
  FROM wallet_balances
  WHERE tenant_id = $1
  GROUP BY currency
  ORDER BY currency`;

interface TotalsRow {
  readonly currency: string;
  readonly wallets: number;
  readonly available_minor: string;
  readonly held_minor: string;
}

export class BalanceTotalsQueries {
  constructor(
    private readonly sql: SqlRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async totals(tenantId: string): Promise<BalanceTotalsReport> {
    const asOf = this.clock().toISOString();
    const rows = await this.sql.query<TotalsRow[]>(TOTALS_SQL, [tenantId]);
    return {
      asOf,
      currencies: rows.map((row) => {
        const available = fromMinorString(row.available_minor);
        const held = fromMinorString(row.held_minor);
        return {
          currency: row.currency,
          wallets: row.wallets,
          available: formatMinor(available, row.currency),
          held: formatMinor(held, row.currency),
          total: formatMinor(available + held, row.currency),
        };
      }),
    };
  }
}
