import { BatchPuller } from '../../src/eventstoredb/esdb-batch-puller';

/** A source the test feeds by hand: push items, end it, or fail it. */
class ManualSource implements AsyncIterable<number> {
  private readonly queue: IteratorResult<number>[] = [];
  private failure: unknown;
  private waiting: { resolve: (r: IteratorResult<number>) => void; reject: (e: unknown) => void } | undefined;
  returned = false;

  push(...items: number[]): void {
    for (const value of items) this.settle({ value, done: false });
  }
  end(): void {
    this.settle({ value: undefined, done: true });
  }
  fail(error: unknown): void {
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      reject(error);
    } else this.failure = error;
  }
  private settle(result: IteratorResult<number>): void {
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve(result);
    } else this.queue.push(result);
  }
  [Symbol.asyncIterator](): AsyncIterator<number> {
    return {
      next: () => {
        const queued = this.queue.shift();
        if (queued) return Promise.resolve(queued);
        if (this.failure !== undefined) return Promise.reject(this.failure);
        return new Promise((resolve, reject) => {
          this.waiting = { resolve, reject };
        });
      },
      return: async () => {
        this.returned = true;
        return { value: undefined, done: true };
      },
    };
  }
}

const never = new AbortController().signal;

describe('BatchPuller', () => {
  // The linger is a timer: tests about waiting move a fake clock instead of waiting.
  afterEach(() => jest.useRealTimers());

  it('hands over a backlog in batches of at most maxItems, in order', async () => {
    const source = new ManualSource();
    source.push(1, 2, 3, 4, 5);
    const puller = new BatchPuller(source);
    expect(await puller.pull(2, 20, never)).toEqual({ items: [1, 2], ended: false });
    expect(await puller.pull(2, 20, never)).toEqual({ items: [3, 4], ended: false });
    expect(await puller.pull(2, 20, never)).toEqual({ items: [5], ended: false });
  });

  it('waits for the first item, then at most the linger for more', async () => {
    jest.useFakeTimers();
    const source = new ManualSource();
    const puller = new BatchPuller(source);
    let settled = false;
    const pulled = puller.pull(10, 30, never).finally(() => (settled = true));
    await jest.advanceTimersByTimeAsync(20);
    expect(settled).toBe(false); // no item yet: still waiting, however long
    source.push(1);
    await jest.advanceTimersByTimeAsync(5);
    source.push(2);
    await jest.advanceTimersByTimeAsync(24); // 29 ms after the first item: the linger still runs
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1); // 30 ms: the linger is over
    expect(settled).toBe(true);
    expect(await pulled).toEqual({ items: [1, 2], ended: false });
    // The read that outlived the linger is kept: item 3 is not lost.
    source.push(3);
    const next = puller.pull(10, 5, never);
    await jest.advanceTimersByTimeAsync(5);
    expect(await next).toEqual({ items: [3], ended: false });
  });

  it('reports the end after the last items', async () => {
    const source = new ManualSource();
    source.push(1);
    source.end();
    const puller = new BatchPuller(source);
    expect(await puller.pull(10, 20, never)).toEqual({ items: [1], ended: true });
    expect(await puller.pull(10, 20, never)).toEqual({ items: [], ended: true });
  });

  it('returns the items taken before a failure, then throws it', async () => {
    jest.useFakeTimers();
    const source = new ManualSource();
    source.push(1, 2);
    const puller = new BatchPuller(source);
    const boom = new Error('connection dropped');
    const pulled = puller.pull(10, 50, never);
    await jest.advanceTimersByTimeAsync(5);
    source.fail(boom);
    expect(await pulled).toEqual({ items: [1, 2], ended: false });
    await expect(puller.pull(10, 50, never)).rejects.toBe(boom);
  });

  it('gives up waiting for the first item when the signal aborts', async () => {
    jest.useFakeTimers();
    const source = new ManualSource();
    const puller = new BatchPuller(source);
    const abort = new AbortController();
    const pulled = puller.pull(10, 20, abort.signal);
    await jest.advanceTimersByTimeAsync(10);
    abort.abort();
    expect(await pulled).toEqual({ items: [], ended: false });
    await puller.close();
    expect(source.returned).toBe(true);
  });

  it('adds no lasting abort listeners, however many batches it pulls', async () => {
    const source = new ManualSource();
    const puller = new BatchPuller(source);
    const abort = new AbortController();
    const added = jest.spyOn(abort.signal, 'addEventListener');
    const removed = jest.spyOn(abort.signal, 'removeEventListener');
    for (let i = 0; i < 50; i++) {
      source.push(i);
      await puller.pull(1, 1, abort.signal);
    }
    expect(added.mock.calls.length).toBe(removed.mock.calls.length);
  });
});
