import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi/api-problems';
import { LookupResultDto } from './finance.responses';
import { CONFIG } from '@kassa/infrastructure';
import type { Config } from '@kassa/platform';
import { LookupQueries, type LookupResult } from '@kassa/read-models';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';

/** Ids, labels (≤ 190) and transaction numbers are all visible text of this length at most. */
const QUERY_RULE = /^[^\x00-\x1f\x7f]{1,200}$/;

/**
 * One text in, every deposit, withdrawal and player it names exactly (the finance console's search;
 * a platform's support tool can use it too). Never a pattern search: the answer is bounded.
 */
@ApiTags('lookup')
@RequireScopes('payments', 'finance')
@Controller('v1/lookup')
export class LookupController {
  private readonly tenantId: string;

  constructor(
    private readonly lookups: LookupQueries,
    @Inject(CONFIG) config: Config,
  ) {
    this.tenantId = config.tenantId;
  }

  @Get()
  @ApiOkResponse({ type: LookupResultDto })
  @ApiProblems(400)
  @ApiOperation({ operationId: 'lookup', summary: 'Deposits by id or provider transaction number, withdrawals by id, a player by label: exact matches' })
  @ApiQuery({ name: 'q', required: true, description: 'A deposit or withdrawal id, a player label, or a provider transaction number' })
  find(@Query('q') q?: string): Promise<LookupResult> {
    const text = typeof q === 'string' ? q.trim() : '';
    if (!QUERY_RULE.test(text)) throw ApiError.validation([{ field: 'q', message: 'must be 1 to 200 characters without control characters' }]);
    return this.lookups.find(this.tenantId, text);
  }
}
