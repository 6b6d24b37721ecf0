import type { ColumnTypes } from '../shared/column-types';

export interface WebhookAttemptView {
  readonly attemptedAt: string;
  /** A resend by hand (POST /v1/webhook-deliveries/{id}/redeliver). */
  readonly manual: boolean;
  readonly httpStatus: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  /** The first KB of the receiver's answer. */
  readonly responseExcerpt: string | null;
}

/** One event's delivery to one endpoint, with every attempt (oldest first). */
export interface WebhookDeliveryView {
  readonly id: string;
  readonly endpointId: string;
  /** The webhook-id header: the event's id, the same on every attempt. */
  readonly webhookId: string;
  readonly eventType: string;
  readonly state: 'pending' | 'delivered' | 'failed';
  /** Automatic attempts made (manual ones are listed, not counted here). */
  readonly attemptCount: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deliveredAt: string | null;
  readonly attempts: WebhookAttemptView[];
}

export interface WebhookDeliveryRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly endpoint_id: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly state: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly next_attempt_at: string | null;
  readonly last_status: number | null;
  readonly last_error: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly delivered_at: string | null;
}

export const WEBHOOK_DELIVERY_COLUMNS: ColumnTypes<WebhookDeliveryRow> = {
  id: 'text',
  tenant_id: 'text',
  endpoint_id: 'text',
  event_id: 'text',
  event_type: 'text',
  state: 'text',
  attempts: 'integer',
  next_attempt_at: 'timestamptz',
  last_status: 'integer',
  last_error: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  delivered_at: 'timestamptz',
};

export function toWebhookDeliveryView(row: WebhookDeliveryRow, attempts: WebhookAttemptView[]): WebhookDeliveryView {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    webhookId: row.event_id,
    eventType: row.event_type,
    state: row.state,
    attemptCount: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
    attempts,
  };
}
