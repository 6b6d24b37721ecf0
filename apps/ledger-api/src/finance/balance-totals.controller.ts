import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BalanceTotalsDto } from './finance.responses';
import { CONFIG } from '@kassa/infrastructure';
import type { Config } from '@kassa/platform';
import { BalanceTotalsQueries, type BalanceTotalsReport } from '@kassa/read-models';
import { RequireScopes } from '../auth/scopes.decorator';

/** What the ledger owes its players, per currency: the finance console's overview. */
@ApiTags('reports')
@RequireScopes('finance')
@Controller('v1/reports/balances')
export class BalanceTotalsController {
  private readonly tenantId: string;

  constructor(
    private readonly totals: BalanceTotalsQueries,
    @Inject(CONFIG) config: Config,
  ) {
    this.tenantId = config.tenantId;
  }

  @Get()
  @ApiOkResponse({ type: BalanceTotalsDto })
  @ApiOperation({ operationId: 'getBalanceTotals', summary: 'Available, held and total player balances summed per currency, with the number of wallets' })
  report(): Promise<BalanceTotalsReport> {
    return this.totals.totals(this.tenantId);
  }
}
