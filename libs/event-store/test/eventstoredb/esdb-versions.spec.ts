import { revisionToVersion, toActualVersion, toExpectedRevision, versionToRevision } from '../../src/eventstoredb/esdb-versions';

describe('EventStoreDB versions', () => {
  it('maps revisions to versions one to one, both 0-based', () => {
    expect(revisionToVersion(0n)).toBe(0);
    expect(revisionToVersion(41n)).toBe(41);
    expect(versionToRevision(0)).toBe(0n);
    expect(versionToRevision(41)).toBe(41n);
  });

  it('refuses a revision a number cannot hold exactly', () => {
    expect(revisionToVersion(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => revisionToVersion(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => revisionToVersion(-1n)).toThrow(RangeError);
  });

  it('refuses a negative, fractional or unsafe version', () => {
    expect(() => versionToRevision(-1)).toThrow(RangeError);
    expect(() => versionToRevision(1.5)).toThrow(RangeError);
    expect(() => versionToRevision(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });

  it('maps every expected version to the server keyword or an exact revision', () => {
    expect(toExpectedRevision('no_stream')).toBe('no_stream');
    expect(toExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toExpectedRevision('any')).toBe('any');
    expect(toExpectedRevision(0)).toBe(0n);
    expect(toExpectedRevision(7)).toBe(7n);
    expect(() => toExpectedRevision(-2)).toThrow(RangeError);
  });

  it('reads the actual version of a conflict, a missing stream as no_stream', () => {
    expect(toActualVersion('no_stream')).toBe('no_stream');
    expect(toActualVersion(-1n)).toBe('no_stream');
    expect(toActualVersion(undefined)).toBe('no_stream');
    expect(toActualVersion(3n)).toBe(3);
  });
});
