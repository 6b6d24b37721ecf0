import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers for one attempt: the same webhook-id on every attempt (the event's
 * id), the attempt's time, and one `v1,<base64 HMAC-SHA256>` per signing secret separated by a
 * space (two during the overlap after a rotation). Signed with the reference library, so any
 * receiver using a Standard Webhooks library accepts it.
 */
export function webhookHeaders(webhookId: string, sentAt: Date, body: string, secrets: readonly string[]): Record<string, string> {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(webhookId, sentAt, body)).join(' '),
  };
}
