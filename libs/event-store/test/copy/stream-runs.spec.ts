import { toStreamRuns } from '../../src/copy/stream-runs';
import type { RecordedEvent } from '../../src/event-store.port';

function recorded(streamId: string, streamVersion: number): RecordedEvent {
  return { id: `${streamId}-${streamVersion}`, type: 'T', data: {}, metadata: { tenantId: 't' }, streamId, streamVersion, position: { commit: 0n, prepare: 0n }, recordedAt: new Date(0) };
}

describe('toStreamRuns', () => {
  it('groups consecutive events of one stream with consecutive versions, keeping the global order', () => {
    const runs = toStreamRuns([recorded('a', 0), recorded('a', 1), recorded('b', 0), recorded('a', 2), recorded('a', 3)]);
    expect(runs.map((r) => [r.streamId, r.firstVersion, r.events.length])).toEqual([
      ['a', 0, 2],
      ['b', 0, 1],
      ['a', 2, 2],
    ]);
  });

  it('splits a run at a version gap', () => {
    expect(toStreamRuns([recorded('a', 4), recorded('a', 6)]).map((r) => r.firstVersion)).toEqual([4, 6]);
  });

  it('gives no runs for no events', () => {
    expect(toStreamRuns([])).toEqual([]);
  });
});
