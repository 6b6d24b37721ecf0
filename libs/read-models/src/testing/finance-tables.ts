import type { DataSource } from 'typeorm';
import { FINANCE_MIGRATIONS } from '../finance';

/** Test-only: the finance tables (statement_imports, verify_runs) on a read-model fixture's database. */
export async function createFinanceTables(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    for (const Migration of FINANCE_MIGRATIONS) await new Migration().up(runner);
  } finally {
    await runner.release();
  }
}
