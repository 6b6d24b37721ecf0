import { retryDelayMs } from '../../src/subscriptions';

describe('retryDelayMs', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles per failed attempt up to the cap', () => {
    const top = (attempt: number): number => retryDelayMs(attempt, options, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(top)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('keeps at least half of each delay, whatever the jitter draws', () => {
    const bottom = (attempt: number): number => retryDelayMs(attempt, options, () => 0);
    expect([1, 2, 3, 4, 5].map(bottom)).toEqual([50, 100, 200, 400, 500]);
  });

  it('stays finite for attempt counts far past the cap', () => {
    expect(retryDelayMs(10_000, options, () => 0.5)).toBe(750);
  });

  it('does not wait before the first attempt', () => {
    expect(retryDelayMs(0, options)).toBe(0);
  });
});
