import type { EventMetadata, RecordedEvent } from '@kassa/event-store';

/** One event of a stream as `GET /v1/audit/.../events` shows it: everything stored, nothing derived. */
export interface AuditEventView {
  readonly eventId: string;
  readonly streamId: string;
  /** 0-based version of the event in its stream. */
  readonly streamVersion: number;
  /** The store's global position, as decimal strings (a PostgreSQL transaction id and row number, or EventStoreDB's commit/prepare). */
  readonly position: { readonly commit: string; readonly prepare: string };
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** correlationId (the API request or postback), causationId (the causing event or request), actor (API key id or `paykassma`). */
  readonly metadata: EventMetadata;
  /** When the store committed it (UTC). */
  readonly recordedAt: string;
}

export interface AuditTrail {
  /** The stream(s) read: one for a deposit or withdrawal, one per currency for a player. */
  readonly streams: string[];
  readonly events: AuditEventView[];
}

export function toAuditEventView(event: RecordedEvent): AuditEventView {
  return {
    eventId: event.id,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    position: { commit: event.position.commit.toString(), prepare: event.position.prepare.toString() },
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}
