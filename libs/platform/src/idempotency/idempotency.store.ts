import type { DataSource } from 'typeorm';

export type Reservation =
  /** The key is this request's now; `reservedAt` proves it when the answer is stored. */
  | { readonly kind: 'reserved'; readonly reservedAt: string }
  | { readonly kind: 'replay'; readonly statusCode: number; readonly body: unknown }
  | { readonly kind: 'reused' }
  | { readonly kind: 'in_progress' };

export interface IdempotencyScope {
  readonly tenantId: string;
  readonly apiKeyId: string;
  readonly key: string;
}

/** docs/api.md, Idempotency: keys are kept 24 h, then purged. */
export const RETENTION_HOURS = 24;
export const DEFAULT_LEASE_MS = 60_000;

/**
 * Idempotency-Key records in PostgreSQL. A request reserves its key (state in_progress) before it
 * runs; the reservation is a lease: `created_at` is when it was taken, and once it is older than the
 * lease the request that holds it is taken for dead (its process crashed) and the key is free again.
 */
export class IdempotencyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly leaseMs: number = DEFAULT_LEASE_MS,
  ) {}

  /** Reserves the key for this request, or says what happened to it before. */
  async reserve(scope: IdempotencyScope, requestHash: string): Promise<Reservation> {
    const inserted: { reserved_at: string }[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (tenant_id, api_key_id, key, request_hash, state, created_at)
       VALUES ($1, $2, $3, $4, 'in_progress', clock_timestamp()) ON CONFLICT DO NOTHING
       RETURNING created_at::text AS reserved_at`,
      [scope.tenantId, scope.apiKeyId, scope.key, requestHash],
    );
    if (inserted.length === 1) return { kind: 'reserved', reservedAt: inserted[0].reserved_at };
    // A reservation whose lease ran out belongs to a request that died: this one takes it over,
    // whatever body the dead one had (it never answered, so nothing was promised for it).
    // TypeORM answers an UPDATE on PostgreSQL with [returned rows, affected count].
    const [taken]: [{ reserved_at: string }[], number] = await this.dataSource.query(
      `UPDATE idempotency_keys SET request_hash = $4, created_at = clock_timestamp()
       WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3 AND state = 'in_progress'
         AND created_at < clock_timestamp() - make_interval(secs => $5::double precision / 1000)
       RETURNING created_at::text AS reserved_at`,
      [scope.tenantId, scope.apiKeyId, scope.key, requestHash, this.leaseMs],
    );
    if (taken.length === 1) return { kind: 'reserved', reservedAt: taken[0].reserved_at };
    const rows: { request_hash: string; state: string; status_code: number | null; response_body: unknown }[] =
      await this.dataSource.query(
        'SELECT request_hash, state, status_code, response_body FROM idempotency_keys WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3',
        [scope.tenantId, scope.apiKeyId, scope.key],
      );
    const row = rows[0];
    if (!row) return this.reserve(scope, requestHash); // released or purged between the statements
    if (row.request_hash !== requestHash) return { kind: 'reused' };
    if (row.state === 'in_progress') return { kind: 'in_progress' };
    return { kind: 'replay', statusCode: row.status_code ?? 200, body: row.response_body };
  }

  /**
   * Stores the answer to replay. Only while this request still holds its reservation: if its lease
   * ran out and another request took the key over, that one's answer is the one kept.
   */
  async complete(scope: IdempotencyScope, reservedAt: string, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'done', status_code = $5, response_body = $6
       WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3 AND state = 'in_progress' AND created_at = $4::timestamptz`,
      [scope.tenantId, scope.apiKeyId, scope.key, reservedAt, statusCode, JSON.stringify(body)],
    );
  }

  /** An answer that is not kept (validation, 5xx): the key may be sent again at once. */
  async release(scope: IdempotencyScope, reservedAt: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
       WHERE tenant_id = $1 AND api_key_id = $2 AND key = $3 AND state = 'in_progress' AND created_at = $4::timestamptz`,
      [scope.tenantId, scope.apiKeyId, scope.key, reservedAt],
    );
  }

  /**
   * Deletes up to `batchSize` keys older than the retention; returns how many went. Bounded so one
   * purge never holds locks on a large part of the table (the caller repeats while a batch is full).
   */
  async purgeExpiredBatch(batchSize: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)`,
      [RETENTION_HOURS, batchSize],
    );
    return result[1];
  }
}
