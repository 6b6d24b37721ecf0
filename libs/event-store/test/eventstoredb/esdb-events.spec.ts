import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { isSystemEntry, matchesPrefixes, toEventData, toRecordedEvent } from '../../src/eventstoredb/esdb-events';
import { serverFilterFor, wantedEntry } from '../../src/eventstoredb/esdb-filters';
import { newEvent } from '../../src/testing/new-event';

const ID = '0b6f3e52-7c1d-4e0a-9d2b-5f8e1a2c3d4e';

const credited = newEvent('Credited', { amountMinor: '100' }, { id: ID, metadata: { tenantId: 't1', correlationId: 'c' } });

function stored(overrides: Record<string, unknown> = {}): AllStreamResolvedEvent {
  return {
    event: {
      streamId: 'wallet-1',
      id: ID,
      type: 'Credited',
      revision: 4n,
      created: new Date('2025-01-02T03:04:05.678Z'),
      data: { amountMinor: '100' },
      metadata: { tenantId: 't1', correlationId: 'c', $correlationId: 'c' },
      isJson: true,
      position: { commit: 900n, prepare: 880n },
      ...overrides,
    },
  } as AllStreamResolvedEvent;
}

describe('EventStoreDB event conversion', () => {
  it('writes a JSON event with our id, type, data and encoded metadata', () => {
    const data = toEventData(credited);
    expect(data).toMatchObject({
      id: ID,
      contentType: 'application/json',
      type: 'Credited',
      data: { amountMinor: '100' },
      metadata: { tenantId: 't1', correlationId: 'c', $correlationId: 'c' },
    });
  });

  it('refuses what the server or our readers would mangle', () => {
    expect(() => toEventData({ ...credited, id: 'not-a-uuid' })).toThrow(/UUID/);
    expect(() => toEventData({ ...credited, type: '$system' })).toThrow(/type/);
    expect(() => toEventData({ ...credited, type: '' })).toThrow(/type/);
    expect(() => toEventData({ ...credited, data: [1, 2] as unknown as Record<string, unknown> })).toThrow(/JSON object/);
  });

  it('reads a stored event as the port event: version from revision, position, recordedAt from created', () => {
    expect(toRecordedEvent(stored())).toEqual({
      id: ID,
      type: 'Credited',
      data: { amountMinor: '100' },
      metadata: { tenantId: 't1', correlationId: 'c' },
      streamId: 'wallet-1',
      streamVersion: 4,
      position: { commit: 900n, prepare: 880n },
      recordedAt: new Date('2025-01-02T03:04:05.678Z'),
    });
  });

  it('refuses events that are not ours: binary, without a tenant, without a position, an unresolved link', () => {
    expect(() => toRecordedEvent(stored({ isJson: false, data: new Uint8Array([1]) }))).toThrow(/not a JSON object event/);
    expect(() => toRecordedEvent(stored({ metadata: {} }))).toThrow(/tenantId/);
    expect(() => toRecordedEvent(stored({ position: undefined }))).toThrow(/22\.6/);
    expect(() => toRecordedEvent({} as AllStreamResolvedEvent)).toThrow(/without an event/);
    expect(() => toRecordedEvent(stored({ revision: 2n ** 60n }))).toThrow(RangeError);
  });

  it('knows system streams and events by their $', () => {
    expect(isSystemEntry({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(true);
    expect(isSystemEntry({ streamId: '$$wallet-1', type: '$metadata' })).toBe(true);
    expect(isSystemEntry({ streamId: '$ce-wallet', type: '$>' })).toBe(true);
    expect(isSystemEntry({ streamId: 'wallet-1', type: '$>' })).toBe(true);
    expect(isSystemEntry({ streamId: 'wallet-1', type: 'Credited' })).toBe(false);
  });

  it('treats no prefixes and an empty list as every stream', () => {
    expect(matchesPrefixes('wallet-1', undefined)).toBe(true);
    expect(matchesPrefixes('wallet-1', [])).toBe(true);
    expect(matchesPrefixes('wallet-1', ['deposit-', 'wallet-'])).toBe(true);
    expect(matchesPrefixes('wallet-1', ['deposit-'])).toBe(false);
  });
});

describe('EventStoreDB filters', () => {
  it('asks the server for the prefixes, or for no system events', () => {
    expect(serverFilterFor({ streamPrefixes: ['deposit-'] })).toMatchObject({ filterOn: 'streamName', prefixes: ['deposit-'] });
    expect(serverFilterFor({})).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(serverFilterFor({ streamPrefixes: [] })).toMatchObject({ filterOn: 'eventType' });
  });

  it('wants user events of the wanted streams strictly after the position', () => {
    const at = { commit: 900n, prepare: 880n };
    expect(wantedEntry(stored(), { commit: 899n, prepare: 0n }, {})).toBe(true);
    expect(wantedEntry(stored(), at, {})).toBe(false);
    expect(wantedEntry(stored(), { commit: 899n, prepare: 0n }, { streamPrefixes: ['deposit-'] })).toBe(false);
    expect(wantedEntry(stored({ streamId: '$wallet-1' }), { commit: 0n, prepare: 0n }, { streamPrefixes: ['$wallet'] })).toBe(false);
    expect(wantedEntry({} as AllStreamResolvedEvent, at, {})).toBe(false);
  });
});
