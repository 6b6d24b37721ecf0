/** What the merchant chose at creation (with the secret the handler made): declared once, for the command and the state. */
export interface WebhookEndpointSettings {
  readonly id: string;
  readonly merchantId: string;
  readonly url: string;
  /** Known types, or ['*'] for all. */
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  readonly description: string | null;
  /** `whsec_<base64>`: signs every delivery. */
  readonly secret: string;
}

/** One merchant's webhook endpoint as the decider and the store see it (a row of webhook_endpoints). */
export interface WebhookEndpointState extends WebhookEndpointSettings {
  /** The secret before the last rotation: it signs too until previousSecretExpiresAt. */
  readonly previousSecret: string | null;
  readonly previousSecretExpiresAt: string | null;
  /** Why it was disabled by us (failing deliveries); null when enabled or disabled by the merchant. */
  readonly disabledReason: string | null;
  /** Since when every attempt failed (null after a success): 5 days of it disable the endpoint. */
  readonly failingSince: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}
