import { selectList } from '../shared/column-types';
import type { SqlRunner } from '../shared/sql-runner';
import { DEPOSIT_COLUMNS, type DepositRow } from '../deposits/deposit-row';
import { toDepositView, type DepositView } from '../deposits/deposit.view';
import { WITHDRAWAL_COLUMNS, type WithdrawalRow } from '../withdrawals/withdrawal-row';
import { toWithdrawalView, type WithdrawalView } from '../withdrawals/withdrawal.view';

/** The most objects of one kind a lookup returns: a provider number is normally on one deposit. */
export const MAX_LOOKUP_MATCHES = 20;

/**
 * `GET /v1/lookup?q=`: one text that support has in hand (a deposit or withdrawal id, a player's
 * label, the provider transaction number a player quotes) and every object it names, exactly.
 */
export interface LookupResult {
  readonly query: string;
  /** By id, or by the player's transaction number (`key1`) or the postback's transaction id. */
  readonly deposits: DepositView[];
  readonly withdrawals: WithdrawalView[];
  /** Labels of players that have a wallet (at least one posting) or a deposit or withdrawal. */
  readonly players: string[];
}

const DEPOSITS_SQL = `
  SELECT ${selectList(DEPOSIT_COLUMNS)} FROM deposits
  WHERE tenant_id = $1 AND (id = $2 OR transaction_id = $2 OR credited_transaction_id = $2)
  ORDER BY deposits.created_at DESC, deposits.id DESC
  LIMIT ${MAX_LOOKUP_MATCHES}`;

const WITHDRAWALS_SQL = `
  SELECT ${selectList(WITHDRAWAL_COLUMNS)} FROM withdrawals
  WHERE tenant_id = $1 AND id = $2
  LIMIT ${MAX_LOOKUP_MATCHES}`;

/** Each branch is an index lookup on (tenant_id, label, ...). */
const PLAYER_SQL = `
  SELECT EXISTS (SELECT 1 FROM wallet_balances WHERE tenant_id = $1 AND label = $2)
      OR EXISTS (SELECT 1 FROM deposits WHERE tenant_id = $1 AND label = $2)
      OR EXISTS (SELECT 1 FROM withdrawals WHERE tenant_id = $1 AND label = $2) AS known`;

export class LookupQueries {
  constructor(private readonly sql: SqlRunner) {}

  async find(tenantId: string, query: string): Promise<LookupResult> {
    const [deposits, withdrawals, player] = await Promise.all([
      this.sql.query<DepositRow[]>(DEPOSITS_SQL, [tenantId, query]),
      this.sql.query<WithdrawalRow[]>(WITHDRAWALS_SQL, [tenantId, query]),
      this.sql.query<{ known: boolean }[]>(PLAYER_SQL, [tenantId, query]),
    ]);
    return {
      query,
      deposits: deposits.map(toDepositView),
      withdrawals: withdrawals.map(toWithdrawalView),
      players: player[0]?.known ? [query] : [],
    };
  }
}
