import { randomUUID } from 'node:crypto';
/** A DataSource, or anything else that runs a parameterised statement. */
export interface Sql {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * Writes a webhook event straight into webhook_events, as the webhook-events projection does, for
 * tests of delivery alone (retries, timeouts, restarts) that need no deposit behind the event.
 */
export async function publishWebhookEvent(sql: Sql, merchant: string, type: string, data: Record<string, unknown> = {}): Promise<string> {
  const id = `evt_${randomUUID().replace(/-/g, '')}`;
  const createdAt = new Date().toISOString();
  await sql.query('INSERT INTO webhook_events (id, merchant_id, type, created_at, payload) VALUES ($1, $2, $3, $4, $5)', [
    id, merchant, type, createdAt, JSON.stringify({ id, type, createdAt, merchant, data: { version: 1, ...data } }),
  ]);
  return id;
}
