import {
  AccessDeniedError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedVersionError } from '../../src/event-store.port';
import { isStreamNotFound, isTransient, translateEsdbError } from '../../src/eventstoredb/esdb-errors';

describe('EventStoreDB errors', () => {
  it("maps a version conflict to the port's error with the caller's expectation and the actual version", () => {
    const server = new EsdbWrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n });
    const mapped = translateEsdbError(server, 'append to s', { streamId: 's', expected: 0 });
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamId: 's', expected: 0, actual: 1 });
  });

  it('reports a missing stream in a conflict as no_stream', () => {
    const server = new EsdbWrongExpectedVersionError(undefined, { streamName: 's', expected: 'stream_exists', current: 'no_stream' });
    expect(translateEsdbError(server, 'append', { streamId: 's', expected: 'stream_exists' })).toMatchObject({ actual: 'no_stream' });
  });

  it('maps unavailable, deadline and leader changes to EventStoreUnavailableError, keeping the cause', () => {
    for (const error of [new UnavailableError(undefined, 'down'), new DeadlineExceededError(undefined, 'slow'), new Error('Failed to discover after 10 attempts.')]) {
      const mapped = translateEsdbError(error, 'readAll');
      expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
      expect((mapped as EventStoreUnavailableError).cause).toBe(error);
      expect((mapped as Error).message).toMatch(/during readAll/);
    }
    expect(isTransient(new NotLeaderError({ metadata: { getMap: () => ({ 'leader-endpoint-host': 'n2', 'leader-endpoint-port': '2113' }) } } as never))).toBe(true);
  });

  it('passes anything else through unchanged', () => {
    const denied = new AccessDeniedError(undefined, 'no');
    expect(translateEsdbError(denied, 'readAll')).toBe(denied);
    const plain = new TypeError('bug');
    expect(translateEsdbError(plain, 'readAll')).toBe(plain);
    expect(isTransient(plain)).toBe(false);
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(isStreamNotFound(null)).toBe(false);
  });
});
