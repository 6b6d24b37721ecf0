import { ConfigError } from './config-error';

export interface RateLimits {
  /** Requests per minute one API key may make on the API. */
  readonly perApiKeyPerMinute: number;
  /** Requests per minute one client address may make on the postback path. */
  readonly postbackPerAddressPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({ perApiKeyPerMinute: 1200, postbackPerAddressPerMinute: 600 });

/**
 * RATE_LIMIT_PER_MINUTE: `<per API key>` or `<per API key>,<per postback address>`; unset, 1200 and
 * 600. With one number the postback limit keeps its default.
 */
export function parseRateLimits(text: string | undefined): RateLimits {
  if (text === undefined || text.trim() === '') return DEFAULT_RATE_LIMITS;
  const parts = text.split(',').map((part) => part.trim());
  const valid = parts.length <= 2 && parts.every((part) => /^\d{1,9}$/.test(part) && Number(part) >= 1);
  if (!valid) throw new ConfigError('RATE_LIMIT_PER_MINUTE', 'must be <per API key> or <per API key>,<per postback address>, whole numbers of at least 1', text);
  return Object.freeze({
    perApiKeyPerMinute: Number(parts[0]),
    postbackPerAddressPerMinute: parts[1] === undefined ? DEFAULT_RATE_LIMITS.postbackPerAddressPerMinute : Number(parts[1]),
  });
}
