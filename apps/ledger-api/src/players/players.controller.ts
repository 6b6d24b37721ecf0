import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CONFIG } from '@kassa/infrastructure';
import { GetCurrentBalancesQuery } from '@kassa/ledger';
import type { Config } from '@kassa/platform';
import { BalanceQueries, EntryQueries, MAX_YEAR, MIN_YEAR, parseOffsetInstant } from '@kassa/read-models';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { ApiPageQuery, ApiPageResponse } from '../http/openapi/api-page';
import { ApiProblems } from '../http/openapi/api-problems';
import { parseLimit } from '../http/pagination';
import { LedgerEntryDto, PlayerBalancesDto } from './player.responses';


@ApiTags('players')
@RequireScopes('payments', 'finance')
@Controller('v1/players/:label')
export class PlayersController {
  private readonly tenantId: string;

  constructor(
    private readonly balances: BalanceQueries,
    private readonly entries: EntryQueries,
    private readonly queries: QueryBus,
    @Inject(CONFIG) config: Config,
  ) {
    this.tenantId = config.tenantId;
  }

  @Get('balances')
  @ApiOperation({ operationId: 'getPlayerBalances', summary: "The player's balances per currency: now (from the wallets' own events, never behind an acknowledged change) or as of a past instant (from the journal)" })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 instant with a zone, e.g. 2024-05-01T10:00:00Z' })
  @ApiOkResponse({ type: PlayerBalancesDto })
  @ApiProblems(400)
  balancesOf(@Param('label') label: string, @Query('asOf') asOf?: string) {
    if (asOf === undefined) return this.queries.execute(new GetCurrentBalancesQuery(label));
    // An instant with an explicit zone ("2024-05-01T10:00:00Z" or "...+08:00"), never a zoneless local time.
    const instant = parseOffsetInstant(asOf);
    if (instant === null) {
      throw ApiError.validation([{ field: 'asOf', message: `must be an ISO-8601 instant with a zone, such as 2024-05-01T10:00:00Z, in the years ${MIN_YEAR} to ${MAX_YEAR}` }]);
    }
    return this.balances.asOf(this.tenantId, label, instant);
  }

  @Get('entries')
  @ApiOperation({ operationId: 'listPlayerEntries', summary: "The player's ledger postings, newest first" })
  @ApiQuery({ name: 'currency', required: false })
  @ApiPageQuery()
  @ApiPageResponse(LedgerEntryDto)
  @ApiProblems(400)
  entriesOf(@Param('label') label: string, @Query('currency') currency?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) throw ApiError.validation([{ field: 'currency', message: 'must be a 3-letter ISO code' }]);
    return this.entries.list(this.tenantId, label, { currency }, { limit: parseLimit(limit), cursor });
  }
}
