import type { WebhookEndpointSettings } from './webhook-endpoint.state';

/** What can happen to a webhook endpoint; each command's handler loads the row, decides, writes. */
export type WebhookEndpointCommand =
  | {
      readonly type: 'CreateWebhookEndpoint';
      /** The secret is made by the handler (randomness stays out of the decider). */
      readonly data: WebhookEndpointSettings;
    }
  | {
      readonly type: 'UpdateWebhookEndpoint';
      readonly data: { readonly url?: string; readonly eventTypes?: readonly string[]; readonly enabled?: boolean; readonly description?: string | null };
    }
  | { readonly type: 'RotateWebhookEndpointSecret'; readonly data: { readonly secret: string } }
  | { readonly type: 'DeleteWebhookEndpoint' }
  /** A delivery attempt failed: starts or continues the failing run, and disables the endpoint after it lasted long enough. */
  | { readonly type: 'RecordWebhookFailure' }
  /** A delivery succeeded: the failing run is over. */
  | { readonly type: 'RecordWebhookSuccess' };
