import type { SqlRunner } from '../shared/sql-runner';
import { toBalanceLine, type BalanceRow, type PlayerBalances } from './balances.view';

/**
 * Player balances in every currency. "Now" reads `wallet_balances`; "as of" sums the player's
 * postings in `ledger_entries` up to and including that instant, so it is exact to the posting.
 * Player accounts are liabilities: the balance shown is the NEGATED sum of their postings.
 */
const AS_OF_SQL = `
  SELECT currency,
         (-coalesce(sum(amount_minor) FILTER (WHERE account_kind = 'available'), 0))::text AS available_minor,
         (-coalesce(sum(amount_minor) FILTER (WHERE account_kind = 'held'), 0))::text AS held_minor
  FROM ledger_entries
  WHERE tenant_id = $1 AND label = $2 AND at <= $3::timestamptz
  GROUP BY currency
  ORDER BY currency`;

const NOW_SQL = `
  SELECT currency, available_minor::text AS available_minor, held_minor::text AS held_minor
  FROM wallet_balances
  WHERE tenant_id = $1 AND label = $2
  ORDER BY currency`;

export class BalanceQueries {
  constructor(
    private readonly sql: SqlRunner,
    /** Only to stamp `asOf` on "now" answers. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async current(tenantId: string, label: string): Promise<PlayerBalances> {
    const asOf = this.clock().toISOString();
    const rows = await this.sql.query<BalanceRow[]>(NOW_SQL, [tenantId, label]);
    return { label, asOf, balances: rows.map(toBalanceLine) };
  }

  /** `asOf` is an instant; a Date or ISO-8601 text with a zone (microseconds are kept). */
  async asOf(tenantId: string, label: string, asOf: Date | string): Promise<PlayerBalances> {
    const instant = typeof asOf === 'string' ? asOf : asOf.toISOString();
    if (Number.isNaN(Date.parse(instant))) throw new RangeError(`asOf is not an instant: ${instant}`);
    const rows = await this.sql.query<BalanceRow[]>(AS_OF_SQL, [tenantId, label, instant]);
    return { label, asOf: new Date(instant).toISOString(), balances: rows.map(toBalanceLine) };
  }
}
