import type { AuditEvent } from '../api';
import { Time } from '../status';

/** The audit replay: every event of the stream(s), oldest first, with who caused it and why. */
export function Timeline({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p class="muted">No events.</p>;
  return (
    <ol class="timeline" aria-label="Events, oldest first">
      {events.map((event) => (
        <li key={event.eventId}>
          <h4>{event.type}</h4>
          <p class="muted"><Time iso={event.recordedAt} /> · {event.streamId} v{event.streamVersion}</p>
          <dl class="inline">
            <div><dt>actor</dt><dd>{event.metadata.actor ?? '—'}</dd></div>
            <div><dt>correlation</dt><dd><code>{event.metadata.correlationId ?? '—'}</code></dd></div>
            <div><dt>causation</dt><dd><code>{event.metadata.causationId ?? '—'}</code></dd></div>
            <div><dt>position</dt><dd><code>{event.position.commit}/{event.position.prepare}</code></dd></div>
          </dl>
          <details>
            <summary>Data</summary>
            <pre>{JSON.stringify(event.data, null, 2)}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}
