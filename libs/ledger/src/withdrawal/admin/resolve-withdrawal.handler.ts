import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicEventId, type EventStore } from '@kassa/event-store';
import { DataSource } from 'typeorm';
import { executeCommand } from '../../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_SETTINGS, type LedgerSettings, metadataFor, type RequestContext } from '../../application/ledger-context';
import { invariant } from '../../shared/domain-error';
import { walletStreamId, withdrawalStreamId } from '../../shared/stream-ids';
import { walletDecider } from '../../wallet/wallet.decider';
import { walletCommandFor } from '../../wallet/wallet.reactions';
import { finishSubmission } from '../submission/submission-queue';
import { withdrawalDecider } from '../withdrawal.decider';
import type { OperatorOutcome } from '../withdrawal.events';
import type { ExistingWithdrawal } from '../withdrawal.state';

export class ResolveWithdrawalCommand {
  constructor(
    readonly withdrawalId: string,
    readonly outcome: OperatorOutcome,
    readonly reason: string,
    readonly context: RequestContext,
  ) {}
}

/**
 * An operator records the outcome of a parked withdrawal, confirmed with Paykassma:
 * WithdrawalResolvedByOperator (audited with the API key id), then at once what wallet-postings
 * would do from it (settle or release the hold), with the event id wallet-postings derives, so the
 * answer already shows in the balance and the process manager's later turn changes nothing.
 */
@CommandHandler(ResolveWithdrawalCommand)
export class ResolveWithdrawalHandler implements ICommandHandler<ResolveWithdrawalCommand, ExistingWithdrawal> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
  ) {}

  async execute({ withdrawalId, outcome, reason, context }: ResolveWithdrawalCommand): Promise<ExistingWithdrawal> {
    const tenantId = this.settings.tenantId;
    const metadata = metadataFor(tenantId, context);
    const resolvedEventId = randomUUID();
    const result = await executeCommand(
      this.store,
      withdrawalDecider,
      withdrawalStreamId(tenantId, withdrawalId),
      { type: 'ResolveWithdrawal', data: { tenantId, withdrawalId, outcome, reason } },
      { metadata, now: () => this.clock.now().toISOString(), eventId: () => resolvedEventId },
    );
    const [resolved] = result.appended;
    invariant(resolved?.type === 'WithdrawalResolvedByOperator', `resolving withdrawal ${withdrawalId} appended nothing`);
    await finishSubmission(this.dataSource, { tenantId, withdrawalId });

    const walletCommand = walletCommandFor(resolved);
    invariant(walletCommand !== null, 'a resolution moves the hold');
    await executeCommand(this.store, walletDecider, walletStreamId(walletCommand.data), walletCommand, {
      metadata: { ...metadata, causationId: resolvedEventId },
      now: () => this.clock.now().toISOString(),
      eventId: (index) => deterministicEventId(resolvedEventId, String(index)),
    });
    return result.state as ExistingWithdrawal;
  }
}
