import { DEPOSIT_STREAM_PREFIX, SUSPENSE_STREAM_PREFIX, WITHDRAWAL_STREAM_PREFIX } from '@kassa/ledger';
import { type ColumnTypes, orderedRowsSource, rowsParameters, rowsSource } from '../shared/column-types';
import type { Projection } from '../shared/projection';
import type { SqlRunner } from '../shared/sql-runner';
import type { WebhookEventPayload } from './webhook-event';
import { webhookEventsOf } from './webhook-events-of';
import type { SourceState } from './webhook-sources';

export const WEBHOOK_EVENTS_PROJECTION_NAME = 'read-model.webhook-events';

interface WebhookEventRow {
  readonly id: string;
  readonly merchant_id: string;
  readonly type: string;
  readonly created_at: string;
  readonly payload: WebhookEventPayload;
}

const WEBHOOK_EVENT_COLUMNS: ColumnTypes<WebhookEventRow> = { id: 'text', merchant_id: 'text', type: 'text', created_at: 'timestamptz', payload: 'jsonb' };

interface SourceStateRow {
  readonly stream_id: string;
  readonly tenant_id: string;
  readonly state: SourceState;
  readonly last_stream_version: number;
}

const SOURCE_STATE_COLUMNS: ColumnTypes<SourceStateRow> = { stream_id: 'text', tenant_id: 'text', state: 'jsonb', last_stream_version: 'integer' };

/**
 * One statement for the batch's webhook events. ORDER BY ordinality gives them `seq` in event order;
 * ON CONFLICT DO NOTHING makes a replay (a rebuild, a repeated batch) leave every stored row as it is.
 */
const INSERT_EVENTS_SQL = `
  INSERT INTO webhook_events (id, merchant_id, type, created_at, payload)
  SELECT e.id, e.merchant_id, e.type, e.created_at, e.payload
  FROM ${orderedRowsSource(WEBHOOK_EVENT_COLUMNS, 1, 'e')}
  ORDER BY e.ordinality
  ON CONFLICT (id) DO NOTHING`;

/** The version guard keeps a state that is already further along, so a repeated batch changes nothing. */
const UPSERT_STATES_SQL = `
  INSERT INTO webhook_event_sources (stream_id, tenant_id, state, last_stream_version)
  SELECT s.stream_id, s.tenant_id, s.state, s.last_stream_version
  FROM ${rowsSource(SOURCE_STATE_COLUMNS, 1, 's')}
  ON CONFLICT (stream_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, state = EXCLUDED.state, last_stream_version = EXCLUDED.last_stream_version
  WHERE webhook_event_sources.last_stream_version < EXCLUDED.last_stream_version`;

/**
 * `webhook_events`, derived from the deposit, withdrawal and suspense streams (issue 14). Its state is
 * its own table (each object folded with the read models' evolvers), never another projection's:
 * projections are not ordered relative to each other. Only that state is emptied by a rebuild; the
 * events themselves are never rewritten (see the migration).
 */
export const webhookEventsProjection: Projection = {
  name: WEBHOOK_EVENTS_PROJECTION_NAME,
  streamPrefixes: [DEPOSIT_STREAM_PREFIX, WITHDRAWAL_STREAM_PREFIX, SUSPENSE_STREAM_PREFIX],
  tables: ['webhook_event_sources'],
  async apply(events, manager) {
    const stored = await loadStates(manager, [...new Set(events.map((event) => event.streamId))]);
    const fold = webhookEventsOf(stored, events);
    if (fold.events.length > 0) await manager.query(INSERT_EVENTS_SQL, rowsParameters(WEBHOOK_EVENT_COLUMNS, fold.events.map(eventRow)));
    if (fold.states.size > 0) {
      const rows = [...fold.states].map(([streamId, state]): SourceStateRow => ({
        stream_id: streamId,
        tenant_id: state.tenant_id,
        state,
        last_stream_version: state.last_stream_version,
      }));
      await manager.query(UPSERT_STATES_SQL, rowsParameters(SOURCE_STATE_COLUMNS, rows));
    }
  },
};

function eventRow(payload: WebhookEventPayload): WebhookEventRow {
  return { id: payload.id, merchant_id: payload.merchant, type: payload.type, created_at: payload.createdAt, payload };
}

async function loadStates(sql: SqlRunner, streamIds: readonly string[]): Promise<Map<string, SourceState>> {
  if (streamIds.length === 0) return new Map();
  const rows = await sql.query<{ stream_id: string; state: SourceState }[]>(
    'SELECT stream_id, state FROM webhook_event_sources WHERE stream_id = ANY($1::text[])',
    [streamIds],
  );
  return new Map(rows.map((row) => [row.stream_id, row.state]));
}
