export interface PulledBatch<T> {
  readonly items: T[];
  /** The source ended normally after these items; the next pull would find nothing. */
  readonly ended: boolean;
}

const TIMED_OUT = Symbol('timed out');
type Take<T> = IteratorResult<T> | typeof TIMED_OUT;

/**
 * Turns a one-at-a-time async source into batches: waits as long as needed for the first item, then
 * takes what follows within `lingerMs`, up to `maxItems`. A catch-up backlog therefore arrives in full
 * batches, and a live event waits at most lingerMs for company.
 *
 * At most one `next()` is outstanding; one that outlives a batch's linger is kept for the next batch,
 * so no item is lost between batches. When the source fails, the items taken before the failure are
 * returned first and the error is thrown by the following pull.
 */
export class BatchPuller<T> {
  private readonly iterator: AsyncIterator<T>;
  private pending: Promise<IteratorResult<T>> | undefined;
  private ended = false;
  private failure: { readonly error: unknown } | undefined;

  constructor(source: AsyncIterable<T>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Resolves with no items and ended=false when `signal` aborts while waiting for the first item. */
  async pull(maxItems: number, lingerMs: number, signal: AbortSignal): Promise<PulledBatch<T>> {
    if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer: ${maxItems}`);
    if (this.failure !== undefined) throw this.failure.error;
    if (this.ended) return { items: [], ended: true };
    const items: T[] = [];
    try {
      const first = await this.takeWithin(signal, undefined);
      if (first === TIMED_OUT) return { items, ended: false };
      if (first.done) return this.end(items);
      items.push(first.value);
      const lingerUntilMs = Date.now() + lingerMs;
      while (items.length < maxItems && !signal.aborted) {
        const next = await this.takeWithin(signal, lingerUntilMs - Date.now());
        if (next === TIMED_OUT) break;
        if (next.done) return this.end(items);
        items.push(next.value);
      }
      return { items, ended: false };
    } catch (error) {
      this.failure = { error };
      if (items.length === 0) throw error;
      return { items, ended: false };
    }
  }

  /** Ends the source (releasing the underlying stream); further pulls find nothing. */
  async close(): Promise<void> {
    this.ended = true;
    this.pending = undefined;
    await this.iterator.return?.();
  }

  private end(items: T[]): PulledBatch<T> {
    this.ended = true;
    return { items, ended: true };
  }

  /** The next item, or TIMED_OUT when the signal aborts or `waitMs` (if given) passes first. */
  private async takeWithin(signal: AbortSignal, waitMs: number | undefined): Promise<Take<T>> {
    if (signal.aborted || (waitMs !== undefined && waitMs <= 0 && this.pending === undefined)) {
      // The linger is over: leave the next item for the next batch rather than start a read now.
      return TIMED_OUT;
    }
    if (this.pending === undefined) {
      this.pending = this.iterator.next();
      // It may settle while nobody awaits it (after a linger ran out): never an unhandled rejection.
      this.pending.catch(() => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      onAbort = () => resolve(TIMED_OUT);
      signal.addEventListener('abort', onAbort, { once: true });
      if (waitMs !== undefined) timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, waitMs));
    });
    try {
      const outcome = await Promise.race([this.pending, deadline]);
      if (outcome !== TIMED_OUT) this.pending = undefined;
      return outcome;
    } catch (error) {
      this.pending = undefined;
      throw error;
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }
}
