import type { Provider } from '@nestjs/common';
import { RedeliverWebhookHandler, SendWebhookDeliveryHandler } from './send-webhook.handler';
import { WebhookDeliveryWorker } from './webhook-delivery-worker';

/**
 * Webhook delivery's providers, for a module that also provides CqrsModule, DataSource, CLOCK,
 * KassaMetrics, WEBHOOK_DELIVERY_SETTINGS and WEBHOOK_DELIVERY_LOG.
 */
export const WEBHOOK_DELIVERY_PROVIDERS: Provider[] = [WebhookDeliveryWorker, SendWebhookDeliveryHandler, RedeliverWebhookHandler];
