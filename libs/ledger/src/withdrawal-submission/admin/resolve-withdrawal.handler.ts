import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { walletStreamId, withdrawalStreamId } from '@kassa/kernel';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock, EVENT_STORE, metadataFor, type RequestContext } from '../../application/ledger-context';
import { inOneUnit } from '../../application/unit-of-work';
import { invariant } from '../../shared/domain-error';
import { walletDecider } from '../../wallet/wallet.decider';
import { walletEventId } from '../../wallet/wallet-event-id';
import { walletCommandForWithdrawal } from '../../wallet/wallet.reactions';
import { withdrawalDecider } from '../../withdrawal/withdrawal.decider';
import type { OperatorOutcome } from '../../withdrawal/withdrawal.events';
import type { ExistingWithdrawal } from '../../withdrawal/withdrawal.state';
import { finishSubmission } from '../submission-queue';

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
 * WithdrawalResolvedByOperator (audited with the API key id) and the settlement or release of the
 * hold it calls for, committed together (the same unit as a withdrawal postback), so the balance
 * shows it when the command returns; wallet-postings finds the wallet event already there.
 */
@CommandHandler(ResolveWithdrawalCommand)
export class ResolveWithdrawalHandler implements ICommandHandler<ResolveWithdrawalCommand, ExistingWithdrawal> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ withdrawalId, outcome, reason, context }: ResolveWithdrawalCommand): Promise<ExistingWithdrawal> {
    const tenantId = context.merchantId;
    const metadata = metadataFor(tenantId, context);
    const now = () => this.clock.now().toISOString();
    const resolved = await inOneUnit(this.store, async (unit) => {
      const withdrawal = await unit.execute(
        withdrawalDecider,
        withdrawalStreamId(tenantId, withdrawalId),
        { type: 'ResolveWithdrawal', data: { tenantId, withdrawalId, outcome, reason } },
        { metadata, now },
      );
      invariant(withdrawal.state.status === outcome, `resolving withdrawal ${withdrawalId} left it ${withdrawal.state.status}`);
      const effect = walletCommandForWithdrawal(withdrawal.state);
      invariant(effect !== null, 'a resolution moves the hold');
      await unit.execute(walletDecider, walletStreamId(effect.data), effect, { metadata, now, eventId: () => walletEventId(effect) });
      return withdrawal.state as ExistingWithdrawal;
    });
    await finishSubmission(this.dataSource, { tenantId, withdrawalId });
    return resolved;
  }
}
