import { ALL_WEBHOOK_EVENT_TYPES, isWebhookEventType, WEBHOOK_EVENT_TYPES } from '@kassa/ledger';
import type { FieldError } from '../http/api-error';

export const MAX_DESCRIPTION_LENGTH = 500;
const EVENT_TYPES_RULE = `must be a list of distinct event types (${WEBHOOK_EVENT_TYPES.join(', ')}), or ["${ALL_WEBHOOK_EVENT_TYPES}"] for all`;

/** The body rules beyond the types: known event types, the description's length, and for PATCH at least one field. */
export function webhookEndpointBodyErrors(body: Record<string, unknown>, partial: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const { eventTypes, description } = body;
  if (eventTypes !== undefined && !validEventTypes(eventTypes)) errors.push({ field: 'eventTypes', message: EVENT_TYPES_RULE });
  if (typeof description === 'string' && description.length > MAX_DESCRIPTION_LENGTH) {
    errors.push({ field: 'description', message: `must be at most ${MAX_DESCRIPTION_LENGTH} characters` });
  }
  if (partial && ['url', 'eventTypes', 'enabled', 'description'].every((field) => body[field] === undefined)) {
    errors.push({ field: 'body', message: 'must change at least one of url, eventTypes, enabled, description' });
  }
  return errors;
}

function validEventTypes(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0 || new Set(value).size !== value.length) return false;
  if (value.includes(ALL_WEBHOOK_EVENT_TYPES)) return value.length === 1;
  return value.every(isWebhookEventType);
}
