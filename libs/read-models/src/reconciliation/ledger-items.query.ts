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

/** A suspense item as a deposit the ledger received: the money is in, in the merchant's suspense account (or given to a player since). */
const SUSPENSE_SELECT = `
  s.id, s.stream_id, 'in_suspense' AS status, s.wallet_type, s.transaction_id, s.currency, s.amount_minor::text AS amount_minor,
  to_char(s.created_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS at`;

/** One batch of keys in one parameter; hash joins, one scan of deposits per side of the UNION. */
const DEPOSITS_BY_LINE_SQL = `
  SELECT ${DEPOSIT_SELECT} FROM jsonb_to_recordset($2::jsonb) AS k(w text, t text)
  JOIN deposits d ON d.tenant_id = $1 AND d.credited_wallet_type = k.w AND d.credited_transaction_id = k.t
  UNION
  SELECT ${DEPOSIT_SELECT} FROM jsonb_to_recordset($2::jsonb) AS k(w text, t text)
  JOIN deposits d ON d.tenant_id = $1 AND d.wallet_type = k.w AND d.transaction_id = k.t
  UNION
  SELECT ${SUSPENSE_SELECT} FROM jsonb_to_recordset($2::jsonb) AS k(w text, t text)
  JOIN suspense_items s ON s.tenant_id = $1 AND s.wallet_type = k.w AND s.transaction_id = k.t`;

/**
 * One page of the money received in the period (credited deposits and suspense items), after the
 * (time, id) of the previous page's last row ($4, $5; null for the first).
 */
const DEPOSITS_IN_PERIOD_SQL = `
  SELECT id, stream_id, status, wallet_type, transaction_id, currency, amount_minor, at, page_ts::text AS page_at FROM (
    SELECT ${DEPOSIT_SELECT}, d.credited_at AS page_ts FROM deposits d
    WHERE d.tenant_id = $1 AND d.status = 'credited' AND d.credited_at >= $2::timestamptz AND d.credited_at < $3::timestamptz
    UNION ALL
    SELECT ${SUSPENSE_SELECT}, s.created_at AS page_ts FROM suspense_items s
    WHERE s.tenant_id = $1 AND s.created_at >= $2::timestamptz AND s.created_at < $3::timestamptz
  ) received
  WHERE $4::timestamptz IS NULL OR (page_ts, id) > ($4::timestamptz, $5::text)
  ORDER BY page_ts, id LIMIT $6`;

const WITHDRAWAL_SELECT = `
  w.id, w.stream_id, w.status, w.wallet_type, w.currency, w.amount_minor::text AS amount_minor,
  to_char(w.finished_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS at`;

const WITHDRAWALS_BY_LINE_SQL = `
  SELECT ${WITHDRAWAL_SELECT} FROM jsonb_to_recordset($2::jsonb) AS k(w text, t text)
  JOIN withdrawals w ON w.tenant_id = $1 AND w.id = k.t AND w.wallet_type = k.w`;

const WITHDRAWALS_IN_PERIOD_SQL = `
  SELECT ${WITHDRAWAL_SELECT}, w.finished_at::text AS page_at FROM withdrawals w
  WHERE w.tenant_id = $1 AND w.status IN ('succeeded', 'failed') AND w.finished_at >= $2::timestamptz AND w.finished_at < $3::timestamptz
    AND ($4::timestamptz IS NULL OR (w.finished_at, w.id) > ($4::timestamptz, $5::text))
  ORDER BY w.finished_at, w.id LIMIT $6`;

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

/** The ledger items a batch of lines names, from the deposits, suspense items and withdrawals read models. */
export async function loadLedgerItemsByLines(sql: SqlRunner, tenantId: string, lines: readonly StatementLine[]): Promise<Pick<LedgerSide, 'depositsByLine' | 'withdrawalsByLine'>> {
  const keys = (direction: StatementLine['direction']): string =>
    JSON.stringify(lines.filter((line) => line.direction === direction).map((line) => ({ w: line.walletType, t: line.reference })));
  const [depositsByLine, withdrawalsByLine] = await Promise.all([
    sql.query<DepositItemRow[]>(DEPOSITS_BY_LINE_SQL, [tenantId, keys('ingoing')]),
    sql.query<WithdrawalItemRow[]>(WITHDRAWALS_BY_LINE_SQL, [tenantId, keys('outgoing')]),
  ]);
  return { depositsByLine: depositsByLine.map(depositItem), withdrawalsByLine: withdrawalsByLine.map(withdrawalItem) };
}

/**
 * What the provider should have listed for the period (credited deposits, suspense items, finished withdrawals), in
 * pages of `pageSize` rows, so a busy period is never read into memory whole.
 */
export async function* ledgerItemsInPeriod(sql: SqlRunner, tenantId: string, period: StatementPeriod, pageSize: number): AsyncGenerator<Pick<LedgerSide, 'depositsInPeriod' | 'withdrawalsInPeriod'>> {
  for (let after: { at: string; id: string } | null = null; ; ) {
    const rows: (DepositItemRow & { page_at: string })[] = await sql.query(DEPOSITS_IN_PERIOD_SQL, [tenantId, period.from, period.to, after?.at ?? null, after?.id ?? null, pageSize]);
    if (rows.length > 0) yield { depositsInPeriod: rows.map(depositItem), withdrawalsInPeriod: [] };
    if (rows.length < pageSize) break;
    after = { at: rows[rows.length - 1].page_at, id: rows[rows.length - 1].id };
  }
  for (let after: { at: string; id: string } | null = null; ; ) {
    const rows: (WithdrawalItemRow & { page_at: string })[] = await sql.query(WITHDRAWALS_IN_PERIOD_SQL, [tenantId, period.from, period.to, after?.at ?? null, after?.id ?? null, pageSize]);
    if (rows.length > 0) yield { depositsInPeriod: [], withdrawalsInPeriod: rows.map(withdrawalItem) };
    if (rows.length < pageSize) break;
    after = { at: rows[rows.length - 1].page_at, id: rows[rows.length - 1].id };
  }
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
