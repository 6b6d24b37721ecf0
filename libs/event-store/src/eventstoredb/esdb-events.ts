import type { EventData, ResolvedEvent, AllStreamResolvedEvent } from '@eventstore/db-client';
import { esdbLibrary } from './esdb-library';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { decodeMetadata, encodeMetadata } from './esdb-metadata';
import { fromEsdbPosition } from './esdb-positions';
import { revisionToVersion } from './esdb-versions';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new event as EventStoreDB event data: JSON, our id (so a retried append is recognised), our metadata. */
export function toEventData(event: NewEvent): EventData {
  if (!UUID_PATTERN.test(event.id)) throw new TypeError(`event id must be a UUID: ${event.id}`);
  if (event.type.length === 0 || event.type.startsWith('$')) {
    // $-types are system events: the subscription filter would hide them from every consumer.
    throw new TypeError(`event type must be non-empty and not start with $: ${event.type}`);
  }
  if (!isPlainObject(event.data)) throw new TypeError(`event ${event.id} data must be a JSON object`);
  return esdbLibrary().jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: encodeMetadata(event.metadata),
  });
}

/** A stored event as the port's RecordedEvent. Links are not resolved: we never read link streams. */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const stored = resolved.event;
  if (stored === undefined) throw new Error('EventStoreDB returned an entry without an event (an unresolved link)');
  if (!stored.isJson || !isPlainObject(stored.data)) {
    throw new TypeError(`event ${stored.id} in ${stored.streamId} is not a JSON object event (not written by kassa-ledger)`);
  }
  return {
    id: stored.id,
    type: stored.type,
    data: stored.data as Record<string, unknown>,
    metadata: decodeMetadata(stored.metadata, stored.id),
    streamId: stored.streamId,
    streamVersion: revisionToVersion(stored.revision),
    position: fromEsdbPosition(stored.position, `event ${stored.id}`),
    recordedAt: new Date(stored.created.getTime()),
  };
}

/**
 * System streams and events ($stats-…, $$metadata streams, $> link events of projections) live in
 * $all too; the port's readers must never see them.
 */
export function isSystemEntry(entry: { readonly streamId: string; readonly type: string }): boolean {
  return entry.streamId.startsWith('$') || entry.type.startsWith('$');
}

/** No prefixes (or an empty list) means every stream, as in the PostgreSQL store. */
export function matchesPrefixes(streamId: string, prefixes: readonly string[] | undefined): boolean {
  if (prefixes === undefined || prefixes.length === 0) return true;
  return prefixes.some((prefix) => streamId.startsWith(prefix));
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array);
}
