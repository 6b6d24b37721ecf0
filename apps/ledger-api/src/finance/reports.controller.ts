import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi/api-problems';
import { ExceptionsReportDto, SettlementReportDto } from './finance.responses';
import type { Response } from 'express';
import { CLOCK, type Clock } from '@kassa/ledger';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { CONFIG } from '@kassa/infrastructure';
import type { Config } from '@kassa/platform';
import {
  assertTimeZone,
  ExceptionsReportQueries,
  InvalidPeriodError,
  parseLocalInstant,
  parseReportPeriod,
  SettlementQueries,
  settlementCsv,
  type ExceptionsPeriod,
  type ExceptionsReport,
  type SettlementReport,
} from '@kassa/read-models';
import { mappingFinanceErrors } from './finance-errors';

/** Finance reports (docs/api.md): settlement per wallet type and currency, and the exceptions to look at. */
@ApiTags('reports')
@RequireScopes('finance')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly settlement: SettlementQueries,
    private readonly exceptions: ExceptionsReportQueries,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('settlement')
  @ApiOperation({ operationId: 'getSettlementReport', summary: 'Credited deposits, succeeded and failed withdrawals, net and USD per wallet type and currency over [from, to) read in tz' })
  @ApiQuery({ name: 'from', required: true, description: 'Local date or date-time in tz, e.g. 2024-05-01 or 2024-05-01T08:00' })
  @ApiQuery({ name: 'to', required: true, description: 'Exclusive end, same form' })
  @ApiQuery({ name: 'tz', required: false, description: 'IANA zone, default UTC (e.g. Asia/Manila)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiExtraModels(SettlementReportDto)
  @ApiOkResponse({
    description: 'The report as JSON, or with format=csv as a CSV download (one line per wallet type and currency)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(SettlementReportDto) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblems(400)
  async settlementReport(
    @Res({ passthrough: true }) response: Response,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('tz') tz?: string,
    @Query('format') format?: string,
  ): Promise<SettlementReport | string> {
    if (format !== undefined && format !== 'json' && format !== 'csv') throw ApiError.validation([{ field: 'format', message: 'must be json or csv' }]);
    const report = await mappingFinanceErrors(async () => this.settlement.report(this.config.tenantId, parseReportPeriod(from, to, tz || 'UTC')));
    if (format !== 'csv') return report;
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="settlement_${from}_${to}.csv"`.replace(/[^\x20-\x7e]/g, '_'));
    return settlementCsv(report);
  }

  @Get('exceptions')
  @ApiOkResponse({ type: ExceptionsReportDto })
  @ApiProblems(400)
  @ApiOperation({ operationId: 'getExceptionsReport', summary: 'Everything finance must look at, each line linking to its stream; the last verify result included' })
  @ApiQuery({ name: 'from', required: false, description: 'Local date or date-time in tz; absent: since the beginning' })
  @ApiQuery({ name: 'to', required: false, description: 'Exclusive; absent: up to now' })
  @ApiQuery({ name: 'tz', required: false, description: 'IANA zone, default UTC' })
  async exceptionsReport(@Query('from') from?: string, @Query('to') to?: string, @Query('tz') tz?: string): Promise<ExceptionsReport> {
    return mappingFinanceErrors(async () => {
      const thresholds = this.config.thresholds;
      return this.exceptions.report(
        this.config.tenantId,
        openPeriod(from, to, tz || 'UTC'),
        { awaitingConfirmationMinutes: thresholds.awaitingConfirmationMinutes, withdrawalResultMinutes: thresholds.withdrawalSubmittedMinutes },
        this.clock.now(),
      );
    });
  }
}

/** Either end may be left out; a given one is read exactly as for the settlement report. */
function openPeriod(from: string | undefined, to: string | undefined, tz: string): ExceptionsPeriod {
  assertTimeZone(tz);
  const fromUtc = from ? parseLocalInstant(from, 'from', tz) : null;
  const toUtc = to ? parseLocalInstant(to, 'to', tz) : null;
  if (fromUtc !== null && toUtc !== null && toUtc <= fromUtc) throw new InvalidPeriodError('to', 'must be after from');
  return { fromUtc, toUtc };
}
