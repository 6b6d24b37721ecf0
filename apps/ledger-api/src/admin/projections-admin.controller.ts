import { Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SUBSCRIPTION_LIST_SCHEMA, SUBSCRIPTION_SCHEMA, VERIFY_RUN_SCHEMA } from './admin-schemas';
import { DataSource } from 'typeorm';
import { type EventStore, ProjectionRunner, type SubscriptionStatus } from '@kassa/event-store';
import { BackgroundWork, CONFIG } from '@kassa/infrastructure';
import { EVENT_STORE } from '@kassa/ledger';
import { ALL_MERCHANTS, type Config } from '@kassa/platform';
import { READ_MODEL_MIGRATIONS, READ_MODEL_PROJECTIONS, verifyLedger, type MerchantVerifyResult } from '@kassa/read-models';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { reportMerchantsOf } from '../auth/request-merchant';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { ApiProblems } from '../http/openapi/api-problems';

/** A subscription as an operator reads it: where it is, how far behind, whether it fails or stalls. Positions as strings (bigint). */
function describe(status: SubscriptionStatus) {
  return {
    name: status.name,
    kind: status.kind,
    role: status.role,
    checkpoint: { commit: status.checkpoint.commit.toString(), prepare: status.checkpoint.prepare.toString() },
    head: { commit: status.headPosition.commit.toString(), prepare: status.headPosition.prepare.toString() },
    caughtUp: status.caughtUp,
    lagEvents: status.pendingEvents,
    lagEventsCapped: status.pendingEventsCapped,
    consecutiveFailures: status.consecutiveFailures,
    lastError: status.lastError ?? null,
    stalled: status.stalled ? { activity: status.stalled.activity, since: status.stalled.since.toISOString() } : null,
  };
}

/** The full name (read-model.deposits) or the short one (deposits) of a read-model projection. */
function projectionNamed(name: string): string {
  const match = READ_MODEL_PROJECTIONS.find((p) => p.name === name || p.name === `read-model.${name}`);
  if (match === undefined) throw ApiError.notFound('Projection', name);
  return match.name;
}

/** Projection positions and lag, rebuilds and verify runs, for operators (`admin` keys). */
@ApiTags('admin')
@RequireScopes('admin')
@Controller('v1/admin')
export class ProjectionsAdminController {
  constructor(
    private readonly background: BackgroundWork,
    private readonly projections: ProjectionRunner,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('projections')
  @ApiOperation({ summary: 'Every projection and process manager: checkpoint, head, lag, failures', operationId: 'listProjections' })
  @ApiOkResponse({ schema: SUBSCRIPTION_LIST_SCHEMA })
  async list() {
    return { data: (await this.background.status()).map(describe) };
  }

  /** Empties the projection's tables, resets its checkpoint and answers once the replay has reached the head. */
  @Post('projections/:name/rebuild')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rebuild one read-model projection from the events', operationId: 'rebuildProjection' })
  @ApiOkResponse({ schema: SUBSCRIPTION_SCHEMA })
  @ApiProblems(404)
  async rebuild(@Param('name') name: string) {
    const projection = projectionNamed(name);
    await this.projections.rebuild(projection);
    const status = (await this.background.status()).find((s) => s.name === projection);
    return status === undefined ? { name: projection } : describe(status);
  }

  /**
   * What `ledger-cli verify` does: replay the events into a scratch schema and compare, one verdict per
   * merchant, each recorded in verify_runs under its merchant. The key's merchant; a key across
   * merchants names one with `?merchant=<id>` or all with `?merchant=*`.
   */
  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: "Verify the merchant's read models against a replay of the events (recorded as a verify run)", operationId: 'verifyLedger' })
  @ApiQuery({ name: 'merchant', required: false, description: 'For a key across merchants: one merchant id, or * for every merchant' })
  @ApiOkResponse({ schema: VERIFY_RUN_SCHEMA })
  @ApiProblems(400, 404)
  async verify(@Req() request: AuthenticatedRequest) {
    const merchants = reportMerchantsOf(request, this.config.merchants.map((merchant) => merchant.id));
    const report = await verifyLedger({
      dataSource: this.dataSource,
      store: this.store,
      projections: READ_MODEL_PROJECTIONS,
      migrations: READ_MODEL_MIGRATIONS,
      merchants,
    });
    if (request.merchantId !== ALL_MERCHANTS) return verdict(report.runs[0]);
    return { ok: report.ok, merchants: report.runs.map(verdict) };
  }
}

/** A verdict as the API shows it: per table only whether it is equal and the row counts (the CLI prints the rows). */
function verdict(run: MerchantVerifyResult) {
  return {
    merchant: run.merchant,
    id: run.id,
    ok: run.ok,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    eventsReplayed: run.eventsReplayed,
    driftedTables: run.driftedTables,
    tables: run.tables.map((t) => ({ table: t.table, equal: t.equal, liveRows: t.liveRows, replayRows: t.replayRows })),
  };
}
