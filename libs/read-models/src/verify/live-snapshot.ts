import type { DataSource } from 'typeorm';
import { readCheckpoint, START, type Position, type Projection } from '@kassa/event-store';
import { assertSchemaName } from './scratch-schema';

/** The live copy of `table` inside the scratch schema. */
export function liveCopyName(table: string): string {
  return `live__${table}`; // plain names only: see assertPlainTables
}

/**
 * One REPEATABLE READ snapshot: every projection's checkpoint and a copy of its live tables, taken
 * together. A projection commits its rows and its checkpoint in one transaction, so inside one
 * snapshot each copied table is exactly the fold of the events up to that checkpoint, even while
 * the service keeps applying new events. The replay then stops at the same checkpoints: no waiting
 * for "caught up", and no race with a runner that moves on meanwhile.
 */
export async function snapshotLiveTables(dataSource: DataSource, schema: string, projections: readonly Projection[]): Promise<Map<string, Position>> {
  assertSchemaName(schema);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    try {
      const checkpoints = new Map<string, Position>();
      for (const projection of projections) {
        checkpoints.set(projection.name, (await readCheckpoint(runner, projection.name)) ?? START);
        for (const table of projection.tables) {
          await runner.query(`CREATE TABLE "${schema}"."${liveCopyName(table)}" AS TABLE ${table}`);
        }
      }
      await runner.commitTransaction();
      return checkpoints;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}
