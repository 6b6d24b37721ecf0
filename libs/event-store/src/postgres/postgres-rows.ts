import type { EventMetadata, Position, RecordedEvent } from '../event-store.port';

/** A position as text: transaction_id (xid8) and global_position (int8) do not fit a JS number. */
export interface PositionRow {
  readonly position_commit: string;
  readonly position_prepare: string;
}

/** A row of READ_STREAM_SQL / READ_ALL_SQL as node-postgres returns it (int8 and xid8 as text). */
export interface RecordedEventRow extends PositionRow {
  readonly stream_id: string;
  readonly stream_version: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
  readonly recorded_at: Date;
}

/** A row of READ_ALL_WITH_HORIZON_SQL: the horizon on every row, event columns null when none matched. */
export type HorizonRow = { readonly horizon_commit: string | null; readonly horizon_prepare: string | null } & (
  | RecordedEventRow
  | { readonly [K in keyof RecordedEventRow]: null }
);

/** Position = (commit, prepare) = (transaction id, global position): the order readers follow. */
export function positionOf(row: PositionRow): Position {
  return { commit: BigInt(row.position_commit), prepare: BigInt(row.position_prepare) };
}

export function toRecordedEvent(row: RecordedEventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: positionOf(row),
    recordedAt: row.recorded_at,
  };
}

/**
 * Query parameters "strictly after this position". START is (-1, -1); xid8 has no negative values,
 * and every real transaction id is at least 3, so (0, -1) is before every stored event.
 */
export function positionParameters(after: Position): [string, string] {
  if (after.commit < 0n) return ['0', '-1'];
  return [after.commit.toString(), after.prepare.toString()];
}

/** LIKE patterns matching ids that start with each prefix (LIKE's own wildcards escaped); null = all. */
export function streamPrefixPatterns(prefixes: readonly string[] | undefined): string[] | null {
  if (prefixes === undefined || prefixes.length === 0) return null;
  return prefixes.map((prefix) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
