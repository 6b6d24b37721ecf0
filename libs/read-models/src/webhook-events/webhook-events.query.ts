import { pageLimit } from '../shared/page';
import type { SqlRunner } from '../shared/sql-runner';
import type { WebhookEventType } from '@kassa/ledger';
import type { StoredWebhookEvent, WebhookEventPayload } from './webhook-event';

interface StoredRow {
  readonly seq: string;
  readonly id: string;
  readonly merchant_id: string;
  readonly type: WebhookEventType;
  readonly payload: WebhookEventPayload;
}

function toStored(row: StoredRow): StoredWebhookEvent {
  return { seq: BigInt(row.seq), id: row.id, merchantId: row.merchant_id, type: row.type, createdAt: row.payload.createdAt, payload: row.payload };
}

/**
 * Every merchant's webhook events after `afterSeq` (0n for the start), oldest first, at most `limit`:
 * for the delivery worker, which follows `seq` with its own checkpoint. Rows are written in commit
 * order by one writer, so a row with a lower seq never appears after a higher one was read.
 */
export async function readWebhookEventsAfter(sql: SqlRunner, afterSeq: bigint, limit: number): Promise<StoredWebhookEvent[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`limit must be a positive integer, got ${limit}`);
  const rows = await sql.query<StoredRow[]>(
    'SELECT e.seq::text AS seq, e.id, e.merchant_id, e.type, e.payload FROM webhook_events e WHERE e.seq > $1::bigint ORDER BY e.seq LIMIT $2',
    [afterSeq.toString(), limit],
  );
  return rows.map(toStored);
}

/** The highest seq written so far (0n when none): with a consumer's checkpoint, its backlog. */
export async function lastWebhookEventSeq(sql: SqlRunner): Promise<bigint> {
  const [row] = await sql.query<{ seq: string | null }[]>('SELECT max(seq)::text AS seq FROM webhook_events');
  return row?.seq == null ? 0n : BigInt(row.seq);
}

export interface WebhookFeedRequest {
  /** Only these types; absent or empty: every type. */
  readonly types?: readonly WebhookEventType[];
  /** The id of the last event the client has: the feed continues after it. */
  readonly after?: string;
  readonly limit?: number;
}

export interface WebhookFeedPage {
  readonly data: WebhookEventPayload[];
  /** Where to continue: the last event's id on this page, else the `after` given (null: from the start). */
  readonly nextCursor: string | null;
  /** More events follow right now; when false the client is caught up (later events will still come). */
  readonly hasMore: boolean;
}

/** `after` names no event of this merchant's feed: the API answers 400 naming the field. */
export class UnknownFeedCursorError extends Error {
  constructor() {
    super('is not the id of an event of this feed');
    this.name = 'UnknownFeedCursorError';
  }
}

/** `GET /v1/events`: one merchant's webhook events in the order they were written, the same bodies the webhooks carry. */
export class WebhookEventQueries {
  constructor(private readonly sql: SqlRunner) {}

  async feed(merchantId: string, request: WebhookFeedRequest = {}): Promise<WebhookFeedPage> {
    const limit = pageLimit(request.limit);
    const afterSeq = request.after === undefined ? '0' : await this.seqOf(merchantId, request.after);
    const types = request.types !== undefined && request.types.length > 0 ? [...request.types] : null;
    const rows = await this.sql.query<{ payload: WebhookEventPayload }[]>(
      `SELECT payload FROM webhook_events
       WHERE merchant_id = $1 AND seq > $2::bigint AND ($3::text[] IS NULL OR type = ANY($3::text[]))
       ORDER BY seq LIMIT $4`,
      [merchantId, afterSeq, types, limit + 1],
    );
    const data = rows.slice(0, limit).map((row) => row.payload);
    const last = data[data.length - 1];
    return { data, nextCursor: last?.id ?? request.after ?? null, hasMore: rows.length > limit };
  }

  private async seqOf(merchantId: string, eventId: string): Promise<string> {
    const [row] = await this.sql.query<{ seq: string }[]>('SELECT seq::text AS seq FROM webhook_events WHERE id = $1 AND merchant_id = $2', [eventId, merchantId]);
    if (row === undefined) throw new UnknownFeedCursorError();
    return row.seq;
  }
}
