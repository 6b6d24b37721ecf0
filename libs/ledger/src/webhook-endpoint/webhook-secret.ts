import { randomBytes } from 'node:crypto';

/** 24 random bytes, as Standard Webhooks secrets are written: `whsec_<base64>`. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
