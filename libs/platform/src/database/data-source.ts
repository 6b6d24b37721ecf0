import { DataSource, type MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

export interface DatabaseOptions {
  readonly poolSize?: number;
}

/**
 * The TypeORM data source of the read models (and of the events, with the PostgreSQL store).
 * Schema changes only through migrations; `synchronize` stays off.
 */
export function createDataSource(url: string, migrations: readonly MigrationClass[], options: DatabaseOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    migrations: [...migrations],
    extra: { max: options.poolSize ?? 10 },
    logging: false,
  });
}

/** Connects and applies every pending migration, each in its own transaction. */
export async function openDatabase(url: string, migrations: readonly MigrationClass[], options: DatabaseOptions = {}): Promise<DataSource> {
  const dataSource = createDataSource(url, migrations, options);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
