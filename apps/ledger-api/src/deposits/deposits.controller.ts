import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@kassa/event-store';
import { DEPOSIT_STATUSES, type DepositStatus, depositWallet, EVENT_STORE, OpenDepositCommand, parseAmount, SubmitActivationCommand } from '@kassa/ledger';
import { getWalletType, validateDepositActivation, validateDepositCreate } from '@kassa/paykassma';
import { DepositQueries, type DepositView, loadDepositView } from '@kassa/read-models';
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
import { ActivationDto, OpenDepositDto } from './deposit.dto';
import { DepositDto } from './deposit.responses';
import { SCREENSHOT_UPLOAD_LIMIT_BYTES, screenshotContentType } from './screenshot';

const isDepositStatus = (text: string): text is DepositStatus => (DEPOSIT_STATUSES as readonly string[]).includes(text);

@ApiTags('deposits')
@RequireScopes('payments')
@Controller('v1/deposits')
export class DepositsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: DepositQueries,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'openDeposit', summary: 'Open a deposit: the provider issues the wallet details the player pays to' })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: DepositDto, description: 'The deposit, status created (or failed when the provider refused)' })
  @ApiProblems(400, 503)
  @UseInterceptors(IdempotencyInterceptor)
  async open(@Body() body: OpenDepositDto, @Req() request: AuthenticatedRequest): Promise<DepositView> {
    const errors = validateDepositCreate(body);
    if (errors.length > 0) throw ApiError.validation(errors);
    const entry = getWalletType(body.walletType);
    const depositId = await this.commands.execute<OpenDepositCommand, string>(new OpenDepositCommand({
      walletType: entry.walletType,
      currency: entry.currency,
      label: body.label,
      requestedAmountMinor: body.amount === undefined ? null : parseAmount(body.amount, entry.currency).amountMinor,
      lang: body.lang ?? null,
    }, requestContext(request)));
    return this.view(merchantOf(request), depositId);
  }

  @Post(':id/activation')
  @HttpCode(200)
  @ApiOperation({ operationId: 'activateDeposit', summary: "Submit the player's transaction number (and, for manual wallets, the payment screenshot)" })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiIdempotent()
  @ApiOkResponse({ type: DepositDto, description: 'The deposit: awaiting_confirmation, or activation_rejected' })
  @ApiProblems(400, 404, 413, 503)
  @UseInterceptors(FileInterceptor('screenshot', { limits: { fileSize: SCREENSHOT_UPLOAD_LIMIT_BYTES, files: 1 } }), IdempotencyInterceptor)
  async activate(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('Deposit', 'given') })) id: string,
    @Body() body: ActivationDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() request: AuthenticatedRequest,
  ): Promise<DepositView> {
    const deposit = await depositWallet(this.store, merchantOf(request), id);
    if (!deposit) throw ApiError.notFound('Deposit', id);
    const screenshot = file ? { data: file.buffer, fileName: file.originalname || 'screenshot', contentType: screenshotContentType(file) } : null;
    const errors = validateDepositActivation(deposit.walletType, {
      transactionId: body.transactionId,
      amount: body.amount,
      screenshot: screenshot && { sizeBytes: file?.size ?? 0, contentType: screenshot.contentType },
    });
    if (errors.length > 0) throw ApiError.validation(errors);
    await this.commands.execute(new SubmitActivationCommand(id, {
      transactionId: body.transactionId,
      amountMinor: parseAmount(body.amount, deposit.currency).amountMinor,
      screenshot,
    }, requestContext(request)));
    return this.view(merchantOf(request), id);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getDeposit', summary: 'One deposit, with every committed event applied' })
  @ApiOkResponse({ type: DepositDto })
  @ApiProblems(404)
  get(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<DepositView> {
    return this.view(merchantOf(request), id);
  }

  @Get()
  @ApiOperation({ operationId: 'listDeposits', summary: 'Deposits, newest first, cursor-paginated' })
  @ApiQuery({ name: 'label', required: false })
  @ApiQuery({ name: 'status', required: false, enum: DEPOSIT_STATUSES })
  @ApiPageQuery()
  @ApiPageResponse(DepositDto)
  @ApiProblems(400)
  list(@Req() request: AuthenticatedRequest, @Query('label') label?: string, @Query('status') status?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    const known = status !== undefined && isDepositStatus(status) ? status : undefined;
    refuseAll([
      status !== undefined && known === undefined ? { field: 'status', message: `must be one of ${DEPOSIT_STATUSES.join(', ')}` } : null,
      limitError(limit),
    ]);
    return this.queries.list(merchantOf(request), { label, status: known }, { limit: parseLimit(limit), cursor });
  }

  /** Another merchant's object is not found, exactly as one that does not exist. */
  private async view(merchantId: string, id: string): Promise<DepositView> {
    const view = await loadDepositView(this.store, merchantId, id);
    if (!view) throw ApiError.notFound('Deposit', id);
    return view;
  }
}
