import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { KassaMetrics } from '@kassa/platform';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock, type RequestContext } from '../application/ledger-context';
import { DomainError } from '../shared/domain-error';
import { signingSecrets } from '../webhook-endpoint/webhook-endpoint.decider';
import { type DeliveryState, type DeliveryToSend, loadDeliveryToSend, recordAttempt } from './delivery-records';
import { nextAttemptDelayMs } from './retry-schedule';
import { WEBHOOK_DELIVERY_LOG, WEBHOOK_DELIVERY_SETTINGS, type WebhookDeliveryLog, type WebhookDeliverySettings } from './webhook-delivery-settings';
import { sendWebhook } from './webhook-sender';
import { webhookHeaders } from './webhook-signature';

/** The worker's attempt at a due delivery. Answers its state afterwards, or 'skipped' when it was not to be sent. */
export class SendWebhookDeliveryCommand {
  constructor(readonly deliveryId: string) {}
}

/** A merchant's resend by hand: a new attempt with the same webhook-id, whatever the delivery's state. */
export class RedeliverWebhookCommand {
  constructor(readonly context: RequestContext, readonly deliveryId: string) {}
}

export type SendOutcome = DeliveryState | 'skipped';

/** Shared by both commands: sign, send, record, count. */
abstract class DeliveryAttempts {
  constructor(
    @Inject(DataSource) protected readonly dataSource: DataSource,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(WEBHOOK_DELIVERY_SETTINGS) protected readonly settings: WebhookDeliverySettings,
    @Inject(WEBHOOK_DELIVERY_LOG) protected readonly log: WebhookDeliveryLog,
    protected readonly metrics: KassaMetrics,
  ) {}

  protected async attempt(delivery: DeliveryToSend, manual: boolean): Promise<DeliveryState> {
    const sentAt = this.clock.now();
    const result = await sendWebhook({
      url: delivery.endpoint.url,
      headers: webhookHeaders(delivery.eventId, sentAt, delivery.body, signingSecrets(delivery.endpoint, sentAt)),
      body: delivery.body,
      timeoutMs: this.settings.timeoutMs,
      policy: { allowPrivate: this.settings.allowPrivateUrls },
      resolve: this.settings.resolve,
    });
    const nextDelayMs = result.delivered || manual ? null : nextAttemptDelayMs(this.settings.retryScheduleMs, delivery.attempts + 1, this.settings.random ?? Math.random);
    const outcome = await recordAttempt(this.dataSource, delivery, result, sentAt, manual, nextDelayMs);
    this.metrics.webhookDelivery(delivery.merchantId, result.delivered ? 'delivered' : outcome.state === 'failed' ? 'failed' : 'retrying');
    // Never the URL's query, the headers or the body: the URL may carry the platform's own token.
    const details = { merchant: delivery.merchantId, endpointId: delivery.endpoint.id, deliveryId: delivery.id, webhookId: delivery.eventId, httpStatus: result.httpStatus, durationMs: result.durationMs, manual };
    if (!result.delivered) this.log.info({ ...details, error: result.error, state: outcome.state }, 'webhook attempt failed');
    if (outcome.endpointDisabled) this.log.warn({ merchant: delivery.merchantId, endpointId: delivery.endpoint.id }, 'webhook endpoint disabled: every delivery failed for 5 days');
    return outcome.state;
  }
}

@CommandHandler(SendWebhookDeliveryCommand)
export class SendWebhookDeliveryHandler extends DeliveryAttempts implements ICommandHandler<SendWebhookDeliveryCommand, SendOutcome> {
  async execute({ deliveryId }: SendWebhookDeliveryCommand): Promise<SendOutcome> {
    const delivery = await loadDeliveryToSend(this.dataSource, deliveryId);
    // Deleted, disabled, or already settled by a manual resend meanwhile.
    if (delivery === undefined || delivery.state !== 'pending' || !delivery.endpoint.enabled) return 'skipped';
    return this.attempt(delivery, false);
  }
}

@CommandHandler(RedeliverWebhookCommand)
export class RedeliverWebhookHandler extends DeliveryAttempts implements ICommandHandler<RedeliverWebhookCommand, DeliveryState> {
  async execute({ context, deliveryId }: RedeliverWebhookCommand): Promise<DeliveryState> {
    const delivery = await loadDeliveryToSend(this.dataSource, deliveryId, context.merchantId);
    if (delivery === undefined) throw new DomainError('NOT_FOUND', `no webhook delivery ${deliveryId}`);
    return this.attempt(delivery, true);
  }
}
