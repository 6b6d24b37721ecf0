import { join } from 'node:path';
import { Client } from 'pg';
import { type Config, startEmbeddedPostgres, type EmbeddedDatabase } from '@kassa/platform';

const EMBEDDED_DATABASE = 'kassa_ledger';

export interface DatabaseHandle {
  readonly url: string;
  /** Present on the embedded default: stop it last, after every connection is closed. */
  readonly embedded: EmbeddedDatabase | null;
}

/** DATABASE_URL when given; otherwise an embedded PostgreSQL kept in DATA_DIR across restarts. */
export async function connectDatabase(config: Config): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres(join(config.dataDir, 'postgres'));
  const admin = new Client({ connectionString: embedded.url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: embedded.urlFor(EMBEDDED_DATABASE), embedded };
}
