import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@kassa/event-store';
import { AssignSuspenseCommand, EVENT_STORE, readWholeStream, suspenseStreamId } from '@kassa/ledger';
import { type Page, SUSPENSE_ITEM_STATUSES, SuspenseItemQueries, type SuspenseItemStatus, type SuspenseItemView, suspenseItemViewFromEvents } from '@kassa/read-models';
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
import { AssignSuspenseDto, assignmentErrors, SuspenseItemResponseDto } from './suspense.dto';

const isStatus = (text: string): text is SuspenseItemStatus => (SUSPENSE_ITEM_STATUSES as readonly string[]).includes(text);
const itemId = () => new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('Suspense item', 'given') });

/**
 * The merchant's suspense items: signed deposit postbacks for orders we never opened, credited to
 * the merchant's suspense account, and their assignment to a player by finance. Always the API key's
 * merchant (a key across merchants names one with ?merchant=): another merchant's item is not found.
 */
@ApiTags('suspense')
@RequireScopes('finance')
@Controller('v1/suspense')
export class SuspenseController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: SuspenseItemQueries,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listSuspenseItems', summary: 'Suspense items, newest credit first, cursor-paginated (from the read model: may trail a postback by milliseconds)' })
  @ApiQuery({ name: 'status', required: false, enum: SUSPENSE_ITEM_STATUSES })
  @ApiPageQuery()
  @ApiPageResponse(SuspenseItemResponseDto)
  @ApiProblems(400)
  list(@Req() request: AuthenticatedRequest, @Query('status') status?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<Page<SuspenseItemView>> {
    const known = status !== undefined && isStatus(status) ? status : undefined;
    refuseAll([
      status !== undefined && known === undefined ? { field: 'status', message: `must be one of ${SUSPENSE_ITEM_STATUSES.join(', ')}` } : null,
      limitError(limit),
    ]);
    return this.queries.list(merchantOf(request), { status: known }, { limit: parseLimit(limit), cursor });
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getSuspenseItem', summary: 'One suspense item, with every committed event applied' })
  @ApiOkResponse({ type: SuspenseItemResponseDto })
  @ApiProblems(404)
  get(@Req() request: AuthenticatedRequest, @Param('id', itemId()) id: string): Promise<SuspenseItemView> {
    return this.view(merchantOf(request), id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'assignSuspenseItem',
    summary: "Give an open suspense item to a player: its whole amount moves from the merchant's suspense account to the player's available balance, once (409 ALREADY_ASSIGNED afterwards); audited with the API key id",
  })
  @ApiIdempotent()
  @ApiOkResponse({ type: SuspenseItemResponseDto, description: "The item, assigned; the player's balance already includes the amount" })
  @ApiProblems(400, 404)
  @UseInterceptors(IdempotencyInterceptor)
  async assign(@Param('id', itemId()) id: string, @Body() body: AssignSuspenseDto, @Req() request: AuthenticatedRequest): Promise<SuspenseItemView> {
    const errors = assignmentErrors(body);
    if (errors.length > 0) throw ApiError.validation(errors);
    const context = requestContext(request);
    await this.view(context.merchantId, id); // 404 before anything is decided
    await this.commands.execute(new AssignSuspenseCommand(id, body.label, context));
    return this.view(context.merchantId, id);
  }

  /** Folded from the item's stream: an answer right after the assignment shows it. Another merchant's item is not found. */
  private async view(merchantId: string, id: string): Promise<SuspenseItemView> {
    const view = suspenseItemViewFromEvents(await readWholeStream(this.store, suspenseStreamId(merchantId, id)));
    if (!view) throw ApiError.notFound('Suspense item', id);
    return view;
  }
}
