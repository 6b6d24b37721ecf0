import { ISO_UTC_MICROS_FORMAT } from '../shared/column-types';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { pageLimit, toPage, type Page, type PageRequest } from '../shared/page';
import type { SqlRunner } from '../shared/sql-runner';
import { toIsoMillis, toNullableIsoMillis } from '../shared/timestamps';
import type { InboxEntry, InboxRow, NewInboxEntry, OutcomeDetail, PostbackOutcome } from './postback-inbox.entry';

const SELECT_COLUMNS = `id::text AS id, tenant_id,
  to_char(received_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS received_at,
  raw_body, content_type, remote_addr, signature_valid, direction, outcome, outcome_detail,
  to_char(processed_at AT TIME ZONE 'UTC', ${ISO_UTC_MICROS_FORMAT}) AS processed_at`;

/** What became of a postback, when it is stored already processed. */
export interface ProcessedInboxEntry {
  readonly outcome: PostbackOutcome;
  readonly detail: OutcomeDetail | null;
  readonly processedAt: string;
}

export interface InboxFilter {
  readonly outcome?: PostbackOutcome;
  /** Inclusive lower bound on received_at (ISO-8601). */
  readonly from?: string;
  /** Exclusive upper bound on received_at (ISO-8601). */
  readonly to?: string;
}

/**
 * The raw postback log. Construct it with the DataSource, or with a transaction's EntityManager to
 * write the inbox row in the same transaction as something else.
 */
export class PostbackInboxRepository {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * Stores the postback, as received or (one write instead of two) already processed. A repeated id
   * is a no-op (the first row stands): false.
   */
  async insert(entry: NewInboxEntry, processed?: ProcessedInboxEntry): Promise<boolean> {
    return (await this.insertMany([{ entry, processed }])).has(entry.id.toLowerCase());
  }

  /** insert() for many postbacks in one statement; answers the ids (lower case) that were new. */
  async insertMany(rows: readonly { readonly entry: NewInboxEntry; readonly processed?: ProcessedInboxEntry }[]): Promise<Set<string>> {
    const stored = await this.sql.query<{ id: string }[]>(
      `INSERT INTO postback_inbox (id, tenant_id, received_at, raw_body, content_type, remote_addr, signature_valid, direction, outcome, outcome_detail, processed_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[], $9::text[], $10::jsonb[], $11::timestamptz[])
       ON CONFLICT (id) DO NOTHING
       RETURNING id::text AS id`,
      [
        rows.map((r) => r.entry.id), rows.map((r) => r.entry.tenantId), rows.map((r) => r.entry.receivedAt), rows.map((r) => r.entry.rawBody),
        rows.map((r) => r.entry.contentType), rows.map((r) => r.entry.remoteAddr), rows.map((r) => r.entry.signatureValid), rows.map((r) => r.entry.direction),
        rows.map((r) => r.processed?.outcome ?? 'received'), rows.map((r) => (r.processed?.detail ? JSON.stringify(r.processed.detail) : null)),
        rows.map((r) => r.processed?.processedAt ?? null),
      ],
    );
    return new Set(stored.map((row) => row.id));
  }

  /**
   * Records what processing came to. `signatureValid` and `direction` are learnt while processing,
   * so they may be given here too (null leaves the stored value). False when no such row exists.
   */
  async markOutcome(
    id: string,
    outcome: PostbackOutcome,
    options: { readonly detail?: OutcomeDetail | null; readonly processedAt: string; readonly signatureValid?: boolean; readonly direction?: string },
  ): Promise<boolean> {
    // A CTE so the answer is rows whatever the executor (TypeORM returns a bare UPDATE as a tuple).
    const rows = await this.sql.query<{ updated: number }[]>(
      `WITH updated AS (
         UPDATE postback_inbox
         SET outcome = $2, outcome_detail = $3::jsonb, processed_at = $4,
             signature_valid = coalesce($5, signature_valid), direction = coalesce($6, direction)
         WHERE id = $1 RETURNING 1)
       SELECT count(*)::int AS updated FROM updated`,
      [id, outcome, options.detail === undefined || options.detail === null ? null : JSON.stringify(options.detail), options.processedAt, options.signatureValid ?? null, options.direction ?? null],
    );
    return rows[0]?.updated === 1;
  }

  async get(tenantId: string, id: string): Promise<InboxEntry | null> {
    const rows = await this.sql.query<InboxRow[]>(`SELECT ${SELECT_COLUMNS} FROM postback_inbox WHERE tenant_id = $1 AND id = $2::uuid`, [tenantId, id]);
    return rows.length === 0 ? null : toInboxEntry(rows[0]);
  }

  /** Newest first, cursor-paginated by (received_at, id). */
  async list(tenantId: string, filter: InboxFilter = {}, page: PageRequest = {}): Promise<Page<InboxEntry>> {
    const limit = pageLimit(page.limit);
    const parameters: unknown[] = [tenantId];
    const conditions = ['tenant_id = $1'];
    const add = (condition: (n: number) => string, value: unknown): void => {
      parameters.push(value);
      conditions.push(condition(parameters.length));
    };
    if (filter.outcome !== undefined) add((n) => `outcome = $${n}`, filter.outcome);
    if (filter.from !== undefined) add((n) => `received_at >= $${n}::timestamptz`, filter.from);
    if (filter.to !== undefined) add((n) => `received_at < $${n}::timestamptz`, filter.to);
    if (page.cursor !== undefined && page.cursor !== null) {
      const [receivedAt, id] = decodeCursor(page.cursor, ['timestamp', 'string']);
      parameters.push(receivedAt, id);
      conditions.push(`(received_at, id::text) < ($${parameters.length - 1}::timestamptz, $${parameters.length}::text)`);
    }
    parameters.push(limit + 1);
    const rows = await this.sql.query<InboxRow[]>(
      `SELECT ${SELECT_COLUMNS} FROM postback_inbox
       WHERE ${conditions.join(' AND ')}
       ORDER BY postback_inbox.received_at DESC, postback_inbox.id::text DESC
       LIMIT $${parameters.length}`,
      parameters,
    );
    return toPage(rows, limit, toInboxEntry, (row) => encodeCursor([row.received_at, row.id]));
  }
}

function toInboxEntry(row: InboxRow): InboxEntry {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    receivedAt: toIsoMillis(row.received_at),
    rawBody: row.raw_body,
    contentType: row.content_type,
    remoteAddr: row.remote_addr,
    signatureValid: row.signature_valid,
    direction: row.direction,
    outcome: row.outcome,
    outcomeDetail: row.outcome_detail,
    processedAt: toNullableIsoMillis(row.processed_at),
  };
}
