import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CONFIG, ImportStatementFileCommand } from '@kassa/infrastructure';
import type { Config } from '@kassa/platform';
import type { ReconciliationResult } from '@kassa/read-models';
import { createProgress } from '../progress';
import { EXIT_OK, stdoutOutput, type Output } from './output';

/** `ledger-cli import-statement <file> [--merchant <id>]`: the same import as POST /v1/reconciliation/statements. */
@Injectable()
export class ImportStatementCommand {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async run(file: string, options: { json?: boolean; merchant?: string } = {}, out: Output = stdoutOutput): Promise<{ exitCode: number; result: ReconciliationResult }> {
    const bytes = await readFile(file);
    const progress = createProgress({ label: 'import', unit: 'lines', total: null, stream: out.stream });
    const command = new ImportStatementFileCommand(options.merchant ?? this.config.defaultMerchantId, { bytes, fileName: basename(file), importedBy: 'ledger-cli' }, (done, total) => progress.update(done, total));
    const result = await this.commandBus.execute<ImportStatementFileCommand, ReconciliationResult>(command);
    progress.stop(result.replayed ? `already imported at ${result.importedAt}: the stored result` : `${result.totals.dataLines} lines`);
    if (options.json) out.line(JSON.stringify(result, null, 2));
    else printResult(result, out);
    return { exitCode: EXIT_OK, result };
  }
}

function printResult(result: ReconciliationResult, out: Output): void {
  const t = result.totals;
  out.line(`statement ${result.importId}${result.period ? ` covering ${result.period.from} – ${result.period.to}` : ''}`);
  out.line(`matched ${t.matched}, missing in ledger ${t.missingInLedger}, missing at provider ${t.missingAtProvider}, amount mismatches ${t.amountMismatches}, status mismatches ${t.statusMismatches}, malformed ${t.malformed}`);
  for (const m of result.missingInLedger) out.line(`  missing in ledger   line ${m.line}: ${m.direction} ${m.walletType} ${m.reference} ${m.amount} ${m.currency}`);
  for (const m of result.missingAtProvider) out.line(`  missing at provider ${m.ledger.stream}: ${m.ledger.amount ?? '?'} ${m.ledger.currency} ${m.ledger.status}`);
  for (const m of result.amountMismatches) out.line(`  amount mismatch     line ${m.line}: statement ${m.amount} ${m.currency}, ledger ${m.ledger.amount ?? '?'} ${m.ledger.currency} (${m.ledger.stream})`);
  for (const m of result.statusMismatches) out.line(`  status mismatch     line ${m.line}: statement ${m.status}, ledger ${m.ledger.status} (${m.ledger.stream})`);
  for (const m of result.malformed) out.line(`  malformed           line ${m.line}: ${m.message}`);
}
