import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA_NAME = /^verify_[a-z0-9_]{1,50}$/;

/** `verify_<utc time>_<random>`: unique per run, a plain identifier (no quoting surprises). */
export function scratchSchemaName(now: Date, randomHex: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '').replace('T', 't').replace('Z', '').toLowerCase();
  const name = `verify_${stamp}_${randomHex.toLowerCase()}`;
  assertSchemaName(name);
  return name;
}

export function assertSchemaName(name: string): void {
  if (!SCHEMA_NAME.test(name)) throw new Error(`scratch schema name ${name} must match ${SCHEMA_NAME}`);
}

/**
 * Runs `work` in a transaction whose search_path is ONLY the scratch schema. SET LOCAL ends with the
 * transaction, so the pooled connection never goes back to the pool pointing at the scratch schema
 * (a session-level SET would leak into whatever query borrows it next). Unqualified table names in
 * migrations and projections therefore land in the scratch schema; built-in functions live in
 * pg_catalog, which is always searched.
 */
export async function inScratchSchema<T>(dataSource: DataSource, schema: string, work: (manager: EntityManager, runner: QueryRunner) => Promise<T>): Promise<T> {
  assertSchemaName(schema);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      await runner.query(`SET LOCAL search_path TO "${schema}"`);
      const result = await work(runner.manager, runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** The read-model tables, made by the very migrations that made the live ones (same columns, keys, checks, sequences). */
export async function createScratchSchema(dataSource: DataSource, schema: string, migrations: readonly (new () => MigrationInterface)[]): Promise<void> {
  assertSchemaName(schema);
  await dataSource.query(`CREATE SCHEMA "${schema}"`);
  await inScratchSchema(dataSource, schema, async (_manager, runner) => {
    for (const Migration of migrations) await new Migration().up(runner);
  });
}

export async function dropScratchSchema(dataSource: DataSource, schema: string): Promise<void> {
  assertSchemaName(schema);
  await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
