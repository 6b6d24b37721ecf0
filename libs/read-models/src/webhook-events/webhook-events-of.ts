import type { RecordedEvent } from '@kassa/event-store';
import { webhookEventId, type WebhookEventPayload } from './webhook-event';
import { sourceOf, type SourceState } from './webhook-sources';

export interface WebhookFold {
  /** The objects whose state moved, by stream id. */
  readonly states: Map<string, SourceState>;
  /** The webhook events the batch causes, in event order. */
  readonly events: WebhookEventPayload[];
}

/**
 * The webhook events of a batch of ledger events (position order), given each stream's folded state
 * before it (absent: nothing applied yet). Pure: a replay of the same events gives the same events
 * with the same ids. An event at or below a stream's stored version was applied already and is
 * skipped; a gap means an event was lost, and folding past it would report a wrong object, so it fails.
 */
export function webhookEventsOf(stored: ReadonlyMap<string, SourceState>, batch: readonly RecordedEvent[]): WebhookFold {
  const states = new Map<string, SourceState>();
  const events: WebhookEventPayload[] = [];
  for (const recorded of batch) {
    const source = sourceOf(recorded.streamId);
    if (source === null) continue; // the subscription filters by prefix; this guards a misconfiguration
    const before = states.get(recorded.streamId) ?? stored.get(recorded.streamId) ?? null;
    const lastVersion = before?.last_stream_version ?? -1;
    if (recorded.streamVersion <= lastVersion) continue;
    if (recorded.streamVersion !== lastVersion + 1) {
      throw new Error(`webhook events: ${recorded.streamId} jumps from version ${lastVersion} to ${recorded.streamVersion}; refusing to skip an event`);
    }
    const { state, change } = source.step(before, recorded);
    states.set(recorded.streamId, state);
    if (change === null) continue;
    events.push({
      id: webhookEventId(recorded.id),
      type: change.type,
      createdAt: recorded.recordedAt.toISOString(),
      merchant: state.tenant_id,
      data: { ...change.data, version: recorded.streamVersion },
    });
  }
  return { states, events };
}
