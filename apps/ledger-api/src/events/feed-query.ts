import { isWebhookEventType, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@kassa/ledger';
import type { FieldError } from '../http/api-error';

/** An event id as the feed hands them out (`evt_` and the ledger event's id). */
const EVENT_ID = /^evt_[A-Za-z0-9_-]{1,100}$/;

/**
 * `?type=`: one type, several separated by commas, or the parameter repeated. Every part must be a
 * known type, so a typo never silently filters everything out.
 */
export function parseTypes(raw: unknown): { readonly types?: WebhookEventType[]; readonly error?: FieldError } {
  if (raw === undefined) return {};
  const values = Array.isArray(raw) ? raw : [raw];
  if (!values.every((value): value is string => typeof value === 'string')) return { error: typeError('is not a list of event types') };
  const parts = values.flatMap((value) => value.split(','));
  const unknown = parts.filter((part) => !isWebhookEventType(part));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 3).map((part) => JSON.stringify(part.slice(0, 60))).join(', ');
    return { error: typeError(`unknown event type ${shown}; known: ${WEBHOOK_EVENT_TYPES.join(', ')}`) };
  }
  return { types: [...new Set(parts as WebhookEventType[])] };
}

/** `?after=`: the id of the last event the client has (an event id this feed gave out). */
export function afterError(raw: unknown): FieldError | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !EVENT_ID.test(raw)) return { field: 'after', message: 'must be the id of an event of this feed (evt_…), given once' };
  return null;
}

function typeError(message: string): FieldError {
  return { field: 'type', message };
}
