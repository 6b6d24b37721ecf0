import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@kassa/event-store';
import { EVENT_STORE, OpenDepositCommand, parseAmount, SubmitActivationCommand } from '@kassa/ledger';
import { getWalletType, validateDepositActivation, validateDepositCreate } from '@kassa/paykassma';
import { CONFIG } from '@kassa/infrastructure';
import type { Config } from '@kassa/platform';
import { DepositQueries, type DepositView } from '@kassa/read-models';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { limitError, parseLimit, refuseAll } from '../http/pagination';
import { requestContext } from '../http/request-context';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ActivationDto, OpenDepositDto } from './deposit.dto';
import { loadDepositView } from './deposit-reader';
import { SCREENSHOT_UPLOAD_LIMIT_BYTES, screenshotContentType } from './screenshot';

const DEPOSIT_STATUSES = ['created', 'awaiting_confirmation', 'activation_rejected', 'credited', 'failed'];

@ApiTags('deposits')
@ApiBearerAuth()
@RequireScopes('payments')
@Controller('v1/deposits')
export class DepositsController {
  private readonly tenantId: string;

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: DepositQueries,
    @Inject(CONFIG) config: Config,
  ) {
    this.tenantId = config.tenantId;
  }

  @Post()
  @ApiOperation({ summary: 'Open a deposit: the provider issues the wallet details the player pays to' })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @UseInterceptors(IdempotencyInterceptor)
  async open(@Body() body: OpenDepositDto, @Req() request: AuthenticatedRequest): Promise<DepositView> {
    const errors = validateDepositCreate(body);
    if (errors.length > 0) throw ApiError.validation(errors);
    const entry = getWalletType(body.walletType);
    const depositId = await this.commands.execute<OpenDepositCommand, string>(new OpenDepositCommand({
      walletType: entry.walletType,
      label: body.label,
      amountMinor: body.amount === undefined ? null : parseAmount(body.amount, entry.currency).amountMinor,
      lang: body.lang ?? null,
    }, requestContext(request)));
    return this.view(depositId);
  }

  @Post(':id/activation')
  @HttpCode(200)
  @ApiOperation({ summary: "Submit the player's transaction number (and, for manual wallets, the payment screenshot)" })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @UseInterceptors(FileInterceptor('screenshot', { limits: { fileSize: SCREENSHOT_UPLOAD_LIMIT_BYTES, files: 1 } }), IdempotencyInterceptor)
  async activate(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('Deposit', 'given') })) id: string,
    @Body() body: ActivationDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() request: AuthenticatedRequest,
  ): Promise<DepositView> {
    const deposit = await this.view(id);
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
    return this.view(id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One deposit, with every committed event applied' })
  get(@Param('id') id: string): Promise<DepositView> {
    return this.view(id);
  }

  @Get()
  @ApiOperation({ summary: 'Deposits, newest first, cursor-paginated' })
  @ApiQuery({ name: 'label', required: false })
  @ApiQuery({ name: 'status', required: false, enum: DEPOSIT_STATUSES })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@Query('label') label?: string, @Query('status') status?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    refuseAll([
      status !== undefined && !DEPOSIT_STATUSES.includes(status) ? { field: 'status', message: `must be one of ${DEPOSIT_STATUSES.join(', ')}` } : null,
      limitError(limit),
    ]);
    return this.queries.list(this.tenantId, { label, status: status as DepositView['status'] | undefined }, { limit: parseLimit(limit), cursor });
  }

  private async view(id: string): Promise<DepositView> {
    const view = await loadDepositView(this.store, this.tenantId, id);
    if (!view) throw ApiError.notFound('Deposit', id);
    return view;
  }
}
