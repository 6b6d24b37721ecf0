import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { buildPluginUrl, getWalletType, PaykassmaClient, ProviderRejected } from '@kassa/paykassma';
import { executeCommand } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_SETTINGS, type LedgerSettings, metadataFor, PAYKASSMA_CLIENT, type RequestContext } from '../application/ledger-context';
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
    @Inject(PAYKASSMA_CLIENT) private readonly client: PaykassmaClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
  ) {}

  /** Returns the new deposit's id (the stream holds the rest). */
  async execute({ input, context }: OpenDepositCommand): Promise<string> {
    const entry = getWalletType(input.walletType);
    const depositId = randomUUID();
    let answer: DepositCreationAnswer;
    try {
      const created = await this.client.createDeposit(entry.walletType, { currency: entry.currency, label: input.label });
      const paymentUrl = buildPluginUrl({
        pluginUrl: this.settings.pluginUrl,
        walletType: entry.walletType,
        label: input.label,
        customTransactionId: depositId,
        lang: input.lang,
        fixedAmount: input.amountMinor === null ? null : { amountMinor: input.amountMinor, currency: entry.currency },
        redirectIds: this.settings.paymentUrlIds,
      });
      answer = { status: 'issued', walletDetails: created.params, paymentUrl };
    } catch (error) {
      if (!(error instanceof ProviderRejected)) throw error;
      answer = { status: 'refused', reason: error.providerMessage };
    }
    const streamId = depositStreamId(this.settings.tenantId, depositId);
    await executeCommand(
      this.store,
      depositDecider,
      streamId,
      {
        type: 'OpenDeposit',
        data: {
          tenantId: this.settings.tenantId,
          depositId,
          walletType: entry.walletType,
          currency: entry.currency,
          label: input.label,
          requestedAmountMinor: input.amountMinor,
          lang: input.lang,
          answer,
        },
      },
      { metadata: metadataFor(this.settings.tenantId, context), now: () => this.clock.now().toISOString() },
    );
    return depositId;
  }
}
