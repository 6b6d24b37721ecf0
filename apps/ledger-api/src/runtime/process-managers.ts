import type { INestApplication } from '@nestjs/common';
import type { ProcessManager } from '@kassa/event-store';
import { CLOCK, type Clock, PAYKASSMA_CLIENT, WalletPostingsProcessManager, WithdrawalSubmitter } from '@kassa/ledger';
import type { PaykassmaClient } from '@kassa/paykassma';
import { Runtime } from './runtime';

/** The durable work beside the HTTP API: reactions to events, and the withdrawal submissions. */
export interface BackgroundWork {
  readonly processManagers: readonly ProcessManager[];
  readonly submitter: WithdrawalSubmitter;
}

export function backgroundWork(app: INestApplication): BackgroundWork {
  const runtime = app.get(Runtime);
  const clock = app.get<Clock>(CLOCK);
  const paykassma = runtime.config.paykassma;
  const submitter = new WithdrawalSubmitter({
    dataSource: runtime.dataSource,
    store: runtime.eventStore,
    client: app.get<PaykassmaClient>(PAYKASSMA_CLIENT),
    clock,
    tenantId: runtime.config.tenantId,
    withdrawalKey: paykassma.withdrawalKey,
    isTest: paykassma.isTest,
    maxAttempts: paykassma.maxAttempts,
    retryBaseMs: paykassma.retryBaseMs,
    log: runtime.logger,
  });
  return {
    processManagers: [new WalletPostingsProcessManager(runtime.eventStore, clock), submitter.processManager()],
    submitter,
  };
}
