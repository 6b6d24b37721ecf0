import type { EventStore } from '@kassa/event-store';
import { StreamTurns } from './stream-turns';

describe('StreamTurns', () => {
  const turns = () => StreamTurns.of({} as EventStore);

  it('gives a stream to one unit at a time, in the order they asked', async () => {
    const streams = turns();
    const order: string[] = [];
    const first = await streams.take('wallet-a');
    const second = streams.take('wallet-a').then((release) => (order.push('second'), release));
    const third = streams.take('wallet-a').then((release) => (order.push('third'), release));
    const other = await streams.take('wallet-b'); // another stream is not held up
    other();
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
  });

  it('takes a further stream only when it is free, so that no two units wait for each other', async () => {
    const streams = turns();
    const held = await streams.take('wallet-a');
    expect(streams.takeIfFree('wallet-a')).toBeNull();
    const free = streams.takeIfFree('wallet-b');
    expect(free).not.toBeNull();
    held();
    free?.();
    const again = streams.takeIfFree('wallet-a');
    expect(again).not.toBeNull();
    again?.();
    again?.(); // releasing twice is harmless
    expect(streams.takeIfFree('wallet-a')).not.toBeNull();
  });
});

describe('StreamTurns.whenFree', () => {
  const turns = () => StreamTurns.of({} as EventStore);

  it('waits for every turn held or queued on the stream, without taking one', async () => {
    const streams = turns();
    const first = await streams.take('deposit-a');
    const second = streams.take('deposit-a');
    let free = false;
    const waiting = streams.whenFree('deposit-a', 60_000).then(() => (free = true));
    first();
    const secondRelease = await second;
    await Promise.resolve();
    expect(free).toBe(false);
    secondRelease();
    await waiting;
    expect(free).toBe(true);
    expect(streams.takeIfFree('deposit-a')).not.toBeNull(); // it took no turn
  });

  it('goes on after maxWaitMs when the turn is not released', async () => {
    const streams = turns();
    const held = await streams.take('deposit-a');
    await streams.whenFree('deposit-a', 5);
    expect(streams.takeIfFree('deposit-a')).toBeNull(); // still held: whenFree only gave up waiting
    held();
  });
});
