import type { DomainEvent } from '@kassa/ledger';
import type { RecordedEvent } from '@kassa/event-store';

/** Where an event was stored: what a projection needs besides its type and data. */
export interface EventPlace {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
}

/**
 * The domain event inside a recorded one, when its type is one the read model knows. Event data was
 * written by the deciders, so the cast trusts the type name; unknown types (a newer writer) are
 * skipped rather than misread.
 */
export function asDomainEvent<TEvent extends DomainEvent>(recorded: RecordedEvent, knownTypes: readonly TEvent['type'][]): TEvent | null {
  if (!(knownTypes as readonly string[]).includes(recorded.type)) return null;
  return { type: recorded.type, data: recorded.data } as unknown as TEvent;
}

export function placeOf(recorded: RecordedEvent): EventPlace {
  return { streamId: recorded.streamId, streamVersion: recorded.streamVersion, eventId: recorded.id };
}
