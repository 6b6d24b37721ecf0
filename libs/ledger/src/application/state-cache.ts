import type { EventStore } from '@kassa/event-store';

/** The most streams whose folded state one process keeps per store: a bound, not a tuning knob. */
const MAX_CACHED_STREAMS = 10_000;

interface CachedState {
  readonly decider: object;
  readonly version: number;
  readonly state: unknown;
}

/**
 * Folded aggregate states by stream, so that a command reads only the events appended since the
 * last time this process saw the stream instead of the whole stream (a busy wallet grows without
 * end). Safe without invalidation: events are immutable and versions consecutive, so a stale entry
 * is only behind, and the next read brings it up to date. Never persisted: not a snapshot.
 * One cache per store instance (tests open several stores in one process).
 */
export class StateCache {
  private static readonly perStore = new WeakMap<EventStore, StateCache>();
  private readonly entries = new Map<string, CachedState>();

  static of(store: EventStore): StateCache {
    let cache = StateCache.perStore.get(store);
    if (!cache) {
      cache = new StateCache();
      StateCache.perStore.set(store, cache);
    }
    return cache;
  }

  get<TState>(decider: object, streamId: string): { version: number; state: TState } | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.decider !== decider) return undefined;
    // Map order is insertion order: re-inserting makes this the most recently used.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return { version: entry.version, state: entry.state as TState };
  }

  set(decider: object, streamId: string, version: number, state: unknown): void {
    const known = this.entries.get(streamId);
    if (known && known.decider === decider && known.version > version) return; // never go back
    this.entries.delete(streamId);
    this.entries.set(streamId, { decider, version, state });
    if (this.entries.size > MAX_CACHED_STREAMS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
