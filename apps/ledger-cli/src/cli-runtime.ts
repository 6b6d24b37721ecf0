import { createLogger, loadConfig } from '@kassa/platform';
import { Runtime } from '../../ledger-api/src/runtime/runtime';

/**
 * The same infrastructure as the service (configuration, database, event store, migrations), for
 * one command. Logs only at warn unless LOG_LEVEL says otherwise, so the output is the command's
 * own. Always closed, also when the command fails.
 */
export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = createLogger(config.logLevel, 'ledger-cli');
  const runtime = await Runtime.open(config, logger);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
