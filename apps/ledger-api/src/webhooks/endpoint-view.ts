import type { WebhookEndpointState } from '@kassa/ledger';
import type { WebhookEndpointView } from '@kassa/read-models';

/** A command's result as the API answers it: the same fields as a GET, never the secrets. */
export function endpointView(state: WebhookEndpointState): WebhookEndpointView {
  return {
    id: state.id,
    url: state.url,
    eventTypes: [...state.eventTypes],
    enabled: state.enabled,
    description: state.description,
    disabledReason: state.disabledReason,
    failingSince: state.failingSince,
    previousSecretExpiresAt: state.previousSecretExpiresAt,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

/** The create and rotate answers: the view plus the secret, this once. */
export function endpointWithSecret(state: WebhookEndpointState): WebhookEndpointView & { secret: string } {
  return { ...endpointView(state), secret: state.secret };
}
