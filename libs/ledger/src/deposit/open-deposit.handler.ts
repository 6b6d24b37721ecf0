import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { executeCommand } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, MERCHANTS, type MerchantDirectory, metadataFor, type RequestContext } from '../application/ledger-context';
import { depositStreamId } from '@kassa/kernel';
import type { DepositRequest } from './deposit.commands';
import { depositDecider } from './deposit.decider';

export class OpenDepositCommand {
  constructor(
    readonly request: DepositRequest,
    readonly context: RequestContext,
  ) {}
}

/**
 * Asks the provider for wallet details and records the answer (OpenDeposit). A refusal is recorded
 * too (status failed); an unreachable provider records nothing, since nothing happened that we know of.
 */
@CommandHandler(OpenDepositCommand)
export class OpenDepositHandler implements ICommandHandler<OpenDepositCommand, string> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MERCHANTS) private readonly merchants: MerchantDirectory,
  ) {}

  /** Returns the new deposit's id (the stream holds the rest). */
  async execute({ request, context }: OpenDepositCommand): Promise<string> {
    const { settings, provider } = this.merchants.get(context.merchantId);
    const tenantId = settings.tenantId;
    const depositId = randomUUID();
    const answer = await provider.openDeposit(depositId, request);
    await executeCommand(
      this.store,
      depositDecider,
      depositStreamId(tenantId, depositId),
      { type: 'OpenDeposit', data: { ...request, tenantId, depositId, answer } },
      // A new random id: decided on the empty stream without reading it first.
      { metadata: metadataFor(tenantId, context), now: () => this.clock.now().toISOString(), assumeNew: true },
    );
    return depositId;
  }
}
