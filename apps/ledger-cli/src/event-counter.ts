import type { DataSource } from 'typeorm';
import type { Position } from '@kassa/event-store';

/**
 * How many events a replay has ahead of it and behind it, for progress bars. With the PostgreSQL
 * store it is one indexed count on the events table; EventStoreDB offers no cheap count, so there
 * the answer is null and the bar shows counts and rate without a total.
 */
export interface EventCounter {
  total(streamPrefixes: readonly string[] | undefined): Promise<number | null>;
  upTo(position: Position, streamPrefixes: readonly string[] | undefined): Promise<number | null>;
}

const likePattern = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function eventCounterFor(backend: 'postgres' | 'eventstoredb', dataSource: DataSource): EventCounter {
  if (backend !== 'postgres') return { total: async () => null, upTo: async () => null };
  const count = async (prefixes: readonly string[] | undefined, position: Position | null): Promise<number> => {
    const parameters: unknown[] = [];
    const conditions: string[] = [];
    if (prefixes !== undefined) {
      parameters.push(prefixes.map(likePattern));
      conditions.push(`stream_id LIKE ANY($${parameters.length}::text[])`);
    }
    if (position !== null) {
      parameters.push(position.commit.toString(), position.prepare.toString());
      conditions.push(`(transaction_id, global_position) <= ($${parameters.length - 1}::text::xid8, $${parameters.length}::bigint)`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [row] = await dataSource.query<{ n: string }[]>(`SELECT count(*)::text AS n FROM events ${where}`, parameters);
    return Number(row.n);
  };
  return {
    total: (prefixes) => count(prefixes, null),
    upTo: (position, prefixes) => (position.commit < 0n ? Promise.resolve(0) : count(prefixes, position)),
  };
}
