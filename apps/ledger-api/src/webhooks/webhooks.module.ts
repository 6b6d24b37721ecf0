import { Module } from '@nestjs/common';
import { queryProvider } from '@kassa/infrastructure';
import { WEBHOOK_ENDPOINT_HANDLERS } from '@kassa/ledger';
import { WebhookEndpointQueries } from '@kassa/read-models';
import { WebhookEndpointsController } from './webhook-endpoints.controller';

/** Webhooks to merchant platforms: the merchant's endpoints. Delivery is background work. */
@Module({
  controllers: [WebhookEndpointsController],
  providers: [...WEBHOOK_ENDPOINT_HANDLERS, queryProvider(WebhookEndpointQueries)],
})
export class WebhooksModule {}
