/**
 * The event types a merchant platform can subscribe to (docs/api.md, "Webhooks
 * platforms"). An endpoint subscribes to a subset, or to all with ALL_WEBHOOK_EVENT_TYPES.
 */
export const WEBHOOK_EVENT_TYPES = [
  'deposit.awaiting_confirmation',
  'deposit.credited',
  'deposit.activation_rejected',
  'deposit.failed',
  'withdrawal.submitted',
  'withdrawal.succeeded',
  'withdrawal.failed',
  'withdrawal.rejected',
  'withdrawal.parked',
  'suspense.credited',
  'suspense.assigned',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Stored and answered in eventTypes for an endpoint that takes every type, including ones added later. */
export const ALL_WEBHOOK_EVENT_TYPES = '*';

export function isWebhookEventType(text: unknown): text is WebhookEventType {
  return typeof text === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(text);
}

/** Whether an endpoint with these eventTypes receives an event of this type. */
export function subscribesTo(eventTypes: readonly string[], type: string): boolean {
  return eventTypes.includes(ALL_WEBHOOK_EVENT_TYPES) || eventTypes.includes(type);
}
