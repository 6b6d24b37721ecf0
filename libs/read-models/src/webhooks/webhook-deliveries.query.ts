import { ISO_UTC_MICROS_FORMAT } from '../shared/column-types';
import { getById, listByCreatedAt } from '../shared/list-by-created-at';
import type { Page, PageRequest } from '../shared/page';
import type { SqlRunner } from '../shared/sql-runner';
import { toWebhookDeliveryView, WEBHOOK_DELIVERY_COLUMNS, type WebhookAttemptView, type WebhookDeliveryRow, type WebhookDeliveryView } from './webhook-delivery.view';

/** The newest attempts listed per delivery at most (automatic ones are bounded by the schedule; resends by hand are not). */
export const MAX_LISTED_ATTEMPTS = 100;

interface AttemptRow extends WebhookAttemptView {
  readonly deliveryId: string;
}

/** `GET /v1/webhook-endpoints/{id}/deliveries` and a single delivery: always per merchant. */
export class WebhookDeliveryQueries {
  constructor(private readonly sql: SqlRunner) {}

  /** The endpoint's deliveries, newest first, each with its attempts. */
  async listForEndpoint(tenantId: string, endpointId: string, page: PageRequest = {}): Promise<Page<WebhookDeliveryView>> {
    const rows = await listByCreatedAt<WebhookDeliveryRow, WebhookDeliveryRow>(
      this.sql,
      { table: 'webhook_deliveries', columns: WEBHOOK_DELIVERY_COLUMNS, tenantId, filters: { endpoint_id: endpointId }, page },
      (row) => row,
    );
    const attempts = await this.attemptsOf(tenantId, rows.data.map((row) => row.id));
    return { data: rows.data.map((row) => toWebhookDeliveryView(row, attempts.get(row.id) ?? [])), nextCursor: rows.nextCursor };
  }

  async get(tenantId: string, deliveryId: string): Promise<WebhookDeliveryView | null> {
    const row = await getById<WebhookDeliveryRow>(this.sql, 'webhook_deliveries', WEBHOOK_DELIVERY_COLUMNS, tenantId, deliveryId);
    if (row === null) return null;
    return toWebhookDeliveryView(row, (await this.attemptsOf(tenantId, [row.id])).get(row.id) ?? []);
  }

  private async attemptsOf(tenantId: string, deliveryIds: readonly string[]): Promise<Map<string, WebhookAttemptView[]>> {
    const byDelivery = new Map<string, WebhookAttemptView[]>();
    if (deliveryIds.length === 0) return byDelivery;
    const rows = await this.sql.query<AttemptRow[]>(
      `SELECT "deliveryId", "attemptedAt", manual, "httpStatus", "durationMs", error, "responseExcerpt" FROM (
         SELECT delivery_id AS "deliveryId", id, to_char(attempted_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS "attemptedAt", manual,
                http_status AS "httpStatus", duration_ms AS "durationMs", error, response_excerpt AS "responseExcerpt",
                row_number() OVER (PARTITION BY delivery_id ORDER BY id DESC) AS newest
         FROM webhook_delivery_attempts WHERE tenant_id = $1 AND delivery_id = ANY ($2::text[])) AS attempts
       WHERE newest <= $3 ORDER BY id`,
      [tenantId, deliveryIds, MAX_LISTED_ATTEMPTS],
    );
    for (const { deliveryId, ...attempt } of rows) {
      const list = byDelivery.get(deliveryId) ?? [];
      list.push(attempt);
      byDelivery.set(deliveryId, list);
    }
    return byDelivery;
  }
}
