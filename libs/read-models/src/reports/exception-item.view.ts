/**
 * Every category finance must look at (docs/api.md, Reconciliation exceptions). The first six come
 * from the `ledger_exceptions` read model (events), the two "too long" ones from the current state
 * of deposits and withdrawals, rejected signatures from `postback_inbox`, drift from `verify_runs`,
 * failing webhook endpoints from `webhook_endpoints`.
 * `unmatched_deposit` also lists the open suspense items (from `suspense_items`, while they are open).
 */
export type ExceptionCategory =
  | 'amount_mismatch'
  | 'unmatched_deposit'
  | 'transaction_id_mismatch'
  | 'wallet_type_mismatch'
  | 'unknown_withdrawal_status'
  | 'postback_quarantined'
  | 'deposit_awaiting_confirmation'
  | 'withdrawal_without_result'
  | 'withdrawal_parked'
  | 'withdrawal_queue_paused'
  | 'rejected_signature'
  | 'ledger_drift'
  | 'webhook_endpoint_failing';

export const EXCEPTION_CATEGORIES: readonly ExceptionCategory[] = [
  'amount_mismatch',
  'unmatched_deposit',
  'transaction_id_mismatch',
  'wallet_type_mismatch',
  'unknown_withdrawal_status',
  'postback_quarantined',
  'deposit_awaiting_confirmation',
  'withdrawal_without_result',
  'withdrawal_parked',
  'withdrawal_queue_paused',
  'rejected_signature',
  'ledger_drift',
  'webhook_endpoint_failing',
];

export interface ExceptionLinks {
  /** A webhook endpoint and its deliveries: GET /v1/webhook-endpoints/{id}/deliveries (a payments key). */
  readonly deliveries?: string;
  /** The stream's history: GET /v1/audit/{deposits|withdrawals|suspense}/{id}/events. */
  readonly audit?: string;
  /** The deposit, withdrawal or suspense item view. */
  readonly view?: string;
  /** For an open suspense item: where finance assigns it to a player. */
  readonly assign?: string;
}

export interface ExceptionItem {
  readonly category: ExceptionCategory;
  /** When it happened (ISO-8601 UTC): the event, the start of the wait, the receipt, the verify run. */
  readonly at: string;
  /** The event stream it concerns, or null (a rejected signature names no trusted stream; drift is about tables). */
  readonly stream: string | null;
  /** The deposit, withdrawal or suspense item id, the inbox id, or the verify run id. */
  readonly reference: string;
  readonly walletType: string | null;
  readonly currency: string | null;
  /** Decimal string in the currency, when the category has an amount. */
  readonly amount: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly links: ExceptionLinks;
}

export interface ExceptionsReport {
  readonly period: { readonly from: string | null; readonly to: string | null };
  /** The instant the "too long" categories were judged at. */
  readonly asOf: string;
  readonly thresholds: { readonly awaitingConfirmationMinutes: number; readonly withdrawalResultMinutes: number };
  readonly counts: Readonly<Record<ExceptionCategory, number>>;
  readonly items: ExceptionItem[];
  /** The last `ledger-cli verify` result, whatever the period (null: never run). */
  readonly lastVerify: LastVerifySummary | null;
}

export interface LastVerifySummary {
  readonly id: string;
  readonly finishedAt: string;
  readonly ok: boolean;
  readonly driftedTables: string[];
}

/** Links by the stream's category: deposit-{tenant}.{id}, withdrawal-{tenant}.{id} or suspense-{tenant}.{id}. */
export function linksFor(kind: 'deposit' | 'withdrawal' | 'suspense', id: string): ExceptionLinks {
  const encoded = encodeURIComponent(id);
  if (kind === 'suspense') return { audit: `/v1/audit/suspense/${encoded}/events`, view: `/v1/suspense/${encoded}` };
  const collection = kind === 'deposit' ? 'deposits' : 'withdrawals';
  return { audit: `/v1/audit/${collection}/${encoded}/events`, view: `/v1/${collection}/${encoded}` };
}
