import type { Position } from '../event-store.port';

/**
 * One leadership term's subscription: where its checkpoint stands (the value the next
 * compare-and-set expects) and whether a batch is running. Lives from subscribeAll to stop.
 */
export class ConsumerSession {
  private position: Position;
  private commitCount = 0;
  private running = false;
  /** Work queued or running on this session (batches, checkpoint moves): they run one at a time. */
  private queued = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly subscriber: string,
    start: Position,
    readonly signal: AbortSignal,
  ) {
    this.position = start;
  }

  get checkpoint(): Position {
    return this.position;
  }

  /** How many checkpoint moves this session made; lets a concurrent reader tell if it raced one. */
  get commits(): number {
    return this.commitCount;
  }

  get batchInFlight(): boolean {
    return this.running;
  }

  /** Call after the transaction that moved the checkpoint has committed. */
  committed(position: Position): void {
    this.position = position;
    this.commitCount += 1;
  }

  async runBatch(work: () => Promise<void>): Promise<void> {
    if (this.signal.aborted) throw new SessionStoppedError(this.subscriber);
    await this.serially(async () => {
      this.throwIfStopped();
      this.running = true;
      try {
        await work();
      } finally {
        this.running = false;
      }
    });
  }

  /**
   * Runs `work` only if nothing else is queued or running on the session (else undefined at once,
   * so a batch that hangs cannot hang the caller too); the next batch waits until it ends. For
   * moves of the checkpoint made beside the subscription (past events it does not want), which
   * must not interleave with a batch's compare-and-set.
   */
  whenIdle<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.queued > 0) return Promise.resolve(undefined);
    return this.serially(work);
  }

  throwIfStopped(): void {
    if (this.signal.aborted) throw new SessionStoppedError(this.subscriber);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    this.queued += 1;
    const result = this.queue.then(work).finally(() => {
      this.queued -= 1;
    });
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** Thrown inside a batch that the runner is stopping; the events after the checkpoint are redelivered later. */
export class SessionStoppedError extends Error {
  constructor(readonly subscriber: string) {
    super(`subscription ${subscriber} is stopping`);
    this.name = 'SessionStoppedError';
  }
}
