import { formatMinor, fromMinorString } from '@kassa/ledger';
import { ISO_UTC_MICROS_FORMAT } from '../shared/column-types';
import type { SqlRunner } from '../shared/sql-runner';
import { toIsoMillis } from '../shared/timestamps';
import { VerifyRunsRepository } from '../verify/verify-runs.repository';
import {
  EXCEPTION_CATEGORIES,
  linksFor,
  type ExceptionCategory,
  type ExceptionItem,
  type ExceptionsReport,
  type LastVerifySummary,
} from './exception-item.view';

export interface ExceptionsPeriod {
  /** Inclusive; null: since the beginning. */
  readonly fromUtc: string | null;
  /** Exclusive; null: up to now. */
  readonly toUtc: string | null;
}

export interface ExceptionThresholdsMinutes {
  readonly awaitingConfirmationMinutes: number;
  readonly withdrawalResultMinutes: number;
}

/** The most lines one category contributes: a bound on the answer; counts stay exact. */
export const MAX_ITEMS_PER_CATEGORY = 1_000;

const TS = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT})`;
const IN_PERIOD = (column: string): string =>
  `($2::timestamptz IS NULL OR ${column} >= $2::timestamptz) AND ($3::timestamptz IS NULL OR ${column} < $3::timestamptz)`;

/** Event-raised exceptions; an unknown withdrawal status takes its wallet type from the withdrawal row. */
const LEDGER_EXCEPTIONS_SQL = `
  SELECT e.kind, e.stream_id, e.reference, coalesce(e.wallet_type, w.wallet_type) AS wallet_type, e.currency,
         e.amount_minor::text AS amount_minor, e.detail, e.event_type, e.stream_version, ${TS('e.at')} AS at
  FROM ledger_exceptions e
  LEFT JOIN withdrawals w ON e.kind = 'unknown_withdrawal_status' AND w.tenant_id = e.tenant_id AND w.id = e.reference
  WHERE e.tenant_id = $1 AND ${IN_PERIOD('e.at')}
  ORDER BY e.at, e.id`;

/** Still awaiting confirmation, and since longer than the threshold ($4 = now - threshold). */
const STUCK_DEPOSITS_SQL = `
  SELECT id, stream_id, wallet_type, currency, label, transaction_id, activation_outcome,
         coalesce(activation_amount_minor, requested_amount_minor)::text AS amount_minor,
         ${TS('coalesce(activation_submitted_at, updated_at)')} AS since
  FROM deposits
  WHERE tenant_id = $1 AND status = 'awaiting_confirmation'
    AND coalesce(activation_submitted_at, updated_at) < $4::timestamptz AND ${IN_PERIOD('coalesce(activation_submitted_at, updated_at)')}
  ORDER BY coalesce(activation_submitted_at, updated_at), id`;

const STUCK_WITHDRAWALS_SQL = `
  SELECT id, stream_id, wallet_type, currency, label, amount_minor::text AS amount_minor, attempts, ${TS('submitted_at')} AS since
  FROM withdrawals
  WHERE tenant_id = $1 AND status = 'submitted' AND submitted_at < $4::timestamptz AND ${IN_PERIOD('submitted_at')}
  ORDER BY submitted_at, id`;

/** Parked now (still requested; an operator has not resubmitted or resolved it), since a time in the period. */
const PARKED_WITHDRAWALS_SQL = `
  SELECT id, stream_id, wallet_type, currency, label, amount_minor::text AS amount_minor, attempts, last_error,
         last_error_outcome_unknown AS outcome_unknown, ${TS('parked_at')} AS since
  FROM withdrawals
  WHERE tenant_id = $1 AND status = 'requested' AND parked_at IS NOT NULL AND ${IN_PERIOD('parked_at')}
  ORDER BY parked_at, id`;

/** Open now (not yet assigned to a player), credited in the period. */
const OPEN_SUSPENSE_SQL = `
  SELECT id, stream_id, wallet_type, currency, amount_minor::text AS amount_minor, transaction_id, unsigned_label, postback_id,
         quarantined_count, ${TS('created_at')} AS credited_at
  FROM suspense_items
  WHERE tenant_id = $1 AND status = 'open' AND ${IN_PERIOD('created_at')}
  ORDER BY created_at, id`;

const REJECTED_SIGNATURES_SQL = `
  SELECT id, direction, remote_addr, outcome_detail, ${TS('received_at')} AS received_at
  FROM postback_inbox
  WHERE tenant_id = $1 AND outcome = 'rejected_signature' AND ${IN_PERIOD('received_at')}
  ORDER BY received_at, id`;

/**
 * Endpoints whose attempts have all failed since failing_since (a success clears it), disabled by us
 * after 5 days or still trying; only the host of the URL is shown (a path may carry the platform's token).
 */
const FAILING_WEBHOOK_ENDPOINTS_SQL = `
  SELECT w.id, w.url, w.enabled, w.disabled_reason, ${TS('w.failing_since')} AS since,
         (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = w.id AND d.state = 'pending') AS pending,
         (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = w.id AND d.state = 'failed') AS failed
  FROM webhook_endpoints w
  WHERE w.tenant_id = $1 AND w.failing_since IS NOT NULL AND ${IN_PERIOD('w.failing_since')}
  ORDER BY w.failing_since, w.id`;

interface FailingEndpointRow {
  readonly id: string;
  readonly url: string;
  readonly enabled: boolean;
  readonly disabled_reason: string | null;
  readonly since: string;
  readonly pending: number;
  readonly failed: number;
}

interface LedgerExceptionRow {
  readonly kind: ExceptionCategory;
  readonly stream_id: string;
  readonly reference: string;
  readonly wallet_type: string | null;
  readonly currency: string | null;
  readonly amount_minor: string | null;
  readonly detail: Record<string, unknown>;
  readonly event_type: string;
  readonly stream_version: number;
  readonly at: string;
}

interface StuckRow {
  readonly id: string;
  readonly stream_id: string;
  readonly wallet_type: string;
  readonly currency: string;
  readonly label: string;
  readonly amount_minor: string | null;
  readonly since: string;
  readonly [more: string]: unknown;
}

interface OpenSuspenseRow {
  readonly id: string;
  readonly stream_id: string;
  readonly wallet_type: string;
  readonly currency: string;
  readonly amount_minor: string;
  readonly transaction_id: string;
  readonly unsigned_label: string | null;
  readonly postback_id: string;
  readonly quarantined_count: number;
  readonly credited_at: string;
}

interface RejectedRow {
  readonly id: string;
  readonly direction: string | null;
  readonly remote_addr: string | null;
  readonly outcome_detail: Record<string, unknown> | null;
  readonly received_at: string;
}

export class ExceptionsReportQueries {
  constructor(private readonly sql: SqlRunner) {}

  async report(tenantId: string, period: ExceptionsPeriod, thresholds: ExceptionThresholdsMinutes, now: Date): Promise<ExceptionsReport> {
    const depositCutoff = new Date(now.getTime() - thresholds.awaitingConfirmationMinutes * 60_000).toISOString();
    const withdrawalCutoff = new Date(now.getTime() - thresholds.withdrawalResultMinutes * 60_000).toISOString();
    const base = [tenantId, period.fromUtc, period.toUtc];
    const [ledger, deposits, withdrawals, parked, suspense, rejected, lastVerify, failingEndpoints] = await Promise.all([
      this.sql.query<LedgerExceptionRow[]>(LEDGER_EXCEPTIONS_SQL, base),
      this.sql.query<StuckRow[]>(STUCK_DEPOSITS_SQL, [...base, depositCutoff]),
      this.sql.query<StuckRow[]>(STUCK_WITHDRAWALS_SQL, [...base, withdrawalCutoff]),
      this.sql.query<StuckRow[]>(PARKED_WITHDRAWALS_SQL, base),
      this.sql.query<OpenSuspenseRow[]>(OPEN_SUSPENSE_SQL, base),
      this.sql.query<RejectedRow[]>(REJECTED_SIGNATURES_SQL, base),
      new VerifyRunsRepository(this.sql).last(tenantId),
      this.sql.query<FailingEndpointRow[]>(FAILING_WEBHOOK_ENDPOINTS_SQL, base),
    ]);
    const items: ExceptionItem[] = [
      ...ledger.map(ledgerItem),
      ...deposits.map((row) => stuckItem('deposit_awaiting_confirmation', 'deposit', row, now)),
      ...withdrawals.map((row) => stuckItem('withdrawal_without_result', 'withdrawal', row, now)),
      ...parked.map((row) => stuckItem('withdrawal_parked', 'withdrawal', row, now)),
      ...suspense.map(openSuspenseItem),
      ...rejected.map(rejectedItem),
      ...(lastVerify !== null && !lastVerify.ok ? [driftItem(lastVerify.id, lastVerify.finishedAt, lastVerify.driftedTables)] : []),
      ...failingEndpoints.map((row) => failingEndpointItem(row, now)),
    ];
    const counts = Object.fromEntries(EXCEPTION_CATEGORIES.map((category) => [category, 0])) as Record<ExceptionCategory, number>;
    for (const item of items) counts[item.category] += 1;
    return {
      period: { from: period.fromUtc, to: period.toUtc },
      asOf: now.toISOString(),
      thresholds: { ...thresholds },
      counts,
      items: boundPerCategory(items).sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1)),
      lastVerify: lastVerify === null ? null : summary(lastVerify.id, lastVerify.finishedAt, lastVerify.ok, lastVerify.driftedTables),
    };
  }
}

function ledgerItem(row: LedgerExceptionRow): ExceptionItem {
  const detail = { ...(row.currency === null ? row.detail : withDecimalAmounts(row.detail, row.currency)), eventType: row.event_type, streamVersion: row.stream_version };
  const common = { category: row.kind, at: toIsoMillis(row.at), stream: row.stream_id, reference: row.reference, walletType: row.wallet_type, detail };
  if (row.currency === null) {
    // Not about one deposit or withdrawal (a paused queue): no amount, no view to link.
    return { ...common, currency: null, amount: null, links: {} };
  }
  const kind = row.stream_id.startsWith('withdrawal-') ? 'withdrawal' : row.stream_id.startsWith('suspense-') ? 'suspense' : 'deposit';
  return {
    ...common,
    currency: row.currency,
    amount: row.amount_minor === null ? null : formatMinor(fromMinorString(row.amount_minor), row.currency),
    links: linksFor(kind, row.reference),
  };
}

function stuckItem(category: ExceptionCategory, kind: 'deposit' | 'withdrawal', row: StuckRow, now: Date): ExceptionItem {
  const since = toIsoMillis(row.since);
  const { id, stream_id, wallet_type, currency, amount_minor, since: _since, ...rest } = row;
  void _since;
  return {
    category,
    at: since,
    stream: stream_id,
    reference: id,
    walletType: wallet_type,
    currency,
    amount: amount_minor === null ? null : formatMinor(fromMinorString(amount_minor), currency),
    detail: { ...camelCase(rest), waitingMinutes: Math.floor((now.getTime() - Date.parse(since)) / 60_000) },
    links: linksFor(kind, id),
  };
}

/** Money received for no order of ours, in the merchant's suspense account until finance assigns it. */
function openSuspenseItem(row: OpenSuspenseRow): ExceptionItem {
  const encoded = encodeURIComponent(row.id);
  return {
    category: 'unmatched_deposit',
    at: toIsoMillis(row.credited_at),
    stream: row.stream_id,
    reference: row.id,
    walletType: row.wallet_type,
    currency: row.currency,
    amount: formatMinor(fromMinorString(row.amount_minor), row.currency),
    detail: {
      suspenseItemId: row.id,
      transactionId: row.transaction_id,
      unsignedLabel: row.unsigned_label,
      postbackId: row.postback_id,
      quarantinedCount: row.quarantined_count,
    },
    links: { ...linksFor('suspense', row.id), assign: `/v1/suspense/${encoded}/assign` },
  };
}

function rejectedItem(row: RejectedRow): ExceptionItem {
  return {
    category: 'rejected_signature',
    at: toIsoMillis(row.received_at),
    // The body was not signed by the provider: whatever ids it names are not trusted enough to link.
    stream: null,
    reference: row.id,
    walletType: null,
    currency: null,
    amount: null,
    detail: { inboxId: row.id, direction: row.direction, remoteAddr: row.remote_addr, ...(row.outcome_detail ?? {}) },
    links: {},
  };
}

function failingEndpointItem(row: FailingEndpointRow, now: Date): ExceptionItem {
  const since = toIsoMillis(row.since);
  return {
    category: 'webhook_endpoint_failing',
    at: since,
    stream: null,
    reference: row.id,
    walletType: null,
    currency: null,
    amount: null,
    detail: {
      endpointId: row.id,
      host: new URL(row.url).host,
      enabled: row.enabled,
      disabledReason: row.disabled_reason,
      pendingDeliveries: row.pending,
      failedDeliveries: row.failed,
      failingMinutes: Math.floor((now.getTime() - Date.parse(since)) / 60_000),
    },
    links: { deliveries: `/v1/webhook-endpoints/${encodeURIComponent(row.id)}/deliveries` },
  };
}

function driftItem(id: string, finishedAt: string, driftedTables: string[]): ExceptionItem {
  return {
    category: 'ledger_drift',
    at: finishedAt,
    stream: null,
    reference: id,
    walletType: null,
    currency: null,
    amount: null,
    detail: { driftedTables, hint: 'run ledger-cli verify for the differing rows; ledger-cli rebuild <projection> repairs a read model' },
    links: {},
  };
}

function summary(id: string, finishedAt: string, ok: boolean, driftedTables: string[]): LastVerifySummary {
  return { id, finishedAt, ok, driftedTables };
}

/** Minor-unit strings inside `detail` (`…AmountMinor`) shown as decimals next to them, for people. */
function withDecimalAmounts(detail: Record<string, unknown>, currency: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...detail };
  for (const [key, value] of Object.entries(detail)) {
    if (key.endsWith('AmountMinor') && typeof value === 'string' && /^-?\d+$/.test(value)) {
      out[key.replace(/Minor$/, '')] = formatMinor(BigInt(value), currency);
    }
  }
  return out;
}

function camelCase(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value]));
}

function boundPerCategory(items: ExceptionItem[]): ExceptionItem[] {
  const taken = new Map<ExceptionCategory, number>();
  return items.filter((item) => {
    const n = (taken.get(item.category) ?? 0) + 1;
    taken.set(item.category, n);
    return n <= MAX_ITEMS_PER_CATEGORY;
  });
}
