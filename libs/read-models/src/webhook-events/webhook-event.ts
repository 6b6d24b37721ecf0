import type { WebhookEventType } from '@kassa/ledger';

/**
 * The webhook body exactly as it is sent and as the feed answers it. `data` is the object as its GET
 * returns it, plus `version`: the object's stream version after this change, so a receiver that gets
 * two events out of order keeps the higher one.
 */
export interface WebhookEventPayload {
  readonly id: string;
  readonly type: WebhookEventType;
  readonly createdAt: string;
  readonly merchant: string;
  readonly data: Readonly<Record<string, unknown>> & { readonly version: number };
}

/** A stored webhook event: `seq` orders the whole table in commit order (one writer). */
export interface StoredWebhookEvent {
  readonly seq: bigint;
  readonly id: string;
  readonly merchantId: string;
  readonly type: WebhookEventType;
  readonly createdAt: string;
  readonly payload: WebhookEventPayload;
}

/**
 * The webhook event id of the ledger event that caused it. Derived from the ledger event's own id
 * (never random), so replaying the events yields the same id and the insert is a no-op.
 */
export function webhookEventId(sourceEventId: string): string {
  return `evt_${sourceEventId.replace(/-/g, '')}`;
}
