import { AccessDeniedError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { EventStoreUnavailableError, START, type NewEvent, type RecordedEvent, type Subscription } from '../../src/event-store.port';
import { EventStoreDbEventStore } from '../../src/eventstoredb';
import { FakeEsdbClient } from './fake-esdb-client';

function event(type = 'Credited'): NewEvent {
  return { id: randomUUID(), type, data: {}, metadata: { tenantId: 'merchant-1' } };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}

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
    const written = [event(), event(), event()];
    await store.append('wallet-1', written, 'no_stream');
    client.addSystemEvent();
    const delivered: RecordedEvent[] = [];
    const sizes: number[] = [];
    subscription = store.subscribeAll(START, async (batch) => {
      sizes.push(batch.length);
      delivered.push(...batch);
    }, { maxBatchSize: 2 });
    await waitFor(() => delivered.length === 3, 'the backlog');
    const live = [event(), event(), event()];
    await store.append('wallet-2', live, 'no_stream');
    await waitFor(() => delivered.length === 6, 'the live events');
    expect(delivered.map((e) => e.id)).toEqual([...written, ...live].map((e) => e.id));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(client.subscribeCalls[0]).toMatchObject({ fromPosition: 'start', filter: { filterOn: 'eventType', regex: '^[^$].*' } });
  });

  it('starts after from, and filters by prefix on the server', async () => {
    const first = await store.append('deposit-1', [event()], 'no_stream');
    const wanted = event();
    await store.append('wallet-1', [event()], 'no_stream');
    await store.append('deposit-1', [wanted], 0);
    const delivered: RecordedEvent[] = [];
    subscription = store.subscribeAll(first.position, async (batch) => void delivered.push(...batch), { streamPrefixes: ['deposit-'] });
    await waitFor(() => delivered.length === 1, 'one event');
    await delay(30);
    expect(delivered.map((e) => e.id)).toEqual([wanted.id]);
    expect(client.subscribeCalls[0]).toMatchObject({ fromPosition: first.position, filter: { filterOn: 'streamName', prefixes: ['deposit-'] } });
  });

  it('resubscribes after a dropped connection from the last delivered position, delivering each event once', async () => {
    const delivered: RecordedEvent[] = [];
    subscription = store.subscribeAll(START, async (batch) => void delivered.push(...batch));
    const before = [event(), event()];
    await store.append('wallet-1', before, 'no_stream');
    await waitFor(() => delivered.length === 2, 'the first events');

    client.dropConnections();
    const after = [event(), event()];
    await store.append('wallet-1', after, 1);
    await waitFor(() => delivered.length === 4, 'the events after the drop');
    await delay(30);
    expect(delivered.map((e) => e.id)).toEqual([...before, ...after].map((e) => e.id));
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
    await store.append('wallet-1', [event()], 'no_stream');
    await expect(subscription.failed).rejects.toBe(boom);
    await store.append('wallet-1', [event()], 0);
    await delay(30);
    expect(calls).toBe(1);
    expect(client.openSubscriptions()).toBe(0);
  });

  it('stop() waits for the handler in flight, then nothing more is delivered', async () => {
    let started = false;
    let finished = false;
    const delivered: RecordedEvent[] = [];
    const sub = store.subscribeAll(START, async (batch) => {
      started = true;
      await delay(50);
      delivered.push(...batch);
      finished = true;
    });
    await store.append('wallet-1', [event()], 'no_stream');
    await waitFor(() => started, 'the handler');
    await sub.stop();
    expect(finished).toBe(true);
    await store.append('wallet-1', [event()], 0);
    await delay(30);
    expect(delivered).toHaveLength(1);
    expect(client.openSubscriptions()).toBe(0);
  });

  it('never calls the handler concurrently', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let count = 0;
    subscription = store.subscribeAll(START, async (batch) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await delay(5);
      count += batch.length;
      inFlight -= 1;
    }, { maxBatchSize: 1 });
    for (let i = 0; i < 6; i++) await store.append(`wallet-${i}`, [event()], 'no_stream');
    await waitFor(() => count === 6, 'six events');
    expect(maxInFlight).toBe(1);
  });

  it('close() stops every subscription', async () => {
    const sub = store.subscribeAll(START, async () => undefined);
    await delay(10);
    await store.close();
    expect(client.openSubscriptions()).toBe(0);
    await sub.stop();
  });
});
