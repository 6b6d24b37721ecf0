import type { Pool, PoolClient } from 'pg';
import type { AlongsideRowWriter, AppendManyOptions, AppendResult, StreamAppend } from '../event-store.port';
import { appendManyAtomically, assertAppendMany } from './postgres-append-many';
import { APPEND_STREAMS_SQL } from './postgres-event-store.sql';
import { positionOf, type PositionRow } from './postgres-rows';

interface Waiting {
  readonly appends: readonly StreamAppend[];
  readonly options: AppendManyOptions;
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

interface AppendedStreamRow extends PositionRow {
  readonly stream_id: string;
  readonly stream_version: number;
}

/** Units in one group commit: enough to share one commit among every request in flight. */
const MAX_GROUP_UNITS = 64;
/** Events in one group's statement: a bound on its arrays. */
const MAX_GROUP_EVENTS = 2_000;

/**
 * Group commit for whole units (appendMany calls, each with its `alongside` rows). A unit that finds
 * no group in flight goes at once, on the one-unit path (appendManyAtomically). Units that arrive
 * meanwhile wait, then go together in ONE transaction: every stream of every unit in one statement
 * (APPEND_STREAMS_SQL), each unit's `alongside` writes, the units' `alongsideRow`s one statement
 * per writer, one COMMIT. Alone, a unit waits for nothing;
 * under load, one commit and a handful of round trips carry many units instead of a transaction each.
 *
 * Each caller's promise settles when the commit that carries its own unit is done; nothing is
 * answered before. A group holds no two units on the same stream (the later one waits for the next
 * group), so units of one group never conflict with each other. When anything in a group fails
 * before its COMMIT (an expected version that does not hold, an event id already stored, a unit's
 * `alongside` write, a deadlock with another process), the transaction is rolled back whole and every
 * unit of the group runs again on its own, on the one-unit path, which tells a conflict from a retried
 * append and answers each caller as it would have without grouping. A failed COMMIT fails the group's
 * callers (its outcome is not known; the caller's retry with the same event ids finds out).
 *
 * `alongside` callbacks run while the group holds the store's one group slot: they must only write
 * SQL on the connection they are given, never append to the store themselves (that append would wait
 * for the group it is part of).
 */
export class PostgresGroupCommit {
  private waiting: Waiting[] = [];
  private committing = false;

  constructor(private readonly pool: Pool) {}

  appendMany(appends: readonly StreamAppend[], options: AppendManyOptions): Promise<AppendResult[]> {
    assertAppendMany(appends);
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.waiting.push({ appends, options, resolve, reject });
      if (!this.committing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.committing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.nextGroup();
        if (group.length === 1) {
          await settle(group[0], appendManyAtomically(this.pool, group[0].appends, group[0].options));
          continue;
        }
        const outcome = await commitGroup(this.pool, group);
        if (outcome === 'fall back') {
          await Promise.all(group.map((unit) => settle(unit, appendManyAtomically(this.pool, unit.appends, unit.options))));
        } else if (outcome instanceof Error) {
          for (const unit of group) unit.reject(outcome);
        } else {
          group.forEach((unit, index) => unit.resolve(outcome[index]));
        }
      }
    } finally {
      this.committing = false;
    }
  }

  /** The oldest waiting units whose streams do not overlap, within the bounds; the rest keep their order. */
  private nextGroup(): Waiting[] {
    const group: Waiting[] = [];
    const rest: Waiting[] = [];
    const streams = new Set<string>();
    let events = 0;
    for (const unit of this.waiting) {
      const unitEvents = unit.appends.reduce((sum, append) => sum + append.events.length, 0);
      const fits = group.length < MAX_GROUP_UNITS && (group.length === 0 || events + unitEvents <= MAX_GROUP_EVENTS)
        && unit.appends.every((append) => !streams.has(append.streamId));
      if (!fits) {
        rest.push(unit);
        continue;
      }
      group.push(unit);
      events += unitEvents;
      for (const append of unit.appends) streams.add(append.streamId);
    }
    this.waiting = rest;
    return group;
  }
}

