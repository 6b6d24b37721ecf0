import type { DataSource } from 'typeorm';
import { comparePositions, START, type EventStore, type Position, type Projection, type RecordedEvent } from '@kassa/event-store';
import { inScratchSchema } from './scratch-schema';

export interface ReplayProgress {
  readonly eventsRead: number;
  readonly position: Position;
}

export interface ReplayOptions {
  readonly batchSize: number;
  readonly onBatch?: (progress: ReplayProgress) => void;
}

/**
 * A qualified name ("public.deposits") would escape the scratch search_path and let the replay
 * write into the live table: refuse it outright.
 */
export function assertPlainTables(projections: readonly Projection[]): void {
  for (const projection of projections) {
    for (const table of projection.tables) {
      if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`verify needs unqualified table names; ${projection.name} has ${table}`);
    }
  }
}

/**
 * Every event up to each projection's own stop position, applied with that projection's apply()
 * inside the scratch schema, in position order and in batches (one transaction per batch). The
 * events are read once for all projections; each gets the ones its stream prefixes select, as
 * its subscription would. Returns the number of events read.
 */
export async function replayIntoScratch(
  dataSource: DataSource,
  store: EventStore,
  schema: string,
  projections: readonly Projection[],
  stopAt: ReadonlyMap<string, Position>,
  options: ReplayOptions,
): Promise<number> {
  assertPlainTables(projections);
  const last = [...stopAt.values()].reduce((max, p) => (comparePositions(p, max) > 0 ? p : max), START);
  const prefixes = unionOfPrefixes(projections);
  let position = START;
  let eventsRead = 0;
  // Ends: each round moves `position` forward, and stops at `last` (a position already committed).
  while (comparePositions(position, last) < 0) {
    const batch = (await store.readAll(position, options.batchSize, prefixes === null ? undefined : { streamPrefixes: prefixes })).filter(
      (event) => comparePositions(event.position, last) <= 0,
    );
    if (batch.length === 0) break;
    await inScratchSchema(dataSource, schema, async (manager) => {
      for (const projection of projections) {
        const wanted = batch.filter((event) => wants(projection, event) && comparePositions(event.position, stopAt.get(projection.name) ?? START) <= 0);
        if (wanted.length > 0) await projection.apply(wanted, manager);
      }
    });
    eventsRead += batch.length;
    position = batch[batch.length - 1].position;
    options.onBatch?.({ eventsRead, position });
  }
  return eventsRead;
}

function wants(projection: Projection, event: RecordedEvent): boolean {
  return projection.streamPrefixes === undefined || projection.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
}

/** Null when some projection wants every stream. */
function unionOfPrefixes(projections: readonly Projection[]): string[] | null {
  if (projections.some((projection) => projection.streamPrefixes === undefined)) return null;
  return [...new Set(projections.flatMap((projection) => projection.streamPrefixes ?? []))];
}
