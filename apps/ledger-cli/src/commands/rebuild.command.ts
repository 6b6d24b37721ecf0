import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectionRunner, readCheckpoint } from '@kassa/event-store';
import { CONFIG } from '@kassa/infrastructure';
import type { Config } from '@kassa/platform';
import { READ_MODEL_PROJECTIONS } from '@kassa/read-models';
import { UsageError } from '../cli-errors';
import { eventCounterFor } from '../event-counter';
import { createProgress } from '../progress';
import { EXIT_OK, stdoutOutput, type Output } from './output';

const POLL_INTERVAL_MS = 250;
const REBUILD_TIMEOUT_MS = 6 * 60 * 60_000;

/** `all`, a full projection name (read-model.deposits) or its short form (deposits). */
export function projectionNames(which: string): string[] {
  const names = READ_MODEL_PROJECTIONS.map((p) => p.name);
  if (which === 'all') return names;
  const match = names.find((name) => name === which || name === `read-model.${which}`);
  if (match === undefined) throw new UsageError(`no projection ${which}; known: all, ${names.join(', ')}`);
  return [match];
}

/**
 * Empties the projection's tables, resets its checkpoint and waits until the replay reaches the head
 * (ProjectionRunner.rebuild). The CLI starts the runner too: while the service leads, the service
 * replays; when no service runs, this process takes the lead and replays itself.
 */
@Injectable()
export class RebuildCommand {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly dataSource: DataSource,
    /** Stopped with the context (BackgroundWork), started here. */
    private readonly runner: ProjectionRunner,
  ) {}

  run(which: string, out: Output = stdoutOutput): Promise<number> {
    return rebuild(this.config, this.dataSource, this.runner, which, out);
  }
}

async function rebuild(config: Config, dataSource: DataSource, runner: ProjectionRunner, which: string, out: Output): Promise<number> {
  const names = projectionNames(which);
  const counter = eventCounterFor(config.eventStore, dataSource);
  runner.start();
  for (const name of names) {
    const projection = READ_MODEL_PROJECTIONS.find((p) => p.name === name);
    const total = await counter.total(projection?.streamPrefixes);
    const progress = createProgress({ label: `rebuild ${name}`, unit: 'events', total, stream: out.stream });
    const poll = setInterval(() => {
      void (async () => {
        const checkpoint = await readCheckpoint(dataSource, name);
        if (checkpoint !== undefined) progress.update((await counter.upTo(checkpoint, projection?.streamPrefixes)) ?? 0);
      })().catch(() => undefined);
    }, POLL_INTERVAL_MS);
    try {
      await runner.rebuild(name, { timeoutMs: REBUILD_TIMEOUT_MS });
    } finally {
      clearInterval(poll);
    }
    progress.update(total ?? 0);
    progress.stop('rebuilt, caught up with the head');
  }
  return EXIT_OK;
}
