import { getById, listByCreatedAt } from '../shared/list-by-created-at';
import type { Page, PageRequest } from '../shared/page';
import type { SqlRunner } from '../shared/sql-runner';
import { toWebhookEndpointView, WEBHOOK_ENDPOINT_COLUMNS, type WebhookEndpointRow, type WebhookEndpointView } from './webhook-endpoint.view';

/** `GET /v1/webhook-endpoints[/{id}]`: the merchant's endpoints, newest first; another merchant's is null. */
export class WebhookEndpointQueries {
  constructor(private readonly sql: SqlRunner) {}

  async get(tenantId: string, id: string): Promise<WebhookEndpointView | null> {
    const row = await getById<WebhookEndpointRow>(this.sql, 'webhook_endpoints', WEBHOOK_ENDPOINT_COLUMNS, tenantId, id);
    return row === null ? null : toWebhookEndpointView(row);
  }

  list(tenantId: string, page: PageRequest = {}): Promise<Page<WebhookEndpointView>> {
    return listByCreatedAt<WebhookEndpointRow, WebhookEndpointView>(this.sql, { table: 'webhook_endpoints', columns: WEBHOOK_ENDPOINT_COLUMNS, tenantId, filters: {}, page }, toWebhookEndpointView);
  }
}
