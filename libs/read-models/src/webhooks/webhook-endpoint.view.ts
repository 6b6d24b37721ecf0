import type { ColumnTypes } from '../shared/column-types';

/**
 * What the API answers for an endpoint: never its secret (only the create and rotate answers carry
 * the new one, once). `disabledReason` says when we disabled it for failing deliveries.
 */
export interface WebhookEndpointView {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: string[];
  readonly enabled: boolean;
  readonly description: string | null;
  readonly disabledReason: string | null;
  readonly failingSince: string | null;
  /** Until when the secret before the last rotation still signs too; null without an overlap. */
  readonly previousSecretExpiresAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The listed columns: the secrets are not among them, so no read can leak one. */
export interface WebhookEndpointRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly url: string;
  readonly event_types: string[];
  readonly enabled: boolean;
  readonly description: string | null;
  readonly disabled_reason: string | null;
  readonly failing_since: string | null;
  readonly previous_secret_expires_at: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export const WEBHOOK_ENDPOINT_COLUMNS: ColumnTypes<WebhookEndpointRow> = {
  id: 'text',
  tenant_id: 'text',
  url: 'text',
  event_types: 'text',
  enabled: 'boolean',
  description: 'text',
  disabled_reason: 'text',
  failing_since: 'timestamptz',
  previous_secret_expires_at: 'timestamptz',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};

export function toWebhookEndpointView(row: WebhookEndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types,
    enabled: row.enabled,
    description: row.description,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
