import { Client } from 'pg';
import { type Config, createLogger, EmbeddedDatabaseSupervisor, type EmbeddedDatabase, launchDataDirPostgres } from '@kassa/platform';

const EMBEDDED_DATABASE = 'kassa_ledger';

export interface DatabaseHandle {
  readonly url: string;
  /** Present on the embedded default: stop it last, after every connection is closed. */
  readonly embedded: EmbeddedDatabase | null;
  /** Starts the embedded PostgreSQL again when it dies; its state is what GET /health reports. */
  readonly supervisor: EmbeddedDatabaseSupervisor | null;
}

/**
 * The process cannot serve without its database: exit non-zero, so that whatever runs the service
 * (systemd, Docker, Kubernetes) starts it again; the next start clears what the old server left.
 */
function exitWithoutDatabase(reason: string): void {
  process.stderr.write(`kassa-ledger: ${reason}; exiting\n`);
  process.exit(1);
}

/**
 * DATABASE_URL when given; otherwise an embedded PostgreSQL kept in DATA_DIR across restarts, started
 * here or, when `embeddedStart` is given, already being started (launchDataDirPostgres) by the caller.
 */
export async function connectDatabase(config: Config, embeddedStart?: Promise<EmbeddedDatabase>): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null, supervisor: null };
  const logger = createLogger(config.logLevel, 'kassa-ledger.database');
  const embedded = await (embeddedStart ?? launchDataDirPostgres(config)!.started);
  const supervisor = new EmbeddedDatabaseSupervisor(embedded, { log: logger, onGiveUp: exitWithoutDatabase });
  const admin = new Client({ connectionString: embedded.url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: embedded.urlFor(EMBEDDED_DATABASE), embedded, supervisor };
}
