import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES } from '@kassa/ledger';
import { UnknownFeedCursorError, WebhookEventQueries, type WebhookFeedPage } from '@kassa/read-models';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { merchantOf } from '../auth/request-merchant';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { ApiProblems } from '../http/openapi/api-problems';
import { limitError, parseLimit, refuseAll } from '../http/pagination';
import { EVENT_FEED_SCHEMA, WebhookEventDto } from './events.responses';
import { afterError, parseTypes } from './feed-query';

/**
 * The merchant's event feed: the webhook events in the order they were recorded, for a platform that
 * was down (or prefers to poll) to catch up. The same bodies the webhooks carry (docs/api.md, "Event feed").
 */
@ApiTags('webhooks')
@RequireScopes('payments', 'finance')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly queries: WebhookEventQueries) {}

  @Get()
  @ApiOperation({ operationId: 'listEvents', summary: 'The merchant’s webhook events, oldest first, after a cursor' })
  @ApiQuery({
    name: 'type',
    required: false,
    description: `Only these types: one, several separated by commas, or the parameter repeated. Known: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    schema: { type: 'string' },
  })
  @ApiQuery({ name: 'after', required: false, description: 'the id of the last event you have (a nextCursor or any event id of this feed)', schema: { type: 'string' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'merchant', required: false, description: 'For a finance key across merchants: the merchant whose feed to read', schema: { type: 'string' } })
  @ApiExtraModels(WebhookEventDto)
  @ApiOkResponse({ description: 'One page of events, oldest first', schema: EVENT_FEED_SCHEMA })
  @ApiProblems(400)
  async list(
    @Req() request: AuthenticatedRequest,
    @Query('type') type?: unknown,
    @Query('after') after?: unknown,
    @Query('limit') limit?: string,
  ): Promise<WebhookFeedPage> {
    const types = parseTypes(type);
    refuseAll([types.error ?? null, afterError(after), limitError(limit)]);
    const merchantId = merchantOf(request);
    try {
      return await this.queries.feed(merchantId, { types: types.types, after: after as string | undefined, limit: parseLimit(limit) });
    } catch (error) {
      if (error instanceof UnknownFeedCursorError) throw ApiError.validation([{ field: 'after', message: error.message }]);
      throw error;
    }
  }
}
