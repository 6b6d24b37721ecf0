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
