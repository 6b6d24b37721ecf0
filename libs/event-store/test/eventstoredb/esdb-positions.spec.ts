import { START } from '../../src/event-store.port';
import { fromEsdbPosition, isAfter, isStart, toReadPosition } from '../../src/eventstoredb/esdb-positions';

describe('EventStoreDB positions', () => {
  it("sends START as the 'start' keyword, never as -1/-1 (which the server reads as its end)", () => {
    expect(isStart(START)).toBe(true);
    expect(toReadPosition(START)).toBe('start');
    expect(toReadPosition({ commit: -1n, prepare: -1n })).toBe('start');
  });

  it('sends any other position as the same commit/prepare pair', () => {
    expect(toReadPosition({ commit: 1024n, prepare: 1000n })).toEqual({ commit: 1024n, prepare: 1000n });
    expect(toReadPosition({ commit: 0n, prepare: 0n })).toEqual({ commit: 0n, prepare: 0n });
  });

  it('refuses a half-negative position', () => {
    expect(() => toReadPosition({ commit: -1n, prepare: 5n })).toThrow(RangeError);
    expect(() => fromEsdbPosition({ commit: 5n, prepare: -3n }, 'x')).toThrow(RangeError);
  });

  it('copies server positions and refuses a missing one (servers before 22.6)', () => {
    const server = { commit: 500n, prepare: 480n };
    const ours = fromEsdbPosition(server, 'event e');
    expect(ours).toEqual(server);
    expect(ours).not.toBe(server);
    expect(() => fromEsdbPosition(undefined, 'event e')).toThrow(/22\.6/);
  });

  it('orders by commit, then prepare, strictly', () => {
    const at = { commit: 10n, prepare: 8n };
    expect(isAfter({ commit: 11n, prepare: 0n }, at)).toBe(true);
    expect(isAfter({ commit: 10n, prepare: 9n }, at)).toBe(true);
    expect(isAfter({ commit: 10n, prepare: 8n }, at)).toBe(false);
    expect(isAfter({ commit: 9n, prepare: 99n }, at)).toBe(false);
    expect(isAfter({ commit: 0n, prepare: 0n }, START)).toBe(true);
  });
});
