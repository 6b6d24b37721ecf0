import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CONFIG } from '@kassa/infrastructure';
import { ALL_MERCHANTS, type Config } from '@kassa/platform';
import { BalanceTotalsDto } from './finance.responses';
import { BalanceTotalsQueries, type BalanceTotalsReport } from '@kassa/read-models';
import { reportMerchantsOf } from '../auth/request-merchant';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiProblems } from '../http/openapi/api-problems';
import type { PerMerchant } from './reports.controller';

/** What the ledger owes its players, per currency (and per merchant with `?merchant=*`): the finance console's overview. */
@ApiTags('reports')
@RequireScopes('finance')
@Controller('v1/reports/balances')
export class BalanceTotalsController {
  constructor(
    private readonly totals: BalanceTotalsQueries,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  @ApiExtraModels(BalanceTotalsDto)
  @ApiOkResponse({
    description: "The key's merchant's totals, or with ?merchant=* one group per merchant",
    schema: {
      oneOf: [
        { $ref: getSchemaPath(BalanceTotalsDto) },
        {
          type: 'object',
          required: ['merchants'],
          properties: { merchants: { type: 'array', items: { allOf: [{ type: 'object', required: ['merchant'], properties: { merchant: { type: 'string' } } }, { $ref: getSchemaPath(BalanceTotalsDto) }] } } },
        },
      ],
    },
  })
  @ApiQuery({ name: 'merchant', required: false, description: 'For a key across merchants: one merchant id, or * for every merchant' })
  @ApiProblems(400, 404)
  @ApiOperation({ operationId: 'getBalanceTotals', summary: 'Available, held and total player balances summed per currency, with the number of wallets' })
  async report(@Req() request: AuthenticatedRequest): Promise<BalanceTotalsReport | PerMerchant<BalanceTotalsReport>> {
    const merchants = reportMerchantsOf(request, this.config.merchants.map((merchant) => merchant.id));
    if (request.merchantId !== ALL_MERCHANTS) return this.totals.totals(merchants[0]);
    return { merchants: await Promise.all(merchants.map(async (merchant) => ({ merchant, ...(await this.totals.totals(merchant)) }))) };
  }
}
