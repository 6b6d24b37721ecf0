import type { DomainEvent } from '@kassa/ledger';
import type { RecordedEvent } from '@kassa/event-store';
import { asDomainEvent, placeOf, type EventPlace } from './domain-events';
import type { Projection } from './projection';
import { loadStreamRows, upsertStreamRows, type StreamRow, type StreamRowTable } from './stream-rows';

/**
 * A read model with one row per stream (a deposit, a withdrawal, a wallet), evolved like an
 * aggregate. `evolve` is pure; it returns the row after the event (null row = stream not seen yet).
 * It must copy `place.streamVersion` into `last_stream_version`.
 */
export interface StreamRowModel<Row extends StreamRow, TEvent extends DomainEvent> {
  readonly name: string;
  readonly streamPrefix: string;
  readonly table: StreamRowTable<Row>;
  readonly eventTypes: readonly TEvent['type'][];
  evolve(row: Row | null, event: TEvent, place: EventPlace): Row;
}

/**
 * Two statements per batch whatever its size: load the touched rows, fold the batch in memory,
 * upsert the changed rows. Events at or below a row's stored version were applied already and are
 * skipped; a version gap means an event was lost or reordered, and folding past it would store a
 * wrong row for good, so it fails the batch instead (the runner retries and reports it).
 */
export function streamRowProjection<Row extends StreamRow, TEvent extends DomainEvent>(model: StreamRowModel<Row, TEvent>): Projection {
  return {
    name: model.name,
    streamPrefixes: [model.streamPrefix],
    tables: [model.table.table],
    async apply(events, manager) {
      const byStream = groupByStream(events, model.streamPrefix);
      const stored = await loadStreamRows(manager, model.table, [...byStream.keys()]);
      const changed: Row[] = [];
      for (const [streamId, streamEvents] of byStream) {
        const before = stored.get(streamId) ?? null;
        const after = foldStream(model, before, streamEvents);
        if (after !== before && after !== null) changed.push(after);
      }
      await upsertStreamRows(manager, model.table, changed);
    },
  };
}

function groupByStream(events: readonly RecordedEvent[], streamPrefix: string): Map<string, RecordedEvent[]> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith(streamPrefix)) continue; // the runner filters; this guards a misconfiguration
    const list = byStream.get(event.streamId);
    if (list) list.push(event);
    else byStream.set(event.streamId, [event]);
  }
  return byStream;
}

/**
 * The row after these events of ONE stream, oldest first, starting from `stored` (null: nothing
 * applied yet). Also serves reads that must see every committed event: fold the stream straight
 * from the store with the same logic the projection uses.
 */
export function foldStream<Row extends StreamRow, TEvent extends DomainEvent>(
  model: StreamRowModel<Row, TEvent>,
  stored: Row | null,
  events: readonly RecordedEvent[],
): Row | null {
  let row = stored;
  for (const recorded of events) {
    const lastVersion = row?.last_stream_version ?? -1;
    if (recorded.streamVersion <= lastVersion) continue;
    if (recorded.streamVersion !== lastVersion + 1) {
      throw new Error(
        `${model.name}: ${recorded.streamId} jumps from version ${lastVersion} to ${recorded.streamVersion}; refusing to skip an event`,
      );
    }
    const event = asDomainEvent<TEvent>(recorded, model.eventTypes);
    // An unknown type still moves the version, so the next known event is not taken for a gap.
    row = event === null ? skipVersion(row, recorded) : model.evolve(row, event, placeOf(recorded));
  }
  return row;
}

function skipVersion<Row extends StreamRow>(row: Row | null, recorded: RecordedEvent): Row | null {
  if (row === null) throw new Error(`${recorded.streamId} starts with ${recorded.type}, which no read model knows`);
  return { ...row, last_stream_version: recorded.streamVersion };
}
