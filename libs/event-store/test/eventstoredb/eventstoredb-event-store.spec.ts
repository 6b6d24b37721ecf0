import { UnavailableError } from '@eventstore/db-client';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  START,
  WrongExpectedVersionError,
} from '../../src/event-store.port';
import { EventStoreDbEventStore } from '../../src/eventstoredb';
import { newEvent } from '../../src/testing/new-event';
import { FakeEsdbClient } from './fake-esdb-client';


describe('EventStoreDbEventStore (against an in-memory stand-in for the server)', () => {
  let client: FakeEsdbClient;
  let store: EventStoreDbEventStore;

  beforeEach(() => {
    client = new FakeEsdbClient();
    store = new EventStoreDbEventStore(client);
  });
  afterEach(() => store.close());

  describe('append', () => {
    it('returns the next version and the $all position of the last event', async () => {
      const events = [newEvent('Opened'), newEvent(), newEvent()];
      const result = await store.append('wallet-1', events, 'no_stream');
      expect(result.nextVersion).toBe(2);
      const stored = await store.readStream('wallet-1');
      expect(stored.map((e) => [e.id, e.streamVersion])).toEqual(events.map((e, i) => [e.id, i]));
      expect(result.position).toEqual(stored[2].position);
    });

    it('sends exact versions as exact revisions, and maps a conflict with the actual version', async () => {
      await store.append('wallet-1', [newEvent(), newEvent()], 'no_stream');
      const spy = jest.spyOn(client, 'appendToStream');
      const error = await store.append('wallet-1', [newEvent()], 0).catch((e: unknown) => e);
      expect(spy.mock.calls[0][2]).toEqual({ expectedRevision: 0n });
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamId: 'wallet-1', expected: 0, actual: 1 });
    });

    it('reports a missing stream as actual no_stream', async () => {
      await expect(store.append('wallet-9', [newEvent()], 'stream_exists')).rejects.toMatchObject({ actual: 'no_stream', expected: 'stream_exists' });
    });

    it('returns the original result for a retried append, also after the stream moved on', async () => {
      const batch = [newEvent('Opened'), newEvent()];
      const original = await store.append('wallet-1', batch, 'no_stream');
      await store.append('wallet-1', [newEvent('Debited')], 1);
      await expect(store.append('wallet-1', batch, 'no_stream')).resolves.toEqual(original);
      expect(await store.readStream('wallet-1')).toHaveLength(3);
    });

    it('refuses a server answer whose version does not hold our last event', async () => {
      await store.append('wallet-1', [newEvent()], 'no_stream');
      jest.spyOn(client, 'appendToStream').mockResolvedValueOnce({ success: true, nextExpectedRevision: 0n });
      await expect(store.append('wallet-1', [newEvent()], 0)).rejects.toThrow(/version 0, but that version holds/);
    });

    it('maps an unavailable server to EventStoreUnavailableError', async () => {
      client.failNext.append.push(new UnavailableError(undefined, 'no connection'));
      await expect(store.append('wallet-1', [newEvent()], 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });

    it('refuses the same id twice in one append, $-streams, and empty appends before calling the server', async () => {
      const spy = jest.spyOn(client, 'appendToStream');
      const twice = newEvent();
      await expect(store.append('wallet-1', [twice, twice], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
      await expect(store.append('$wallet-1', [newEvent()], 'no_stream')).rejects.toThrow(/\$/);
      await expect(store.append('wallet-1', [], 'no_stream')).rejects.toThrow(RangeError);
      await expect(store.append('wallet-1', [newEvent()], -1)).rejects.toThrow(RangeError);
      expect(spy).not.toHaveBeenCalled();
    });
  });

  describe('readStream', () => {
    it('reads from a version, up to maxCount, and [] for a missing stream', async () => {
      await store.append('wallet-1', Array.from({ length: 5 }, (_, n) => newEvent('Credited', { n })), 'no_stream');
      expect((await store.readStream('wallet-1', 2)).map((e) => e.streamVersion)).toEqual([2, 3, 4]);
      expect((await store.readStream('wallet-1', 1, 2)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(await store.readStream('wallet-1', 5)).toEqual([]);
      expect(await store.readStream('wallet-404')).toEqual([]);
    });
  });

  describe('readAll', () => {
    it('skips the event at from, system events, and unwanted streams', async () => {
      const a = newEvent();
      const b = newEvent();
      const c = newEvent();
      client.addSystemEvent();
      const first = await store.append('deposit-1', [a], 'no_stream');
      client.addSystemEvent('$$deposit-1', '$metadata');
      await store.append('wallet-1', [b], 'no_stream');
      client.addSystemEvent('$ce-deposit', '$>');
      await store.append('deposit-2', [c], 'no_stream');

      expect((await store.readAll(START, 100)).map((e) => e.id)).toEqual([a.id, b.id, c.id]);
      expect((await store.readAll(first.position, 100)).map((e) => e.id)).toEqual([b.id, c.id]);
      expect((await store.readAll(START, 100, { streamPrefixes: ['deposit-'] })).map((e) => e.id)).toEqual([a.id, c.id]);
      expect((await store.readAll(START, 1)).map((e) => e.id)).toEqual([a.id]);
    });

    it('pages through $all until it has the limit, past many unwanted entries', async () => {
      const wanted = newEvent();
      for (let i = 0; i < 1_500; i++) client.addSystemEvent();
      await store.append('deposit-1', [wanted], 'no_stream');
      for (let i = 0; i < 1_200; i++) client.addSystemEvent();
      const later = newEvent();
      await store.append('deposit-2', [later], 'no_stream');
      const spy = jest.spyOn(client, 'readAll');
      expect((await store.readAll(START, 10)).map((e) => e.id)).toEqual([wanted.id, later.id]);
      expect(spy).toHaveBeenCalledTimes(3);
    });

    it('refuses a limit out of bounds', async () => {
      await expect(store.readAll(START, 0)).rejects.toThrow(RangeError);
      await expect(store.readAll(START, 10_001)).rejects.toThrow(RangeError);
    });
  });

  describe('headPosition', () => {
    it('is START for an empty store and for one with only system events', async () => {
      expect(await store.headPosition()).toEqual(START);
      client.addSystemEvent();
      expect(await store.headPosition()).toEqual(START);
    });

    it('is the newest user event, past system events written after it', async () => {
      const last = await store.append('wallet-1', [newEvent(), newEvent()], 'no_stream');
      for (let i = 0; i < 2_100; i++) client.addSystemEvent();
      expect(await store.headPosition()).toEqual(last.position);
    });
  });

  describe('close', () => {
    it('disposes of the client only when it owns it', async () => {
      await store.close();
      expect(client.disposed).toBe(false);
      const owning = new EventStoreDbEventStore(client, { ownsClient: true });
      await owning.close();
      expect(client.disposed).toBe(true);
      await expect(owning.readStream('x')).rejects.toThrow(/closed/);
    });

    it('checks the connection string', () => {
      expect(() => EventStoreDbEventStore.connect('postgres://x')).toThrow(/esdb:\/\//);
    });
  });
});
