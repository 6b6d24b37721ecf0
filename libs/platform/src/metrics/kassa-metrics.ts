import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Values that are read when Prometheus scrapes, not counted as they happen: they live in the
 * database or in the subscription runners. Each may be absent (the CLI has no runners); a source
 * that fails leaves its gauge without samples for that scrape rather than failing the scrape.
 */
export interface ScrapedSources {
  /** Events each projection and process manager still has to handle, by its name. */
  subscriptionLag?(): Promise<ReadonlyArray<{ readonly name: string; readonly pendingEvents: number }>>;
  /** Per merchant: withdrawals waiting for a (re)submission and withdrawals parked after their attempts ran out. */
  withdrawalSubmissions?(): Promise<ReadonlyArray<{ readonly merchant: string; readonly queued: number; readonly parked: number }>>;
  /** Per merchant: whether its submission queue paused itself after a run of identical provider refusals. */
  withdrawalQueuePaused?(): Promise<ReadonlyArray<{ readonly merchant: string; readonly paused: boolean }>>;
  /** Events that ran out of retries in a process manager. */
  deadLetters?(): Promise<number>;
  /** Webhook deliveries not yet delivered or failed, by merchant. */
  webhookBacklog?(): Promise<ReadonlyArray<{ readonly merchant: string; readonly pending: number }>>;
}

/** What one webhook attempt came to: delivered (a 2xx), retrying (failed, another attempt is due), failed (no attempt left). */
export type WebhookDeliveryOutcome = 'delivered' | 'retrying' | 'failed';

export type ProviderCallOutcome = 'ok' | 'rejected' | 'timeout' | 'unavailable';

let processRegistry: Registry | null = null;

/**
 * The process defaults (CPU, memory, event loop, GC) once per process: their collectors hold
 * observers that are never released, and a process has one set of them however many services it
 * runs (the tests start many).
 */
function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The service's metrics, on a registry of their own (not prom-client's global one, so two services
 * in one test process never share counters), plus the process defaults. Names and labels are the
 * ones docs/production.md §6 lists; `merchant` is the tenant id; routes are templates, never URLs.
 */
export class KassaMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'kassa_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpRequestDuration = new Histogram({
    name: 'kassa_http_request_duration_seconds',
    help: 'Time from the request arriving to the response finishing, by route template and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly postbacks = new Counter({
    name: 'kassa_postbacks_total',
    help: 'Provider postbacks received, by merchant, direction (ingoing, outgoing, unknown) and outcome',
    labelNames: ['merchant', 'direction', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly providerRequests = new Counter({
    name: 'kassa_provider_requests_total',
    help: 'Calls to Paykassma, by merchant, endpoint and outcome (ok, rejected, timeout, unavailable)',
    labelNames: ['merchant', 'endpoint', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly providerRequestDuration = new Histogram({
    name: 'kassa_provider_request_duration_seconds',
    help: 'Duration of calls to Paykassma, by merchant and endpoint',
    labelNames: ['merchant', 'endpoint'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'kassa_webhook_deliveries_total',
    help: 'Webhook attempts to merchant platforms, by merchant and outcome (delivered, retrying, failed)',
    labelNames: ['merchant', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(sources: ScrapedSources = {}) {
    const { subscriptionLag, withdrawalSubmissions, withdrawalQueuePaused, deadLetters, webhookBacklog } = sources;
    if (subscriptionLag) {
      new Gauge({
        name: 'kassa_projection_lag_events',
        help: 'Events a projection or process manager has not handled yet (counted up to 100)',
        labelNames: ['projection'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          const lags = await orNull(subscriptionLag());
          for (const lag of lags ?? []) this.set({ projection: lag.name }, lag.pendingEvents);
        },
      });
    }
    if (withdrawalSubmissions) {
      new Gauge({
        name: 'kassa_withdrawal_submissions',
        help: 'Withdrawals in the submission queue, by merchant: queued (waiting for an attempt) and parked (attempts exhausted, outcome unknown)',
        labelNames: ['merchant', 'state'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const counts of (await orNull(withdrawalSubmissions())) ?? []) {
            this.set({ merchant: counts.merchant, state: 'queued' }, counts.queued);
            this.set({ merchant: counts.merchant, state: 'parked' }, counts.parked);
          }
        },
      });
    }
    if (withdrawalQueuePaused) {
      new Gauge({
        name: 'kassa_withdrawal_queue_paused',
        help: 'Whether a merchant\'s withdrawal submission queue paused itself after a run of identical provider refusals (1) or runs (0); POST /v1/admin/withdrawal-queue/resume resumes it',
        labelNames: ['merchant'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const queue of (await orNull(withdrawalQueuePaused())) ?? []) this.set({ merchant: queue.merchant }, queue.paused ? 1 : 0);
        },
      });
    }
    if (deadLetters) {
      new Gauge({
        name: 'kassa_dead_letters',
        help: 'Events that ran out of retries in a process manager and wait for an operator',
        registers: [this.registry],
        async collect() {
          this.reset();
          const count = await orNull(deadLetters());
          if (count !== null) this.set(count);
        },
      });
    }
    if (webhookBacklog) {
      new Gauge({
        name: 'kassa_webhook_backlog',
        help: 'Webhook deliveries not yet delivered or failed (waiting for an attempt or a retry), by merchant',
        labelNames: ['merchant'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          const backlog = await orNull(webhookBacklog());
          for (const line of backlog ?? []) this.set({ merchant: line.merchant }, line.pending);
        },
      });
    }
  }

  /** One finished webhook attempt. */
  webhookDelivery(merchant: string, outcome: WebhookDeliveryOutcome): void {
    this.webhookDeliveries.inc({ merchant, outcome });
  }

  /** One finished call to the provider. */
  providerCall(merchant: string, endpoint: string, outcome: ProviderCallOutcome, durationMs: number): void {
    this.providerRequests.inc({ merchant, endpoint, outcome });
    this.providerRequestDuration.observe({ merchant, endpoint }, durationMs / 1000);
  }

  /** The Prometheus text exposition: the process defaults, then the service's own. */
  async scrape(): Promise<string> {
    const [defaults, own] = await Promise.all([processMetrics().metrics(), this.registry.metrics()]);
    return `${defaults}\n${own}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

async function orNull<T>(value: Promise<T>): Promise<T | null> {
  try {
    return await value;
  } catch {
    return null;
  }
}
