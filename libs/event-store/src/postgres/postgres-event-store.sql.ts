/**
 * The SQL of the PostgreSQL event store. Positions travel as text: int8 and xid8 do not fit a JS
 * number, and node-postgres hands int8 back as a string anyway (the adapter converts to bigint).
 */

/** The channel every append notifies in its own transaction; subscriptions LISTEN on it to wake up. */
export const EVENTS_NOTIFY_CHANNEL = 'kassa_events_appended';

/**
 * The text forms of a position get names of their own: an output column named like a table column
 * would capture ORDER BY transaction_id, and the order would silently become text order ('999' > '1954').
 */
const POSITION_COLUMNS = 'transaction_id::text AS position_commit, global_position::text AS position_prepare';

const RECORDED_EVENT_COLUMNS = `
  ${POSITION_COLUMNS},
  stream_id, stream_version, event_id::text AS event_id, type, data, metadata, recorded_at`;

/**
 * "Everything that readers may see": rows of transactions below the snapshot's xmin. Every transaction
 * with an id below xmin has finished (committed or rolled back) and every transaction that starts
 * later gets a larger id, so nothing can ever appear below this line again.
 * See postgres-event-store.ts for the full argument.
 */
const VISIBLE_TO_READERS = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

/**
 * $1 expected mode ('any' | 'no_stream' | 'stream_exists' | 'exact'), $2 exact version or null,
 * $3 stream id, $4 event ids, $5 types, $6 data (JSON text), $7 metadata (JSON text).
 *
 * One statement: the expected-version check and the insert see the same stream head, and a
 * concurrent append that got there first makes this one fail on events_stream_version_key (the
 * insert waits for the other transaction, then raises). Zero rows back means the expected version
 * did not hold. The NOTIFY is part of the caller's transaction: delivered on commit, dropped on rollback.
 */
export const APPEND_SQL = `
WITH head AS (
  SELECT max(stream_version) AS version FROM events WHERE stream_id = $3
), accepted AS (
  SELECT coalesce(version, -1) AS version FROM head
  WHERE CASE $1::text
    WHEN 'any' THEN true
    WHEN 'no_stream' THEN version IS NULL
    WHEN 'stream_exists' THEN version IS NOT NULL
    ELSE version = $2::integer
  END
), inserted AS (
  INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata, tenant_id)
  SELECT $3, accepted.version + e.ordinal::integer, e.event_id, e.type, e.data, e.metadata, e.metadata ->> 'tenantId'
  FROM accepted,
       unnest($4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[]) WITH ORDINALITY AS e(event_id, type, data, metadata, ordinal)
  ORDER BY e.ordinal
  RETURNING stream_version, global_position, transaction_id
), last AS (
  SELECT stream_version, global_position, transaction_id FROM inserted ORDER BY stream_version DESC LIMIT 1
)
SELECT last.stream_version, last.transaction_id::text AS position_commit, last.global_position::text AS position_prepare,
       pg_notify('${EVENTS_NOTIFY_CHANNEL}', '')::text AS notified
FROM last`;

/** $1 event ids: where they are stored already (to tell a retried append from a reused id). */
export const STORED_EVENT_IDS_SQL = `
SELECT event_id::text AS event_id, stream_id, stream_version, ${POSITION_COLUMNS}
FROM events WHERE event_id = ANY($1::uuid[])`;

/** $1 stream id: the version of its last event, null when the stream does not exist. */
export const STREAM_HEAD_SQL = 'SELECT max(stream_version) AS version FROM events WHERE stream_id = $1';

/** $1 stream id, $2 from version (inclusive), $3 limit. */
export const READ_STREAM_SQL = `
SELECT ${RECORDED_EVENT_COLUMNS}
FROM events WHERE stream_id = $1 AND stream_version >= $2
ORDER BY stream_version
LIMIT $3`;

/**
 * $1 after transaction id, $2 after global position (exclusive), $3 LIKE patterns or null for all
 * streams, $4 limit. Ordered exactly like the (transaction_id, global_position) index.
 */
export const READ_ALL_SQL = `
SELECT ${RECORDED_EVENT_COLUMNS}
FROM events
WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
  AND ${VISIBLE_TO_READERS}
  AND ($3::text[] IS NULL OR stream_id LIKE ANY ($3::text[]))
ORDER BY transaction_id, global_position
LIMIT $4`;

export const HEAD_POSITION_SQL = `
SELECT ${POSITION_COLUMNS}
FROM events
WHERE ${VISIBLE_TO_READERS}
ORDER BY transaction_id DESC, global_position DESC
LIMIT 1`;

/**
 * READ_ALL_SQL plus the reader horizon (the newest position below xmin), both from ONE statement
 * and so one snapshot. A filtered subscription that gets fewer rows than asked for has seen every
 * visible event up to the horizon, so it may move past the events it filtered out: without this, a
 * projection whose streams are quiet would scan from its old position on every poll.
 * Anything that becomes visible later has a transaction id at or above this snapshot's xmin, so it
 * sorts after the horizon and cannot be skipped. One row with null event columns when none match.
 */
