import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@kassa/event-store';
import { executeCommand } from '../application/execute-command';
import { CLOCK, type Clock, EVENT_STORE, MERCHANTS, type MerchantDirectory, metadataFor, type RequestContext } from '../application/ledger-context';
import type { ScreenshotUpload } from '../application/payment-provider';
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
    const submitted = await executeCommand(this.store, depositDecider, streamId, {
      type: 'SubmitActivation',
      data: { ...activation, tenantId, depositId, screenshot: screenshot && screenshotMeta(screenshot) },
    }, options);
    const deposit = submitted.state;
    invariant(deposit.status !== 'empty' && deposit.lastActivation !== null, `activation of deposit ${depositId} recorded no attempt`);
    const attempt = deposit.lastActivation.attempt;

    const answer = await provider.activate({
      walletType: deposit.walletType,
      label: deposit.label,
      currency: deposit.currency,
      transactionId: request.transactionId,
      amountMinor: request.amountMinor,
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
