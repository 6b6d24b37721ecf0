import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { type Config, openDatabase } from '@kassa/platform';
import { connectDatabase, type DatabaseHandle } from './database';
import { ALL_MIGRATIONS } from './migrations';

/**
 * The process's long-lived infrastructure, opened before Nest starts and closed after it stops:
 * the database (embedded or not), the TypeORM data source and, later, the event store and runners.
 */
export class Runtime {
  private constructor(
    readonly config: Config,
    readonly logger: Logger,
    readonly database: DatabaseHandle,
    readonly dataSource: DataSource,
  ) {}

  static async open(config: Config, logger: Logger): Promise<Runtime> {
    const database = await connectDatabase(config);
    const dataSource = await openDatabase(database.url, ALL_MIGRATIONS, { poolSize: 16 });
    return new Runtime(config, logger, database, dataSource);
  }

  /** Closes connections first, then stops the embedded PostgreSQL with a clean shutdown. */
  async close(): Promise<void> {
    await this.dataSource.destroy();
    await this.database.embedded?.stop();
  }
}
