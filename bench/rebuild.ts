import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { type EventStore, PostgresEventStore, ProjectionRunner, waitUntilCaughtUp } from '@kassa/event-store';
import { BackgroundWorkModule, EVENT_POOL, InfrastructureModule, OpenResources } from '@kassa/infrastructure';
import { EVENT_STORE } from '@kassa/ledger';
import { createLogger, loadConfig } from '@kassa/platform';
import { READ_MODEL_PROJECTIONS } from '@kassa/read-models';
import { EVENTS_PER_PLAYER, generateEvents, type GenerationResult } from './event-generator';
import { profiled } from './support/cpu-profile';
import { CpuMeter, type CpuUsage } from './support/cpu-meter';
import { readMemory, resetOwnPeak } from './support/proc-memory';
import { resetStatements, type StatementStat, topStatements } from './support/pg-statements';
import { nowMs, perSecond, round } from './support/stats';

const REBUILD_TIMEOUT_MS = 30 * 60_000;

export interface RebuildResult {
  readonly generation: GenerationResult;
  readonly storeEvents: number;
  /** Sum over the read models of the events each one consumed (its stream prefixes). */
  readonly consumedEvents: number;
  readonly seconds: number;
  /** consumedEvents / seconds: the brief's measure. */
  readonly consumedPerSecond: number;
  /** storeEvents / seconds: the whole store replayed into every read model. */
  readonly storeEventsPerSecond: number;
  readonly projections: readonly { readonly name: string; readonly events: number; readonly caughtUpAfterSeconds: number; readonly eventsPerSecond: number }[];
  readonly cpu: CpuUsage;
  /** This process's peak RSS during the replay (it runs the projections), in MB. */
  readonly peakRssMb: number;
  readonly verified: { readonly ok: boolean; readonly detail: Record<string, string | number> };
  readonly statements?: readonly StatementStat[];
}

async function count(dataSource: DataSource, prefixes: readonly string[] | undefined): Promise<number> {
  const rows: { n: number }[] = prefixes
    ? await dataSource.query('SELECT count(*)::int AS n FROM events WHERE stream_id LIKE ANY ($1::text[])', [prefixes.map((p) => `${p}%`)])
    : await dataSource.query('SELECT count(*)::int AS n FROM events');
  return rows[0].n;
}

/** The rebuilt read models hold exactly what the generated histories say, to the minor unit. */
async function verifyReadModels(dataSource: DataSource, players: number, runId: string): Promise<RebuildResult['verified']> {
  const [row] = (await dataSource.query(
    `SELECT (SELECT count(*)::int FROM deposits WHERE status = 'credited' AND label LIKE $1) AS credited_deposits,
            (SELECT count(*)::int FROM withdrawals WHERE status = 'succeeded' AND label LIKE $1) AS succeeded_withdrawals,
            (SELECT count(*)::int FROM wallet_balances WHERE label LIKE $1) AS wallets,
            (SELECT coalesce(sum(available_minor), 0)::text FROM wallet_balances WHERE label LIKE $1) AS available_minor,
            (SELECT coalesce(sum(held_minor), 0)::text FROM wallet_balances WHERE label LIKE $1) AS held_minor,
            (SELECT count(*)::int FROM ledger_entries) AS ledger_entries`,
    [`gen-${runId}-%`],
  )) as { credited_deposits: number; succeeded_withdrawals: number; wallets: number; available_minor: string; held_minor: string; ledger_entries: number }[];
  const expectedAvailable = BigInt(players) * (4n * 70_000n - 2n * 30_000n);
  const ok = row.credited_deposits === players * 4 && row.succeeded_withdrawals === players * 2 && row.wallets === players
    && BigInt(row.available_minor) === expectedAvailable && row.held_minor === '0';
  return { ok, detail: { ...row, expected_available_minor: expectedAvailable.toString() } };
}

/**
 * Generates the store through the domain, then replays it into every read model from the start
 * (empty tables, no checkpoints), all projections at once as the service's runner does, timing
 * each until it has no event left after its checkpoint.
 */
export async function measureRebuild(databaseUrl: string, events: number, runId: string, profileDir: string | null, log: (line: string) => void, pgStatements = false): Promise<RebuildResult> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', LEDGER_API_KEYS: 'bench:admin:sk_bench_unused', PORT: '0' });
  const resources = new OpenResources();
  // CqrsModule: the process managers (not started here) take the CommandBus.
  @Module({ imports: [InfrastructureModule.forRoot({ config, logger: createLogger('warn'), resources }), CqrsModule.forRoot(), BackgroundWorkModule.forRoot({ startOnBootstrap: false })] })
  class RebuildBenchModule {}
  const context = await NestFactory.createApplicationContext(RebuildBenchModule, { logger: ['error', 'warn'], abortOnError: false }).catch(async (error: unknown) => {
    await resources.closeAll();
    throw error;
  });
  const dataSource = context.get(DataSource);
  const store = context.get<EventStore>(EVENT_STORE);
  try {
    log(`generating ≥ ${events.toLocaleString('en')} events (${EVENTS_PER_PLAYER} per player) through the deciders…`);
    if (!(store instanceof PostgresEventStore)) throw new Error('the rebuild bench needs the PostgreSQL event store');
    const generation = await generateEvents(store, context.get<Pool>(EVENT_POOL), events, runId, (done) => log(`  ${done.toLocaleString('en')} events`));
    log(`  ${generation.events.toLocaleString('en')} events in ${generation.seconds} s; VACUUM ANALYZE events…`);
    await dataSource.query('VACUUM ANALYZE events');
    const storeEvents = await count(dataSource, undefined);
    const perProjection = await Promise.all(READ_MODEL_PROJECTIONS.map(async (p) => ({ projection: p, events: await count(dataSource, p.streamPrefixes) })));

    if (pgStatements) await resetStatements(databaseUrl);
    log('rebuilding every read model…');
    resetOwnPeak();
    const meter = new CpuMeter();
    const started = nowMs();
    const runner = context.get(ProjectionRunner);
    const finished = await profiled(profileDir ? join(profileDir, 'rebuild.cpuprofile') : null, async () => {
      runner.start();
      return Promise.all(perProjection.map(async ({ projection, events: n }) => {
        await waitUntilCaughtUp([projection], dataSource, store, REBUILD_TIMEOUT_MS);
        const seconds = (nowMs() - started) / 1000;
        return { name: projection.name, events: n, caughtUpAfterSeconds: round(seconds, 1), eventsPerSecond: perSecond(n, seconds * 1000) };
      }));
    });
    const elapsedMs = nowMs() - started;
    const cpu = meter.stop();
    const peakRssMb = readMemory(process.pid)?.hwmMb ?? 0;
    await runner.stop();
    const statements = pgStatements ? await topStatements(databaseUrl) : undefined;
    const consumedEvents = perProjection.reduce((sum, p) => sum + p.events, 0);
    return {
      generation,
      storeEvents,
      consumedEvents,
      seconds: round(elapsedMs / 1000, 1),
      consumedPerSecond: perSecond(consumedEvents, elapsedMs),
      storeEventsPerSecond: perSecond(storeEvents, elapsedMs),
      projections: finished,
      cpu,
      peakRssMb,
      verified: await verifyReadModels(dataSource, generation.players, runId),
      statements,
    };
  } finally {
    await context.close();
  }
}
