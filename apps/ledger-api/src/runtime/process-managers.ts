import type { INestApplication } from '@nestjs/common';
import type { ProcessManager } from '@kassa/event-store';
import { CLOCK, type Clock, WalletPostingsProcessManager, WithdrawalSubmitter } from '@kassa/ledger';
import { Runtime } from './runtime';

/** The durable work beside the HTTP API: reactions to events, and the withdrawal submissions. */
export interface BackgroundWork {
  readonly processManagers: readonly ProcessManager[];
  readonly submitter: WithdrawalSubmitter;
}

export function backgroundWork(app: INestApplication): BackgroundWork {
  const runtime = app.get(Runtime);
  const clock = app.get<Clock>(CLOCK);
  const submitter = app.get(WithdrawalSubmitter);
  return {
    processManagers: [new WalletPostingsProcessManager(runtime.eventStore, clock), submitter.processManager()],
    submitter,
  };
}
