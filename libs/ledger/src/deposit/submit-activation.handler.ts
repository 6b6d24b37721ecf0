import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { executeCommand, type ExecuteOptions } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, MERCHANTS, type MerchantDirectory, metadataFor, type RequestContext } from '../application/ledger-context';
import type { PaymentProvider, ScreenshotUpload } from '../application/payment-provider';
import { StreamTurns } from '../application/stream-turns';
import { invariant } from '../shared/domain-error';
import { depositStreamId } from '@kassa/kernel';
import type { ActivationRequest } from './deposit.commands';
import { depositDecider } from './deposit.decider';
import { customTransactionIdFor } from './custom-transaction-id';
import type { ScreenshotMeta } from './deposit.events';

export class SubmitActivationCommand {
  constructor(
    readonly depositId: string,
    /** The screenshot goes to the provider as it is; the stream keeps only its digest. */
    readonly request: ActivationRequest & { readonly screenshot: ScreenshotUpload | null },
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
 * Records the player's transaction number (SubmitActivation), sends it to the provider, and records
 * the answer (RecordActivationAnswer). Nothing here credits: only a signed postback does.
 */
@CommandHandler(SubmitActivationCommand)
export class SubmitActivationHandler implements ICommandHandler<SubmitActivationCommand, void> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MERCHANTS) private readonly merchants: MerchantDirectory,
  ) {}

  async execute({ depositId, request, context }: SubmitActivationCommand): Promise<void> {
    const { settings, provider } = this.merchants.get(context.merchantId);
    const tenantId = settings.tenantId;
    const streamId = depositStreamId(tenantId, depositId);
    const options = { metadata: metadataFor(tenantId, context), now: () => this.clock.now().toISOString() };
    const { screenshot, ...activation } = request;
    // The provider may post the result back before its answer to us is recorded (the sandbox does so
    // at once): holding the deposit's turn until then lets that postback, which waits for the turn
    // (decideDepositPostback), decide after the answer instead of failing its commit on the version before.
    const release = await StreamTurns.of(this.store).take(streamId);
    try {
      await this.submit(streamId, { ...activation, tenantId, depositId }, screenshot, provider, options);
    } finally {
      release();
    }
  }

  private async submit(
    streamId: string,
    activation: ActivationRequest & { readonly tenantId: string; readonly depositId: string },
    screenshot: ScreenshotUpload | null,
    provider: PaymentProvider,
    options: ExecuteOptions,
  ): Promise<void> {
    const { tenantId, depositId } = activation;
    const submitted = await executeCommand(this.store, depositDecider, streamId, {
      type: 'SubmitActivation',
      data: { ...activation, screenshot: screenshot && screenshotMeta(screenshot) },
    }, options);
    const deposit = submitted.state;
    invariant(deposit.status !== 'empty' && deposit.lastActivation !== null, `activation of deposit ${depositId} recorded no attempt`);
    const attempt = deposit.lastActivation.attempt;

    const answer = await provider.activate({
      walletType: deposit.walletType,
      label: deposit.label,
      currency: deposit.currency,
      transactionId: activation.transactionId,
      amountMinor: activation.amountMinor,
      customTransactionId: customTransactionIdFor(depositId, attempt),
      screenshot,
    });
    await executeCommand(this.store, depositDecider, streamId, { type: 'RecordActivationAnswer', data: { tenantId, depositId, attempt, answer } }, options);
    if (answer.status === 'unknown') throw new ActivationOutcomeUnknownError(depositId, answer.error);
  }
}

function screenshotMeta(file: ScreenshotUpload): ScreenshotMeta {
  return {
    fileName: file.fileName,
    contentType: file.contentType,
    sizeBytes: file.data.byteLength,
    sha256: createHash('sha256').update(file.data).digest('hex'),
  };
}