export const READ_ALL_WITH_HORIZON_SQL = `
WITH horizon AS (
  SELECT transaction_id, global_position FROM events
  WHERE ${VISIBLE_TO_READERS}
  ORDER BY transaction_id DESC, global_position DESC
  LIMIT 1
), wanted AS (
  SELECT * FROM events
  WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
    AND ${VISIBLE_TO_READERS}
    AND ($3::text[] IS NULL OR stream_id LIKE ANY ($3::text[]))
  ORDER BY transaction_id, global_position
  LIMIT $4
)
SELECT h.transaction_id::text AS horizon_commit, h.global_position::text AS horizon_prepare,
       w.transaction_id::text AS position_commit, w.global_position::text AS position_prepare,
       w.stream_id, w.stream_version, w.event_id::text AS event_id, w.type, w.data, w.metadata, w.recorded_at
FROM (SELECT 1) AS one
LEFT JOIN horizon h ON true
LEFT JOIN wanted w ON true
ORDER BY w.transaction_id, w.global_position`;

/**
 * Several streams in ONE statement (the appends of a group commit): $1 stream ids, $2 expected modes,
 * $3 exact versions (null where not 'exact'); then one entry per event: $4 its stream's index in $1
 * (1-based), $5 its place within its stream's events (1-based), $6 ids, $7 types, $8 data, $9 metadata.
 * Every stream's head is checked as in APPEND_SQL; the events go in only when every stream's expected
 * version holds, else nothing is inserted and no row comes back. A concurrent append that got a version
 * first makes it fail on events_stream_version_key. One row per stream: its last event's version and
 * position. Events are inserted in the order given (stream by stream), so positions follow that order.
 */
export const APPEND_STREAMS_SQL = `
WITH streams AS (
  SELECT s.stream_id, s.mode, s.expected, s.ord
  FROM unnest($1::text[], $2::text[], $3::integer[]) WITH ORDINALITY AS s(stream_id, mode, expected, ord)
), accepted AS (
  SELECT s.ord, s.stream_id, coalesce(h.version, -1) AS version
  FROM streams s
  CROSS JOIN LATERAL (SELECT max(stream_version) AS version FROM events WHERE stream_id = s.stream_id) h
  WHERE CASE s.mode
    WHEN 'any' THEN true
    WHEN 'no_stream' THEN h.version IS NULL
    WHEN 'stream_exists' THEN h.version IS NOT NULL
    ELSE h.version = s.expected
  END
), inserted AS (
  INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata, tenant_id)
  SELECT a.stream_id, a.version + e.n, e.event_id, e.type, e.data, e.metadata, e.metadata ->> 'tenantId'
  FROM unnest($4::integer[], $5::integer[], $6::uuid[], $7::text[], $8::jsonb[], $9::jsonb[]) WITH ORDINALITY AS e(stream_ord, n, event_id, type, data, metadata, ord)
  JOIN accepted a ON a.ord = e.stream_ord
  WHERE (SELECT count(*) FROM accepted) = cardinality($1::text[])
  ORDER BY e.ord
  RETURNING stream_id, stream_version, global_position, transaction_id
)
SELECT i.stream_id, max(i.stream_version) AS stream_version,
       (array_agg(i.transaction_id))[1]::text AS position_commit, max(i.global_position)::text AS position_prepare,
       min(n.notified) AS notified
FROM inserted i CROSS JOIN (SELECT pg_notify('${EVENTS_NOTIFY_CHANNEL}', '')::text AS notified) n
GROUP BY i.stream_id`;

/**
 * READ_ALL_WITH_HORIZON_SQL for several readers at once (the subscriptions of one process that read
 * at the same moment), in ONE statement and so one snapshot: $1 after transaction ids, $2 after global
 * positions, $3 LIKE patterns per reader as a JSON array or null for all streams, $4 limits. Each
 * reader's rows are exactly what its own READ_ALL_WITH_HORIZON_SQL would return in this snapshot,
 * tagged with its 1-based place (`reader`), plus the one horizon; a reader with nothing to read has
 * one row with null event columns.
 */
export const READ_ALL_GROUPED_SQL = `
WITH horizon AS (
  SELECT transaction_id, global_position FROM events
  WHERE ${VISIBLE_TO_READERS}
  ORDER BY transaction_id DESC, global_position DESC
  LIMIT 1
), readers AS (
  SELECT r.ord, r.after_commit, r.after_prepare, r.lim,
         CASE WHEN r.patterns IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r.patterns)) END AS patterns
  FROM unnest($1::xid8[], $2::bigint[], $3::jsonb[], $4::integer[]) WITH ORDINALITY AS r(after_commit, after_prepare, patterns, lim, ord)
)
SELECT q.ord AS reader, h.transaction_id::text AS horizon_commit, h.global_position::text AS horizon_prepare,
       w.transaction_id::text AS position_commit, w.global_position::text AS position_prepare,
       w.stream_id, w.stream_version, w.event_id::text AS event_id, w.type, w.data, w.metadata, w.recorded_at
FROM readers q
LEFT JOIN horizon h ON true
LEFT JOIN LATERAL (
  SELECT * FROM events
  WHERE (transaction_id, global_position) > (q.after_commit, q.after_prepare)
    AND ${VISIBLE_TO_READERS}
    AND (q.patterns IS NULL OR stream_id LIKE ANY (q.patterns))
  ORDER BY transaction_id, global_position
  LIMIT q.lim
) w ON true
ORDER BY q.ord, w.transaction_id, w.global_position`;
