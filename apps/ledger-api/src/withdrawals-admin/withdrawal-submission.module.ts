import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WITHDRAWAL_SUBMISSION_PROVIDERS, WITHDRAWAL_SUBMISSION_SETTINGS, WITHDRAWAL_SUBMITTER_LOG, type WithdrawalSubmissionSettings, WithdrawalSubmissionStatus, WithdrawalSubmitter } from '@kassa/ledger';
import { ledgerProviders } from '../runtime/ledger.providers';
import { Runtime } from '../runtime/runtime';
import { WithdrawalsAdminController } from './withdrawals-admin.controller';

/**
 * Withdrawal submission: the submitter, its command handlers (submit, record the answer, park,
 * pause and resume the queue, resubmit and resolve a parked withdrawal) and the admin endpoints.
 * Exports the submitter (started with the background work) and the status query (metrics).
 */
@Module({})
export class WithdrawalSubmissionModule {
  static register(runtime: Runtime, port: number): DynamicModule {
    const paykassma = runtime.config.paykassma;
    const settings: WithdrawalSubmissionSettings = {
      tenantId: runtime.config.tenantId,
      withdrawalKey: paykassma.withdrawalKey,
      isTest: paykassma.isTest,
      maxAttempts: paykassma.maxAttempts,
      retryBaseMs: paykassma.retryBaseMs,
      pauseAfterRefusals: paykassma.pauseAfterRefusals,
    };
    return {
      module: WithdrawalSubmissionModule,
      controllers: [WithdrawalsAdminController],
      providers: [
        // Until the infrastructure is a module of its own, the feature is given what it needs here.
        ...ledgerProviders(runtime, port),
        { provide: DataSource, useValue: runtime.dataSource },
        { provide: WITHDRAWAL_SUBMISSION_SETTINGS, useValue: settings },
        { provide: WITHDRAWAL_SUBMITTER_LOG, useValue: runtime.logger },
        ...WITHDRAWAL_SUBMISSION_PROVIDERS,
      ],
      exports: [WithdrawalSubmitter, WithdrawalSubmissionStatus],
    };
  }
}
