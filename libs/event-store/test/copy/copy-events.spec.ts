import { Pool } from 'pg';
import { openDatabase } from '../../../platform/src/database/data-source';
import { createTestDatabase } from '../../../../test/support/test-database';
import { CopyEventsConflictError, copyEvents, type CopyProgress } from '../../src/copy';
import { START, type EventStore, type ExpectedVersion, type NewEvent, type RecordedEvent } from '../../src/event-store.port';
import { POSTGRES_EVENT_STORE_MIGRATIONS, PostgresEventStore } from '../../src/postgres';
import { newEvent } from '../../src/testing/new-event';

interface OpenStore {
  readonly store: PostgresEventStore;
  close(): Promise<void>;
}

async function openStore(label: string): Promise<OpenStore> {
  const database = await createTestDatabase(label);
  await (await openDatabase(database.url, POSTGRES_EVENT_STORE_MIGRATIONS)).destroy();
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const store = new PostgresEventStore(pool);
  return {
    store,
    close: async () => {
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
}

/** Every kind of metadata a copy must keep. */
const FULL_METADATA = {
  metadata: { correlationId: '5d0c8f1e-2b7a-4c39-9e61-0a4f3b2d1c7e', causationId: '9a3e6b2c-1d4f-4e8a-b7c5-3f2d1e0a9b8c', actor: 'api-key:platform', extra: { n: 1 } },
};

async function everything(store: EventStore): Promise<RecordedEvent[]> {
  return store.readAll(START, 10_000);
}

/** What a copy must keep: everything but positions and recording times, which each store assigns. */
function essentials(events: readonly RecordedEvent[]): unknown[] {
  return events.map(({ id, type, data, metadata, streamId, streamVersion }) => ({ id, type, data, metadata, streamId, streamVersion }));
}

/** A target that dies (as a killed process would) after `appendsBeforeCrash` successful appends. */
function crashingAfter(target: EventStore, appendsBeforeCrash: number): EventStore {
  let appends = 0;
  return new Proxy(target, {
    get(store, property, receiver) {
      if (property === 'append') {
        return async (...args: Parameters<EventStore['append']>) => {
          if (appends === appendsBeforeCrash) throw new Error('simulated crash');
          appends += 1;
          return store.append(...args);
        };
      }
      return Reflect.get(store, property, receiver);
    },
  });
}

describe('copyEvents (PostgreSQL to PostgreSQL)', () => {
  let source: OpenStore;
  let target: OpenStore;
  let sourceEvents: RecordedEvent[];

  beforeAll(async () => {
    source = await openStore('copy_source');
    // Interleaved streams, multi-event appends, and a long stream spanning several batches.
    const wallet = 'wallet-merchant-1-player-7-INR';
    await source.store.append(wallet, [newEvent('WalletOpened', {}, FULL_METADATA), newEvent('FundsCredited', { amountMinor: '120050' }, FULL_METADATA)], 'no_stream');
    await source.store.append('deposit-1', [newEvent('WalletDetailsIssued', { text: 'Привет ₹' }, FULL_METADATA)], 'no_stream');
    await source.store.append(wallet, [newEvent('FundsHeld', { amountMinor: '5000' }, FULL_METADATA)], 1);
    await source.store.append('deposit-1', [newEvent('ActivationSubmitted', {}, FULL_METADATA), newEvent('PostbackReceived', {}, FULL_METADATA)], 0);
    await source.store.append('withdrawal-1', [newEvent('WithdrawalRequested', {}, FULL_METADATA)], 'no_stream');
    for (let version = 3; version < 12; version++) await source.store.append(wallet, [newEvent('FundsCredited', { version }, FULL_METADATA)], version - 1);
    await source.store.append('withdrawal-1', [newEvent('WithdrawalSucceeded', {}, FULL_METADATA)], 0);
    sourceEvents = await everything(source.store);
    expect(sourceEvents).toHaveLength(17);
  });
  afterAll(async () => {
    await source.close();
  });

  beforeEach(async () => {
    target = await openStore('copy_target');
  });
  afterEach(async () => {
    await target.close();
  });

  it('copies every event in order, keeping streams, versions, ids, types, data and metadata', async () => {
    const progress: CopyProgress[] = [];
    const result = await copyEvents(source.store, target.store, { batchSize: 4, onProgress: (p) => progress.push(p) });

    expect(result).toMatchObject({ copiedEvents: 17, skippedEvents: 0, position: sourceEvents[16].position });
    expect(essentials(await everything(target.store))).toEqual(essentials(sourceEvents));
    expect(progress.map((p) => p.copiedEvents)).toEqual([4, 8, 12, 16, 17]);
    const wallet = await target.store.readStream('wallet-merchant-1-player-7-INR');
    expect(wallet.map((e) => e.streamVersion)).toEqual([...Array(12).keys()]);
  });

  it('resumes an interrupted copy, skipping what is there and copying each event once', async () => {
    const crash = copyEvents(source.store, crashingAfter(target.store, 5), { batchSize: 4 });
    await expect(crash).rejects.toThrow('simulated crash');
    const partial = await everything(target.store);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(17);

    const resumed = await copyEvents(source.store, target.store, { batchSize: 4 });
    expect(resumed.copiedEvents + resumed.skippedEvents).toBe(17);
    expect(resumed.skippedEvents).toBe(partial.length);
    expect(essentials(await everything(target.store))).toEqual(essentials(sourceEvents));
  });

  it('resumes after a stop between batches, with another batch size', async () => {
    const abort = new AbortController();
    const first = await copyEvents(source.store, target.store, { batchSize: 3, signal: abort.signal, onProgress: () => abort.abort() });
    expect(first.copiedEvents).toBe(3);
    const rest = await copyEvents(source.store, target.store, { batchSize: 7 });
    expect(rest).toMatchObject({ copiedEvents: 14, skippedEvents: 3 });
    expect(essentials(await everything(target.store))).toEqual(essentials(sourceEvents));
  });

  it('copies nothing when run again after a complete copy', async () => {
    await copyEvents(source.store, target.store);
    await expect(copyEvents(source.store, target.store)).resolves.toMatchObject({ copiedEvents: 0, skippedEvents: 17 });
    expect(await everything(target.store)).toHaveLength(17);
  });

  it('stops with a clear error when the target holds other events at the same versions', async () => {
    await target.store.append('deposit-1', [newEvent('WalletDetailsIssued', {}, FULL_METADATA)], 'no_stream');
    const error = await copyEvents(source.store, target.store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CopyEventsConflictError);
    expect(error).toMatchObject({ streamId: 'deposit-1', streamVersion: 0 });
    expect((error as Error).message).toMatch(/the target holds WalletDetailsIssued .*, the source WalletDetailsIssued/);
  });

  it('stops with a clear error when the target stream lacks the versions before the next event', async () => {
    // A target that lost withdrawal-1's first event (answered the append, stored nothing).
    const lossy = new Proxy(target.store, {
      get(store, property, receiver) {
        if (property === 'append') {
          return async (streamId: string, events: readonly NewEvent[], expected: ExpectedVersion) =>
            streamId === 'withdrawal-1' && expected === 'no_stream' ? { nextVersion: 0, position: START } : store.append(streamId, events, expected);
        }
        return Reflect.get(store, property, receiver);
      },
    });
    const error = await copyEvents(source.store, lossy, { batchSize: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CopyEventsConflictError);
    expect(error).toMatchObject({ streamId: 'withdrawal-1', streamVersion: 1 });
    expect((error as Error).message).toMatch(/the target stream is at version no_stream, expected 0: it lacks earlier events/);
  });

  it('refuses a batch size out of bounds', async () => {
    await expect(copyEvents(source.store, target.store, { batchSize: 0 })).rejects.toThrow(RangeError);
    await expect(copyEvents(source.store, target.store, { batchSize: 1_001 })).rejects.toThrow(RangeError);
  });
});
