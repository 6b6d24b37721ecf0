import type { HostResolver } from '../webhook-endpoint/webhook-url';

/** Injection tokens of webhook delivery (provided by BackgroundWorkModule). */
export const WEBHOOK_DELIVERY_SETTINGS = Symbol('WEBHOOK_DELIVERY_SETTINGS');
export const WEBHOOK_DELIVERY_LOG = Symbol('WEBHOOK_DELIVERY_LOG');

export interface WebhookDeliverySettings {
  /** WEBHOOK_RETRY_SCHEDULE in ms: the wait before each retry; after the last one the delivery fails. */
  readonly retryScheduleMs: readonly number[];
  /** WEBHOOK_TIMEOUT_MS: an attempt without a 2xx answer by then has failed. */
  readonly timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE_URLS (or the sandbox). */
  readonly allowPrivateUrls: boolean;
  /** Attempts in flight to one endpoint at most; default 4. */
  readonly maxInFlightPerEndpoint?: number;
  /** Attempts in flight in all at most; default 32. */
  readonly maxInFlight?: number;
  /** How often the worker and the fan-out look for work when nothing woke them; default 500 ms. */
  readonly pollIntervalMs?: number;
  /** Jitter source in [0, 1); Math.random unless a test fixes it. */
  readonly random?: () => number;
  /** DNS for the delivery-time address check; the system resolver unless a test swaps it. */
  readonly resolve?: HostResolver;
}

/** pino's signature. */
export interface WebhookDeliveryLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
