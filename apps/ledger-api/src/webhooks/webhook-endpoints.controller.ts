import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONFIG } from '@kassa/infrastructure';
import {
  ALL_WEBHOOK_EVENT_TYPES,
  CreateWebhookEndpointCommand,
  DeleteWebhookEndpointCommand,
  RotateWebhookEndpointSecretCommand,
  UpdateWebhookEndpointCommand,
  webhookUrlError,
  type WebhookEndpointState,
} from '@kassa/ledger';
import type { Config } from '@kassa/platform';
import { type Page, WebhookDeliveryQueries, type WebhookDeliveryView, WebhookEndpointQueries, type WebhookEndpointView } from '@kassa/read-models';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { merchantOf } from '../auth/request-merchant';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { ApiIdempotent } from '../http/openapi/api-idempotency';
import { ApiPageQuery, ApiPageResponse } from '../http/openapi/api-page';
import { ApiProblems } from '../http/openapi/api-problems';
import { limitError, parseLimit, refuseAll } from '../http/pagination';
import { requestContext } from '../http/request-context';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { endpointView, endpointWithSecret } from './endpoint-view';
import { webhookEndpointBodyErrors } from './webhook-endpoint-rules';
import { WebhookDeliveryResponseDto } from './webhook-delivery.dto';
import { CreateWebhookEndpointDto, DeletedWebhookEndpointDto, UpdateWebhookEndpointDto, WebhookEndpointResponseDto, WebhookEndpointWithSecretDto } from './webhook-endpoint.dto';

/** An id that is not a uuid names no endpoint: 404, like another merchant's. */
const endpointId = new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('Webhook endpoint', 'given') });

@ApiTags('webhooks')
@RequireScopes('payments')
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: WebhookEndpointQueries,
    private readonly deliveries: WebhookDeliveryQueries,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'createWebhookEndpoint', summary: 'Register an endpoint for this merchant’s webhooks; the answer carries its signing secret, shown this once' })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(400)
  @UseInterceptors(IdempotencyInterceptor)
  async create(@Body() body: CreateWebhookEndpointDto, @Req() request: AuthenticatedRequest): Promise<WebhookEndpointView & { secret: string }> {
    refuseAll([...webhookEndpointBodyErrors(body as unknown as Record<string, unknown>, false), await this.urlError(body.url)]);
    const state = await this.commands.execute<CreateWebhookEndpointCommand, WebhookEndpointState>(
      new CreateWebhookEndpointCommand(requestContext(request), {
        url: body.url,
        eventTypes: body.eventTypes ?? [ALL_WEBHOOK_EVENT_TYPES],
        enabled: body.enabled ?? true,
        description: emptyToNull(body.description),
      }),
    );
    return endpointWithSecret(state);
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhookEndpoints', summary: 'This merchant’s webhook endpoints, newest first, cursor-paginated' })
  @ApiPageQuery()
  @ApiPageResponse(WebhookEndpointResponseDto)
  @ApiProblems(400)
  list(@Req() request: AuthenticatedRequest, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<Page<WebhookEndpointView>> {
    refuseAll([limitError(limit)]);
    return this.queries.list(merchantOf(request), { limit: parseLimit(limit), cursor });
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhookEndpoint', summary: 'One webhook endpoint (never its secret)' })
  @ApiOkResponse({ type: WebhookEndpointResponseDto })
  @ApiProblems(404)
  async get(@Req() request: AuthenticatedRequest, @Param('id', endpointId) id: string): Promise<WebhookEndpointView> {
    const view = await this.queries.get(merchantOf(request), id);
    if (view === null) throw ApiError.notFound('Webhook endpoint', id);
    return view;
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: 'The endpoint’s deliveries, newest first, cursor-paginated, each with its attempts (time, HTTP status, duration, error, answer excerpt)' })
  @ApiPageQuery()
  @ApiPageResponse(WebhookDeliveryResponseDto)
  @ApiProblems(400, 404)
  async listDeliveries(@Req() request: AuthenticatedRequest, @Param('id', endpointId) id: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<Page<WebhookDeliveryView>> {
    refuseAll([limitError(limit)]);
    const merchant = merchantOf(request);
    if ((await this.queries.get(merchant, id)) === null) throw ApiError.notFound('Webhook endpoint', id);
    return this.deliveries.listForEndpoint(merchant, id, { limit: parseLimit(limit), cursor });
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateWebhookEndpoint', summary: 'Change an endpoint’s URL, event types, description, or enable/disable it' })
  @ApiOkResponse({ type: WebhookEndpointResponseDto })
  @ApiProblems(400, 404)
  async update(@Req() request: AuthenticatedRequest, @Param('id', endpointId) id: string, @Body() body: UpdateWebhookEndpointDto): Promise<WebhookEndpointView> {
    refuseAll([...webhookEndpointBodyErrors(body as unknown as Record<string, unknown>, true), body.url === undefined ? null : await this.urlError(body.url)]);
    const changes = { url: body.url, eventTypes: body.eventTypes, enabled: body.enabled, description: body.description === undefined ? undefined : emptyToNull(body.description) };
    const state = await this.commands.execute<UpdateWebhookEndpointCommand, WebhookEndpointState>(new UpdateWebhookEndpointCommand(requestContext(request), id, changes));
    return endpointView(state);
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'deleteWebhookEndpoint', summary: 'Remove an endpoint: nothing more is sent to it, its delivery history goes with it' })
  @ApiOkResponse({ type: DeletedWebhookEndpointDto })
  @ApiProblems(404)
  async remove(@Req() request: AuthenticatedRequest, @Param('id', endpointId) id: string): Promise<DeletedWebhookEndpointDto> {
    await this.commands.execute(new DeleteWebhookEndpointCommand(requestContext(request), id));
    return { id, deleted: true };
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rotateWebhookEndpointSecret', summary: 'A new signing secret, shown this once; the old one keeps signing too for 24 h (both signatures are sent)' })
  @ApiIdempotent()
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(404)
  @UseInterceptors(IdempotencyInterceptor)
  async rotate(@Req() request: AuthenticatedRequest, @Param('id', endpointId) id: string): Promise<WebhookEndpointView & { secret: string }> {
    const state = await this.commands.execute<RotateWebhookEndpointSecretCommand, WebhookEndpointState>(new RotateWebhookEndpointSecretCommand(requestContext(request), id));
    return endpointWithSecret(state);
  }

  /** The URL rule of docs/api.md, DNS answers included, as a field error. */
  private async urlError(url: string): Promise<{ field: string; message: string } | null> {
    const error = await webhookUrlError(url, { allowPrivate: this.config.webhooks.allowPrivateUrls });
    return error === null ? null : { field: 'url', message: error };
  }
}

function emptyToNull(text: string | undefined): string | null {
  return text === undefined || text === '' ? null : text;
}
