import { DomainError } from '../shared/domain-error';
import type { WebhookEndpointCommand } from './webhook-endpoint.commands';
import type { WebhookEndpointState } from './webhook-endpoint.state';

/** After a rotation the old secret signs too for this long, so receivers can switch without losing a webhook. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;
/** An endpoint whose every attempt failed for this long is disabled (docs/api.md, "Webhooks"). */
export const FAILING_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;
export const FAILING_DISABLED_REASON = 'every delivery failed for 5 days';

/** undefined: delete the endpoint; otherwise its next state (unchanged when the command changes nothing). */
export type WebhookEndpointDecision = WebhookEndpointState | undefined;

/**
 * The endpoint's rules, pure: `now` is an ISO instant. Another merchant's endpoint never reaches
 * here (the store loads by merchant and id), so "missing" covers both.
 */
export function decideWebhookEndpoint(command: WebhookEndpointCommand, state: WebhookEndpointState | undefined, now: string): WebhookEndpointDecision {
  if (command.type === 'CreateWebhookEndpoint') {
    if (state !== undefined) throw new DomainError('IDEMPOTENCY_CONFLICT', `webhook endpoint ${state.id} exists already`);
    const { id, merchantId, url, eventTypes, enabled, description, secret } = command.data;
    return {
      id, merchantId, url, eventTypes, enabled, description, secret,
      previousSecret: null, previousSecretExpiresAt: null, disabledReason: null, failingSince: null,
      createdAt: now, updatedAt: now,
    };
  }
  if (state === undefined) throw new DomainError('NOT_FOUND', 'no such webhook endpoint');
  switch (command.type) {
    case 'UpdateWebhookEndpoint': {
      const { url, eventTypes, enabled, description } = command.data;
      const turnedOn = enabled === true && !state.enabled;
      return {
        ...state,
        url: url ?? state.url,
        eventTypes: eventTypes ?? state.eventTypes,
        enabled: enabled ?? state.enabled,
        description: description === undefined ? state.description : description,
        // Enabled again by the merchant: our reason is gone and the failing run starts afresh.
        disabledReason: enabled === undefined ? state.disabledReason : null,
        failingSince: turnedOn ? null : state.failingSince,
        updatedAt: now,
      };
    }
    case 'RotateWebhookEndpointSecret':
      return {
        ...state,
        secret: command.data.secret,
        previousSecret: state.secret,
        previousSecretExpiresAt: new Date(Date.parse(now) + SECRET_OVERLAP_MS).toISOString(),
        updatedAt: now,
      };
    case 'DeleteWebhookEndpoint':
      return undefined;
    case 'RecordWebhookSuccess':
      return state.failingSince === null ? state : { ...state, failingSince: null, updatedAt: now };
    case 'RecordWebhookFailure': {
      const failingSince = state.failingSince ?? now;
      const failedLongEnough = Date.parse(now) - Date.parse(failingSince) >= FAILING_DISABLE_AFTER_MS;
      if (failedLongEnough && state.enabled) return { ...state, failingSince, enabled: false, disabledReason: FAILING_DISABLED_REASON, updatedAt: now };
      return state.failingSince === null ? { ...state, failingSince, updatedAt: now } : state;
    }
  }
}

/** The secrets that sign at `now`: the current one, and the previous one during its overlap. */
export function signingSecrets(state: Pick<WebhookEndpointState, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, now: Date): string[] {
  const previousValid = state.previousSecret !== null && state.previousSecretExpiresAt !== null && Date.parse(state.previousSecretExpiresAt) > now.getTime();
  return previousValid ? [state.secret, state.previousSecret!] : [state.secret];
}
