import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { type EventStore, type ProcessManager, ProcessManagerRunner, ProjectionRunner } from '@kassa/event-store';
import {
  EVENT_STORE,
  PostWalletEffectHandler,
  RequestWithdrawalFromHoldHandler,
  WalletPostingsProcessManager,
  WEBHOOK_DELIVERY_LOG,
  WEBHOOK_DELIVERY_PROVIDERS,
  WEBHOOK_DELIVERY_SETTINGS,
  type WebhookDeliverySettings,
  WebhookDeliveryWorker,
  WITHDRAWAL_SUBMISSION_PROVIDERS,
  WITHDRAWAL_SUBMISSION_SETTINGS,
  WITHDRAWAL_SUBMITTER_LOG,
  type WithdrawalSubmissionSettings,
  WithdrawalSubmissionStatus,
  WithdrawalSubmitter,
} from '@kassa/ledger';
import type { Config } from '@kassa/platform';
import { READ_MODEL_PROJECTIONS } from '@kassa/read-models';
import { CONFIG, LOGGER } from '../tokens';
import { BACKGROUND_WORK_OPTIONS, BackgroundWork, type BackgroundWorkOptions } from './background-work';

/** Every process manager the service runs, in one list for the one ProcessManagerRunner. */
export const PROCESS_MANAGERS = Symbol('PROCESS_MANAGERS');

/**
 * Projections, process managers, the withdrawal submitter and webhook delivery as providers (needs InfrastructureModule
 * and CqrsModule: the submitter dispatches its commands on the CommandBus).
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
          inject: [DataSource, EVENT_STORE, LOGGER],
          useFactory: (dataSource: DataSource, store: EventStore, logger: Logger) =>
            new ProjectionRunner({ dataSource, store, projections: READ_MODEL_PROJECTIONS, log: logger }),
        },
        PostWalletEffectHandler,
        RequestWithdrawalFromHoldHandler,
        WalletPostingsProcessManager,
        {
          provide: WITHDRAWAL_SUBMISSION_SETTINGS,
          inject: [CONFIG],
          useFactory: (config: Config): WithdrawalSubmissionSettings => ({
            tenantId: config.defaultMerchantId,
            maxAttempts: config.paykassma.maxAttempts,
            retryBaseMs: config.paykassma.retryBaseMs,
            pauseAfterRefusals: config.paykassma.pauseAfterRefusals,
          }),
        },
        { provide: WITHDRAWAL_SUBMITTER_LOG, useExisting: LOGGER },
        {
          provide: WEBHOOK_DELIVERY_SETTINGS,
          inject: [CONFIG],
          useFactory: (config: Config): WebhookDeliverySettings => ({
            retryScheduleMs: config.webhooks.retryScheduleMs,
            timeoutMs: config.webhooks.timeoutMs,
            allowPrivateUrls: config.webhooks.allowPrivateUrls,
          }),
        },
        { provide: WEBHOOK_DELIVERY_LOG, useExisting: LOGGER },
        // The fan-out from webhook events, the delivery worker and its send and redeliver commands.
        ...WEBHOOK_DELIVERY_PROVIDERS,
        // The submitter, its command handlers (submit, record the answer, park, pause and resume the
        // queue, resubmit and resolve a parked withdrawal) and the queue's status query.
        ...WITHDRAWAL_SUBMISSION_PROVIDERS,
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
      exports: [BackgroundWork, ProjectionRunner, ProcessManagerRunner, WithdrawalSubmitter, WithdrawalSubmissionStatus, WebhookDeliveryWorker],
    };
  }
}
