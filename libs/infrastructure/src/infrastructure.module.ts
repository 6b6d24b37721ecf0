import { type DynamicModule, Injectable, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { EventStore } from '@kassa/event-store';
import { CLOCK, EVENT_STORE, MERCHANTS, type MerchantDirectory, systemClock } from '@kassa/ledger';
import { type Config, type EmbeddedDatabase, KassaMetrics, openDatabase } from '@kassa/platform';
import { connectDatabase, type DatabaseHandle } from './database/database';
import { openEventStore } from './database/event-store.factory';
import { ALL_MIGRATIONS } from './database/migrations';
import { providerCallReporter } from './metrics/provider-call-reporter';
import { scrapedSources } from './metrics/scraped-sources';
import { SubscriptionStatusSource } from './metrics/subscription-status-source';
import { OpenResources } from './open-resources';
import { merchantDirectoryFrom } from './provider-settings';
import { CONFIG, DATABASE, EVENT_POOL, LOGGER } from './tokens';

export interface InfrastructureOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** The port this process serves HTTP on (the built-in sandbox's address); the configured PORT when absent. */
  readonly port?: number;
  /** Where each opened resource is recorded; the caller closes it if the container never starts. */
  readonly resources: OpenResources;
  /** The embedded PostgreSQL of DATA_DIR when the caller started it already (main.ts, to load the code meanwhile). */
  readonly embeddedDatabase?: Promise<EmbeddedDatabase>;
}

/** The read models' pool: queries and projection batches. */
const DATA_SOURCE_POOL_SIZE = 16;
/** The event store's pool: many short appends at once. */
const EVENT_POOL_SIZE = 32;

/** Closes what was opened, in reverse order, after the HTTP server (if any) has stopped taking requests. */
@Injectable()
class InfrastructureShutdown implements OnApplicationShutdown {
  constructor(private readonly resources: OpenResources) {}

  async onApplicationShutdown(): Promise<void> {
    await this.resources.closeAll();
  }
}

function infrastructureProviders({ config, logger, port, resources, embeddedDatabase }: InfrastructureOptions): Provider[] {
  const servedPort = port ?? config.port;
  return [
    { provide: CONFIG, useValue: config },
    { provide: LOGGER, useValue: logger },
    { provide: OpenResources, useValue: resources },
    InfrastructureShutdown,
    {
      provide: DATABASE,
      useFactory: async (): Promise<DatabaseHandle> => {
        const database = await connectDatabase(config, embeddedDatabase);
        if (database.embedded) resources.opened('the embedded PostgreSQL', () => database.embedded!.stop());
        return database;
      },
    },
    {
      provide: DataSource,
      inject: [DATABASE],
      useFactory: async (database: DatabaseHandle): Promise<DataSource> => {
        const dataSource = await openDatabase(database.url, ALL_MIGRATIONS, { poolSize: DATA_SOURCE_POOL_SIZE });
        resources.opened('the read-model data source', () => dataSource.destroy());
        return dataSource;
      },
    },
    {
      provide: EVENT_POOL,
      // After the DataSource: its migrations create the tables the event store works on.
      inject: [DATABASE, DataSource],
      useFactory: (database: DatabaseHandle): Pool => {
        const pool = new Pool({ connectionString: database.url, max: EVENT_POOL_SIZE });
        // An idle pooled connection that the server drops (restart, failover) must not crash the process.
        // The reason only: pg's error carries the whole client (connection settings, statements) with it.
        pool.on('error', (error: Error & { code?: string }) => logger.warn({ reason: error.message, code: error.code }, 'event store connection lost; the pool reconnects'));
        resources.opened('the event store pool', () => pool.end());
        return pool;
      },
    },
    {
      provide: EVENT_STORE,
      inject: [EVENT_POOL],
      useFactory: async (pool: Pool): Promise<EventStore> => {
        const store = await openEventStore(config, pool);
        resources.opened('the event store', () => store.close());
        return store;
      },
    },
    { provide: CLOCK, useValue: systemClock },
    SubscriptionStatusSource,
    {
      // One registry per service: /metrics reads it; HTTP, postbacks and the provider client write it.
      provide: KassaMetrics,
      inject: [DataSource, EVENT_STORE, SubscriptionStatusSource],
      useFactory: (dataSource: DataSource, store: EventStore, subscriptions: SubscriptionStatusSource) =>
        new KassaMetrics(scrapedSources({ merchantIds: config.merchants.map((merchant) => merchant.id), dataSource, store, subscriptionStatus: () => subscriptions.status() })),
    },
    {
      // Each merchant's settings and its own provider client, reporting under the merchant's label.
      provide: MERCHANTS,
      inject: [KassaMetrics],
      useFactory: (metrics: KassaMetrics): MerchantDirectory => merchantDirectoryFrom(config, servedPort, (merchantId) => providerCallReporter(metrics, logger, merchantId)),
    },
  ];
}

const EXPORTED = [CONFIG, LOGGER, DATABASE, DataSource, EVENT_POOL, EVENT_STORE, CLOCK, MERCHANTS, KassaMetrics, SubscriptionStatusSource];

/**
 * The process's long-lived infrastructure as injectable providers, for the API and the CLI alike:
 * configuration, logger, database (embedded or DATABASE_URL) with every migration applied, the
 * TypeORM DataSource, the event store on its own pool, the clock, the merchants (settings and a
 * provider client each) and the metrics registry. Global: every feature module injects what it needs by token.
 */
@Module({})
export class InfrastructureModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return { module: InfrastructureModule, global: true, providers: infrastructureProviders(options), exports: EXPORTED };
  }
}
