import type { DataSource } from 'typeorm';
import { decideWebhookEndpoint } from '../webhook-endpoint/webhook-endpoint.decider';
import { loadEndpointForUpdate, saveEndpoint } from '../webhook-endpoint/webhook-endpoint.store';
import type { WebhookEndpointState } from '../webhook-endpoint/webhook-endpoint.state';
import type { WebhookAttemptResult } from './webhook-sender';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** What one attempt needs: the delivery, its endpoint (with its secrets) and the event's body. */
export interface DeliveryToSend {
  readonly id: string;
  readonly merchantId: string;
  readonly endpoint: Pick<WebhookEndpointState, 'id' | 'url' | 'enabled' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>;
  readonly eventId: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  /** The event's payload as text: the exact bytes signed and sent, the same on every attempt. */
  readonly body: string;
}

interface DeliveryRow {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  state: DeliveryState;
  attempts: number;
  url: string;
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  body: string;
}

/** The delivery of this merchant (all merchants when merchantId is undefined: the worker), or undefined. */
export async function loadDeliveryToSend(dataSource: DataSource, deliveryId: string, merchantId?: string): Promise<DeliveryToSend | undefined> {
  const rows: DeliveryRow[] = await dataSource.query(
    `SELECT d.id, d.tenant_id, d.endpoint_id, d.event_id, d.state, d.attempts, w.url, w.enabled, w.secret, w.previous_secret,
            w.previous_secret_expires_at, e.payload::text AS body
     FROM webhook_deliveries d
     JOIN webhook_endpoints w ON w.id = d.endpoint_id
     JOIN webhook_events e ON e.id = d.event_id
     WHERE d.id = $1 AND ($2::text IS NULL OR d.tenant_id = $2)`,
    [deliveryId, merchantId ?? null],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    id: row.id,
    merchantId: row.tenant_id,
    endpoint: {
      id: row.endpoint_id, url: row.url, enabled: row.enabled, secret: row.secret, previousSecret: row.previous_secret,
      previousSecretExpiresAt: row.previous_secret_expires_at === null ? null : row.previous_secret_expires_at.toISOString(),
    },
    eventId: row.event_id,
    state: row.state,
    attempts: row.attempts,
    body: row.body,
  };
}

export interface AttemptOutcome {
  /** The delivery's state after the attempt. */
  readonly state: DeliveryState;
  /** Whether the endpoint was disabled by this attempt (every attempt failed for 5 days). */
  readonly endpointDisabled: boolean;
}

/**
 * Records one attempt in one transaction: the attempt row; the delivery (delivered; or, for an
 * automatic attempt, its next due time or failed when the schedule ran out); and the endpoint's
 * failing run, which may disable it. A manual attempt that fails leaves the schedule as it was.
 * `nextDelayMs` is the wait before the next automatic attempt (null: none left).
 */
export async function recordAttempt(
  dataSource: DataSource,
  delivery: DeliveryToSend,
  result: WebhookAttemptResult,
  attemptedAt: Date,
  manual: boolean,
  nextDelayMs: number | null,
): Promise<AttemptOutcome> {
  return dataSource.transaction(async (manager) => {
    const now = attemptedAt.toISOString();
    // Deleted with its endpoint while the attempt was out: nothing left to record it on.
    const [current]: { state: DeliveryState }[] = await manager.query('SELECT state FROM webhook_deliveries WHERE id = $1 FOR UPDATE', [delivery.id]);
    if (current === undefined) return { state: delivery.state, endpointDisabled: false };
    await manager.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, tenant_id, attempted_at, manual, http_status, duration_ms, error, response_excerpt)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [delivery.id, delivery.merchantId, now, manual, result.httpStatus, result.durationMs, result.error, result.responseExcerpt],
    );
    let state: DeliveryState;
    if (result.delivered) {
      state = 'delivered';
      await manager.query(
        `UPDATE webhook_deliveries SET state = 'delivered', attempts = attempts + $2, next_attempt_at = NULL, last_status = $3, last_error = NULL,
           delivered_at = $4, updated_at = $4 WHERE id = $1`,
        [delivery.id, manual ? 0 : 1, result.httpStatus, now],
      );
    } else if (manual) {
      const rows: { state: DeliveryState }[] = await manager.query(
        'UPDATE webhook_deliveries SET last_status = $2, last_error = $3, updated_at = $4 WHERE id = $1 RETURNING state',
        [delivery.id, result.httpStatus, result.error, now],
      );
      state = rows[0]?.state ?? delivery.state;
    } else {
      state = nextDelayMs === null ? 'failed' : 'pending';
      const nextAt = nextDelayMs === null ? null : new Date(attemptedAt.getTime() + nextDelayMs).toISOString();
      await manager.query(
        `UPDATE webhook_deliveries SET state = $2, attempts = attempts + 1, next_attempt_at = $3, last_status = $4, last_error = $5, updated_at = $6
         WHERE id = $1 AND state = 'pending'`,
        [delivery.id, state, nextAt, result.httpStatus, result.error, now],
      );
    }
    const before = await loadEndpointForUpdate(manager, delivery.merchantId, delivery.endpoint.id);
    const after = before && decideWebhookEndpoint({ type: result.delivered ? 'RecordWebhookSuccess' : 'RecordWebhookFailure' }, before, now);
    await saveEndpoint(manager, before, after);
    return { state, endpointDisabled: before?.enabled === true && after?.enabled === false };
  });
}
