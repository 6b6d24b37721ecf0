import { AccessDeniedError } from '@eventstore/db-client';
import { eventually } from '../../../../test/support/eventually';
import { EventStoreUnavailableError, START, type Position, type RecordedEvent, type Subscription } from '../../src/event-store.port';
import { EventStoreDbEventStore } from '../../src/eventstoredb';
import { newEvent } from '../../src/testing/new-event';
import { FakeEsdbClient } from './fake-esdb-client';

const WAIT_MS = 3_000;

describe('EventStoreDbEventStore.subscribeAll (against an in-memory stand-in for the server)', () => {
  let client: FakeEsdbClient;
  let store: EventStoreDbEventStore;
  let subscription: Subscription | undefined;

  beforeEach(() => {
    client = new FakeEsdbClient();
    store = new EventStoreDbEventStore(client, {
      subscription: { reconnectBackoff: { baseDelayMs: 5, maxDelayMs: 20 }, maxConsecutiveReconnects: 3, batchLingerMs: 5 },
    });
  });
  afterEach(async () => {
    await subscription?.stop();
    subscription = undefined;
    await store.close();
  });

  it('catches up, then delivers live events in batches of at most maxBatchSize, without system events', async () => {
    const written = [newEvent(), newEvent(), newEvent()];
    await store.append('wallet-1', written, 'no_stream');
    client.addSystemEvent();
    const delivered: RecordedEvent[] = [];
    const sizes: number[] = [];
    subscription = store.subscribeAll(START, async (batch) => {
      sizes.push(batch.length);
      delivered.push(...batch);
    }, { maxBatchSize: 2 });
    await eventually(() => delivered.length === 3, WAIT_MS, 'the backlog');
    const live = [newEvent(), newEvent(), newEvent()];
    await store.append('wallet-2', live, 'no_stream');
    await eventually(() => delivered.length === 6, WAIT_MS, 'the live events');
    expect(delivered.map((e) => e.id)).toEqual([...written, ...live].map((e) => e.id));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(client.subscribeCalls[0]).toMatchObject({ fromPosition: 'start', filter: { filterOn: 'eventType', regex: '^[^$].*' } });
  });

  it('starts after from, and filters by prefix on the server', async () => {
    const first = await store.append('deposit-1', [newEvent()], 'no_stream');
    const wanted = newEvent();
    await store.append('wallet-1', [newEvent()], 'no_stream');
    await store.append('deposit-1', [wanted], 0);
    const delivered: RecordedEvent[] = [];
    subscription = store.subscribeAll(first.position, async (batch) => void delivered.push(...batch), { streamPrefixes: ['deposit-'] });
    const marker = newEvent();
    await store.append('deposit-1', [marker], 1);
    await eventually(() => delivered.some((e) => e.id === marker.id), WAIT_MS, 'the marker event');
    expect(delivered.map((e) => e.id)).toEqual([wanted.id, marker.id]);
    expect(client.subscribeCalls[0]).toMatchObject({ fromPosition: first.position, filter: { filterOn: 'streamName', prefixes: ['deposit-'] } });
  });

  it('resubscribes after a dropped connection from the last delivered position, delivering each event once', async () => {
    const delivered: RecordedEvent[] = [];
    subscription = store.subscribeAll(START, async (batch) => void delivered.push(...batch));
    const before = [newEvent(), newEvent()];
    await store.append('wallet-1', before, 'no_stream');
    await eventually(() => delivered.length === 2, WAIT_MS, 'the first events');

    client.dropConnections();
    const after = [newEvent(), newEvent()];
    await store.append('wallet-1', after, 1);
    // A last event as the marker: once it arrives, any duplicate of an earlier one would have too.
    const marker = newEvent();
    await store.append('wallet-1', [marker], 3);
    await eventually(() => delivered.some((e) => e.id === marker.id), WAIT_MS, 'the marker event');
    expect(delivered.map((e) => e.id)).toEqual([...before, ...after, marker].map((e) => e.id));
    expect(client.subscribeCalls).toHaveLength(2);
    expect(client.subscribeCalls[1].fromPosition).toEqual(delivered[1].position);
  });

  it('fails with EventStoreUnavailableError after too many drops in a row', async () => {
    for (let i = 0; i < 10; i++) client.failNext.subscribe.push(new EventStoreUnavailableError('still down'));
    subscription = store.subscribeAll(START, async () => undefined);
    const error = await subscription.failed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as Error).message).toMatch(/dropped 4 times in a row/);
    expect(client.subscribeCalls).toHaveLength(4);
  });

  it('fails at once, without resubscribing, on an error that retrying cannot fix', async () => {
    const denied = new AccessDeniedError(undefined, 'no $all for you');
    client.failNext.subscribe.push(denied);
    subscription = store.subscribeAll(START, async () => undefined);
    await expect(subscription.failed).rejects.toBe(denied);
    expect(client.subscribeCalls).toHaveLength(1);
  });

  it('rejects failed with the handler error and calls it no more', async () => {
    const boom = new Error('projection exploded');
    let calls = 0;
    subscription = store.subscribeAll(START, async () => {
      calls += 1;
      throw boom;
    });
    await store.append('wallet-1', [newEvent()], 'no_stream');
    await expect(subscription.failed).rejects.toBe(boom);
    await store.append('wallet-1', [newEvent()], 0);
    await witnessDelivery(store, START, 2);
    expect(calls).toBe(1);
    expect(client.openSubscriptions()).toBe(0);
  });

  it('stop() waits for the handler in flight, then nothing more is delivered', async () => {
    let started = false;
    let finished = false;
    let finishHandler!: () => void;
    const handlerMayFinish = new Promise<void>((resolve) => (finishHandler = resolve));
    const delivered: RecordedEvent[] = [];
    const sub = store.subscribeAll(START, async (batch) => {
      started = true;
      await handlerMayFinish;
      delivered.push(...batch);
      finished = true;
    });
    await store.append('wallet-1', [newEvent()], 'no_stream');
    await eventually(() => started, WAIT_MS, 'the handler');
    let stopReturned = false;
    const stopping = sub.stop().then(() => void (stopReturned = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopReturned).toBe(false);
    finishHandler();
    await stopping;
    expect(finished).toBe(true);
    await store.append('wallet-1', [newEvent()], 0);
    await witnessDelivery(store, START, 2);
    expect(delivered).toHaveLength(1);
    expect(client.openSubscriptions()).toBe(0);
  });

  it('never calls the handler concurrently', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let count = 0;
    // The first call stays open until all six events are there to deliver: a subscription that
    // called its handler concurrently would call it again meanwhile.
    const everythingReadable = witnessDelivery(store, START, 6);
    everythingReadable.catch(() => undefined); // awaited below; a timeout fails the test there
    subscription = store.subscribeAll(START, async (batch) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (count === 0) await everythingReadable;
      count += batch.length;
      inFlight -= 1;
    }, { maxBatchSize: 1 });
    for (let i = 0; i < 6; i++) await store.append(`wallet-${i}`, [newEvent()], 'no_stream');
    await everythingReadable;
    await eventually(() => count === 6, WAIT_MS, 'six events');
    expect(maxInFlight).toBe(1);
  });

  it('close() stops every subscription', async () => {
    const sub = store.subscribeAll(START, async () => undefined);
    await eventually(() => client.openSubscriptions() === 1, WAIT_MS, 'the subscription to open');
    await store.close();
    expect(client.openSubscriptions()).toBe(0);
    await sub.stop();
  });
});

/**
 * Waits until a second, independent subscription has received `count` events from `from`: the
 * positive proof that they were there to deliver (no waiting for a quiet period).
 */
async function witnessDelivery(store: EventStoreDbEventStore, from: Position, count: number): Promise<void> {
  const seen: RecordedEvent[] = [];
  const witness = store.subscribeAll(from, async (batch) => void seen.push(...batch));
  try {
    await eventually(() => seen.length >= count, WAIT_MS, `the witness to receive ${count} events`);
  } finally {
    await witness.stop();
  }
}
