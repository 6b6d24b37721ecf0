import { fromMinorString } from '@kassa/ledger';
import { ISO_UTC_MICROS_FORMAT } from '../shared/column-types';
import type { SqlRunner } from '../shared/sql-runner';
import { toNullableIsoMillis } from '../shared/timestamps';
import type { LedgerDepositItem, LedgerSide, LedgerWithdrawalItem } from './ledger-items';
import type { StatementLine } from './statement-line';
import type { StatementPeriod } from './statement-period';

const DEPOSIT_SELECT = `
  d.id, d.stream_id, d.status, coalesce(d.credited_wallet_type, d.wallet_type) AS wallet_type,
  coalesce(d.credited_transaction_id, d.transaction_id) AS transaction_id, d.currency,
  coalesce(d.credited_amount_minor, d.activation_amount_minor)::text AS amount_minor,
  to_char(d.credited_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS at`;

/** One batch of keys in one parameter; hash joins, one scan of deposits per side of the UNION. */
const DEPOSITS_BY_LINE_SQL = `
  SELECT ${DEPOSIT_SELECT} FROM jsonb_to_recordset($2::jsonb) AS k(w text, t text)
  JOIN deposits d ON d.tenant_id = $1 AND d.credited_wallet_type = k.w AND d.credited_transaction_id = k.t
  UNION
  SELECT ${DEPOSIT_SELECT} FROM jsonb_to_recordset($2::jsonb) AS k(w text, t text)
  JOIN deposits d ON d.tenant_id = $1 AND d.wallet_type = k.w AND d.transaction_id = k.t`;

const DEPOSITS_IN_PERIOD_SQL = `
  SELECT ${DEPOSIT_SELECT} FROM deposits d
  WHERE d.tenant_id = $1 AND d.status = 'credited' AND d.credited_at >= $2::timestamptz AND d.credited_at < $3::timestamptz
  ORDER BY d.credited_at, d.id`;

const WITHDRAWAL_SELECT = `
  w.id, w.stream_id, w.status, w.wallet_type, w.currency, w.amount_minor::text AS amount_minor,
  to_char(w.finished_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS at`;

const WITHDRAWALS_BY_LINE_SQL = `
  SELECT ${WITHDRAWAL_SELECT} FROM jsonb_to_recordset($2::jsonb) AS k(w text, t text)
  JOIN withdrawals w ON w.tenant_id = $1 AND w.id = k.t AND w.wallet_type = k.w`;

const WITHDRAWALS_IN_PERIOD_SQL = `
  SELECT ${WITHDRAWAL_SELECT} FROM withdrawals w
  WHERE w.tenant_id = $1 AND w.status IN ('succeeded', 'failed') AND w.finished_at >= $2::timestamptz AND w.finished_at < $3::timestamptz
  ORDER BY w.finished_at, w.id`;

interface DepositItemRow {
  readonly id: string;
  readonly stream_id: string;
  readonly status: string;
  readonly wallet_type: string;
  readonly transaction_id: string | null;
  readonly currency: string;
  readonly amount_minor: string | null;
  readonly at: string | null;
}

interface WithdrawalItemRow {
  readonly id: string;
  readonly stream_id: string;
  readonly status: string;
  readonly wallet_type: string;
  readonly currency: string;
  readonly amount_minor: string;
  readonly at: string | null;
}

/** The ledger's side of a statement, from the deposits and withdrawals read models. */
export async function loadLedgerSide(sql: SqlRunner, tenantId: string, lines: readonly StatementLine[], period: StatementPeriod | null): Promise<LedgerSide> {
  const keys = (direction: StatementLine['direction']): string =>
    JSON.stringify(lines.filter((line) => line.direction === direction).map((line) => ({ w: line.walletType, t: line.reference })));
  const [depositsByLine, withdrawalsByLine, depositsInPeriod, withdrawalsInPeriod] = await Promise.all([
    sql.query<DepositItemRow[]>(DEPOSITS_BY_LINE_SQL, [tenantId, keys('ingoing')]),
    sql.query<WithdrawalItemRow[]>(WITHDRAWALS_BY_LINE_SQL, [tenantId, keys('outgoing')]),
    period === null ? [] : sql.query<DepositItemRow[]>(DEPOSITS_IN_PERIOD_SQL, [tenantId, period.from, period.to]),
    period === null ? [] : sql.query<WithdrawalItemRow[]>(WITHDRAWALS_IN_PERIOD_SQL, [tenantId, period.from, period.to]),
  ]);
  return {
    depositsByLine: depositsByLine.map(depositItem),
    withdrawalsByLine: withdrawalsByLine.map(withdrawalItem),
    depositsInPeriod: depositsInPeriod.map(depositItem),
    withdrawalsInPeriod: withdrawalsInPeriod.map(withdrawalItem),
  };
}

function depositItem(row: DepositItemRow): LedgerDepositItem {
  return {
    depositId: row.id,
    streamId: row.stream_id,
    status: row.status,
    walletType: row.wallet_type,
    transactionId: row.transaction_id,
    currency: row.currency,
    amountMinor: row.amount_minor === null ? null : fromMinorString(row.amount_minor),
    at: toNullableIsoMillis(row.at),
  };
}

function withdrawalItem(row: WithdrawalItemRow): LedgerWithdrawalItem {
  return {
    withdrawalId: row.id,
    streamId: row.stream_id,
    status: row.status,
    walletType: row.wallet_type,
    currency: row.currency,
    amountMinor: fromMinorString(row.amount_minor),
    at: toNullableIsoMillis(row.at),
  };
}
