import type { EventMetadata } from '../../src/event-store.port';
import { decodeMetadata, encodeMetadata } from '../../src/eventstoredb/esdb-metadata';

describe('EventStoreDB metadata', () => {
  const full: EventMetadata = {
    tenantId: 'merchant-42',
    correlationId: 'c-1',
    causationId: 'e-0',
    actor: 'api-key:7f3a',
    idempotencyKey: 'abc',
    provider: { name: 'paykassma', attempt: 2 },
  };

  it("adds EventStoreDB's $correlationId and $causationId for its own tooling", () => {
    expect(encodeMetadata(full)).toEqual({ ...full, $correlationId: 'c-1', $causationId: 'e-0' });
    expect(encodeMetadata({ tenantId: 't' })).toEqual({ tenantId: 't' });
  });

  it('round-trips every key, extras included, and drops the $ keys again', () => {
    const stored = JSON.parse(JSON.stringify(encodeMetadata(full)));
    expect(decodeMetadata(stored, 'e')).toEqual(full);
  });

  it('ignores $ keys the server or its projections add', () => {
    expect(decodeMetadata({ tenantId: 't', $v: '1', $o: 'x' }, 'e')).toEqual({ tenantId: 't' });
  });

  it('refuses $ keys from callers, because they would not come back', () => {
    expect(() => encodeMetadata({ tenantId: 't', $custom: 1 })).toThrow(/reserved/);
  });

  it('requires a tenant on the way in and on the way out', () => {
    expect(() => encodeMetadata({ tenantId: '' })).toThrow(/tenantId/);
    expect(() => decodeMetadata({ actor: 'x' }, 'e1')).toThrow(/e1 has no tenantId/);
  });

  it('refuses metadata that is not a JSON object', () => {
    expect(() => decodeMetadata(undefined, 'e')).toThrow(/no JSON object/);
    expect(() => decodeMetadata(new Uint8Array([1, 2]), 'e')).toThrow(/no JSON object/);
    expect(() => decodeMetadata(['a'], 'e')).toThrow(/no JSON object/);
    expect(() => decodeMetadata('text', 'e')).toThrow(/no JSON object/);
  });
});
