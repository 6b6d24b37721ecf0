import type { AllStreamResolvedEvent, Filter } from '@eventstore/db-client';
import { esdbLibrary } from './esdb-library';
import type { Position, ReadAllOptions } from '../event-store.port';
import { isSystemEntry, matchesPrefixes } from './esdb-events';
import { fromEsdbPosition, isAfter } from './esdb-positions';

/**
 * The server-side filter of a subscription: the wanted stream prefixes when there are some, else
 * "no system events". The server takes one filter only, so with prefixes the system-event check is
 * repeated on our side (wantedEntry) in case a prefix also matches a $-stream.
 */
export function serverFilterFor(options: ReadAllOptions): Filter {
  const prefixes = options.streamPrefixes ?? [];
  const { excludeSystemEvents, streamNameFilter } = esdbLibrary();
  return prefixes.length > 0 ? streamNameFilter({ prefixes: [...prefixes] }) : excludeSystemEvents();
}

/**
 * Whether an entry of $all is one the port's reader wants: a user event, in a wanted stream, strictly
 * after `after`. The client-side half of every filter: the v6 client reads $all without a server-side
 * filter (its readAll has none), and a subscription resumed after a reconnect must not repeat an event.
 */
export function wantedEntry(entry: AllStreamResolvedEvent, after: Position, options: ReadAllOptions): boolean {
  const stored = entry.event;
  if (stored === undefined) return false;
  if (isSystemEntry(stored) || !matchesPrefixes(stored.streamId, options.streamPrefixes)) return false;
  return isAfter(fromEsdbPosition(stored.position, `event ${stored.id}`), after);
}

/** The $all position of any entry, wanted or not: a scan continues after it. */
export function entryPosition(entry: AllStreamResolvedEvent): Position {
  if (entry.event === undefined) throw new Error('EventStoreDB returned a $all entry without an event');
  return fromEsdbPosition(entry.event.position, `event ${entry.event.id}`);
}
