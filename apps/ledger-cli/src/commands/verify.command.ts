import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventStore } from '@kassa/event-store';
import { CONFIG } from '@kassa/infrastructure';
import { EVENT_STORE } from '@kassa/ledger';
import type { Config } from '@kassa/platform';
import { READ_MODEL_MIGRATIONS, READ_MODEL_PROJECTIONS } from '@kassa/read-models';
import { verifyLedger, type LedgerVerifyReport, type VerifyResult } from '@kassa/read-models';
import { UsageError } from '../cli-errors';
import { eventCounterFor } from '../event-counter';
import { createProgress } from '../progress';
import { EXIT_FOUND_PROBLEMS, EXIT_OK, stdoutOutput, type Output } from './output';

export interface VerifyCommandOptions {
  readonly batchSize?: number;
  readonly keepSchema?: boolean;
  readonly json?: boolean;
  /** One merchant's rows only; default: every configured merchant, each judged on its own. */
  readonly merchant?: string;
}

/**
 * `ledger-cli verify`: see libs/read-models/src/verify/verify-ledger.ts. Compares at the checkpoints
 * the live tables are at (one snapshot), so it needs neither a stopped service nor caught-up
 * projections; lag is printed separately. Exit 1 on drift.
 */
@Injectable()
export class VerifyCommand {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  run(options: VerifyCommandOptions = {}, out: Output = stdoutOutput): Promise<{ exitCode: number; result: LedgerVerifyReport }> {
    return verify(this.config, this.dataSource, this.store, options, out);
  }
}

/** The merchants a run covers: the one asked for (it must be configured), or all of them. */
function merchantsToVerify(config: Config, merchant: string | undefined): string[] {
  const configured = config.merchants.map((m) => m.id);
  if (merchant === undefined) return configured;
  if (!configured.includes(merchant)) throw new UsageError(`--merchant: no merchant "${merchant}" is configured (merchants: ${configured.join(', ')})`);
  return [merchant];
}

async function verify(config: Config, dataSource: DataSource, store: EventStore, options: VerifyCommandOptions, out: Output): Promise<{ exitCode: number; result: LedgerVerifyReport }> {
  const merchants = merchantsToVerify(config, options.merchant);
  const counter = eventCounterFor(config.eventStore, dataSource);
  const prefixes = READ_MODEL_PROJECTIONS.some((p) => p.streamPrefixes === undefined) ? undefined : [...new Set(READ_MODEL_PROJECTIONS.flatMap((p) => p.streamPrefixes ?? []))];
  const progress = createProgress({ label: 'verify', unit: 'events', total: await counter.total(prefixes), stream: out.stream });
  let result: LedgerVerifyReport;
  try {
    result = await verifyLedger({
      dataSource,
      store,
      projections: READ_MODEL_PROJECTIONS,
      migrations: READ_MODEL_MIGRATIONS,
      merchants,
      batchSize: options.batchSize,
      keepSchema: options.keepSchema,
      onReplayBatch: ({ eventsRead }) => progress.update(eventsRead),
    });
  } catch (error) {
    progress.stop('failed');
    throw error;
  }
  progress.stop(`${result.runs[0].eventsReplayed} events replayed into ${result.schema}${options.keepSchema ? ' (kept)' : ' (dropped)'}`);
  if (options.json) out.line(JSON.stringify(result, null, 2));
  else for (const run of result.runs) printVerify(run.merchant, run, out);
  return { exitCode: result.ok ? EXIT_OK : EXIT_FOUND_PROBLEMS, result };
}

function printVerify(merchant: string, result: VerifyResult, out: Output): void {
  out.line(`merchant ${merchant}:`);
  for (const table of result.tables) {
    const verdict = table.equal ? 'ok   ' : 'DRIFT';
    out.line(`${verdict} ${table.table.padEnd(18)} live ${String(table.liveRows).padStart(8)} rows md5 ${table.liveHash}  replay ${String(table.replayRows).padStart(8)} rows md5 ${table.replayHash}`);
  }
  for (const [name, position] of Object.entries(result.positions)) out.line(`      ${name} compared at ${position}`);
  if (result.ok) {
    out.line(`verify ${result.id}: every read model of ${merchant} equals the replay of the events`);
    return;
  }
  out.line(`verify ${result.id}: DRIFT at ${merchant} in ${result.driftedTables.join(', ')}`);
  for (const table of result.tables.filter((t) => !t.equal)) {
    out.line(`  ${table.table}:`);
    for (const difference of table.differingRows) out.line(`    ${difference.side === 'live_only' ? '- live  ' : '+ replay'} ${JSON.stringify(difference.row)}`);
    if (table.differingRowsNotShown > 0) out.line(`    … and ${table.differingRowsNotShown} more differing rows`);
  }
  out.line('repair: ledger-cli rebuild <projection> (read models are derived; events are not touched)');
}
