import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RedeliverWebhookCommand } from '@kassa/ledger';
import { WebhookDeliveryQueries, type WebhookDeliveryView } from '@kassa/read-models';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { ApiIdempotent } from '../http/openapi/api-idempotency';
import { ApiProblems } from '../http/openapi/api-problems';
import { requestContext } from '../http/request-context';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { WebhookDeliveryResponseDto } from './webhook-delivery.dto';

const deliveryId = new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('Webhook delivery', 'given') });

@ApiTags('webhooks')
@RequireScopes('payments')
@Controller('v1/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly deliveries: WebhookDeliveryQueries,
  ) {}

  @Post(':id/redeliver')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'redeliverWebhook',
    summary: 'Send a delivery again now, by hand: a new attempt with the same webhook-id, answered after it (at most the webhook timeout, 15 s by default)',
  })
  @ApiIdempotent()
  @ApiOkResponse({ type: WebhookDeliveryResponseDto, description: 'The delivery with the new attempt last' })
  @ApiProblems(404)
  @UseInterceptors(IdempotencyInterceptor)
  async redeliver(@Req() request: AuthenticatedRequest, @Param('id', deliveryId) id: string): Promise<WebhookDeliveryView> {
    const context = requestContext(request);
    await this.commands.execute(new RedeliverWebhookCommand(context, id));
    const view = await this.deliveries.get(context.merchantId, id);
    if (view === null) throw ApiError.notFound('Webhook delivery', id);
    return view;
  }
}
