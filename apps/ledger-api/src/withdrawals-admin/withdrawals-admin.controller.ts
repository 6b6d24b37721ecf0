import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@kassa/event-store';
import {
  EVENT_STORE,
  ResolveWithdrawalCommand,
  ResubmitWithdrawalCommand,
  ResumeWithdrawalQueueCommand,
  WithdrawalSubmissionStatus,
  type WithdrawalQueueView,
} from '@kassa/ledger';
import { loadWithdrawalView, type WithdrawalView } from '@kassa/read-models';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { merchantOf } from '../auth/request-merchant';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiProblems } from '../http/openapi/api-problems';
import { ApiError } from '../http/api-error';
import { requestContext } from '../http/request-context';
import { WithdrawalResponseDto } from '../withdrawals/withdrawal.dto';
import { ResolveWithdrawalDto, WithdrawalQueueDto } from './resolve-withdrawal.dto';

const withdrawalId = () => new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('Withdrawal', 'given') });

/**
 * What an operator does about withdrawal submission: parked withdrawals (attempts exhausted,
 * outcome unknown, funds held) sent again or resolved, and the queue that pauses itself after a run
 * of identical refusals, always of the API key's merchant. Every write is a command, audited with
 * the API key id as the actor.
 */
@ApiTags('admin')
@ApiBearerAuth()
@RequireScopes('admin')
@Controller('v1/admin')
export class WithdrawalsAdminController {
  constructor(
    private readonly commands: CommandBus,
    private readonly status: WithdrawalSubmissionStatus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post('withdrawals/:id/resubmit')
  @HttpCode(200)
  @ApiProblems(404, 409)
  @ApiOperation({ operationId: 'resubmitWithdrawal', summary: 'Send a parked withdrawal again with the same withdrawal_id and a fresh budget of attempts (409 INVALID_STATE unless parked)' })
  @ApiOkResponse({ type: WithdrawalResponseDto })
  async resubmit(@Param('id', withdrawalId()) id: string, @Req() request: AuthenticatedRequest): Promise<WithdrawalView> {
    const context = requestContext(request);
    await this.existing(context.merchantId, id);
    await this.commands.execute(new ResubmitWithdrawalCommand(id, context));
    return this.view(context.merchantId, id);
  }

  @Post('withdrawals/:id/resolve')
  @HttpCode(200)
  @ApiProblems(400, 404, 409)
  @ApiOperation({ operationId: 'resolveWithdrawal', summary: 'Record the outcome of a parked withdrawal, confirmed with Paykassma: succeeded settles the hold, failed releases it (409 INVALID_STATE unless parked)' })
  @ApiOkResponse({ type: WithdrawalResponseDto })
  async resolve(@Param('id', withdrawalId()) id: string, @Body() body: ResolveWithdrawalDto, @Req() request: AuthenticatedRequest): Promise<WithdrawalView> {
    const reason = body.reason.trim();
    if (reason === '') throw ApiError.validation([{ field: 'reason', message: 'must say why (what Paykassma confirmed)' }]);
    const context = requestContext(request);
    await this.existing(context.merchantId, id);
    await this.commands.execute(new ResolveWithdrawalCommand(id, body.outcome, reason, context));
    return this.view(context.merchantId, id);
  }

  @Get('withdrawal-queue')
  @ApiOperation({ operationId: 'getWithdrawalQueue', summary: 'The submission queue: running or paused (and why), withdrawals queued and parked' })
  @ApiOkResponse({ type: WithdrawalQueueDto })
  queue(@Req() request: AuthenticatedRequest): Promise<WithdrawalQueueView> {
    return this.status.queue(merchantOf(request));
  }

  @Post('withdrawal-queue/resume')
  @HttpCode(200)
  @ApiOperation({ operationId: 'resumeWithdrawalQueue', summary: 'Resume a paused submission queue: the withdrawals it kept are sent again (same withdrawal_id)' })
  @ApiOkResponse({ type: WithdrawalQueueDto })
  async resume(@Req() request: AuthenticatedRequest): Promise<WithdrawalQueueView> {
    const context = requestContext(request);
    await this.commands.execute(new ResumeWithdrawalQueueCommand(context));
    return this.status.queue(context.merchantId);
  }

  /** 404 for a withdrawal that does not exist, before any command (the decider's NOT_FOUND would say the same). */
  private async existing(merchantId: string, id: string): Promise<void> {
    await this.view(merchantId, id);
  }

  /** The API key's merchant's withdrawal: another merchant's id reads as not found. */
  private async view(merchantId: string, id: string): Promise<WithdrawalView> {
    const view = await loadWithdrawalView(this.store, merchantId, id);
    if (!view) throw ApiError.notFound('Withdrawal', id);
    return view;
  }
}
