import { randomBytes, randomUUID } from 'node:crypto';
import { eventually } from '../../../../test/support/eventually';
import {
  DuplicateEventIdError,
  WrongExpectedVersionError,
  comparePositions,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '../event-store.port';
import { newEvent } from './new-event';

/**
 * The behaviour every EventStore adapter must have, written once against the port only and run
 * against each adapter (PostgreSQL, EventStoreDB).
 *
 * The tests share one store and never assume it is empty: each test writes to streams under a prefix
 * of its own and reads $all through that prefix, starting at the head it saw before writing. Reads of
 * $all wait until the head has reached what the test wrote, because a store may show committed events
 * to readers a little later (the PostgreSQL store holds them back while an older transaction runs).
 */
/** What a backend cannot promise, said once by the adapter's run of the suite. */
export interface ContractCapabilities {
  /**
   * Event ids unique across ALL streams. PostgreSQL enforces it with a unique index; EventStoreDB
   * has no global index of ids (its duplicate check is per stream), so there the deterministic ids
   * protect retries of the same append only.
   */
  readonly globallyUniqueEventIds: boolean;
}

export function describeEventStoreContract(
  name: string,
  setup: () => Promise<{ store: EventStore; teardown(): Promise<void> }>,
  capabilities: ContractCapabilities = { globallyUniqueEventIds: true },
): void {
  describe(`EventStore contract (${name})`, () => {
    let store: EventStore;
    let teardown: () => Promise<void>;
    const runId = randomBytes(4).toString('hex');
    let prefixCounter = 0;
    /** A stream-id prefix no other test (or earlier run against the same server) uses. */
    const freshPrefix = (label: string): string => `contract${runId}${label}${++prefixCounter}-`;

    beforeAll(async () => {
      ({ store, teardown } = await setup());
    });
    afterAll(async () => {
      await teardown?.();
    });

    const VISIBLE_TIMEOUT_MS = 10_000;

    async function waitUntilVisible(position: Position): Promise<void> {
      await eventually(
        async () => comparePositions(await store.headPosition(), position) >= 0,
        VISIBLE_TIMEOUT_MS,
        `the head to reach ${position.commit}/${position.prepare}`,
      );
    }

    async function readAllUnder(prefix: string, from: Position, limit = 100): Promise<RecordedEvent[]> {
      return store.readAll(from, limit, { streamPrefixes: [prefix] });
    }

    describe('append', () => {
      it('creates a stream with no_stream and numbers its events from version 0', async () => {
        const stream = `${freshPrefix('new')}s`;
        const events = [newEvent('Opened'), newEvent('Credited'), newEvent('Credited')];
        const result = await store.append(stream, events, 'no_stream');
        expect(result.nextVersion).toBe(2);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => [e.id, e.type, e.streamId, e.streamVersion])).toEqual(events.map((e, i) => [e.id, e.type, stream, i]));
        expect(stored[2].position).toEqual(result.position);
      });

      it('rejects no_stream on a stream that exists and appends nothing', async () => {
        const stream = `${freshPrefix('exists')}s`;
        await store.append(stream, [newEvent('Opened')], 'no_stream');
        const error = await store.append(stream, [newEvent('Opened')], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 0 });
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('accepts the exact current version and returns the next one', async () => {
        const stream = `${freshPrefix('exact')}s`;
        const first = await store.append(stream, [newEvent('Opened'), newEvent('Credited')], 'no_stream');
        const second = await store.append(stream, [newEvent('Debited')], first.nextVersion);
        expect(second.nextVersion).toBe(2);
        expect(comparePositions(second.position, first.position)).toBeGreaterThan(0);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Opened', 'Credited', 'Debited']);
      });

      it('rejects a stale expected version', async () => {
        const stream = `${freshPrefix('stale')}s`;
        await store.append(stream, [newEvent('Opened')], 'no_stream');
        await store.append(stream, [newEvent('Credited')], 0);
        const error = await store.append(stream, [newEvent('Debited')], 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: stream, expected: 0, actual: 1 });
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Opened', 'Credited']);
      });

      it('rejects an expected version ahead of the stream', async () => {
        const stream = `${freshPrefix('ahead')}s`;
        await store.append(stream, [newEvent('Opened')], 'no_stream');
        await expect(store.append(stream, [newEvent('Credited')], 5)).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(store.append(`${stream}-missing`, [newEvent('Credited')], 0)).rejects.toBeInstanceOf(WrongExpectedVersionError);
      });

      it('requires stream_exists streams to exist', async () => {
        const stream = `${freshPrefix('must')}s`;
        const missing = await store.append(stream, [newEvent('Credited')], 'stream_exists').catch((e: unknown) => e);
        expect(missing).toBeInstanceOf(WrongExpectedVersionError);
        expect(missing).toMatchObject({ streamId: stream, actual: 'no_stream' });
        await store.append(stream, [newEvent('Opened')], 'no_stream');
        const result = await store.append(stream, [newEvent('Credited')], 'stream_exists');
        expect(result.nextVersion).toBe(1);
      });

      it('appends with any whether or not the stream exists', async () => {
        const stream = `${freshPrefix('any')}s`;
        expect((await store.append(stream, [newEvent('Opened')], 'any')).nextVersion).toBe(0);
        expect((await store.append(stream, [newEvent('Credited'), newEvent('Credited')], 'any')).nextVersion).toBe(2);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('treats a retried append with the same ids as a no-op returning the original result', async () => {
        const stream = `${freshPrefix('retry')}s`;
        const batch = [newEvent('Opened'), newEvent('Credited')];
        const original = await store.append(stream, batch, 'no_stream');
        await store.append(stream, [newEvent('Debited')], original.nextVersion);

        await expect(store.append(stream, batch, 'no_stream')).resolves.toEqual(original);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.type)).toEqual(['Opened', 'Credited', 'Debited']);
      });

      it('treats a retried append at an exact version as a no-op after the stream moved on', async () => {
        const stream = `${freshPrefix('retryexact')}s`;
        await store.append(stream, [newEvent('Opened')], 'no_stream');
        const batch = [newEvent('Credited')];
        const original = await store.append(stream, batch, 0);
        await store.append(stream, [newEvent('Debited')], 1);
        await expect(store.append(stream, batch, 0)).resolves.toEqual(original);
        await expect(store.append(stream, batch, 'any')).resolves.toEqual(original);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      (capabilities.globallyUniqueEventIds ? it : it.skip)('rejects an event id already stored in another stream', async () => {
        const prefix = freshPrefix('dup');
        const reused = newEvent('Opened');
        await store.append(`${prefix}a`, [reused], 'no_stream');
        const error = await store.append(`${prefix}b`, [newEvent('Opened'), reused], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(`${prefix}b`)).toEqual([]);
      });

      it('lets exactly one of concurrent appends with the same expected version win', async () => {
        const stream = `${freshPrefix('race')}s`;
        await store.append(stream, [newEvent('Opened')], 'no_stream');
        const contenders = Array.from({ length: 8 }, (_, i) => newEvent('Credited', { contender: i }));
        const outcomes = await Promise.allSettled(contenders.map((e) => store.append(stream, [e], 0)));

        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(7);
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(WrongExpectedVersionError);
        const stored = await store.readStream(stream);
        expect(stored).toHaveLength(2);
        expect(stored[1].id).toBe(contenders[outcomes.findIndex((o) => o.status === 'fulfilled')].id);
      });

      it('lets exactly one of concurrent no_stream appends create the stream', async () => {
        const stream = `${freshPrefix('racenew')}s`;
        const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => store.append(stream, [newEvent('Opened')], 'no_stream')));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('appendMany', () => {
      const atomic = (): boolean => store.multiStreamAppend === 'atomic';

      it('appends several streams, each at its expected version, and answers in the order given', async () => {
        const prefix = freshPrefix('many');
        await store.append(`${prefix}b`, [newEvent('Opened')], 'no_stream');
        const results = await store.appendMany([
          { streamId: `${prefix}a`, events: [newEvent('Claimed')], expected: 'no_stream' },
          { streamId: `${prefix}b`, events: [newEvent('Credited'), newEvent('Credited')], expected: 0 },
        ]);
        expect(results.map((r) => r.nextVersion)).toEqual([0, 2]);
        expect(comparePositions(results[1].position, results[0].position)).toBeGreaterThan(0);
        expect((await store.readStream(`${prefix}b`)).map((e) => e.type)).toEqual(['Opened', 'Credited', 'Credited']);
        expect((await store.readStream(`${prefix}a`))[0].position).toEqual(results[0].position);
      });

      it('names the stream whose version did not hold; atomic stores keep nothing, sequential ones the streams before it', async () => {
        const prefix = freshPrefix('manyconflict');
        await store.append(`${prefix}b`, [newEvent('Opened'), newEvent('Credited')], 'no_stream');
        const error = await store.appendMany([
          { streamId: `${prefix}a`, events: [newEvent('Claimed')], expected: 'no_stream' },
          { streamId: `${prefix}b`, events: [newEvent('Credited')], expected: 0 },
          { streamId: `${prefix}c`, events: [newEvent('Opened')], expected: 'no_stream' },
        ]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: `${prefix}b`, expected: 0, actual: 1 });
        expect(await store.readStream(`${prefix}a`)).toHaveLength(atomic() ? 0 : 1);
        expect(await store.readStream(`${prefix}b`)).toHaveLength(2);
        expect(await store.readStream(`${prefix}c`)).toEqual([]);
      });

      it('completes, with the same ids, what an earlier attempt left: stored streams are no-ops answering their original result', async () => {
        const prefix = freshPrefix('manyretry');
        const first = { streamId: `${prefix}a`, events: [newEvent('Claimed')], expected: 'no_stream' as const };
        const second = { streamId: `${prefix}b`, events: [newEvent('Credited')], expected: 'no_stream' as const };
        const stored = await store.append(first.streamId, first.events, first.expected); // an attempt that stopped after one stream
        const results = await store.appendMany([first, second]);
        expect(results[0]).toEqual(stored);
        expect(results[1].nextVersion).toBe(0);
        await expect(store.appendMany([first, second])).resolves.toEqual(results);
        expect(await store.readStream(first.streamId)).toHaveLength(1);
        expect(await store.readStream(second.streamId)).toHaveLength(1);
      });

      it('lets exactly one of concurrent multi-stream appends on a shared stream win', async () => {
        const prefix = freshPrefix('manyrace');
        await store.append(`${prefix}wallet`, [newEvent('Opened')], 'no_stream');
        const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => store.appendMany([
          { streamId: `${prefix}order${i}`, events: [newEvent('Credited')], expected: 'no_stream' },
          { streamId: `${prefix}wallet`, events: [newEvent('FundsCredited', { order: i })], expected: 0 },
        ])));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const loser of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
          expect(loser.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect(loser.reason).toMatchObject({ streamId: `${prefix}wallet` });
        }
        expect(await store.readStream(`${prefix}wallet`)).toHaveLength(2);
        const orders = await Promise.all(outcomes.map((_o, i) => store.readStream(`${prefix}order${i}`)));
        expect(orders.filter((events) => events.length > 0)).toHaveLength(atomic() ? 1 : 6);
      });

      it('commits the alongside writes in the same transaction (atomic stores), and refuses them otherwise', async () => {
        const prefix = freshPrefix('manyalong');
        const appends = [{ streamId: `${prefix}a`, events: [newEvent('Claimed'), newEvent('Credited')], expected: 'no_stream' as const }];
        if (!atomic()) {
          await expect(store.appendMany(appends, { alongside: async () => undefined })).rejects.toThrow(TypeError);
          expect(await store.readStream(`${prefix}a`)).toEqual([]);
          return;
        }
        let seenInTransaction = -1;
        await store.appendMany(appends, {
          alongside: async (sql) => {
            const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`${prefix}a`]);
            seenInTransaction = rows[0].n;
          },
        });
        expect(seenInTransaction).toBe(2);

        const failure = new Error('the inbox row could not be written');
        const failed = store.appendMany([{ streamId: `${prefix}b`, events: [newEvent('Claimed')], expected: 'no_stream' }], {
          alongside: async () => {
            throw failure;
          },
        });
        await expect(failed).rejects.toBe(failure);
        expect(await store.readStream(`${prefix}b`)).toEqual([]);
      });
    });

    describe('readStream', () => {
      it('reads from a version, inclusive, up to maxCount', async () => {
        const stream = `${freshPrefix('read')}s`;
        await store.append(stream, Array.from({ length: 5 }, (_, i) => newEvent('Credited', { n: i })), 'no_stream');
        expect((await store.readStream(stream)).map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4]);
        expect((await store.readStream(stream, 2)).map((e) => e.streamVersion)).toEqual([2, 3, 4]);
        expect((await store.readStream(stream, 1, 2)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
        expect(await store.readStream(stream, 5)).toEqual([]);
      });

      it('returns [] for a stream that does not exist', async () => {
        await expect(store.readStream(`${freshPrefix('missing')}s`)).resolves.toEqual([]);
      });
    });

    describe('round trip', () => {
      it('keeps metadata: tenant, correlation, causation, actor and extra keys', async () => {
        const prefix = freshPrefix('meta');
        const before = await store.headPosition();
        const metadata: EventMetadata = {
          tenantId: 'merchant-42',
          correlationId: randomUUID(),
          causationId: randomUUID(),
          actor: 'api-key:7f3a',
          idempotencyKey: 'abc-123',
          provider: { name: 'paykassma', attempt: 2 },
        };
        const written = newEvent('Credited', { amountMinor: '100' }, { metadata });
        const result = await store.append(`${prefix}s`, [written], 'no_stream');
        await waitUntilVisible(result.position);

        const [fromStream] = await store.readStream(`${prefix}s`);
        const [fromAll] = await readAllUnder(prefix, before);
        expect(fromStream.metadata).toEqual(metadata);
        expect(fromAll.metadata).toEqual(metadata);
      });

      it('keeps data: nested objects, unicode strings, numbers as numbers', async () => {
        const stream = `${freshPrefix('data')}s`;
        const data = {
          amountMinor: '1234567890123456789',
          currency: 'RUB',
          count: 42,
          ratio: -0.125,
          flag: false,
          nothing: null,
          text: 'Привет, мир — ₹ 👋 “quoted” \'single\' "double" back\\slash',
          nested: { list: [1, 'two', { three: [3] }], empty: {} },
        };
        await store.append(stream, [newEvent('Credited', data)], 'no_stream');
        const [stored] = await store.readStream(stream);
        expect(stored.data).toEqual(data);
        expect(typeof stored.data.count).toBe('number');
        expect(stored.type).toBe('Credited');
      });

      it('records recordedAt as a Date near now', async () => {
        const stream = `${freshPrefix('time')}s`;
        await store.append(stream, [newEvent('Opened')], 'no_stream');
        const [stored] = await store.readStream(stream);
        expect(stored.recordedAt).toBeInstanceOf(Date);
        expect(Math.abs(stored.recordedAt.getTime() - Date.now())).toBeLessThan(5 * 60_000);
      });
    });

    describe('readAll', () => {
      it('returns events after from, exclusive, in position order, up to the limit', async () => {
        const prefix = freshPrefix('all');
        const before = await store.headPosition();
        const written: NewEvent[] = [];
        let last: Position = before;
        for (const [stream, count] of [['a', 2], ['b', 1], ['a', 1], ['c', 2]] as const) {
          const batch = Array.from({ length: count }, () => newEvent('Credited'));
          written.push(...batch);
          last = (await store.append(`${prefix}${stream}`, batch, 'any')).position;
        }
        await waitUntilVisible(last);

        const all = await readAllUnder(prefix, before);
        expect(all.map((e) => e.id)).toEqual(written.map((e) => e.id));
        for (let i = 1; i < all.length; i++) expect(comparePositions(all[i].position, all[i - 1].position)).toBeGreaterThan(0);
        expect(all[all.length - 1].position).toEqual(last);

        expect((await readAllUnder(prefix, before, 2)).map((e) => e.id)).toEqual(written.slice(0, 2).map((e) => e.id));
        expect((await readAllUnder(prefix, all[1].position)).map((e) => e.id)).toEqual(written.slice(2).map((e) => e.id));
        expect(await readAllUnder(prefix, last)).toEqual([]);
      });

      it('filters by stream prefix', async () => {
        const prefix = freshPrefix('filter');
        const before = await store.headPosition();
        const deposit = newEvent('Opened');
        const withdrawal = newEvent('Opened');
        const other = newEvent('Opened');
        await store.append(`${prefix}deposit-1`, [deposit], 'no_stream');
        await store.append(`${prefix}withdrawal-1`, [withdrawal], 'no_stream');
        const last = await store.append(`${prefix}wallet-1`, [other], 'no_stream');
        await waitUntilVisible(last.position);

        const onlyDeposits = await store.readAll(before, 100, { streamPrefixes: [`${prefix}deposit-`] });
        expect(onlyDeposits.map((e) => e.id)).toEqual([deposit.id]);
        const both = await store.readAll(before, 100, { streamPrefixes: [`${prefix}deposit-`, `${prefix}withdrawal-`] });
        expect(both.map((e) => e.id)).toEqual([deposit.id, withdrawal.id]);
      });

      it('reaches the position of a committed append with headPosition', async () => {
        const stream = `${freshPrefix('head')}s`;
        const result = await store.append(stream, [newEvent('Opened')], 'no_stream');
        await waitUntilVisible(result.position);
        expect(comparePositions(await store.headPosition(), result.position)).toBeGreaterThanOrEqual(0);
      });
    });

    describe('subscribeAll', () => {
      const DELIVERY_TIMEOUT_MS = 10_000;
      let subscription: Subscription | undefined;

      afterEach(async () => {
        await subscription?.stop();
        subscription = undefined;
      });

      async function waitForCount(delivered: readonly unknown[], count: number): Promise<void> {
        await eventually(() => delivered.length >= count, DELIVERY_TIMEOUT_MS, `${count} deliveries (have ${delivered.length})`);
      }

      /**
       * Waits until a second, independent subscription has received `count` events under `prefix`
       * from `from`: the positive proof that those events were there to deliver, so a subscription
       * that did not receive them really did not (no waiting for a quiet period).
       */
      async function witnessDelivery(from: Position, prefix: string, count: number): Promise<void> {
        const seen: RecordedEvent[] = [];
        const witness = store.subscribeAll(from, async (batch) => void seen.push(...batch), { streamPrefixes: [prefix] });
        try {
          await waitForCount(seen, count);
        } finally {
          await witness.stop();
        }
      }

      it('catches up, then delivers live events, each once and in position order', async () => {
        const prefix = freshPrefix('sub');
        const before = await store.headPosition();
        const written: NewEvent[] = [];
        const appendTo = async (stream: string, count: number): Promise<void> => {
          const batch = Array.from({ length: count }, () => newEvent('Credited'));
          written.push(...batch);
          await store.append(`${prefix}${stream}`, batch, 'any');
        };
        await appendTo('a', 3);
        await appendTo('b', 2);

        const delivered: RecordedEvent[] = [];
        const batchSizes: number[] = [];
        subscription = store.subscribeAll(
          before,
          async (batch) => {
            batchSizes.push(batch.length);
            delivered.push(...batch);
          },
          { maxBatchSize: 2, streamPrefixes: [prefix] },
        );
        await waitForCount(delivered, 5);

        await appendTo('a', 1);
        await appendTo('c', 3);
        await appendTo('b', 1);
        // A last event as the marker: once it arrives, any duplicate of an earlier one would have too.
        await appendTo('marker', 1);
        await eventually(() => delivered.some((e) => e.id === written[written.length - 1].id), DELIVERY_TIMEOUT_MS, 'the marker event');

        expect(delivered.map((e) => e.id)).toEqual(written.map((e) => e.id));
        for (let i = 1; i < delivered.length; i++) expect(comparePositions(delivered[i].position, delivered[i - 1].position)).toBeGreaterThan(0);
        expect(Math.max(...batchSizes)).toBeLessThanOrEqual(2);
      });

      it('starts after from, exclusive', async () => {
        const prefix = freshPrefix('subfrom');
        await store.append(`${prefix}s`, [newEvent('Opened')], 'no_stream');
        const second = newEvent('Credited');
        const first = await store.append(`${prefix}s`, [second], 0);
        const third = newEvent('Credited');
        await store.append(`${prefix}s`, [third], 1);
        const marker = newEvent('Credited');
        await store.append(`${prefix}s`, [marker], 2);
        const fromSecond = (await store.readStream(`${prefix}s`, 1, 1))[0].position;
        expect(fromSecond).toEqual(first.position);

        const delivered: RecordedEvent[] = [];
        subscription = store.subscribeAll(fromSecond, async (batch) => void delivered.push(...batch), { streamPrefixes: [prefix] });
        await eventually(() => delivered.some((e) => e.id === marker.id), DELIVERY_TIMEOUT_MS, 'the marker event');
        expect(delivered.map((e) => e.id)).toEqual([third.id, marker.id]);
      });

      it('never calls the handler concurrently', async () => {
        const prefix = freshPrefix('serial');
        const before = await store.headPosition();
        for (let i = 0; i < 4; i++) await store.append(`${prefix}s${i}`, [newEvent('Opened')], 'no_stream');
        let inFlight = 0;
        let maxInFlight = 0;
        const delivered: RecordedEvent[] = [];
        const everythingReadable = witnessDelivery(before, prefix, 8);
        everythingReadable.catch(() => undefined); // awaited below; a timeout fails the test there
        subscription = store.subscribeAll(
          before,
          async (batch) => {
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            // The first call stays open until all eight events are there to read: a subscription
            // that called its handler concurrently would call it again meanwhile.
            if (delivered.length === 0) await everythingReadable;
            delivered.push(...batch);
            inFlight -= 1;
          },
          { maxBatchSize: 1, streamPrefixes: [prefix] },
        );
        for (let i = 4; i < 8; i++) await store.append(`${prefix}s${i}`, [newEvent('Opened')], 'no_stream');
        await everythingReadable;
        await waitForCount(delivered, 8);
        expect(maxInFlight).toBe(1);
      });

      it('stops delivering after stop() and waits for the handler in flight', async () => {
        const prefix = freshPrefix('stop');
        const before = await store.headPosition();
        const delivered: RecordedEvent[] = [];
        let handlerStarted = false;
        let handlerFinished = false;
        let finishHandler!: () => void;
        const handlerMayFinish = new Promise<void>((resolve) => (finishHandler = resolve));
        const sub = store.subscribeAll(
          before,
          async (batch) => {
            handlerStarted = true;
            await handlerMayFinish;
            delivered.push(...batch);
            handlerFinished = true;
          },
          { streamPrefixes: [prefix] },
        );
        subscription = sub;
        await store.append(`${prefix}s`, [newEvent('Opened')], 'no_stream');
        await eventually(() => handlerStarted, DELIVERY_TIMEOUT_MS, 'the handler to be called');

        let stopReturned = false;
        const stopping = sub.stop().then(() => void (stopReturned = true));
        await new Promise((resolve) => setImmediate(resolve));
        expect(stopReturned).toBe(false);
        finishHandler();
        await stopping;
        expect(handlerFinished).toBe(true);
        expect(delivered).toHaveLength(1);

        await store.append(`${prefix}s`, [newEvent('Credited')], 0);
        await witnessDelivery(before, prefix, 2);
        expect(delivered).toHaveLength(1);
      });

      it('rejects failed with the handler error and makes no further calls', async () => {
        const prefix = freshPrefix('fail');
        const before = await store.headPosition();
        let calls = 0;
        const boom = new Error('projection exploded');
        subscription = store.subscribeAll(
          before,
          async () => {
            calls += 1;
            throw boom;
          },
          { streamPrefixes: [prefix] },
        );
        await store.append(`${prefix}s`, [newEvent('Opened')], 'no_stream');
        await expect(withTimeout(subscription.failed, DELIVERY_TIMEOUT_MS)).rejects.toBe(boom);
        await store.append(`${prefix}s`, [newEvent('Credited')], 0);
        await witnessDelivery(before, prefix, 2);
        expect(calls).toBe(1);
      });
    });
  });
}

/** Settles like `promise`, or rejects after timeoutMs; the timer never outlives the outcome. */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no outcome within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
