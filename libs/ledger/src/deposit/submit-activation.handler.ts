import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { PaykassmaClient, ProviderRejected, ProviderUnavailable, type ScreenshotFile } from '@kassa/paykassma';
import { executeCommand, loadState } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_SETTINGS, type LedgerSettings, metadataFor, PAYKASSMA_CLIENT, type RequestContext } from '../application/ledger-context';
import { DomainError } from '../shared/domain-error';
import { depositStreamId } from '@kassa/kernel';
import type { ActivationAnswer } from './deposit.commands';
import { depositDecider } from './deposit.decider';
import { customTransactionIdFor } from './custom-transaction-id';

export class SubmitActivationCommand {
  constructor(
    readonly depositId: string,
    readonly input: { readonly transactionId: string; readonly amountMinor: bigint; readonly screenshot: ScreenshotFile | null },
    readonly context: RequestContext,
  ) {}
}

/** The provider could not be reached: the activation is recorded with an unknown outcome. */
export class ActivationOutcomeUnknownError extends Error {
  constructor(readonly depositId: string, readonly reason: string) {
    super(`the provider did not answer the activation: ${reason}`);
    this.name = 'ActivationOutcomeUnknownError';
  }
}

/**
 * Records the player's transaction number, sends it to the provider, and records the answer.
 * Nothing here credits: only a signed postback does.
 */
@CommandHandler(SubmitActivationCommand)
export class SubmitActivationHandler implements ICommandHandler<SubmitActivationCommand, void> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PAYKASSMA_CLIENT) private readonly client: PaykassmaClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
  ) {}

  async execute({ depositId, input, context }: SubmitActivationCommand): Promise<void> {
    const tenantId = this.settings.tenantId;
    const streamId = depositStreamId(tenantId, depositId);
    const options = { metadata: metadataFor(tenantId, context), now: () => this.clock.now().toISOString() };
    const { state } = await loadState(this.store, depositDecider, streamId);
    if (state.status === 'empty') throw new DomainError('NOT_FOUND', `no deposit with id ${depositId}`);

    const screenshot = input.screenshot;
    const submitted = await executeCommand(this.store, depositDecider, streamId, {
      type: 'SubmitActivation',
      data: {
        tenantId,
        depositId,
        transactionId: input.transactionId,
        amountMinor: input.amountMinor,
        screenshot: screenshot === null ? null : {
          fileName: screenshot.fileName,
          contentType: screenshot.contentType,
          sizeBytes: screenshot.data.byteLength,
          sha256: createHash('sha256').update(screenshot.data).digest('hex'),
        },
      },
    }, options);
    const attempt = submitted.state.status === 'empty' ? 0 : submitted.state.lastActivation?.attempt ?? 0;

    const answer = await this.askProvider(state.walletType, state.label, state.currency, depositId, attempt, input);
    await executeCommand(this.store, depositDecider, streamId, {
      type: 'RecordActivationAnswer',
      data: { tenantId, depositId, attempt, answer },
    }, options);
    if (answer.status === 'unknown') throw new ActivationOutcomeUnknownError(depositId, answer.error);
  }

  private async askProvider(
    walletType: string, label: string, currency: string, depositId: string, attempt: number, input: SubmitActivationCommand['input'],
  ): Promise<ActivationAnswer> {
    try {
      const answer = await this.client.activate({
        walletType,
        label,
        transactionId: input.transactionId,
        amount: { amountMinor: input.amountMinor, currency },
        customTransactionId: customTransactionIdFor(depositId, attempt),
        screenshot: input.screenshot,
      });
      switch (answer.status) {
        case 'ok':
          return { status: 'ok', providerAmountMinor: answer.depositAmount?.amountMinor ?? null, message: null };
        case 'pending':
        case 'possible_transaction_created':
          return { status: answer.status, providerAmountMinor: null, message: answer.message };
        case 'success':
          return { status: 'success', providerAmountMinor: null, message: null };
      }
    } catch (error) {
      if (error instanceof ProviderRejected) return { status: 'fail', message: error.providerMessage };
      if (error instanceof ProviderUnavailable) return { status: 'unknown', error: error.message };
      throw error;
    }
  }
}
