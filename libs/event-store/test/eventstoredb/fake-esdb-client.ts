import {
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult as EsdbAppendResult,
  type AppendToStreamOptions,
  type EventData,
  type Filter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { EsdbCatchUpSubscription, EsdbClient } from '../../src/eventstoredb/esdb-client';

interface StoredEntry {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: boolean;
  readonly revision: bigint;
  readonly position: { commit: bigint; prepare: bigint };
  readonly created: Date;
}

/**
 * An in-memory stand-in for EventStoreDB, modelled on what the server documents: revisions from 0,
 * positions with gaps, inclusive $all reads, exclusive subscription starts, idempotent appends for an
 * exact expected revision or no_stream, system events in $all. It tests the adapter's mapping and
 * control flow, never the server itself (that is the contract suite's job, with a real server).
 */
export class FakeEsdbClient implements EsdbClient {
  readonly log: StoredEntry[] = [];
  readonly subscribeCalls: SubscribeToAllOptions[] = [];
  private readonly live = new Set<FakeSubscription>();
  private nextPosition = 100n;
  disposed = false;
  /** Errors the next calls of a kind throw, in order. */
  readonly failNext: { append: unknown[]; subscribe: unknown[] } = { append: [], subscribe: [] };

  async appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions): Promise<EsdbAppendResult> {
    const failure = this.failNext.append.shift();
    if (failure !== undefined) throw failure;
    const expected = options.expectedRevision ?? 'any';
    const stream = this.log.filter((e) => e.streamId === streamName);
    const current = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
    if (expected === 'no_stream' || typeof expected === 'bigint') {
      const start = expected === 'no_stream' ? 0 : Number(expected) + 1;
      const there = stream.slice(start, start + events.length);
      if (there.length === events.length && there.every((e, i) => e.id === events[i].id)) {
        const last = there[there.length - 1];
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
    }
    const conflict =
      (expected === 'no_stream' && current !== 'no_stream') ||
      (expected === 'stream_exists' && current === 'no_stream') ||
      (typeof expected === 'bigint' && expected !== current);
    if (conflict) throw new EsdbWrongExpectedVersionError(undefined, { streamName, expected, current });
    let last: StoredEntry | undefined;
    for (const event of events) {
      last = this.store(streamName, event.id, event.type, event.data, event.metadata, event.contentType === 'application/json');
    }
    return { success: true, nextExpectedRevision: last!.revision, position: last!.position };
  }

  /** A system event ($stats, $$metadata, $> links) as the server writes them into $all. */
  addSystemEvent(streamName = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    this.store(streamName, randomUUID(), type, {}, undefined, true);
  }

  readStream(streamName: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent> {
    const stream = this.log.filter((e) => e.streamId === streamName);
    const from = typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) : 0;
    const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return (async function* () {
      if (stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
      for (const entry of stream.slice(from, from + count)) yield resolved(entry);
    })();
  }

  readAll(options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent> {
    const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? 'start';
    let entries: StoredEntry[];
    if (options.direction === 'backwards') {
      entries = [...this.log].reverse();
      // Inclusive, like forward reads: the adapter must cope with either.
      if (typeof from === 'object') entries = entries.filter((e) => compare(e.position, from) <= 0);
    } else {
      entries = typeof from === 'object' ? this.log.filter((e) => compare(e.position, from) >= 0) : from === 'end' ? [] : [...this.log];
    }
    const page = entries.slice(0, count);
    return (async function* () {
      for (const entry of page) yield resolved(entry);
    })();
  }

  subscribeToAll(options: SubscribeToAllOptions): EsdbCatchUpSubscription {
    this.subscribeCalls.push(options);
    const failure = this.failNext.subscribe.shift();
    const subscription = new FakeSubscription(this, options, failure);
    this.live.add(subscription);
    return subscription;
  }

  /** Every open subscription fails as a dropped connection does. */
  dropConnections(error: unknown = new UnavailableError(undefined, 'connection dropped')): void {
    for (const subscription of this.live) subscription.fail(error);
    this.live.clear();
  }

  openSubscriptions(): number {
    return this.live.size;
  }

  forget(subscription: FakeSubscription): void {
    this.live.delete(subscription);
  }

  notify(): void {
    for (const subscription of this.live) subscription.wakeUp();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private store(streamId: string, id: string, type: string, data: unknown, metadata: unknown, isJson: boolean): StoredEntry {
    const revision = BigInt(this.log.filter((e) => e.streamId === streamId).length);
    // Gaps between positions, as in the real transaction log.
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    this.nextPosition += 137n;
    const entry: StoredEntry = { streamId, id, type, data, metadata, isJson, revision, position, created: new Date() };
    this.log.push(entry);
    queueMicrotask(() => this.notify());
    return entry;
  }
}

class FakeSubscription implements EsdbCatchUpSubscription {
  private closed = false;
  private failure: unknown;
  private wake: (() => void) | undefined;

  constructor(
    private readonly fake: FakeEsdbClient,
    private readonly options: SubscribeToAllOptions,
    initialFailure: unknown,
  ) {
    this.failure = initialFailure;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<AllStreamResolvedEvent> {
    let cursor = typeof this.options.fromPosition === 'object' ? this.options.fromPosition : undefined;
    while (!this.closed) {
      if (this.failure !== undefined) throw this.failure;
      const after = cursor;
      // Exclusive of fromPosition, like the server's subscriptions.
      const next = this.fake.log.find((e) => (after === undefined || compare(e.position, after) > 0) && passes(this.options.filter, e));
      if (next !== undefined) {
        cursor = next.position;
        yield resolved(next);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  async unsubscribe(): Promise<void> {
    this.closed = true;
    this.fake.forget(this);
    this.wakeUp();
  }

  fail(error: unknown): void {
    this.failure = error;
    this.wakeUp();
  }

  wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

function passes(filter: Filter | undefined, entry: StoredEntry): boolean {
  if (filter === undefined) return true;
  const subject = filter.filterOn === 'streamName' ? entry.streamId : entry.type;
  if ('prefixes' in filter) return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  return new RegExp(filter.regex).test(subject);
}

function compare(a: { commit: bigint; prepare: bigint }, b: { commit: bigint; prepare: bigint }): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

function resolved(entry: StoredEntry): AllStreamResolvedEvent {
  return {
    event: {
      streamId: entry.streamId,
      id: entry.id,
      type: entry.type,
      revision: entry.revision,
      created: entry.created,
      // The client parses JSON content; a copy keeps callers from mutating the "server".
      data: JSON.parse(JSON.stringify(entry.data)),
      metadata: entry.metadata === undefined ? undefined : JSON.parse(JSON.stringify(entry.metadata)),
      isJson: entry.isJson,
      position: { ...entry.position },
    },
  } as AllStreamResolvedEvent;
}
