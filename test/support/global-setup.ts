import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../libs/platform/src/database/embedded-postgres';

/**
 * One embedded PostgreSQL for the whole jest run. Each test file makes its own database on it
 * (test/support/test-database.ts), so files never see each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return; // an outside server was given: use it as it is
  const dataDir = join(__dirname, '..', '..', '.test-data', `run-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const db = await startEmbeddedPostgres(dataDir, { persistent: false });
  process.env.TEST_DATABASE_URL = db.url;
  (globalThis as { __embeddedPostgres?: typeof db }).__embeddedPostgres = db;
  (globalThis as { __embeddedPostgresDir?: string }).__embeddedPostgresDir = dataDir;
}
