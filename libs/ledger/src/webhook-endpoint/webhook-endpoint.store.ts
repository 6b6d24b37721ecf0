import type { EntityManager } from 'typeorm';
import type { WebhookEndpointState } from './webhook-endpoint.state';

interface EndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  event_types: string[];
  enabled: boolean;
  description: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  disabled_reason: string | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

export function endpointFromRow(row: EndpointRow): WebhookEndpointState {
  return {
    id: row.id,
    merchantId: row.tenant_id,
    url: row.url,
    eventTypes: row.event_types,
    enabled: row.enabled,
    description: row.description,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: iso(row.previous_secret_expires_at),
    disabledReason: row.disabled_reason,
    failingSince: iso(row.failing_since),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The merchant's endpoint, locked for the rest of the transaction; another merchant's is undefined, like a missing one. */
export async function loadEndpointForUpdate(manager: EntityManager, merchantId: string, id: string): Promise<WebhookEndpointState | undefined> {
  const rows: EndpointRow[] = await manager.query('SELECT * FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [merchantId, id]);
  return rows[0] === undefined ? undefined : endpointFromRow(rows[0]);
}

/** The decision written: a new or changed row, or the row deleted (its deliveries go with it). */
export async function saveEndpoint(manager: EntityManager, before: WebhookEndpointState | undefined, after: WebhookEndpointState | undefined): Promise<void> {
  if (after === undefined) {
    if (before !== undefined) await manager.query('DELETE FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2', [before.merchantId, before.id]);
    return;
  }
  if (after === before) return;
  await manager.query(
    `INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, enabled, description, secret, previous_secret,
       previous_secret_expires_at, disabled_reason, failing_since, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, event_types = EXCLUDED.event_types, enabled = EXCLUDED.enabled,
       description = EXCLUDED.description, secret = EXCLUDED.secret, previous_secret = EXCLUDED.previous_secret,
       previous_secret_expires_at = EXCLUDED.previous_secret_expires_at, disabled_reason = EXCLUDED.disabled_reason,
       failing_since = EXCLUDED.failing_since, updated_at = EXCLUDED.updated_at`,
    [after.id, after.merchantId, after.url, after.eventTypes, after.enabled, after.description, after.secret, after.previousSecret,
      after.previousSecretExpiresAt, after.disabledReason, after.failingSince, after.createdAt, after.updatedAt],
  );
}
