import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, MigrationInterface } from 'typeorm';
import type { EventStore, Position, Projection } from '@kassa/event-store';
import { snapshotLiveTables } from './live-snapshot';
import { assertPlainTables, replayIntoScratch, type ReplayProgress } from './replay-into-scratch';
import { createScratchSchema, dropScratchSchema, scratchSchemaName } from './scratch-schema';
import { compareTable } from './table-compare';
import type { TableComparison, VerifyResult } from './verify-result';
import { VerifyRunsRepository } from './verify-runs.repository';

export interface VerifyOptions {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  readonly projections: readonly Projection[];
  /** The migrations that create the projections' tables (READ_MODEL_MIGRATIONS). */
  readonly migrations: readonly (new () => MigrationInterface)[];
  /** The merchants whose rows are compared; each gets a verdict of its own, recorded under it. */
  readonly merchants: readonly string[];
  readonly batchSize?: number;
  /** Keep the scratch schema for inspection (default: dropped). */
  readonly keepSchema?: boolean;
  readonly onPhase?: (phase: 'schema' | 'snapshot' | 'replay' | 'compare' | 'done', detail?: string) => void;
  readonly onReplayBatch?: (progress: ReplayProgress) => void;
  readonly clock?: () => Date;
}

export const DEFAULT_VERIFY_BATCH_SIZE = 1_000;

const formatPosition = (position: Position): string => `${position.commit}/${position.prepare}`;

/** One merchant's verdict: its rows of every read-model table against their replay. */
export type MerchantVerifyResult = VerifyResult & { readonly merchant: string };

/** A verify run over one or more merchants: one replay, one verdict per merchant. */
export interface LedgerVerifyReport {
  readonly schema: string;
  /** Every merchant's read models equal the replay. */
  readonly ok: boolean;
  readonly runs: readonly MerchantVerifyResult[];
}

/**
 * `ledger-cli verify`: replays every event into a scratch schema `verify_<time>_<random>` with the
 * projections' own apply(), compares each merchant's rows of each read-model table with the live
 * ones (snapshotted at the same checkpoints, see live-snapshot.ts), stores one result per merchant in
 * `verify_runs` (so each merchant's exceptions report shows its own) and returns them.
 * The scratch schema is dropped afterwards, also on failure (unless keepSchema).
 */
export async function verifyLedger(options: VerifyOptions): Promise<LedgerVerifyReport> {
  const clock = options.clock ?? (() => new Date());
  assertPlainTables(options.projections);
  if (options.merchants.length === 0) throw new RangeError('verify needs at least one merchant');
  const startedAt = clock().toISOString();
  const schema = scratchSchemaName(clock(), randomBytes(3).toString('hex'));
  try {
    options.onPhase?.('schema', schema);
    await createScratchSchema(options.dataSource, schema, options.migrations);
    options.onPhase?.('snapshot');
    const stopAt = await snapshotLiveTables(options.dataSource, schema, options.projections);
    options.onPhase?.('replay');
    const eventsReplayed = await replayIntoScratch(options.dataSource, options.store, schema, options.projections, stopAt, {
      batchSize: options.batchSize ?? DEFAULT_VERIFY_BATCH_SIZE,
      onBatch: options.onReplayBatch,
    });
    options.onPhase?.('compare');
    const positions = Object.fromEntries([...stopAt].map(([name, position]) => [name, formatPosition(position)]));
    const runs: MerchantVerifyResult[] = [];
    for (const merchant of options.merchants) {
      const tables: TableComparison[] = [];
      for (const projection of options.projections) {
        for (const table of projection.tables) tables.push(await compareTable(options.dataSource, schema, projection.name, table, merchant));
      }
      const driftedTables = tables.filter((t) => !t.equal).map((t) => t.table);
      const result: VerifyResult = { id: randomUUID(), startedAt, finishedAt: clock().toISOString(), ok: driftedTables.length === 0, eventsReplayed, positions, tables, driftedTables };
      await new VerifyRunsRepository(options.dataSource).save(merchant, result);
      runs.push({ merchant, ...result });
    }
    options.onPhase?.('done');
    return { schema, ok: runs.every((run) => run.ok), runs };
  } finally {
    if (!options.keepSchema) await dropScratchSchema(options.dataSource, schema);
  }
}
