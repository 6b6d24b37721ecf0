import { join } from 'node:path';
import type { Config } from '../config/config';
import { createLogger } from '../logging/logger';
import { type EmbeddedPostgresLaunch, launchEmbeddedPostgres } from './embedded-postgres';

/** The embedded PostgreSQL the service keeps in DATA_DIR across restarts; null when DATABASE_URL names another. */
export function launchDataDirPostgres(config: Config): EmbeddedPostgresLaunch | null {
  if (config.databaseUrl) return null;
  const logger = createLogger(config.logLevel, 'kassa-ledger.database');
  return launchEmbeddedPostgres(join(config.dataDir, 'postgres'), {
    configuredAs: config.dataDir,
    log: (message) => logger.warn(message),
  });
}
