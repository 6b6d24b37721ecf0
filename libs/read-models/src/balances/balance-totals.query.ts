import { formatMinor, fromMinorString } from '@kassa/ledger';
import type { SqlRunner } from '../shared/sql-runner';

/** `GET /v1/reports/balances`: what the ledger owes players, summed per currency, and what it holds in suspense. */
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
  /**
   * The merchant's suspense balance in this currency (from the journal): money received for no
   * order of ours, not yet assigned to a player. Not part of `total`, which is what players own.
   */
  readonly suspense: string;
}

const TOTALS_SQL = `
  SELECT currency, count(*)::int AS wallets,
         sum(available_minor)::text AS available_minor, sum(held_minor)::text AS held_minor
  FROM wallet_balances
  WHERE tenant_id = $1
  GROUP BY currency
  ORDER BY currency`;

/** The suspense account is a liability: its balance is the negated sum of its postings. */
const SUSPENSE_SQL = `
  SELECT currency, (-sum(amount_minor))::text AS balance_minor
  FROM ledger_entries
  WHERE tenant_id = $1 AND account_kind = 'suspense'
  GROUP BY currency`;

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
    const [rows, suspenseRows] = await Promise.all([
      this.sql.query<TotalsRow[]>(TOTALS_SQL, [tenantId]),
      this.sql.query<{ currency: string; balance_minor: string }[]>(SUSPENSE_SQL, [tenantId]),
    ]);
    const suspense = new Map(suspenseRows.map((row) => [row.currency, fromMinorString(row.balance_minor)]));
    const currencies = [...new Set([...rows.map((row) => row.currency), ...suspense.keys()])].sort();
    const byCurrency = new Map(rows.map((row) => [row.currency, row]));
    return {
      asOf,
      currencies: currencies.map((currency) => {
        const row = byCurrency.get(currency);
        const available = row ? fromMinorString(row.available_minor) : 0n;
        const held = row ? fromMinorString(row.held_minor) : 0n;
        return {
          currency,
          wallets: row?.wallets ?? 0,
          available: formatMinor(available, currency),
          held: formatMinor(held, currency),
          total: formatMinor(available + held, currency),
          suspense: formatMinor(suspense.get(currency) ?? 0n, currency),
        };
      }),
    };
  }
}
