import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { buildPluginUrl, getWalletType, ProviderRejected } from '@kassa/paykassma';
import { executeCommand } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, MERCHANTS, type MerchantDirectory, metadataFor, type RequestContext } from '../application/ledger-context';
import { depositStreamId } from '@kassa/kernel';
import type { DepositCreationAnswer } from './deposit.commands';
import { depositDecider } from './deposit.decider';

export class OpenDepositCommand {
  constructor(
    readonly input: { readonly walletType: string; readonly label: string; readonly amountMinor: bigint | null; readonly lang: string | null },
    readonly context: RequestContext,
  ) {}
}

/**
 * Asks the provider for wallet details and records the answer. A refusal is recorded too (status
 * failed); an unreachable provider records nothing, since nothing happened that we know of.
 */
@CommandHandler(OpenDepositCommand)
export class OpenDepositHandler implements ICommandHandler<OpenDepositCommand, string> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MERCHANTS) private readonly merchants: MerchantDirectory,
  ) {}

  /** Returns the new deposit's id (the stream holds the rest). */
  async execute({ input, context }: OpenDepositCommand): Promise<string> {
    const { settings, client } = this.merchants.get(context.merchantId);
    const entry = getWalletType(input.walletType);
    const depositId = randomUUID();
    let answer: DepositCreationAnswer;
    try {
      const created = await client.createDeposit(entry.walletType, { currency: entry.currency, label: input.label });
      const paymentUrl = buildPluginUrl({
        pluginUrl: settings.pluginUrl,
        walletType: entry.walletType,
        label: input.label,
        customTransactionId: depositId,
        lang: input.lang,
        fixedAmount: input.amountMinor === null ? null : { amountMinor: input.amountMinor, currency: entry.currency },
        redirectIds: settings.paymentUrlIds,
      });
      answer = { status: 'issued', walletDetails: created.params, paymentUrl };
    } catch (error) {
      if (!(error instanceof ProviderRejected)) throw error;
      answer = { status: 'refused', reason: error.providerMessage };
    }
    const streamId = depositStreamId(settings.tenantId, depositId);
    await executeCommand(
      this.store,
      depositDecider,
      streamId,
      {
        type: 'OpenDeposit',
        data: {
          tenantId: settings.tenantId,
          depositId,
          walletType: entry.walletType,
          currency: entry.currency,
          label: input.label,
          requestedAmountMinor: input.amountMinor,
          lang: input.lang,
          answer,
        },
      },
      { metadata: metadataFor(settings.tenantId, context), now: () => this.clock.now().toISOString() },
    );
    return depositId;
  }
}
