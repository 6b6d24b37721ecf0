import 'reflect-metadata';
import { ClusterFolderUnreachableError, ClusterInUseError, ConfigError, createLogger, launchDataDirPostgres, loadConfig } from '@kassa/platform';
import type * as ServerModule from './server';
import { startupBanner } from './startup-banner';

/** `npm start`: validated configuration, then the service; a bad setting stops it with one line. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // The embedded PostgreSQL starts in its own process while this one loads the service's code (the
  // longer of the two): required only once the server runs, ./server's loading overlaps its start.
  const database = launchDataDirPostgres(config);
  await database?.launched;
  let server;
  try {
    const { startServer } = require('./server') as typeof ServerModule;
    server = await startServer(config, logger, { embeddedDatabase: database?.started });
  } catch (error) {
    // A start that failed before the service took the database over leaves no server behind (a second stop is a no-op).
    await database?.started.then((embedded) => embedded.stop(), () => undefined);
    throw error;
  }
  logger.info(startupBanner(config, server.port), 'kassa-ledger is listening');
  if (config.apiKeysGenerated && !config.sandbox) {
    logger.warn('LEDGER_API_KEYS is unset: no API key can call this service; set LEDGER_API_KEYS');
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** Failures an operator fixes from one line (no stack): a DATA_DIR the database cannot use, or that another process runs. */
function explain(error: unknown): string {
  if (error instanceof ClusterFolderUnreachableError) return error.message;
  if (error instanceof ClusterInUseError) return `${error.message}: stop that service first, or give this one another DATA_DIR`;
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

main().catch((error: unknown) => {
  process.stderr.write(`kassa-ledger failed to start: ${explain(error)}\n`);
  process.exit(1);
});
