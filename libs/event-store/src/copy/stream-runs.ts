import type { RecordedEvent } from '../event-store.port';

/** Consecutive events of one stream with consecutive versions: what one target append carries. */
export interface StreamRun {
  readonly streamId: string;
  readonly firstVersion: number;
  readonly events: readonly RecordedEvent[];
}

/**
 * Splits events (in $all order) into runs that can each be appended as one unit. A run never spans
 * two streams or a version gap, so appending runs in order reproduces every stream's versions and
 * keeps the global order between streams.
 */
export function toStreamRuns(events: readonly RecordedEvent[]): StreamRun[] {
  const runs: { streamId: string; firstVersion: number; events: RecordedEvent[] }[] = [];
  for (const event of events) {
    const current = runs[runs.length - 1];
    const continues =
      current !== undefined && current.streamId === event.streamId && current.firstVersion + current.events.length === event.streamVersion;
    if (continues) current.events.push(event);
    else runs.push({ streamId: event.streamId, firstVersion: event.streamVersion, events: [event] });
  }
  return runs;
}
