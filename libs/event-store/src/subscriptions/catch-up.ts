import type { DataSource } from 'typeorm';
import { START, type EventStore, type Position } from '../event-store.port';
import { sleep } from './backoff';
import { readCheckpoint } from './checkpoints';
import type { WorkerStall, WorkerState } from './subscription-worker';

export interface SubscriberRef {
  readonly name: string;
  readonly streamPrefixes?: readonly string[];
}

/**
 * Where a subscriber stands against the store. Lag is given as positions plus a bounded count:
 * positions are opaque pairs (EventStoreDB's commit/prepare), so "how many events behind" is not
 * a subtraction. pendingEvents counts matching events after the checkpoint by reading at most
 * `pendingCountLimit` of them (one indexed read with the PostgreSQL store); pendingEventsCapped
 * says the true number may be larger. With streamPrefixes the checkpoint can stay below head for
 * good (head is an event it does not want), which is why caughtUp is "no wanted event after the
 * checkpoint", not "checkpoint equals head".
 */
export interface SubscriptionStatus {
  readonly name: string;
  readonly kind: 'projection' | 'process-manager';
  readonly role: WorkerState['role'];
  readonly isLeader: boolean;
  readonly checkpoint: Position;
  readonly headPosition: Position;
  readonly caughtUp: boolean;
  readonly pendingEvents: number;
  readonly pendingEventsCapped: boolean;
  readonly lastError?: string;
  readonly consecutiveFailures: number;
  readonly restarts: number;
  /** Set while its worker has made no progress for longer than stallAfterMs (see WorkerTimings). */
  readonly stalled?: WorkerStall;
}

export const PENDING_COUNT_LIMIT = 100;

export async function describeSubscription(
  kind: SubscriptionStatus['kind'],
  subscriber: SubscriberRef,
  state: WorkerState,
  dataSource: DataSource,
  store: EventStore,
): Promise<SubscriptionStatus> {
  const checkpoint = (await readCheckpoint(dataSource, subscriber.name)) ?? START;
  const [headPosition, pending] = await Promise.all([
    store.headPosition(),
    store.readAll(checkpoint, PENDING_COUNT_LIMIT, { streamPrefixes: subscriber.streamPrefixes }),
  ]);
  return {
    name: subscriber.name,
    kind,
    role: state.role,
    isLeader: state.role === 'leader',
    checkpoint,
    headPosition,
    caughtUp: pending.length === 0,
    pendingEvents: pending.length,
    pendingEventsCapped: pending.length === PENDING_COUNT_LIMIT,
    lastError: state.lastError,
    consecutiveFailures: state.consecutiveFailures,
    restarts: state.restarts,
    stalled: state.stalled,
  };
}

export class CatchUpTimeoutError extends Error {
  constructor(
    readonly subscribers: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(`not caught up within ${timeoutMs} ms: ${subscribers.join(', ')}`);
    this.name = 'CatchUpTimeoutError';
  }
}

const POLL_INTERVAL_MS = 25;

/**
 * Resolves once every subscriber's stored checkpoint has no wanted event after it, judged against
 * what the store shows when each check runs. Reads the database, not memory, so it works whichever
 * process leads. Bounded by timeoutMs.
 */
export async function waitUntilCaughtUp(
  subscribers: readonly SubscriberRef[],
  dataSource: DataSource,
  store: EventStore,
  timeoutMs: number,
): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  let behind = [...subscribers];
  for (;;) {
    const checks = await Promise.all(behind.map(async (s) => ((await isCaughtUp(s, dataSource, store)) ? undefined : s)));
    behind = checks.filter((s): s is SubscriberRef => s !== undefined);
    if (behind.length === 0) return;
    if (Date.now() >= deadlineMs) throw new CatchUpTimeoutError(behind.map((s) => s.name), timeoutMs);
    await sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadlineMs - Date.now())));
  }
}

async function isCaughtUp(subscriber: SubscriberRef, dataSource: DataSource, store: EventStore): Promise<boolean> {
  const checkpoint = (await readCheckpoint(dataSource, subscriber.name)) ?? START;
  const next = await store.readAll(checkpoint, 1, { streamPrefixes: subscriber.streamPrefixes });
  return next.length === 0;
}
