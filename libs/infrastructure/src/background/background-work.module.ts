import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { type EventStore, type ProcessManager, ProcessManagerRunner, ProjectionRunner } from '@kassa/event-store';
import { CLOCK, type Clock, EVENT_STORE, PAYKASSMA_CLIENT, WalletPostingsProcessManager, WithdrawalSubmitter } from '@kassa/ledger';
import type { PaykassmaClient } from '@kassa/paykassma';
import type { Config } from '@kassa/platform';
import { READ_MODEL_PROJECTIONS } from '@kassa/read-models';
import { CONFIG, LOGGER } from '../tokens';
import { BACKGROUND_WORK_OPTIONS, BackgroundWork, type BackgroundWorkOptions } from './background-work';

/** Every process manager the service runs, in one list for the one ProcessManagerRunner. */
export const PROCESS_MANAGERS = Symbol('PROCESS_MANAGERS');

/**
 * Projections, process managers and the withdrawal submitter as providers (needs InfrastructureModule).
 * `startOnBootstrap` is true in the service; the CLI leaves it false and starts what a command needs.
 */
@Module({})
export class BackgroundWorkModule {
  static forRoot(options: BackgroundWorkOptions): DynamicModule {
    return {
      module: BackgroundWorkModule,
      global: true,
      providers: [
        { provide: BACKGROUND_WORK_OPTIONS, useValue: options },
        {
          provide: ProjectionRunner,
          inject: [DataSource, EVENT_STORE],
          useFactory: (dataSource: DataSource, store: EventStore) => new ProjectionRunner({ dataSource, store, projections: READ_MODEL_PROJECTIONS }),
        },
        {
          provide: WalletPostingsProcessManager,
          inject: [EVENT_STORE, CLOCK],
          useFactory: (store: EventStore, clock: Clock) => new WalletPostingsProcessManager(store, clock),
        },
        {
          provide: WithdrawalSubmitter,
          inject: [DataSource, EVENT_STORE, PAYKASSMA_CLIENT, CLOCK, CONFIG, LOGGER],
          useFactory: (dataSource: DataSource, store: EventStore, client: PaykassmaClient, clock: Clock, config: Config, logger: Logger) =>
            new WithdrawalSubmitter({
              dataSource,
              store,
              client,
              clock,
              tenantId: config.tenantId,
              withdrawalKey: config.paykassma.withdrawalKey,
              isTest: config.paykassma.isTest,
              maxAttempts: config.paykassma.maxAttempts,
              retryBaseMs: config.paykassma.retryBaseMs,
              log: logger,
            }),
        },
        {
          provide: PROCESS_MANAGERS,
          inject: [WalletPostingsProcessManager, WithdrawalSubmitter],
          useFactory: (walletPostings: WalletPostingsProcessManager, submitter: WithdrawalSubmitter): ProcessManager[] => [walletPostings, submitter.processManager()],
        },
        {
          provide: ProcessManagerRunner,
          inject: [DataSource, EVENT_STORE, PROCESS_MANAGERS, LOGGER],
          useFactory: (dataSource: DataSource, store: EventStore, processManagers: ProcessManager[], logger: Logger) =>
            new ProcessManagerRunner({ dataSource, store, processManagers, log: logger }),
        },
        BackgroundWork,
      ],
      exports: [BackgroundWork, ProjectionRunner, ProcessManagerRunner, WithdrawalSubmitter],
    };
  }
}
