interface Waiting<T> {
  readonly item: T;
  resolve(): void;
  reject(error: unknown): void;
}

/** A bound on one statement's rows; a queue longer than this goes in several statements. */
const DEFAULT_MAX_GROUP = 256;

/**
 * Group commit for one kind of row. A write that finds none in flight goes at once; writes that
 * arrive meanwhile wait and then go together in one statement (one round trip, one commit). Alone,
 * a row waits for nothing; under load, one commit carries many rows. Each write() settles when
 * its own row is committed. When a group fails, its rows are written one by one, so that one bad
 * row fails only its own caller.
 */
export class GroupedWrites<T> {
  private waiting: Waiting<T>[] = [];
  private writing = false;

  constructor(
    private readonly writeAll: (items: readonly T[]) => Promise<void>,
    private readonly maxGroup = DEFAULT_MAX_GROUP,
  ) {}

  write(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxGroup);
        try {
          await this.writeAll(group.map((waiting) => waiting.item));
          for (const waiting of group) waiting.resolve();
        } catch (error) {
          if (group.length === 1) group[0].reject(error);
          else await Promise.all(group.map((waiting) => this.writeAll([waiting.item]).then(waiting.resolve, waiting.reject)));
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
