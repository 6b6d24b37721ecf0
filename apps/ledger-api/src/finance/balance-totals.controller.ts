import { Controller, Get, Req, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { merchantOf } from '../auth/request-merchant';
import { BalanceTotalsQueries, type BalanceTotalsReport } from '@kassa/read-models';
import { RequireScopes } from '../auth/scopes.decorator';

/** What the ledger owes its players, per currency: the finance console's overview. */
@ApiTags('reports')
@ApiBearerAuth()
@RequireScopes('finance')
@Controller('v1/reports/balances')
export class BalanceTotalsController {
  constructor(
    private readonly totals: BalanceTotalsQueries,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Available, held and total player balances summed per currency, with the number of wallets' })
  report(@Req() request: AuthenticatedRequest): Promise<BalanceTotalsReport> {
    return this.totals.totals(merchantOf(request));
  }
}
