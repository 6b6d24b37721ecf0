import { createHash } from 'node:crypto';
import type { SqlRunner } from '../shared/sql-runner';
import { ledgerItemsInPeriod, loadLedgerItemsByLines } from './ledger-items.query';
import { ReconciliationCollector } from './reconciliation-collector';
import type { ReconciliationResult } from './reconciliation-result';
import { STATEMENT_BATCH_LINES, STATEMENT_LIST_LIMIT } from './statement-line';
import { matchLines, missingAtProvider } from './statement-matcher';
import { readStatementInBatches } from './statement-parser';
import { statementPeriod } from './statement-period';

export interface StatementImportSettings {
  readonly tenantId: string;
  readonly providerTimeZone: string;
  readonly walletTypes: readonly string[];
}

export interface StatementFile {
  readonly bytes: Buffer;
  readonly fileName: string | null;
  /** The API key id, or `ledger-cli`. */
  readonly importedBy: string;
}

/**
 * Import = parse, match against the read models, store the answer under the file's sha256.
 * Streamed in batches of STATEMENT_BATCH_LINES; the answer's lists are capped at STATEMENT_LIST_LIMIT.
 * A file seen before returns its stored answer (replayed: true) without being matched again: the
 * answer is a record of what the ledger said at the first import. Two concurrent first imports of
 * one file both compute; the primary key keeps the first, and both answer with it.
 */
export class StatementImportService {
  constructor(
    private readonly sql: SqlRunner,
    private readonly settings: StatementImportSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async import(file: StatementFile, onProgress?: (linesDone: number, linesTotal: number | null) => void): Promise<ReconciliationResult> {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const stored = await this.stored(sha256);
    if (stored !== null) return { ...stored, replayed: true };

    const collector = new ReconciliationCollector(STATEMENT_LIST_LIMIT);
    const named = new Set<string>();
    let earliestUtc: string | null = null;
    let latestUtc: string | null = null;
    let linesDone = 0;
    // Lines are read, looked up and matched a batch at a time: memory is bounded by the batch, the
    // named streams and the capped lists, whatever the file's length.
    const parseOptions = { providerTimeZone: this.settings.providerTimeZone, walletTypes: this.settings.walletTypes };
    for await (const batch of readStatementInBatches(file.bytes, parseOptions, STATEMENT_BATCH_LINES)) {
      const outcome = matchLines(batch.lines, await loadLedgerItemsByLines(this.sql, this.settings.tenantId, batch.lines));
      collector.addLines(outcome, batch.malformed, batch.dataLines);
      for (const stream of outcome.namedStreams) named.add(stream);
      for (const line of batch.lines) {
        if (earliestUtc === null || line.atUtc < earliestUtc) earliestUtc = line.atUtc;
        if (latestUtc === null || line.atUtc > latestUtc) latestUtc = line.atUtc;
      }
      linesDone += batch.dataLines;
      onProgress?.(linesDone, null);
    }
    const period = statementPeriod(earliestUtc, latestUtc, this.settings.providerTimeZone);
    if (period !== null) {
      for await (const page of ledgerItemsInPeriod(this.sql, this.settings.tenantId, period, STATEMENT_BATCH_LINES)) {
        collector.addMissingAtProvider(missingAtProvider(page, named));
      }
    }
    const result: ReconciliationResult = {
      importId: sha256,
      fileName: file.fileName,
      importedAt: this.clock().toISOString(),
      replayed: false,
      period,
      totals: collector.totals(),
      listLimit: collector.listLimit,
      truncated: collector.truncated,
      ...collector.entries(),
    };
    await this.sql.query(
      `INSERT INTO statement_imports (tenant_id, sha256, file_name, size_bytes, imported_by, imported_at, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (tenant_id, sha256) DO NOTHING`,
      [this.settings.tenantId, sha256, file.fileName, file.bytes.length, file.importedBy, result.importedAt, JSON.stringify(result)],
    );
    const kept = await this.stored(sha256);
    if (kept === null) throw new Error(`statement import ${sha256} was not stored`);
    return kept.importedAt === result.importedAt ? result : { ...kept, replayed: true };
  }

  private async stored(sha256: string): Promise<ReconciliationResult | null> {
    const rows = await this.sql.query<{ result: ReconciliationResult }[]>('SELECT result FROM statement_imports WHERE tenant_id = $1 AND sha256 = $2', [
      this.settings.tenantId,
      sha256,
    ]);
    return rows[0]?.result ?? null;
  }
}
