import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@kassa/event-store';
import { EVENT_STORE, parseAmount, RequestWithdrawalCommand, WITHDRAWAL_STATUSES, type WithdrawalStatus } from '@kassa/ledger';
import { getWalletType, validateWithdrawal } from '@kassa/paykassma';
import { loadWithdrawalView, type Page, WithdrawalQueries, type WithdrawalView } from '@kassa/read-models';
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
import { RequestWithdrawalDto, WithdrawalResponseDto } from './withdrawal.dto';

const isWithdrawalStatus = (text: string): text is WithdrawalStatus => (WITHDRAWAL_STATUSES as readonly string[]).includes(text);

@ApiTags('withdrawals')
@RequireScopes('payments')
@Controller('v1/withdrawals')
export class WithdrawalsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: WithdrawalQueries,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'requestWithdrawal', summary: 'Request a payout: the funds are held at once (422 INSUFFICIENT_FUNDS otherwise) and submitted to Paykassma in the background' })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: WithdrawalResponseDto, description: 'The withdrawal, status requested: the amount is held' })
  @ApiProblems(400)
  @UseInterceptors(IdempotencyInterceptor)
  async request(@Body() body: RequestWithdrawalDto, @Req() request: AuthenticatedRequest): Promise<WithdrawalView> {
    // Every per-wallet rule before anything is written.
    const errors = validateWithdrawal(body);
    if (errors.length > 0) throw ApiError.validation(errors);
    const entry = getWalletType(body.walletType);
    // The amount passed validateWithdrawal (whole units); INSUFFICIENT_FUNDS maps to 422 in the shared filter.
    const withdrawalId = await this.commands.execute<RequestWithdrawalCommand, string>(
      new RequestWithdrawalCommand(
        {
          walletType: entry.walletType,
          currency: entry.currency,
          label: body.label,
          amountMinor: parseAmount(body.amount, entry.currency, { wholeUnits: true }).amountMinor,
          accountNumber: body.accountNumber,
          accountName: body.accountName ?? null,
          bankCode: body.bankCode ?? null,
        },
        requestContext(request),
      ),
    );
    return this.view(merchantOf(request), withdrawalId);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWithdrawal', summary: 'One withdrawal, with every committed event applied' })
  @ApiOkResponse({ type: WithdrawalResponseDto })
  @ApiProblems(404)
  async get(@Req() request: AuthenticatedRequest, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('Withdrawal', 'given') })) id: string): Promise<WithdrawalView> {
    return this.view(merchantOf(request), id);
  }

  /** Folded straight from the stream (a GET right after the POST sees it); another merchant's is not found. */
  private async view(merchantId: string, id: string): Promise<WithdrawalView> {
    const view = await loadWithdrawalView(this.store, merchantId, id);
    if (!view) throw ApiError.notFound('Withdrawal', id);
    return view;
  }

  @Get()
  @ApiOperation({ operationId: 'listWithdrawals', summary: 'Withdrawals, newest first, cursor-paginated (from the read model: may trail a POST by milliseconds)' })
  @ApiQuery({ name: 'label', required: false })
  @ApiQuery({ name: 'status', required: false, enum: WITHDRAWAL_STATUSES })
  @ApiPageQuery()
  @ApiPageResponse(WithdrawalResponseDto)
  @ApiProblems(400)
  list(@Req() request: AuthenticatedRequest, @Query('label') label?: string, @Query('status') status?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string): Promise<Page<WithdrawalView>> {
    const known = status !== undefined && isWithdrawalStatus(status) ? status : undefined;
    refuseAll([
      status !== undefined && known === undefined ? { field: 'status', message: `must be one of ${WITHDRAWAL_STATUSES.join(', ')}` } : null,
      limitError(limit),
    ]);
    return this.queries.list(merchantOf(request), { label, status: known }, { limit: parseLimit(limit), cursor });
  }
}
