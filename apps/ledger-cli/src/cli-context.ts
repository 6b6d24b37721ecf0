import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { OpenResources } from '@kassa/infrastructure';
import { type Config, createLogger, loadConfig } from '@kassa/platform';
import { CliModule } from './cli.module';
import { type DataDirGuardOptions, guardDataDir } from './data-dir-guard';

export interface CliSetup {
  readonly config: Config;
  readonly logger: Logger;
}

/** From the environment, as the service reads it; logs only at warn unless LOG_LEVEL says otherwise, so the output is the command's own. */
function setupFromEnvironment(): CliSetup {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  return { config, logger: createLogger(config.logLevel, 'ledger-cli') };
}

/**
 * The same infrastructure as the service (configuration, database, event store, migrations), built
 * as a Nest application context without HTTP, for one command. Always closed, also when the command fails.
 * An embedded DATA_DIR that was never initialised (unless `--init`) or that a running service has is
 * refused before anything is opened (data-dir-guard.ts).
 */
export async function withCliContext<T>(
  work: (context: INestApplicationContext) => Promise<T>,
  setup: CliSetup = setupFromEnvironment(),
  guard: DataDirGuardOptions = {},
): Promise<T> {
  guardDataDir(setup.config, guard);
  const resources = new OpenResources();
  let context: INestApplicationContext;
  try {
    // A failed start is reported once, by the command line (Nest's own account of it is dropped).
    context = await NestFactory.createApplicationContext(CliModule.register({ ...setup, resources }), { bufferLogs: true, autoFlushLogs: false, abortOnError: false });
    context.useLogger(['error', 'warn']);
    context.flushLogs();
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
