import type { ColumnTypes } from '../shared/column-types';

export type ExceptionKind =
  /** A signed postback kept aside (PostbackQuarantined): never applied. */
  | 'postback_quarantined'
  /** Credited for another amount than activated (or requested). */
  | 'amount_mismatch'
  /** Credited without an order we opened, or for an order the provider refused to create. */
  | 'unmatched_deposit'
  /** The postback's transaction id differs from the one the player submitted. */
  | 'transaction_id_mismatch'
  /** The money arrived on another wallet type than the deposit was opened for. */
  | 'wallet_type_mismatch'
  /** A withdrawal postback with a status other than 1 or 5: nothing moved. */
  | 'unknown_withdrawal_status'
  /** The submission queue paused itself after a run of identical provider refusals. */
  | 'withdrawal_queue_paused';

/** Amounts inside `detail` are minor-unit strings, like in events. */
export type ExceptionDetail = Readonly<Record<string, string | number | boolean | null>>;

export interface LedgerExceptionRow {
  readonly tenant_id: string;
  readonly kind: ExceptionKind;
  readonly stream_id: string;
  readonly stream_version: number;
  readonly event_id: string;
  readonly event_type: string;
  /** The deposit, withdrawal or suspense item id (the queue's stream id for a paused queue). */
  readonly reference: string;
  /** Null when the event does not say (an unrecognized withdrawal status: join `withdrawals`). */
  readonly wallet_type: string | null;
  /** Null when the exception concerns no one amount (a paused queue). */
  readonly currency: string | null;
  readonly amount_minor: string | null;
  readonly detail: ExceptionDetail;
  readonly at: string;
}

export const LEDGER_EXCEPTION_COLUMNS: ColumnTypes<LedgerExceptionRow> = {
  tenant_id: 'text',
  kind: 'text',
  stream_id: 'text',
  stream_version: 'integer',
  event_id: 'uuid',
  event_type: 'text',
  reference: 'text',
  wallet_type: 'text',
  currency: 'text',
  amount_minor: 'bigint',
  detail: 'jsonb',
  at: 'timestamptz',
};