async function settle(unit: Waiting, result: Promise<AppendResult[]>): Promise<void> {
  try {
    unit.resolve(await result);
  } catch (error) {
    unit.reject(error);
  }
}

/** The statement's parameters for every stream of every unit, in the units' order. */
function groupParameters(group: readonly Waiting[]): unknown[] {
  const streamIds: string[] = [];
  const modes: string[] = [];
  const versions: (number | null)[] = [];
  const streamOrdinals: number[] = [];
  const places: number[] = [];
  const ids: string[] = [];
  const types: string[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  for (const unit of group) {
    for (const { streamId, events, expected } of unit.appends) {
      streamIds.push(streamId);
      modes.push(typeof expected === 'number' ? 'exact' : expected);
      versions.push(typeof expected === 'number' ? expected : null);
      events.forEach((event, index) => {
        streamOrdinals.push(streamIds.length);
        places.push(index + 1);
        ids.push(event.id.toLowerCase());
        types.push(event.type);
        data.push(JSON.stringify(event.data));
        metadata.push(JSON.stringify(event.metadata));
      });
    }
  }
  return [streamIds, modes, versions, streamOrdinals, places, ids, types, data, metadata];
}

/**
 * One transaction for the whole group: every unit's results (in the group's order), or 'fall back'
 * when it was rolled back before COMMIT, or the COMMIT's error.
 */
async function commitGroup(pool: Pool, group: readonly Waiting[]): Promise<AppendResult[][] | 'fall back' | Error> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch {
    return 'fall back'; // nothing sent: each unit meets the same trouble on its own and reports it
  }
  let rows: AppendedStreamRow[] = [];
  try {
    await client.query('BEGIN');
    const streamCount = group.reduce((sum, unit) => sum + unit.appends.length, 0);
    if (streamCount > 0) {
      rows = (await client.query<AppendedStreamRow>({ name: 'kassa_append_streams', text: APPEND_STREAMS_SQL, values: groupParameters(group) })).rows;
    }
    // Fewer rows than streams: an expected version did not hold and nothing was inserted.
    if (rows.length !== streamCount) throw new Error('a stream of the group is not at its expected version');
    for (const unit of group) if (unit.options.alongside) await unit.options.alongside(client);
    for (const [writer, rowsOfWriter] of alongsideRowsByWriter(group)) await writer.writeAll(client, rowsOfWriter);
  } catch {
    // A connection whose transaction state is unknown is not handed to the next caller.
    client.release(await rollBack(client));
    return 'fall back';
  }
  try {
    await client.query('COMMIT');
  } catch (error) {
    client.release(error as Error);
    return error as Error;
  }
  client.release();
  return resultsByUnit(group, rows);
}

/** The units' alongside rows, one list per writer (in the units' order): one writeAll each. */
function alongsideRowsByWriter(group: readonly Waiting[]): Map<AlongsideRowWriter, unknown[]> {
  const byWriter = new Map<AlongsideRowWriter, unknown[]>();
  for (const { options } of group) {
    if (!options.alongsideRow) continue;
    const { writer, row } = options.alongsideRow;
    const rows = byWriter.get(writer);
    if (rows) rows.push(row);
    else byWriter.set(writer, [row]);
  }
  return byWriter;
}

function resultsByUnit(group: readonly Waiting[], rows: readonly AppendedStreamRow[]): AppendResult[][] {
  const byStream = new Map(rows.map((row) => [row.stream_id, { nextVersion: row.stream_version, position: positionOf(row) }]));
  return group.map((unit) => unit.appends.map((append) => byStream.get(append.streamId) as AppendResult));
}

/** ROLLBACK after a failure; the error when even that failed (the connection is then discarded). */
async function rollBack(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
