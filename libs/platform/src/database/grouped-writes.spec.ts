import { GroupedWrites } from './grouped-writes';

/** A writer that holds each statement until released, and remembers the groups it was given. */
function heldWriter(failWhen: (items: readonly string[]) => boolean = () => false) {
  const groups: string[][] = [];
  const releases: (() => void)[] = [];
  const writeAll = (items: readonly string[]) => {
    groups.push([...items]);
    return new Promise<void>((resolve, reject) => releases.push(() => (failWhen(items) ? reject(new Error(`bad ${items.join(',')}`)) : resolve())));
  };
  const releaseNext = async () => {
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { groups, writeAll, releaseNext };
}

describe('GroupedWrites', () => {
  it('writes a lone row at once and groups the rows that arrive while it is in flight', async () => {
    const writer = heldWriter();
    const writes = new GroupedWrites(writer.writeAll);
    const settled: string[] = [];
    const track = (item: string) => writes.write(item).then(() => settled.push(item));
    const first = track('a');
    const rest = ['b', 'c', 'd'].map(track);
    expect(writer.groups).toEqual([['a']]);
    await writer.releaseNext();
    expect(settled).toEqual(['a']);
    expect(writer.groups).toEqual([['a'], ['b', 'c', 'd']]);
    await writer.releaseNext();
    await Promise.all([first, ...rest]);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps each group within its bound', async () => {
    const writer = heldWriter();
    const writes = new GroupedWrites(writer.writeAll, 2);
    const all = ['a', 'b', 'c', 'd', 'e'].map((item) => writes.write(item));
    while (writer.groups.length < 3) await writer.releaseNext();
    await writer.releaseNext();
    await Promise.all(all);
    expect(writer.groups).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('fails only the caller whose row fails: a failed group is written again row by row', async () => {
    const writer = heldWriter((items) => items.includes('bad'));
    const writes = new GroupedWrites(writer.writeAll);
    const first = writes.write('a');
    const group = ['b', 'bad', 'c'].map((item) => writes.write(item).then(() => 'ok', (error: Error) => error.message));
    await writer.releaseNext(); // a
    await writer.releaseNext(); // b,bad,c fails
    for (let i = 0; i < 3; i++) await writer.releaseNext(); // then one by one
    await first;
    expect(await Promise.all(group)).toEqual(['ok', 'bad bad', 'ok']);
    expect(writer.groups.slice(2)).toEqual([['b'], ['bad'], ['c']]);
  });
});
