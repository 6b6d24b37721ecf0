import { ConfigError } from './config-error';

/** How webhooks to merchant platforms are sent (docs/api.md, "Webhooks"). */
export interface WebhookConfig {
  /** WEBHOOK_RETRY_SCHEDULE: the wait before each retry, in ms; its length is the number of retries. */
  readonly retryScheduleMs: readonly number[];
  /** WEBHOOK_ALLOW_PRIVATE_URLS: http and loopback/private targets allowed (true with the sandbox unless set). */
  readonly allowPrivateUrls: boolean;
  /** WEBHOOK_TIMEOUT_MS: how long one attempt may take before it counts as failed. */
  readonly timeoutMs: number;
}

/** 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_SECONDS = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000] as const;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 15_000;

/** At most this many retries and at most a week per wait: a longer schedule is a typo. */
const MAX_RETRIES = 20;
const MAX_WAIT_SECONDS = 7 * 24 * 3_600;

/** `5,300,1800`: whole seconds separated by commas; unset gives the default. */
export function parseRetrySchedule(text: string | undefined): readonly number[] {
  if (text === undefined || text.trim() === '') return Object.freeze(DEFAULT_WEBHOOK_RETRY_SCHEDULE_SECONDS.map((seconds) => seconds * 1_000));
  const parts = text.split(',').map((part) => part.trim());
  const valid = parts.length <= MAX_RETRIES && parts.every((part) => /^\d{1,7}$/.test(part) && Number(part) >= 1 && Number(part) <= MAX_WAIT_SECONDS);
  if (!valid) {
    throw new ConfigError('WEBHOOK_RETRY_SCHEDULE', `must be 1 to ${MAX_RETRIES} whole numbers of seconds (1 to ${MAX_WAIT_SECONDS}) separated by commas, for example 5,300,1800`, text);
  }
  return Object.freeze(parts.map((part) => Number(part) * 1_000));
}

/** `true` or `false`; unset follows the sandbox (local receivers are what a rehearsal uses). */
export function parseAllowPrivateUrls(text: string | undefined, sandbox: boolean): boolean {
  if (text === undefined || text.trim() === '') return sandbox;
  const value = text.trim();
  if (value !== 'true' && value !== 'false') throw new ConfigError('WEBHOOK_ALLOW_PRIVATE_URLS', 'must be true or false', value);
  return value === 'true';
}
