import type { EventMetadata, RecordedEvent } from '@kassa/event-store';
import { WITHDRAWAL_SUBMITTER_ACTOR } from './submission-settings';

/** The submitter's events belong to the request: same correlation id, caused by WithdrawalRequested. */
export function metadataCausedBy(requested: RecordedEvent): EventMetadata {
  return {
    tenantId: requested.metadata.tenantId,
    correlationId: requested.metadata.correlationId ?? requested.id,
    causationId: requested.id,
    actor: WITHDRAWAL_SUBMITTER_ACTOR,
  };
}
