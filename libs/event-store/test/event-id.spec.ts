import { deterministicEventId, uuidV5 } from '../src/event-id';

const V5_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deterministicEventId', () => {
  it('matches the RFC 9562 version 5 test vector', () => {
    // The DNS namespace and "www.example.com", as computed by every conforming implementation.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives the same id for the same parts, so a retried append repeats its ids', () => {
    expect(deterministicEventId('postback', 'tx-981', '0')).toBe(deterministicEventId('postback', 'tx-981', '0'));
    expect(deterministicEventId('postback', 'tx-981', '0')).toMatch(V5_UUID);
  });

  it('gives different ids for different parts, including parts that only differ in where they split', () => {
    const ids = new Set([
      deterministicEventId('postback', 'tx-981', '0'),
      deterministicEventId('postback', 'tx-981', '1'),
      deterministicEventId('postback', 'tx-982', '0'),
      deterministicEventId('a:b', 'c'),
      deterministicEventId('a', 'b:c'),
      deterministicEventId('a', 'b', 'c'),
      deterministicEventId('abc'),
    ]);
    expect(ids.size).toBe(7);
  });

  it('refuses to make an id from nothing', () => {
    expect(() => deterministicEventId()).toThrow(RangeError);
  });
});
