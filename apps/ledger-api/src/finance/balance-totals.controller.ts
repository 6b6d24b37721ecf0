import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BalanceTotalsQueries, type BalanceTotalsReport } from '@kassa/read-models';
import { RequireScopes } from '../auth/scopes.decorator';
import { Runtime } from '../runtime/runtime';

/** What the ledger owes its players, per currency: the finance console's overview. */
@ApiTags('reports')
@ApiBearerAuth()
@RequireScopes('finance')
@Controller('v1/reports/balances')
export class BalanceTotalsController {
  private readonly totals: BalanceTotalsQueries;
  private readonly tenantId: string;

  constructor(runtime: Runtime) {
    this.totals = new BalanceTotalsQueries(runtime.dataSource);
    this.tenantId = runtime.config.tenantId;
  }

  @Get()
  @ApiOperation({ summary: 'Available, held and total player balances summed per currency, with the number of wallets' })
  report(): Promise<BalanceTotalsReport> {
    return this.totals.totals(this.tenantId);
  }
}
