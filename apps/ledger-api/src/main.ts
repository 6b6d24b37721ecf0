import 'reflect-metadata';
import { ClusterFolderUnreachableError, ClusterInUseError, ConfigError, createLogger, loadConfig } from '@kassa/platform';
import { startServer } from './server';
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
  const server = await startServer(config, logger);
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
