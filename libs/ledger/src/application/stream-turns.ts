import type { EventStore } from '@kassa/event-store';

/**
 * Turns on busy streams within one process. Writers to the same wallet would otherwise decide on the
 * same version and all but one fail at commit, roll back, and start again (with a player's deposits
 * arriving together, most of the work). Taking turns, each decides on the state its predecessor
 * committed. Across processes the expected version still decides, so this is an optimisation, never
 * what keeps the money exact.
 *
 * A unit waits for at most its first stream; any further one it only takes when free (otherwise it
 * goes on without a turn), so two units can never wait for each other.
 */
export class StreamTurns {
  private static readonly perStore = new WeakMap<EventStore, StreamTurns>();
  /** The last turn queued per stream: it settles when that turn is released. */
  private readonly tails = new Map<string, Promise<void>>();

  static of(store: EventStore): StreamTurns {
    let turns = StreamTurns.perStore.get(store);
    if (!turns) {
      turns = new StreamTurns();
      StreamTurns.perStore.set(store, turns);
    }
    return turns;
  }

  /** Waits until the stream is free; resolves with the release of this turn. */
  async take(streamId: string): Promise<() => void> {
    const previous = this.tails.get(streamId);
    const release = this.queue(streamId);
    if (previous) await previous;
    return release;
  }

  /** The stream's turn if nobody has it, else null. */
  takeIfFree(streamId: string): (() => void) | null {
    return this.tails.has(streamId) ? null : this.queue(streamId);
  }

  /**
   * Resolves once nobody holds or waits for a turn on the stream, or after maxWaitMs, whichever comes
   * first; takes no turn itself. For a writer that only wants to decide after a short holder is done.
   */
  async whenFree(streamId: string, maxWaitMs: number): Promise<void> {
    if (!this.tails.has(streamId)) return;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)));
    try {
      for (let tail = this.tails.get(streamId); tail !== undefined; tail = this.tails.get(streamId)) {
        if ((await Promise.race([tail.then(() => 'free' as const), giveUp.then(() => 'late' as const)])) === 'late') return;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private queue(streamId: string): () => void {
    const previous = this.tails.get(streamId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(streamId, tail);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      done();
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId);
    };
  }
}
