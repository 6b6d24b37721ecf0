import type { DataSource } from 'typeorm';

export type Reservation =
  | { readonly kind: 'reserved' }
  | { readonly kind: 'replay'; readonly statusCode: number; readonly body: unknown }
  | { readonly kind: 'reused' }
  | { readonly kind: 'in_progress' };

export interface IdempotencyScope {
  readonly tenantId: string;
  readonly apiKeyId: string;
  readonly key: string;
}

/** Keys are kept this long at least (docs/api.md, Idempotency: 24 h); older ones are purged lazily. */
export const RETENTION_HOURS = 48;

export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Reserves the key for this request, or says what happened to it before. */
  async reserve(scope: IdempotencyScope, requestHash: string): Promise<Reservation> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (tenant_id, api_key_id, key, request_hash, state)
       VALUES ($1, $2, $3, $4, 'in_progress') ON CONFLICT DO NOTHING RETURNING 1`,
      [scope.tenantId, scope.apiKeyId, scope.key, requestHash],
    );
    if (inserted.length === 1) return { kind: 'reserved' };
    const rows: { request_hash: string; state: string; status_code: number | null; response_body: unknown }[] =
      await this.dataSource.query(
        'SELECT request_hash, state, status_code, response_body FROM idempotency_keys WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3',
        [scope.tenantId, scope.apiKeyId, scope.key],
      );
    const row = rows[0];
    if (!row) return this.reserve(scope, requestHash); // purged between the two statements
    if (row.request_hash !== requestHash) return { kind: 'reused' };
    if (row.state === 'in_progress') return { kind: 'in_progress' };
    return { kind: 'replay', statusCode: row.status_code ?? 200, body: row.response_body };
  }

  async complete(scope: IdempotencyScope, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'done', status_code = $4, response_body = $5
       WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3`,
      [scope.tenantId, scope.apiKeyId, scope.key, statusCode, JSON.stringify(body)],
    );
  }

  /** A failed request leaves no record: the client may retry it with the same key. */
  async release(scope: IdempotencyScope): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3 AND state = 'in_progress'`,
      [scope.tenantId, scope.apiKeyId, scope.key],
    );
  }

  async purgeExpired(): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [RETENTION_HOURS],
    );
    return result[1];
  }
}
