import { Module } from '@nestjs/common';
import { queryProvider } from '@kassa/infrastructure';
import { WebhookEventQueries } from '@kassa/read-models';
import { EventsController } from './events.controller';

/** `GET /v1/events`: the event feed, read from the webhook events the webhook-events projection writes. */
@Module({ controllers: [EventsController], providers: [queryProvider(WebhookEventQueries)] })
export class EventsModule {}
