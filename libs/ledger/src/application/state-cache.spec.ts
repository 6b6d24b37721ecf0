import type { EventStore } from '@kassa/event-store';
import { StateCache } from './state-cache';

const store = (): EventStore => ({}) as EventStore; // identity only: the cache never calls the store
const deciderA = {};
const deciderB = {};

describe('StateCache', () => {
  it('keeps one cache per store', () => {
    const first = store();
    StateCache.of(first).set(deciderA, 's', 3, 'three');
    expect(StateCache.of(first).get(deciderA, 's')).toEqual({ version: 3, state: 'three' });
    expect(StateCache.of(store()).get(deciderA, 's')).toBeUndefined();
  });

  it('answers only for the decider that folded the state', () => {
    const cache = StateCache.of(store());
    cache.set(deciderA, 's', 1, 'a');
    expect(cache.get(deciderB, 's')).toBeUndefined();
  });

  it('never goes back to an older version', () => {
    const cache = StateCache.of(store());
    cache.set(deciderA, 's', 5, 'five');
    cache.set(deciderA, 's', 4, 'four');
    expect(cache.get(deciderA, 's')).toEqual({ version: 5, state: 'five' });
  });

  it('forgets the least recently used stream past its bound', () => {
    const cache = StateCache.of(store());
    cache.set(deciderA, 'first', 0, 'x');
    for (let i = 0; i < 10_000; i++) cache.set(deciderA, `s${i}`, 0, i);
    expect(cache.get(deciderA, 'first')).toBeUndefined();
    expect(cache.get(deciderA, 's9999')).toEqual({ version: 0, state: 9999 });
  });
});
