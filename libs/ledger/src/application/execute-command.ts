import { randomUUID } from 'node:crypto';
import {
  type EventMetadata,
  type EventStore,
  type Position,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '@kassa/event-store';
import { type Decider, type DomainEvent, fold } from '../shared/decider';
import { StateCache } from './state-cache';

/** Bound on optimistic-concurrency retries: each retry reloads the stream and decides again. */
const MAX_CONFLICT_RETRIES = 50;

export interface ExecuteOptions {
  readonly metadata: EventMetadata;
  /** The decision time, read from the clock by the caller (never inside decide). */
  readonly now: () => string;
  /**
   * Ids for the new events. Deterministic ids (from the causing event) make a repeated reaction a
   * no-op in the store; random ids suit requests already deduplicated by an Idempotency-Key.
   */
  readonly eventId?: (index: number, event: DomainEvent) => string;
  /**
   * Decide first on an empty stream without reading it, when this process knows nothing of it (a
   * stream named by a fresh random id, a provider transaction's first postback): a stream that does
   * exist fails the append, and the next attempt reads it.
   */
  readonly assumeNew?: boolean;
}

export interface ExecuteResult<TState, TEvent> {
  readonly state: TState;
  /** Events this call appended; [] when the decider had nothing to do (a repeat). */
  readonly appended: readonly TEvent[];
  readonly version: number | null;
  readonly position: Position | null;
}

/** Page size when reading a stream; long streams (a busy player's wallet) are read in pages. */
const READ_PAGE_SIZE = 5_000;

/** Every event of a stream, oldest first, however long it is. */
export function readWholeStream(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  return readStreamFrom(store, streamId, 0);
}

/** The events of a stream from a version on, oldest first, in pages. */
async function readStreamFrom(store: EventStore, streamId: string, fromVersion: number): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readStream(streamId, fromVersion + all.length, READ_PAGE_SIZE);
    all.push(...page);
    if (page.length < READ_PAGE_SIZE) return all;
  }
}

export function eventsOf<TEvent>(recorded: readonly RecordedEvent[]): TEvent[] {
  return recorded.map((event) => ({ type: event.type, data: event.data }) as TEvent);
}

/**
 * The whole of a command handler's work on one stream: load, fold, decide, append with the expected
 * version; on a version conflict (someone appended meanwhile) load again and decide again.
 *
 * When this process remembers the stream's state, the first attempt decides on it without reading:
 * the append's expected version proves it current (a stale state fails the append and the stream is
 * read). A refusal or a decision to do nothing proves nothing, so it is taken again on a fresh read.
 */
export async function executeCommand<TCommand, TEvent extends DomainEvent, TState>(
  store: EventStore,
  decider: Decider<TCommand, TEvent, TState>,
  streamId: string,
  /** The command, or a choice of command by the current state (null: nothing to do). */
  command: TCommand | ((state: TState) => TCommand | null),
  options: ExecuteOptions,
): Promise<ExecuteResult<TState, TEvent>> {
  const cache = StateCache.of(store);
  let remembered = cache.get<TState>(decider, streamId) ?? (options.assumeNew ? { state: decider.initialState(), version: null } : undefined);
  for (let attempt = 0; ; attempt++) {
    const { state, version } = remembered ?? (await loadState(store, decider, streamId));
    const trusted = remembered !== undefined;
    remembered = undefined;
    let decided: TEvent[];
    try {
      const chosen = typeof command === 'function' ? (command as (state: TState) => TCommand | null)(state) : command;
      decided = chosen === null ? [] : decider.decide(chosen, state, options.now());
    } catch (refusal) {
      if (trusted) continue; // perhaps refused on an old state (a balance since credited elsewhere)
      throw refusal;
    }
    if (decided.length === 0) {
      if (trusted) continue;
      return { state, appended: [], version, position: null };
    }
    try {
      const result = await store.append(
        streamId,
        decided.map((event, index) => ({
          id: options.eventId?.(index, event) ?? randomUUID(),
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: options.metadata,
        })),
        version === null ? 'no_stream' : version,
      );
      const next = fold(decider, decided, state);
      cache.set(decider, streamId, result.nextVersion, next);
      return { state: next, appended: decided, version: result.nextVersion, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}

/**
 * The current state of a stream, with every committed event: the cached fold (if any) brought up to
 * date with the events appended since, or the whole stream folded.
 */
export async function loadState<TCommand, TEvent extends DomainEvent, TState>(
  store: EventStore,
  decider: Decider<TCommand, TEvent, TState>,
  streamId: string,
): Promise<{ state: TState; version: number | null }> {
  const cache = StateCache.of(store);
  const cached = cache.get<TState>(decider, streamId);
  const recorded = await readStreamFrom(store, streamId, cached ? cached.version + 1 : 0);
  if (recorded.length === 0) return cached ?? { state: decider.initialState(), version: null };
  const state = fold(decider, eventsOf<TEvent>(recorded), cached?.state ?? decider.initialState());
  const version = recorded[recorded.length - 1].streamVersion;
  cache.set(decider, streamId, version, state);
  return { state, version };
}
