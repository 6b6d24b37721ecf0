import { createProgress } from './progress';

function plainStream(): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  return { written, stream: { isTTY: false, write: (text: string) => (written.push(text), true) } as unknown as NodeJS.WriteStream };
}

describe('CLI progress without a terminal', () => {
  it('prints plain lines with counts and rate, at most one per interval, and the last one once', () => {
    let nowMs = 0;
    const { stream, written } = plainStream();
    const progress = createProgress({ label: 'verify', unit: 'events', total: 1000, stream, plainIntervalMs: 2000, clock: () => nowMs });
    nowMs = 1000;
    progress.update(100);
    nowMs = 1500;
    progress.update(200);
    nowMs = 4000;
    progress.update(1000);
    progress.stop('done');
    expect(written).toEqual(['verify: 100/1000 events (10%), 100/s\n', 'verify: 1000/1000 events (100%), 250/s\n', 'verify: done\n']);
  });

  it('shows counts without a total when the total is unknown', () => {
    const { stream, written } = plainStream();
    let nowMs = 0;
    const progress = createProgress({ label: 'import', unit: 'lines', total: null, stream, clock: () => nowMs });
    nowMs = 2000;
    progress.update(42);
    progress.stop();
    expect(written).toEqual(['import: 42 lines, 21/s\n']);
  });
});
