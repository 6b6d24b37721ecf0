import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUBSCRIPTION_LIST_SCHEMA, SUBSCRIPTION_SCHEMA, VERIFY_RUN_SCHEMA } from './admin-schemas';
import { DataSource } from 'typeorm';
import { type EventStore, ProjectionRunner, type SubscriptionStatus } from '@kassa/event-store';
import { BackgroundWork, CONFIG } from '@kassa/infrastructure';
import { EVENT_STORE } from '@kassa/ledger';
import type { Config } from '@kassa/platform';
import { READ_MODEL_MIGRATIONS, READ_MODEL_PROJECTIONS, verifyLedger } from '@kassa/read-models';
import { RequireScopes } from '../auth/scopes.decorator';
import { ApiError } from '../http/api-error';
import { ApiProblems } from '../http/openapi/api-problems';

/** A subscription as an operator reads it: where it is, how far behind, whether it fails. Positions as strings (bigint). */
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

  /** What `ledger-cli verify` does: replay the events into a scratch schema and compare; recorded in verify_runs. */
  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify every read model against a replay of the events (recorded as a verify run)', operationId: 'verifyLedger' })
  @ApiOkResponse({ schema: VERIFY_RUN_SCHEMA })
  async verify() {
    const result = await verifyLedger({
      dataSource: this.dataSource,
      store: this.store,
      projections: READ_MODEL_PROJECTIONS,
      migrations: READ_MODEL_MIGRATIONS,
      tenantId: this.config.tenantId,
    });
    return {
      id: result.id,
      ok: result.ok,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      eventsReplayed: result.eventsReplayed,
      driftedTables: result.driftedTables,
      tables: result.tables.map((t) => ({ table: t.table, equal: t.equal, liveRows: t.liveRows, replayRows: t.replayRows })),
    };
  }
}
