import { Presets, SingleBar } from 'cli-progress';

/** Counts and rate of a long command: a bar on a terminal, plain lines otherwise (CI, logs, pipes). */
export interface Progress {
  /** `done` so far; `total` when it became known or changed. */
  update(done: number, total?: number | null): void;
  stop(summary?: string): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly unit: string;
  /** Null: unknown (the bar shows counts and rate only). */
  readonly total: number | null;
  readonly stream?: NodeJS.WriteStream;
  /** Non-TTY: at most one line per this interval, plus the last. */
  readonly plainIntervalMs?: number;
  readonly clock?: () => number;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stdout;
  return stream.isTTY ? new BarProgress(options, stream) : new PlainProgress(options, stream);
}

function ratePerSecond(done: number, startedMs: number, nowMs: number): number {
  const elapsedMs = Math.max(1, nowMs - startedMs);
  return Math.round((done * 1000) / elapsedMs);
}

class BarProgress implements Progress {
  private readonly bar: SingleBar;
  private readonly startedMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly options: ProgressOptions,
    stream: NodeJS.WriteStream,
  ) {
    this.clock = options.clock ?? Date.now;
    this.startedMs = this.clock();
    const format =
      options.total === null
        ? `${options.label} | {value} ${options.unit} | {rate}/s | {duration}s`
        : `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | {rate}/s | ETA {eta}s`;
    this.bar = new SingleBar({ format, stream, hideCursor: true, etaBuffer: 50 }, Presets.shades_classic);
    this.bar.start(options.total ?? 0, 0, { rate: 0 });
  }

  update(done: number, total?: number | null): void {
    if (total !== undefined && total !== null) this.bar.setTotal(total);
    this.bar.update(done, { rate: ratePerSecond(done, this.startedMs, this.clock()) });
  }

  stop(summary?: string): void {
    this.bar.stop();
    if (summary) process.stdout.write(`${this.options.label}: ${summary}\n`);
  }
}

class PlainProgress implements Progress {
  private readonly startedMs: number;
  private readonly clock: () => number;
  private lastLineMs = Number.NEGATIVE_INFINITY;
  private lastPrinted: string | null = null;
  private total: number | null;
  private done = 0;

  constructor(
    private readonly options: ProgressOptions,
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.clock = options.clock ?? Date.now;
    this.startedMs = this.clock();
    this.total = options.total;
  }

  update(done: number, total?: number | null): void {
    if (total !== undefined) this.total = total;
    this.done = done;
    const nowMs = this.clock();
    if (nowMs - this.lastLineMs < (this.options.plainIntervalMs ?? 2_000)) return;
    this.lastLineMs = nowMs;
    this.line(nowMs);
  }

  stop(summary?: string): void {
    this.line(this.clock(), true);
    if (summary) this.stream.write(`${this.options.label}: ${summary}\n`);
  }

  /** At the end, a count already printed is not repeated. */
  private line(nowMs: number, final = false): void {
    const of = this.total === null ? '' : `/${this.total}`;
    const percent = this.total ? ` (${Math.floor((this.done * 100) / this.total)}%)` : '';
    const counts = `${this.done}${of} ${this.options.unit}${percent}`;
    if (final && counts === this.lastPrinted) return;
    this.lastPrinted = counts;
    this.stream.write(`${this.options.label}: ${counts}, ${ratePerSecond(this.done, this.startedMs, nowMs)}/s\n`);
  }
}
