import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BalanceTotalsDto } from './finance.responses';
import { BalanceTotalsQueries, type BalanceTotalsReport } from '@kassa/read-models';
import { merchantOf } from '../auth/request-merchant';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/scopes.decorator';

/** What the ledger owes its players, per currency: the finance console's overview. */
@ApiTags('reports')
@RequireScopes('finance')
@Controller('v1/reports/balances')
export class BalanceTotalsController {
  constructor(
    private readonly totals: BalanceTotalsQueries,
  ) {}

  @Get()
  @ApiOkResponse({ type: BalanceTotalsDto })
  @ApiOperation({ operationId: 'getBalanceTotals', summary: 'Available, held and total player balances summed per currency, with the number of wallets' })
  report(@Req() request: AuthenticatedRequest): Promise<BalanceTotalsReport> {
    return this.totals.totals(merchantOf(request));
  }
}
