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
  readonly tenantId: string;
  readonly batchSize?: number;
  /** Keep the scratch schema for inspection (default: dropped). */
  readonly keepSchema?: boolean;
  readonly onPhase?: (phase: 'schema' | 'snapshot' | 'replay' | 'compare' | 'done', detail?: string) => void;
  readonly onReplayBatch?: (progress: ReplayProgress) => void;
  readonly clock?: () => Date;
}

export const DEFAULT_VERIFY_BATCH_SIZE = 1_000;

const formatPosition = (position: Position): string => `${position.commit}/${position.prepare}`;

/**
 * `ledger-cli verify`: replays every event into a scratch schema `verify_<time>_<random>` with the
 * projections' own apply(), compares each read-model table with the live one (snapshotted at the
 * same checkpoints, see live-snapshot.ts), stores the result in `verify_runs` and returns it.
 * The scratch schema is dropped afterwards, also on failure (unless keepSchema).
 */
export async function verifyLedger(options: VerifyOptions): Promise<VerifyResult & { readonly schema: string }> {
  const clock = options.clock ?? (() => new Date());
  assertPlainTables(options.projections);
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
    const tables: TableComparison[] = [];
    for (const projection of options.projections) {
      for (const table of projection.tables) tables.push(await compareTable(options.dataSource, schema, projection.name, table));
    }
    const driftedTables = tables.filter((t) => !t.equal).map((t) => t.table);
    const result: VerifyResult = {
      id: randomUUID(),
      startedAt,
      finishedAt: clock().toISOString(),
      ok: driftedTables.length === 0,
      eventsReplayed,
      positions: Object.fromEntries([...stopAt].map(([name, position]) => [name, formatPosition(position)])),
      tables,
      driftedTables,
    };
    await new VerifyRunsRepository(options.dataSource).save(options.tenantId, result);
    options.onPhase?.('done');
    return { ...result, schema };
  } finally {
    if (!options.keepSchema) await dropScratchSchema(options.dataSource, schema);
  }
}
