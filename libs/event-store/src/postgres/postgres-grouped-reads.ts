import type { Pool } from 'pg';
import type { Position, ReadAllOptions } from '../event-store.port';
import { translateError } from './postgres-errors';
import { READ_ALL_GROUPED_SQL } from './postgres-event-store.sql';
import { type HorizonRow, positionParameters, type RecordedEventRow, streamPrefixPatterns, toRecordedEvent } from './postgres-rows';
import type { BatchWithHorizon, ReadAll } from './postgres-subscription';

interface Waiting {
  readonly from: Position;
  readonly limit: number;
  readonly options: ReadAllOptions;
  resolve(batch: BatchWithHorizon): void;
  reject(error: unknown): void;
}

type GroupedRow = HorizonRow & { readonly reader: string };

/** Readers in one statement: more than the subscriptions of a process. */
const MAX_GROUP_READERS = 64;

/**
 * One read for the subscriptions of a process that read at the same moment. Every append's NOTIFY
 * wakes all of them, and each used to send its own read of the same new events: now a read that
 * finds none in flight goes at once, on the one-reader path, and the reads that arrive meanwhile go
 * together in one statement (READ_ALL_GROUPED_SQL). Each reader gets exactly what its own read would
 * have returned, in one snapshot shared by all (one horizon). When the grouped statement fails,
 * each reader of the group reads again on its own and gets its own outcome.
 */
export class PostgresGroupedReads {
  private waiting: Waiting[] = [];
  private reading = false;

  constructor(
    private readonly pool: Pool,
    private readonly readOne: ReadAll,
  ) {}

  readonly read: ReadAll = (from, limit, options) =>
    new Promise<BatchWithHorizon>((resolve, reject) => {
      this.waiting.push({ from, limit, options, resolve, reject });
      if (!this.reading) void this.drain();
    });

  private async drain(): Promise<void> {
    this.reading = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, MAX_GROUP_READERS);
        if (group.length === 1) {
          await this.readAlone(group[0]);
          continue;
        }
        let batches: BatchWithHorizon[];
        try {
          batches = await this.readGroup(group);
        } catch {
          await Promise.all(group.map((reader) => this.readAlone(reader)));
          continue;
        }
        group.forEach((reader, index) => reader.resolve(batches[index]));
      }
    } finally {
      this.reading = false;
    }
  }

  private async readAlone(reader: Waiting): Promise<void> {
    try {
      reader.resolve(await this.readOne(reader.from, reader.limit, reader.options));
    } catch (error) {
      reader.reject(error);
    }
  }

  private async readGroup(group: readonly Waiting[]): Promise<BatchWithHorizon[]> {
    const commits: string[] = [];
    const prepares: string[] = [];
    const patterns: (string | null)[] = [];
    for (const { from, options } of group) {
      const [commit, prepare] = positionParameters(from);
      commits.push(commit);
      prepares.push(prepare);
      const like = streamPrefixPatterns(options.streamPrefixes);
      patterns.push(like === null ? null : JSON.stringify(like));
    }
    let rows: GroupedRow[];
    try {
      ({ rows } = await this.pool.query<GroupedRow>({
        name: 'kassa_read_all_grouped',
        text: READ_ALL_GROUPED_SQL,
        values: [commits, prepares, patterns, group.map((reader) => reader.limit)],
      }));
    } catch (error) {
      throw translateError(error, 'readAll');
    }
    const first = rows[0];
    const horizon = first?.horizon_commit ? { commit: BigInt(first.horizon_commit), prepare: BigInt(first.horizon_prepare as string) } : null;
    const batches: BatchWithHorizon[] = group.map(() => ({ events: [], horizon }));
    for (const row of rows) {
      if (row.stream_id === null) continue;
      batches[Number(row.reader) - 1].events.push(toRecordedEvent(row as GroupedRow & RecordedEventRow));
    }
    return batches;
  }
}
