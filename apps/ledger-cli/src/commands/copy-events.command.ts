import { Inject, Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { copyEvents, type EventStore, EventStoreDbEventStore, START, type Position } from '@kassa/event-store';
import { CONFIG, DATABASE, type DatabaseHandle } from '@kassa/infrastructure';
import { EVENT_STORE } from '@kassa/ledger';
import type { Config } from '@kassa/platform';
import { READ_MODEL_PROJECTIONS } from '@kassa/read-models';
import { eventCounterFor } from '../event-counter';
import { createProgress } from '../progress';
import { EXIT_OK, stdoutOutput, type Output } from './output';

export interface CopyEventsCommandOptions {
  readonly to: string;
  /** The PostgreSQL that will serve with EventStoreDB (docs/production.md §4 step 4); default: this configuration's. */
  readonly checkpointsUrl?: string;
  /** Skip step 6 (re-pointing checkpoints). */
  readonly repoint: boolean;
  readonly batchSize?: number;
}

/**
 * docs/production.md §4: copies every event of the configured PostgreSQL store into the EventStoreDB
 * of EVENTSTORE_CONNECTION_STRING, then re-points the checkpoints in the PostgreSQL the service will
 * use: projections back to the start with their tables emptied (rebuilt from EventStoreDB, derived
 * data), every other subscriber (process managers: they call Paykassma) to the EventStoreDB head,
 * since they were caught up before the copy.
 */
@Injectable()
export class CopyEventsCommand {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  run(options: CopyEventsCommandOptions, out: Output = stdoutOutput): Promise<number> {
    return copyEventsTo(this.config, this.database, this.dataSource, this.store, options, out);
  }
}

async function copyEventsTo(config: Config, database: DatabaseHandle, dataSource: DataSource, source: EventStore, options: CopyEventsCommandOptions, out: Output): Promise<number> {
  if (options.to !== 'eventstoredb') throw new Error(`--to ${options.to}: only eventstoredb is a target`);
  if (config.eventStore !== 'postgres') throw new Error('the source must be the PostgreSQL store: run with EVENT_STORE=postgres (the default)');
  const connection = config.eventStoreConnectionString;
  if (!connection) throw new Error('EVENTSTORE_CONNECTION_STRING names the target EventStoreDB');
  const target = EventStoreDbEventStore.connect(connection);
  try {
    const total = await eventCounterFor('postgres', dataSource).total(undefined);
    const progress = createProgress({ label: 'copy-events', unit: 'events', total, stream: out.stream });
    const result = await copyEvents(source, target, {
      batchSize: options.batchSize,
      onProgress: (p) => progress.update(p.copiedEvents + p.skippedEvents),
    });
    progress.stop(`copied ${result.copiedEvents}, already there ${result.skippedEvents}`);
    if (options.repoint) await repointCheckpoints(options.checkpointsUrl ?? database.url, await target.headPosition(), out);
  } finally {
    await target.close();
  }
  return EXIT_OK;
}

async function repointCheckpoints(checkpointsUrl: string, head: Position, out: Output): Promise<void> {
  const client = new Client({ connectionString: checkpointsUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const projections = READ_MODEL_PROJECTIONS.map((p) => p.name);
    const tables = READ_MODEL_PROJECTIONS.flatMap((p) => p.tables);
    if (tables.length > 0) await client.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY`);
    await client.query('UPDATE subscription_checkpoints SET commit_position = $2, prepare_position = $3, updated_at = now() WHERE name = ANY($1::text[])', [
      projections,
      START.commit.toString(),
      START.prepare.toString(),
    ]);
    const moved = await client.query<{ name: string }>(
      'UPDATE subscription_checkpoints SET commit_position = $2, prepare_position = $3, updated_at = now() WHERE NOT (name = ANY($1::text[])) RETURNING name',
      [projections, head.commit.toString(), head.prepare.toString()],
    );
    await client.query('COMMIT');
    out.line(`checkpoints: ${projections.length} projections reset to the start (rebuilt from EventStoreDB when the service starts)`);
    out.line(`checkpoints: ${moved.rows.map((r) => r.name).join(', ') || 'no process managers'} set to the EventStoreDB head ${head.commit}/${head.prepare}`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
