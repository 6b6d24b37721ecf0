import { Module } from '@nestjs/common';
import { queryProvider } from '@kassa/infrastructure';
import { WEBHOOK_ENDPOINT_HANDLERS } from '@kassa/ledger';
import { WebhookDeliveryQueries, WebhookEndpointQueries } from '@kassa/read-models';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookEndpointsController } from './webhook-endpoints.controller';

/**
 * Webhooks to merchant platforms: the merchant's endpoints, their deliveries and a resend by hand.
 * Sending is background work (WebhookDeliveryWorker in BackgroundWorkModule, which also provides the
 * redeliver command's handler).
 */
@Module({
  controllers: [WebhookEndpointsController, WebhookDeliveriesController],
  providers: [...WEBHOOK_ENDPOINT_HANDLERS, queryProvider(WebhookEndpointQueries), queryProvider(WebhookDeliveryQueries)],
})
export class WebhooksModule {}
