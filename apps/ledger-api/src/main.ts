import 'reflect-metadata';
import { ClusterFolderUnreachableError, ClusterInUseError, ConfigError, createLogger, loadConfig } from '@kassa/platform';
import { startServer } from './server';

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
  const base = `http://127.0.0.1:${server.port}`;
  process.stdout.write(
    [
      '',
      `kassa-ledger is listening on ${base}`,
      `  API docs:  ${base}/docs   (OpenAPI: ${base}/docs-json)`,
      `  health:    ${base}/health   readiness: ${base}/ready   metrics: ${base}/metrics`,
      `  database:  ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`}`,
      `  provider:  ${config.paykassma.apiUrl ?? `built-in Paykassma sandbox at ${base}/sandbox`}`,
      ...(config.apiKeysGenerated
        ? [`  dev API key (all scopes, this run only; set LEDGER_API_KEYS to choose your own): ${config.apiKeys[0].secret}`]
        : []),
      '',
    ].join('\n'),
  );

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
