import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi/api-problems';
import { AuditTrailDto } from './finance.responses';
import { merchantOf } from '../auth/request-merchant';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { AuditTrailQueries, type AuditTrail } from '@kassa/read-models';

const ID_RULE = /^[\x21-\x7e]{1,200}$/;

/** The full history of one stream, straight from the event store (docs/api.md, Endpoints). */
@ApiTags('audit')
@RequireScopes('finance')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly trails: AuditTrailQueries,
  ) {}

  @Get('deposits/:id/events')
  @ApiOkResponse({ type: AuditTrailDto })
  @ApiProblems(400, 404)
  @ApiOperation({ operationId: 'getDepositEvents', summary: "Every event of the deposit's stream, with metadata (correlation, causation, actor), time and position" })
  async deposit(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<AuditTrail> {
    return found(await this.trails.deposit(merchantOf(request), checked(id, 'id')), 'Deposit', id);
  }

  @Get('withdrawals/:id/events')
  @ApiOkResponse({ type: AuditTrailDto })
  @ApiProblems(400, 404)
  @ApiOperation({ operationId: 'getWithdrawalEvents', summary: "Every event of the withdrawal's stream" })
  async withdrawal(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<AuditTrail> {
    return found(await this.trails.withdrawal(merchantOf(request), checked(id, 'id')), 'Withdrawal', id);
  }

  @Get('suspense/:id/events')
  @ApiOkResponse({ type: AuditTrailDto })
  @ApiProblems(400, 404)
  @ApiOperation({ operationId: 'getSuspenseItemEvents', summary: "Every event of the suspense item's stream: its credit, its assignment (actor: the API key id), quarantined repeats" })
  async suspenseItem(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<AuditTrail> {
    return found(await this.trails.suspenseItem(merchantOf(request), checked(id, 'id')), 'Suspense item', id);
  }

  @Get('players/:label/events')
  @ApiOkResponse({ type: AuditTrailDto })
  @ApiProblems(400, 404)
  @ApiOperation({ operationId: 'getPlayerEvents', summary: "Every event of the player's wallet streams (one per currency), merged in store order; each event names its stream" })
  @ApiQuery({ name: 'currency', required: false, description: 'Only the wallet in this currency' })
  async player(@Req() request: AuthenticatedRequest, @Param('label') label: string, @Query('currency') currency?: string): Promise<AuditTrail> {
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) throw ApiError.validation([{ field: 'currency', message: 'must be a 3-letter ISO code' }]);
    if (label.length === 0 || label.length > 190) throw ApiError.validation([{ field: 'label', message: 'must be 1 to 190 characters' }]);
    return found(await this.trails.player(merchantOf(request), label, currency), 'Player', label);
  }
}

function checked(id: string, field: string): string {
  if (!ID_RULE.test(id)) throw ApiError.validation([{ field, message: 'must be 1 to 200 visible ASCII characters' }]);
  return id;
}

function found(trail: AuditTrail | null, what: string, id: string): AuditTrail {
  if (trail === null) throw ApiError.notFound(what, id);
  return trail;
}
