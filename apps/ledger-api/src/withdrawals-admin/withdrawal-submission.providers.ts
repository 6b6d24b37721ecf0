import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WITHDRAWAL_SUBMISSION_PROVIDERS, WITHDRAWAL_SUBMISSION_SETTINGS, WITHDRAWAL_SUBMITTER_LOG, type WithdrawalSubmissionSettings } from '@kassa/ledger';
import { Runtime } from '../runtime/runtime';

/**
 * Withdrawal submission: the submitter, its command handlers (submit, record the answer, park,
 * pause and resume the queue, resubmit and resolve a parked withdrawal) and the status query, with
 * their settings. They use the application's EVENT_STORE, CLOCK, LEDGER_SETTINGS and PAYKASSMA_CLIENT,
 * so they sit beside them until the infrastructure is a module of its own.
 */
export function withdrawalSubmissionProviders(runtime: Runtime): Provider[] {
  const paykassma = runtime.config.paykassma;
  const settings: WithdrawalSubmissionSettings = {
    tenantId: runtime.config.tenantId,
    withdrawalKey: paykassma.withdrawalKey,
    isTest: paykassma.isTest,
    maxAttempts: paykassma.maxAttempts,
    retryBaseMs: paykassma.retryBaseMs,
    pauseAfterRefusals: paykassma.pauseAfterRefusals,
  };
  return [
    { provide: DataSource, useValue: runtime.dataSource },
    { provide: WITHDRAWAL_SUBMISSION_SETTINGS, useValue: settings },
    { provide: WITHDRAWAL_SUBMITTER_LOG, useValue: runtime.logger },
    ...WITHDRAWAL_SUBMISSION_PROVIDERS,
  ];
}
