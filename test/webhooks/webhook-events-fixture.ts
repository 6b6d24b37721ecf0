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

/** webhook_events as its migration makes it, for a database where that migration has not run yet. */
export async function ensureWebhookEventsTable(sql: Sql): Promise<void> {
  await sql.query(`
    CREATE TABLE IF NOT EXISTS webhook_events (
      seq         bigserial PRIMARY KEY,
      id          text NOT NULL UNIQUE,
      merchant_id text NOT NULL,
      type        text NOT NULL,
      created_at  timestamptz NOT NULL,
      payload     jsonb NOT NULL
    )`);
}
