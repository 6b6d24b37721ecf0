import { isLosslessObject, parseLosslessJson } from '../json/lossless-json';
import { stringifyLossless } from '../json/lossless-stringify';

export interface PostbackAttempt {
  readonly at: string;
  readonly httpStatus: number | null;
  readonly acknowledged: boolean;
  readonly error: string | null;
}

export interface PostbackDelivery {
  readonly id: number;
  readonly kind: 'deposit' | 'withdrawal';
  /** custom_transaction_id or withdrawal_id. */
  readonly key: string;
  /** Set on the extra copies sent by `duplicates: n`: the id of the original. */
  readonly duplicateOf: number | null;
  readonly body: unknown;
  readonly bodyText: string;
  readonly attempts: PostbackAttempt[];
  state: 'sending' | 'acknowledged' | 'gave_up' | 'cancelled';
}

export interface PostbackSenderOptions {
  readonly url: () => string;
  readonly retryBaseMs: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly now: () => Date;
}

/**
 * Delivers postbacks like the provider: POST JSON, success only on HTTP 200 with {"status":"ok"},
 * otherwise retry after retryBaseMs, 2×, 4× … up to maxAttempts. Everything is recorded for
 * GET /sandbox-control/postbacks. close() cancels pending retries and in-flight requests.
 */
export class PostbackSender {
  private readonly deliveries: PostbackDelivery[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private readonly shutdown = new AbortController();
  private nextId = 1;

  constructor(private readonly options: PostbackSenderOptions) {}

  /** Starts delivering `body` now, plus `duplicates` identical copies concurrently. */
  send(kind: PostbackDelivery['kind'], key: string, body: unknown, duplicates = 0): PostbackDelivery[] {
    const bodyText = stringifyLossless(body);
    const started: PostbackDelivery[] = [];
    for (let copy = 0; copy <= duplicates; copy++) {
      const delivery: PostbackDelivery = {
        id: this.nextId++,
        kind,
        key,
        duplicateOf: copy === 0 ? null : started[0].id,
        body: JSON.parse(bodyText) as unknown,
        bodyText,
        attempts: [],
        state: 'sending',
      };
      this.deliveries.push(delivery);
      started.push(delivery);
    }
    for (const delivery of started) {
      const run = this.deliver(delivery).finally(() => this.running.delete(run));
      this.running.add(run);
    }
    return started;
  }

  list(): readonly PostbackDelivery[] {
    return this.deliveries;
  }

  /** Resolves when no delivery is sending or waiting to retry (including ones started meanwhile). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  close(): void {
    this.shutdown.abort();
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.wake();
    }
    this.timers.clear();
  }

  private async deliver(delivery: PostbackDelivery): Promise<void> {
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      if (this.shutdown.signal.aborted) break;
      const result = await this.attempt(delivery.bodyText);
      delivery.attempts.push(result);
      if (result.acknowledged) {
        delivery.state = 'acknowledged';
        return;
      }
      if (attempt < this.options.maxAttempts) await this.sleep(this.options.retryBaseMs * 2 ** (attempt - 1));
    }
    delivery.state = this.shutdown.signal.aborted ? 'cancelled' : 'gave_up';
  }

  private async attempt(bodyText: string): Promise<PostbackAttempt> {
    const at = this.options.now().toISOString();
    try {
      const response = await fetch(this.options.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: bodyText,
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.shutdown.signal]),
      });
      const text = await response.text();
      return { at, httpStatus: response.status, acknowledged: response.status === 200 && isOkAnswer(text), error: null };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { at, httpStatus: null, acknowledged: false, error: cause ?? (error as Error).name ?? 'error' };
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.timers.add(entry);
    });
  }
}

/** The provider wants exactly {"status":"ok"}; we accept it with any spacing or extra keys. */
function isOkAnswer(text: string): boolean {
  try {
    const value = parseLosslessJson(text, { lenient: true });
    return isLosslessObject(value) && value['status'] === 'ok';
  } catch {
    return false;
  }
}
